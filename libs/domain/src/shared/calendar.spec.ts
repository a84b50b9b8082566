import { describe, expect, it } from '@jest/globals';
import {
  addDays, addMonths, beijingWallClockInstant, chinaDateOf, chinaInstant, chinaMonthEnd, chinaMonthOf, chinaYearOf, isCalendarDate, isCalendarMonth, isIsoInstant,
  mondayOf, nextMonth,
} from './calendar.js';

describe('isCalendarDate', () => {
  it.each(['2026-02-28', '2028-02-29', '2026-12-31'])('accepts the real date %s', (value) => {
    expect(isCalendarDate(value)).toBe(true);
  });
  it.each(['2026-02-30', '2026-13-01', '2027-02-29', '2026-00-10', '2026-1-01', '20260101', '', '2026-01-01T00:00:00Z', 20260101, null])(
    'refuses %p',
    (value) => {
      expect(isCalendarDate(value)).toBe(false);
    },
  );
});

describe('one range for every date the product is given (2000-01-01..2100-12-31)', () => {
  it.each(['0001-01-01', '1999-12-31', '2101-01-01', '9999-12-31'])('a date %s is no calendar date, month, wall-clock time or instant of ours', (day) => {
    expect(isCalendarDate(day)).toBe(false);
    expect(isCalendarMonth(day.slice(0, 7))).toBe(false);
    expect(beijingWallClockInstant(`${day}T10:00`)).toBeNull();
    expect(isIsoInstant(`${day}T10:00:00+08:00`)).toBe(false);
  });
  it('takes both ends, in Beijing time: 2100-12-31T20:00Z is 2101-01-01 in Beijing', () => {
    expect([isCalendarDate('2000-01-01'), isCalendarDate('2100-12-31'), isCalendarMonth('2100-12')]).toEqual([true, true, true]);
    expect(beijingWallClockInstant('2100-12-31T23:59')).not.toBeNull();
    expect(isIsoInstant('2100-12-31T15:59:00Z')).toBe(true);
    expect(isIsoInstant('2100-12-31T20:00:00Z')).toBe(false);
  });
});

describe('the Beijing calendar', () => {
  it('rule 3: a contract signed 2026-03-01 06:00 Beijing time has staff on post by 2026-04-01, not the UTC calendar’s 03-29', () => {
    const signedAt = new Date('2026-03-01T06:00:00+08:00');
    const deadline = addMonths(signedAt, 1);
    expect(chinaDateOf(deadline)).toBe('2026-04-01');
    expect(deadline.toISOString()).toBe('2026-03-31T22:00:00.000Z');
  });

  it('clamps to the last day of a shorter Beijing month', () => {
    expect(chinaDateOf(addMonths(new Date('2026-01-31T09:00:00+08:00'), 1))).toBe('2026-02-28');
    expect(chinaDateOf(addMonths(new Date('2028-01-31T09:00:00+08:00'), 1))).toBe('2028-02-29');
  });

  it('rule 4: 36 months later is the same Beijing date and time three years on', () => {
    expect(addMonths(new Date('2026-11-21T00:00:00+08:00'), 36).toISOString()).toBe('2029-11-20T16:00:00.000Z');
  });

  it('gives the Beijing date, month and year of an instant, not the UTC ones', () => {
    const newYearsEveUtc = new Date('2026-12-31T16:30:00Z');
    expect(chinaDateOf(newYearsEveUtc)).toBe('2027-01-01');
    expect(chinaMonthOf(newYearsEveUtc)).toBe('2027-01');
    expect(chinaYearOf(newYearsEveUtc)).toBe(2027);
  });

  it('ends a Beijing month at midnight Beijing time on the first of the next', () => {
    expect(chinaMonthEnd('2026-02').toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(chinaMonthEnd('2026-12').toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(nextMonth('2026-12')).toBe('2027-01');
  });

  it('finds the Monday of a date’s ISO week and adds days across month ends', () => {
    expect(mondayOf('2026-03-01')).toBe('2026-02-23');
    expect(mondayOf('2026-03-02')).toBe('2026-03-02');
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('gives the instant of a Beijing date and time of day', () => {
    expect(chinaInstant('2026-03-01', 6).toISOString()).toBe('2026-02-28T22:00:00.000Z');
  });
});
