import { describe, expect, it } from '@jest/globals';
import { ConfigurationError, loadConfig } from './wushe-config.js';

describe('the working-day calendar settings (质疑期)', () => {
  it('default to a 7-working-day standstill and no holidays', () => {
    const config = loadConfig({});
    expect(config.PURCHASE_STANDSTILL_WORKING_DAYS).toBe(7);
    expect(config.PUBLIC_HOLIDAYS).toEqual([]);
    expect(config.ADJUSTED_WORKING_DAYS).toEqual([]);
  });

  it('read dates and inclusive ranges, sorted and without repeats', () => {
    const config = loadConfig({ PUBLIC_HOLIDAYS: '2027-10-01..2027-10-03, 2027-09-15,2027-10-02', ADJUSTED_WORKING_DAYS: '2027-09-26' });
    expect(config.PUBLIC_HOLIDAYS).toEqual(['2027-09-15', '2027-10-01', '2027-10-02', '2027-10-03']);
    expect(config.ADJUSTED_WORKING_DAYS).toEqual(['2027-09-26']);
  });

  it.each([
    ['PUBLIC_HOLIDAYS', '2027-02-30'],
    ['PUBLIC_HOLIDAYS', '2027-10-07..2027-10-01'],
    ['ADJUSTED_WORKING_DAYS', 'next saturday'],
    ['PURCHASE_STANDSTILL_WORKING_DAYS', '0'],
    ['PURCHASE_STANDSTILL_WORKING_DAYS', '31'],
  ])('refuse %s=%s with a readable line', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigurationError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
