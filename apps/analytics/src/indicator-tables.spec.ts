import { describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { applyToIndicatorTables, createIndicatorTables } from './indicator-tables.js';

/** A volunteer's hours as the consumer counts them, from the messages a topic holds. */
const hoursAfter = (messages: readonly { type: string; data: Record<string, unknown> }[]): number => {
  const db = new Database(':memory:');
  createIndicatorTables(db);
  const area = { city: 'xiamen', district: 'siming', street: 'zhonghua', community: 'zhonghua-zhonghua' };
  const envelope = (type: string, data: Record<string, unknown>, position: number) => ({
    eventId: `e-${position}`, type, schemaVersion: 1, occurredAt: '2026-11-01T00:00:00.000Z', correlationId: 'c', streamId: 'volunteer-v-1', position, data,
  });
  [{ type: 'wushe.volunteer.registered.v1', data: { volunteerId: 'v-1', area } }, ...messages].forEach((message, index) => applyToIndicatorTables(db, envelope(message.type, message.data, index + 1)));
  const { hours_logged: hours } = db.prepare("SELECT hours_logged FROM volunteers WHERE volunteer_id = 'v-1'").get() as { hours_logged: number };
  db.close();
  return hours;
};

describe('volunteer hours in the indicator tables', () => {
  it('counts hours logged as counting, confirmed ones and check-outs', () => {
    expect(hoursAfter([
      { type: 'wushe.volunteer.hours-logged.v1', data: { volunteerId: 'v-1', hours: 2 } },
      { type: 'wushe.volunteer.hours-logged.v1', data: { volunteerId: 'v-1', hours: 1.5, status: 'confirmed' } },
      { type: 'wushe.volunteer.hours-confirmed.v1', data: { volunteerId: 'v-1', hours: 3 } },
      { type: 'wushe.volunteer.checked-out.v1', data: { volunteerId: 'v-1', hours: 1 } },
    ])).toBe(7.5);
  });

  it("does not count a previous release's self-reported (pending) hours-logged.v1 when replayed: only its confirmation counts, once", () => {
    expect(hoursAfter([
      { type: 'wushe.volunteer.hours-logged.v1', data: { volunteerId: 'v-1', hours: 4, status: 'pending' } },
      { type: 'wushe.volunteer.hours-confirmed.v1', data: { volunteerId: 'v-1', hours: 4 } },
      // Declined later: never confirmed, never counted.
      { type: 'wushe.volunteer.hours-logged.v1', data: { volunteerId: 'v-1', hours: 6, status: 'pending' } },
    ])).toBe(4);
  });
});
