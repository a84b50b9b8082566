import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { AnalyticsStore, decodeMessage } from './analytics-store.js';
import { EARLIER_RELEASE_HOURS_SERVED, earlierReleaseVolunteerTopic, volunteerStreamWriter } from './testing/earlier-release-hours.js';

/**
 * A consumer that reads the v1 volunteer topic from the beginning meets messages the release of
 * commit e756440 wrote: hours-logged.v1 with the entry's `entryId` and `status` in its data. They are
 * part of the topic (libs/messaging/src/contracts/README.md, "Shapes an earlier release wrote"), so
 * the consumer must take them and count exactly the hours served: a confirmed entry once, a pending
 * one not (its hours-confirmed.v1 counts it; a declined one never counts).
 */
const AREA = { city: 'xiamen', district: 'siming', street: 'zhonghua', community: 'zhonghua-1' };

/** The topic's messages through the consumer's own decode (the contract check) and ingest, one batch each. */
const consume = (store: AnalyticsStore, values: readonly string[]) =>
  values.map((value, offset) => store.ingest([decodeMessage({ topic: 'wushe.volunteer.v1', partition: 0, offset: String(offset) }, value)]));

const volunteerHours = (store: AnalyticsStore) => store.indicators('community', AREA.community).serviceHours.volunteers;

describe('hours-logged.v1 as the earlier release wrote it (entryId and status), replayed from the beginning', () => {
  it('counts a confirmed entry once, a pending one only through its confirmation, a declined one never', () => {
    const store = new AnalyticsStore(':memory:');
    const results = consume(store, earlierReleaseVolunteerTopic(volunteerStreamWriter('v-earlier-1', AREA)));
    expect(results.map((result) => result.rejected)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(store.counts()).toMatchObject({ processed: 7, rejected: 0 });
    // 2 (typed, confirmed) + 3 (reported, then confirmed) + 1.5 (current release); the pending 3 and the declined 5 are not served hours.
    expect(volunteerHours(store)).toBe(EARLIER_RELEASE_HOURS_SERVED);
    store.close();
  });

  it('counts a confirmed entry once when a v1 relay republishes it in the frozen shape under the same eventId', () => {
    const store = new AnalyticsStore(':memory:');
    const stream = volunteerStreamWriter('v-earlier-2', AREA);
    const eventId = randomUUID();
    const [, earlier, again] = consume(store, [stream.registered(), stream.earlierHoursLogged('entry-typed', 'confirmed', 2, eventId), stream.currentHoursLogged(2, eventId)]);
    expect([earlier!.applied, again!.duplicates]).toEqual([1, 1]);
    expect(volunteerHours(store)).toBe(2);
    store.close();
  });

  it('still rejects what no release wrote: a status outside pending | confirmed, or the status without its entryId', () => {
    const store = new AnalyticsStore(':memory:');
    const stream = volunteerStreamWriter('v-earlier-3', AREA);
    const frozen = JSON.parse(stream.currentHoursLogged(4)) as { data: Record<string, unknown> };
    const [, , bogus, half] = consume(store, [
      stream.registered(),
      stream.earlierHoursLogged('entry-typed', 'confirmed', 2),
      stream.earlierHoursLogged('entry-odd', 'declined' as 'pending', 4),
      stream.message('wushe.volunteer.hours-logged.v1', { ...frozen.data, status: 'confirmed' }),
    ]);
    expect([bogus!.rejected, half!.rejected]).toEqual([1, 1]);
    expect(volunteerHours(store)).toBe(2);
    store.close();
  });
});
