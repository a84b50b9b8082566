import { describe, expect, it } from '@jest/globals';
import { isCalendarDate } from './calendar.js';

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
