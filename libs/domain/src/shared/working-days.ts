import { Temporal } from 'temporal-polyfill';
import { BEIJING_TIME_ZONE, chinaDateOf, isCalendarDate } from './calendar.js';
import { invalid } from './domain-error.js';
import type { IsoDate } from './values.js';

/**
 * Working days in Beijing (工作日): Monday to Friday, less the public holidays (法定节假日), plus the
 * weekend days the State Council moves work to (调休上班). Both lists come from the yearly notice
 * (国务院办公厅关于部分节假日安排的通知), so they are the platform's settings, never the caller's.
 */
export interface WorkingDayCalendar {
  /** Days off that would otherwise be working days. */
  readonly holidays: readonly IsoDate[];
  /** Weekend days that are working days (调休). */
  readonly adjustedWorkingDays: readonly IsoDate[];
}

export const NO_HOLIDAYS: WorkingDayCalendar = { holidays: [], adjustedWorkingDays: [] };

/** A list of dates is refused whole when one is not a real date: a calendar that silently skips a day is wrong for everyone. */
export const requireWorkingDayCalendar = (calendar: WorkingDayCalendar): WorkingDayCalendar => {
  const bad = [...calendar.holidays, ...calendar.adjustedWorkingDays].find((date) => !isCalendarDate(date));
  if (bad !== undefined) throw invalid('WORKING_DAY_CALENDAR_INVALID', `Not a calendar date: ${String(bad)}`, { date: bad });
  return calendar;
};

export const isWorkingDay = (date: IsoDate, calendar: WorkingDayCalendar): boolean => {
  if (calendar.adjustedWorkingDays.includes(date)) return true;
  if (calendar.holidays.includes(date)) return false;
  return Temporal.PlainDate.from(date).dayOfWeek <= 5;
};

/**
 * The `count`-th working day after `date`, the day itself not counted (期间开始之日不计算在内, as
 * the purchase law counts a challenge period). 2026-11-27 (a Friday) + 1 is Monday 2026-11-30.
 */
export const addWorkingDays = (date: IsoDate, count: number, calendar: WorkingDayCalendar): IsoDate => {
  let day = Temporal.PlainDate.from(date);
  // A year has about 250 working days; a calendar that never lets one through is a broken setting.
  for (let left = count, guard = 0; left > 0; guard += 1) {
    if (guard > 3660) throw invalid('WORKING_DAY_CALENDAR_INVALID', 'The calendar has no working day for ten years');
    day = day.add({ days: 1 });
    if (isWorkingDay(day.toString(), calendar)) left -= 1;
  }
  return day.toString();
};

/** A period of working days that starts at an instant and runs to the end of its last Beijing day. */
export interface WorkingDayPeriod {
  readonly workingDays: number;
  /** The last working day of the period, Beijing date. */
  readonly lastDay: IsoDate;
  /** When it is over: midnight Beijing time after the last day (exclusive). */
  readonly endsAt: string;
}

export const workingDayPeriodFrom = (start: Date, workingDays: number, calendar: WorkingDayCalendar): WorkingDayPeriod => {
  const lastDay = addWorkingDays(chinaDateOf(start), workingDays, calendar);
  const endsAt = Temporal.PlainDate.from(lastDay).add({ days: 1 }).toZonedDateTime({ timeZone: BEIJING_TIME_ZONE }).toInstant().toString();
  return { workingDays, lastDay, endsAt: new Date(endsAt).toISOString() };
};
