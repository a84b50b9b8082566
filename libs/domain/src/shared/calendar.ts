import { Temporal } from 'temporal-polyfill';
import type { IsoDate } from './values.js';

/**
 * The one calendar of the product: dates are Beijing (Asia/Shanghai) calendar dates, written
 * 'YYYY-MM-DD'. Everything that reads or does arithmetic on a date goes through this file.
 */
export const BEIJING_TIME_ZONE = 'Asia/Shanghai';

const ISO_DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Every date, month, wall-clock time and instant the product is given (bodies, queries, imported rows,
 * settings) falls on a Beijing date in this range: the service started in the 2020s and plans years,
 * not centuries, ahead, so a year 0001 or 9999 is a typo or a probe, never a fact. One bound for
 * every field, so that no date escapes into arithmetic, sorting or a report that cannot hold it.
 */
export const EARLIEST_DATE: IsoDate = '2000-01-01';
export const LATEST_DATE: IsoDate = '2100-12-31';
/** The range as error messages state it. */
export const DATE_RANGE_TEXT = `${EARLIEST_DATE}..${LATEST_DATE}`;
const inDateRange = (date: string): boolean => date >= EARLIEST_DATE && date <= LATEST_DATE;

/**
 * True only for a real calendar date in 'YYYY-MM-DD' form inside EARLIEST_DATE..LATEST_DATE:
 * '2026-02-30', '2026-13-01' and '9999-12-31' are not.
 */
export const isCalendarDate = (value: unknown): value is IsoDate => {
  if (typeof value !== 'string' || !ISO_DATE_SHAPE.test(value) || !inDateRange(value)) return false;
  try {
    Temporal.PlainDate.from(value, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
};

/** A Beijing calendar month 'YYYY-MM' inside the date range ('2027-13' and '9999-01' are not). */
export const isCalendarMonth = (value: unknown): value is string =>
  typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value) && inDateRange(`${value}-01`);

const INSTANT_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** An instant with date, time and zone, as JSON dates are written, on a Beijing date inside the range. */
export const isIsoInstant = (value: unknown): value is string => {
  if (typeof value !== 'string' || !INSTANT_SHAPE.test(value)) return false;
  const ms = Date.parse(value);
  return !Number.isNaN(ms) && inDateRange(chinaDateOf(new Date(ms)));
};

/** The Beijing wall-clock time of an instant. */
const inBeijing = (instant: Date): Temporal.ZonedDateTime =>
  Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(BEIJING_TIME_ZONE);

const toDate = (zoned: Temporal.ZonedDateTime): Date => new Date(zoned.epochMilliseconds);

/** The Beijing calendar date 'YYYY-MM-DD' of an instant: 2026-12-31T16:30Z is 2027-01-01. */
export const chinaDateOf = (instant: Date): IsoDate => inBeijing(instant).toPlainDate().toString();

/** The Beijing calendar month 'YYYY-MM' of an instant. */
export const chinaMonthOf = (instant: Date): string => inBeijing(instant).toPlainDate().toPlainYearMonth().toString();

/** The Beijing calendar year of an instant. */
export const chinaYearOf = (instant: Date): number => inBeijing(instant).year;

/**
 * Adds whole months in the Beijing calendar, keeping the Beijing time of day and clamping to the
 * last day of a shorter month (01-31 + 1 month = 02-28). Rule 3's on-post deadline and rule 4's term.
 */
export const addMonths = (instant: Date, months: number): Date => toDate(inBeijing(instant).add({ months }, { overflow: 'constrain' }));

/** The instant a Beijing month 'YYYY-MM' ends: midnight Beijing time on the first of the next month. */
export const chinaMonthEnd = (month: string): Date =>
  toDate(Temporal.PlainYearMonth.from(month).add({ months: 1 }).toPlainDate({ day: 1 }).toZonedDateTime({ timeZone: BEIJING_TIME_ZONE }));

/** The month after 'YYYY-MM'. */
export const nextMonth = (month: string): string => Temporal.PlainYearMonth.from(month).add({ months: 1 }).toString();

/** Adds (or, negative, subtracts) days to a calendar date. */
export const addDays = (date: IsoDate, days: number): IsoDate => Temporal.PlainDate.from(date).add({ days }).toString();

/** ISO weekday of a date: 1 Monday .. 7 Sunday. */
export const weekdayOf = (date: IsoDate): number => Temporal.PlainDate.from(date).dayOfWeek;

/** Monday of the ISO week a date falls in: the key rule 2's weekly hours are summed under. */
export const mondayOf = (date: IsoDate): IsoDate => addDays(date, 1 - weekdayOf(date));

/** The instant of a Beijing date and time of day (hours 0-23, minutes). */
export const chinaInstant = (date: IsoDate, hour: number, minute = 0): Date =>
  toDate(Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: BEIJING_TIME_ZONE, plainTime: { hour, minute } }));

/** The Beijing wall-clock time of an instant with its offset, to the second: '2026-06-30T14:05:09+08:00'. */
export const chinaDateTimeOf = (instant: Date): string => {
  const zoned = inBeijing(instant).round({ smallestUnit: 'second', roundingMode: 'floor' });
  return zoned.toString({ timeZoneName: 'never', offset: 'auto' });
};

const WALL_CLOCK_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/**
 * The instant of a Beijing wall-clock time 'YYYY-MM-DDTHH:mm' (no offset: Beijing is meant), or null
 * when the text is not one ('2026-02-30T10:00', '2026-09-07T24:00', an offset or seconds) or falls
 * outside the date range ('9999-01-01T00:00').
 */
export const beijingWallClockInstant = (value: unknown): Date | null => {
  if (typeof value !== 'string' || !WALL_CLOCK_SHAPE.test(value) || !inDateRange(value.slice(0, 10))) return null;
  try {
    return toDate(Temporal.PlainDateTime.from(value, { overflow: 'reject' }).toZonedDateTime(BEIJING_TIME_ZONE));
  } catch {
    return null;
  }
};
