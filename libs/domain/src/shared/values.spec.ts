import { describe, expect, it } from '@jest/globals';
import { addMonths } from './values.js';

describe('addMonths', () => {
  it('clamps to the last day of a shorter month (a contract signed 31 Jan is due 28 Feb)', () => {
    expect(addMonths(new Date('2026-01-31T09:00:00Z'), 1).toISOString()).toBe('2026-02-28T09:00:00.000Z');
  });
  it('crosses years (a 3-year contract term from 2026-11-21)', () => {
    expect(addMonths(new Date('2026-11-21T00:00:00Z'), 36).toISOString()).toBe('2029-11-21T00:00:00.000Z');
  });
});
