import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { AnalyticsStore, decodeMessage } from './analytics-store.js';

/**
 * A consumer that reads the v1 volunteer topic from the beginning meets messages the release of
 * commit e756440 wrote: hours-logged.v1 with the entry's `entryId` and `status` in its data. They are
 * part of the topic (libs/messaging/src/contracts/README.md, "Shapes an earlier release wrote"), so
 * the consumer must take them and count exactly the hours served: a confirmed entry once, a pending
 * one not (its hours-confirmed.v1 counts it; a declined one never counts).
 */
const AREA = { city: 'xiamen', district: 'siming', street: 'zhonghua', community: 'zhonghua-1' };
const VOLUNTEER = 'v-earlier-1';
const ASSIGNMENT = 'a-earlier-1';
const TARGET = { kind: 'need', needId: 'n-earlier-1' };

let position = 0;
/** One message value as the relay writes it: the envelope around the data, JSON. */
const message = (type: string, data: Record<string, unknown>, eventId: string = randomUUID()) => {
  position += 1;
  return JSON.stringify({
    eventId, type, schemaVersion: 1, occurredAt: `2026-11-0${Math.min(position, 9)}T02:00:00.000Z`, correlationId: `c-${position}`,
    streamId: `volunteer-${VOLUNTEER}`, position, data,
  });
};

/** hours-logged.v1 exactly as the release of e756440 mapped it (its toData: these keys, in this order). */
const earlierHoursLogged = (entryId: string, status: 'pending' | 'confirmed', hours: number, eventId?: string) =>
  message('wushe.volunteer.hours-logged.v1', {
    volunteerId: VOLUNTEER, entryId, status, assignmentId: ASSIGNMENT, target: TARGET, hours, servedOn: '2026-11-01', area: AREA,
  }, eventId);
/** hours-logged.v1 in its frozen first shape, as the current release writes it (only hours that count when logged). */
const currentHoursLogged = (hours: number, eventId?: string) =>
  message('wushe.volunteer.hours-logged.v1', { volunteerId: VOLUNTEER, assignmentId: ASSIGNMENT, target: TARGET, hours, servedOn: '2026-11-02', area: AREA }, eventId);
const registered = () => message('wushe.volunteer.registered.v1', { volunteerId: VOLUNTEER, area: AREA, registeredOn: '2026-10-01' });
const confirmed = (entryId: string, hours: number) =>
  message('wushe.volunteer.hours-confirmed.v1', { volunteerId: VOLUNTEER, entryId, assignmentId: ASSIGNMENT, target: TARGET, hours, servedOn: '2026-11-01', area: AREA });
const declined = (entryId: string, hours: number) =>
  message('wushe.volunteer.hours-declined.v1', { volunteerId: VOLUNTEER, entryId, assignmentId: ASSIGNMENT, hours, servedOn: '2026-11-01' });

/** The topic's messages through the consumer's own decode (the contract check) and ingest, one batch each. */
const consume = (store: AnalyticsStore, values: readonly string[]) =>
  values.map((value, offset) => store.ingest([decodeMessage({ topic: 'wushe.volunteer.v1', partition: 0, offset: String(offset) }, value)]));

const volunteerHours = (store: AnalyticsStore) => store.indicators('community', AREA.community).serviceHours.volunteers;

describe('hours-logged.v1 as the earlier release wrote it (entryId and status), replayed from the beginning', () => {
  it('counts a confirmed entry once, a pending one only through its confirmation, a declined one never', () => {
    const store = new AnalyticsStore(':memory:');
    const results = consume(store, [
      registered(),
      earlierHoursLogged('entry-typed', 'confirmed', 2),
      earlierHoursLogged('entry-reported', 'pending', 3),
      confirmed('entry-reported', 3),
      earlierHoursLogged('entry-turned-down', 'pending', 5),
      declined('entry-turned-down', 5),
      // The current release: the frozen shape, hours that count when logged.
      currentHoursLogged(1.5),
    ]);
    expect(results.map((result) => result.rejected)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(store.counts()).toMatchObject({ processed: 7, rejected: 0 });
    // 2 (typed, confirmed) + 3 (reported, then confirmed) + 1.5 (current release); the pending 3 and the declined 5 are not served hours.
    expect(volunteerHours(store)).toBe(6.5);
    store.close();
  });

  it('counts a confirmed entry once when a v1 relay republishes it in the frozen shape under the same eventId', () => {
    const store = new AnalyticsStore(':memory:');
    const eventId = randomUUID();
    const [, earlier, again] = consume(store, [registered(), earlierHoursLogged('entry-typed', 'confirmed', 2, eventId), currentHoursLogged(2, eventId)]);
    expect([earlier!.applied, again!.duplicates]).toEqual([1, 1]);
    expect(volunteerHours(store)).toBe(2);
    store.close();
  });

  it('still rejects what no release wrote: a status outside pending | confirmed, or the status without its entryId', () => {
    const store = new AnalyticsStore(':memory:');
    const [, , bogus, half] = consume(store, [
      registered(),
      earlierHoursLogged('entry-typed', 'confirmed', 2),
      earlierHoursLogged('entry-odd', 'declined' as 'pending', 4),
      message('wushe.volunteer.hours-logged.v1', { volunteerId: VOLUNTEER, status: 'confirmed', assignmentId: ASSIGNMENT, target: TARGET, hours: 4, servedOn: '2026-11-01', area: AREA }),
    ]);
    expect([bogus!.rejected, half!.rejected]).toEqual([1, 1]);
    expect(volunteerHours(store)).toBe(2);
    store.close();
  });
});
