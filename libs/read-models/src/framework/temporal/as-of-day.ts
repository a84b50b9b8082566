import { addDays, DATE_RANGE_TEXT, chinaDateOf, chinaInstant, invalid, isCalendarDate, type IsoDate } from '#domain';

/** `valid_to` of the version that still holds: after every real date, so `valid_to > day` needs no null test. */
export const OPEN_END = '9999-12-31';

// Beijing's offset is whole hours (no DST since 1991): the date depends on the UTC hour alone,
// so the calendar is asked once per hour of history, not once per event.
const dayByUtcHour = new Map<string, IsoDate>();

/** The Beijing calendar date (Asia/Shanghai) a fact was recorded on: its `occurredAt`'s date. */
export function beijingDayOf(occurredAt: string): IsoDate {
  const hour = occurredAt.slice(0, 13);
  let day = dayByUtcHour.get(hour);
  if (day === undefined) {
    day = chinaDateOf(new Date(occurredAt));
    if (dayByUtcHour.size > 100_000) dayByUtcHour.clear();
    dayByUtcHour.set(hour, day);
  }
  return day;
}

/**
 * `?asOf=` as the read side takes it: a real Beijing calendar date 'YYYY-MM-DD', not after today.
 * Errors (400): AS_OF_NOT_A_DATE (malformed or impossible, e.g. 2026-02-30), AS_OF_IN_FUTURE.
 */
export function parseAsOf(value: unknown, now: Date): IsoDate {
  if (!isCalendarDate(value)) {
    throw invalid('AS_OF_NOT_A_DATE', `asOf must be a Beijing calendar date YYYY-MM-DD between ${DATE_RANGE_TEXT}`, { asOf: typeof value === 'string' ? value.slice(0, 32) : null });
  }
  const today = chinaDateOf(now);
  if (value > today) throw invalid('AS_OF_IN_FUTURE', 'asOf is after today (Beijing time): the lists hold no facts of days to come', { asOf: value, today });
  return value;
}

/** The end of Beijing day `day` (midnight starting the next), or `now` if that is still to come. */
export function endOfBeijingDay(day: IsoDate, now: Date): Date {
  const end = chinaInstant(addDays(day, 1), 0);
  return end < now ? end : now;
}
