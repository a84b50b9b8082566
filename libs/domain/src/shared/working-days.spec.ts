import { describe, expect, it } from '@jest/globals';
import { addWorkingDays, isWorkingDay, NO_HOLIDAYS, workingDayPeriodFrom } from './working-days.js';

/** National Day week as a yearly notice would set it: 1-7 October off, Saturday 10 October worked (调休). */
const nationalDay = {
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  adjustedWorkingDays: ['2026-10-10'],
};

describe('Beijing working days', () => {
  it('weekends are not working days, weekdays are, unless the calendar says otherwise', () => {
    expect(isWorkingDay('2026-11-27', NO_HOLIDAYS)).toBe(true); // Friday
    expect(isWorkingDay('2026-11-28', NO_HOLIDAYS)).toBe(false); // Saturday
    expect(isWorkingDay('2026-10-05', nationalDay)).toBe(false); // a Monday off
    expect(isWorkingDay('2026-10-10', nationalDay)).toBe(true); // a Saturday worked
  });

  it('counts from the day after: Friday + 1 is Monday, Friday + 7 is the Tuesday of the week after next', () => {
    expect(addWorkingDays('2026-11-27', 1, NO_HOLIDAYS)).toBe('2026-11-30');
    expect(addWorkingDays('2026-11-27', 7, NO_HOLIDAYS)).toBe('2026-12-08');
  });

  it('skips the public holidays and counts the adjusted Saturday', () => {
    // 30 Sep (1), 8 Oct (2), 9 Oct (3), Saturday 10 Oct (4), 12 Oct (5), 13 Oct (6), 14 Oct (7).
    expect(addWorkingDays('2026-09-29', 7, nationalDay)).toBe('2026-10-14');
    // Without the holidays the same count ends a week earlier.
    expect(addWorkingDays('2026-09-29', 7, NO_HOLIDAYS)).toBe('2026-10-08');
  });

  it('a period runs to midnight Beijing time after its last day, and starts on the Beijing date of the instant', () => {
    // 2026-11-26T16:30Z is already Friday 27 November in Beijing: the UTC date (Thursday) would end a day early.
    expect(workingDayPeriodFrom(new Date('2026-11-26T16:30:00Z'), 7, NO_HOLIDAYS)).toEqual({
      workingDays: 7,
      lastDay: '2026-12-08',
      endsAt: '2026-12-08T16:00:00.000Z',
    });
  });

  it('refuses a calendar without working days rather than looping for ever', () => {
    const everyDayOff = { holidays: [], adjustedWorkingDays: [] };
    const weekdaysOff = Array.from({ length: 4000 }, (_, index) => new Date(Date.UTC(2026, 0, 1 + index)).toISOString().slice(0, 10));
    expect(() => addWorkingDays('2026-01-01', 1, { ...everyDayOff, holidays: weekdaysOff })).toThrow('no working day');
  });
});
