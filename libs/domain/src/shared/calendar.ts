import { Temporal } from 'temporal-polyfill';
import type { IsoDate } from './values.js';

/**
 * The one calendar of the product: dates are Beijing (Asia/Shanghai) calendar dates, written
 * 'YYYY-MM-DD'. Everything that reads or does arithmetic on a date goes through this file.
 */
export const BEIJING_TIME_ZONE = 'Asia/Shanghai';

const ISO_DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/** True only for a real calendar date in 'YYYY-MM-DD' form: '2026-02-30' and '2026-13-01' are not. */
export const isCalendarDate = (value: unknown): value is IsoDate => {
  if (typeof value !== 'string' || !ISO_DATE_SHAPE.test(value)) return false;
  try {
    Temporal.PlainDate.from(value, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
};
