/** Writers at once: on one stream exactly one of two wins; on different streams all succeed and readers never skip or reorder. */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { type AppendResult, type EventStore, type ExpectedRevision, type RecordedEvent, WrongExpectedRevisionError } from '../port.js';
import type { ConformanceFixture } from './conformance.js';
import { type ConformanceRun, event, take, collectUntil, withTimeout, ownEvents, groupByStream, expectStrictlyIncreasing } from './conformance-support.js';

export function concurrencyConformance(suite: ConformanceRun): void {
  describe('concurrency', () => {
    let store: EventStore, other: EventStore;
    beforeAll(() => {
      ({ store, other } = suite);
    });
    const { run, newStream } = suite;

    it('lets exactly one of two racing writers with the same expected revision win', async () => {
      for (let round = 0; round < 5; round++) {
        const streamId = newStream('project');
        await store.append(streamId, [event('ProjectDesigned')], 'no_stream');
        const attempts = [event('ProjectPublished', { writer: 'a' }), event('ProjectPublished', { writer: 'b' })];
        const outcomes = await Promise.allSettled([
          store.append(streamId, [attempts[0]!], 0),
          other.append(streamId, [attempts[1]!], 0),
        ]);
        const won = outcomes.filter((o): o is PromiseFulfilledResult<AppendResult> => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0]!.reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(lost[0]!.reason).toMatchObject({ streamId, expected: 0, actual: 1 });

        const stored = await store.readStream(streamId);
        expect(stored).toHaveLength(2);
        expect(stored[1]!.eventId).toBe(attempts[outcomes.indexOf(won[0]!)]!.eventId);
        expect(won[0]!.value).toEqual({ nextExpectedRevision: 1, position: stored[1]!.position });
      }
    });

    it("lets exactly one of two writers create the same stream with 'no_stream'", async () => {
      for (let round = 0; round < 5; round++) {
        const streamId = newStream('organisation');
        const outcomes = await Promise.allSettled([
          store.append(streamId, [event('OrganisationRegistered', { by: 'a' })], 'no_stream'),
          other.append(streamId, [event('OrganisationRegistered', { by: 'b' })], 'no_stream'),
        ]);
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        const lost = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')!;
        expect(lost.reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(streamId)).toHaveLength(1);
      }
    });

    it('keeps the global log complete under concurrent writers: no event skipped by a tailing reader, none twice', async () => {
      const baseline = await store.headPosition();
      const writers = 4;
      const appendsPerWriter = 10;
      const appended: string[] = [];
      const tailed: RecordedEvent[] = [];
      let writing = true;

      // A reader that tails the log while it is being written: if a lower position could become
      // visible after a higher one, this reader would skip it and differ from the final log.
      const tail = (async () => {
        let after = baseline;
        for (;;) {
          const stillWriting = writing;
          const page = await store.readAll({ after, limit: 50 });
          tailed.push(...page);
          if (page.length > 0) after = page.at(-1)!.position;
          else if (!stillWriting) return;
          else await new Promise((resolve) => setImmediate(resolve));
        }
      })();

      await Promise.all(
        Array.from({ length: writers }, async (_, writer) => {
          const target = writer % 2 === 0 ? store : other;
          const streamId = newStream(`volunteer${writer}`);
          let revision: number | 'no_stream' = 'no_stream';
          for (let i = 0; i < appendsPerWriter; i++) {
            const batch = Array.from({ length: 1 + (i % 3) }, () => event('VolunteerHoursLogged', { writer, i }));
            const result: AppendResult = await target.append(streamId, batch, revision);
            revision = result.nextExpectedRevision;
            appended.push(...batch.map((e) => e.eventId));
          }
        }),
      );
      writing = false;
      await tail;

      const final = await store.readAll({ after: baseline });
      const ids = ownEvents(final, run).map((e) => e.eventId);
      expect(ids).toHaveLength(appended.length);
      expect(new Set(ids)).toEqual(new Set(appended));
      expectStrictlyIncreasing(final.map((e) => e.position));
      expect(tailed.map((e) => e.eventId)).toEqual(final.map((e) => e.eventId));

      for (const [streamId, events] of groupByStream(ownEvents(final, run))) {
        expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
        expect((await store.readStream(streamId)).map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
      }
    });
  });
}

export function racingWritersConformance(suite: ConformanceRun): void {
  describe('racing writers on different streams', () => {
    let store: EventStore, other: EventStore, fixture: ConformanceFixture;
    beforeAll(() => {
      ({ store, other, fixture } = suite);
    });
    const { run, newStream } = suite;

    const WRITERS = 16;
    const APPENDS = 8;

    /** WRITERS writers, half through each store instance, each on its own stream, all at once. */
    const race = async (): Promise<string[]> => {
      const appended: string[][] = [];
      await Promise.all(
        Array.from({ length: WRITERS }, async (_, writer) => {
          const target = writer % 2 === 0 ? store : other;
          const streamId = newStream(`racer${writer}`);
          const mine: string[] = [];
          appended.push(mine);
          let revision: ExpectedRevision = 'no_stream';
          for (let i = 0; i < APPENDS; i++) {
            const batch = Array.from({ length: 1 + ((writer + i) % 3) }, () => event('VolunteerHoursLogged', { writer, i }));
            revision = (await target.append(streamId, batch, revision)).nextExpectedRevision;
            mine.push(...batch.map((e) => e.eventId));
          }
        }),
      );
      return appended.flat();
    };

    it('lets many concurrent writers on different streams all succeed, each stream dense in revisions', async () => {
      const baseline = await store.headPosition();
      const appended = await race();
      const final = ownEvents(await store.readAll({ after: baseline }), run);
      expect(new Set(final.map((e) => e.eventId))).toEqual(new Set(appended));
      expect(final).toHaveLength(appended.length);
      expectStrictlyIncreasing(final.map((e) => e.position));
      for (const [, events] of groupByStream(final)) expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
      expect(await store.headPosition()).toBeGreaterThanOrEqual(final.at(-1)!.position);
    });

    it('delivers to a live subscriber every event exactly once, in the final global order, while they race', async () => {
      const baseline = await store.headPosition();
      const subscriptions = [store.subscribeToAll({ after: baseline }), other.subscribeToAll({ after: baseline })];
      try {
        const readers = subscriptions.map((subscription) => collectUntil(subscription, run));
        const appended = await race();
        const final = await store.readAll({ after: baseline });
        for (const delivered of await Promise.all(readers.map((reader) => reader.done(appended.length)))) {
          expectStrictlyIncreasing(delivered.map((e) => e.position));
          // No gap (an event missing), no reordering, no duplicate: exactly the log as it ends up.
          expect(delivered.map((e) => e.eventId)).toEqual(final.slice(0, delivered.length).map((e) => e.eventId));
          expect(new Set(ownEvents(delivered, run).map((e) => e.eventId))).toEqual(new Set(appended));
        }
      } finally {
        await Promise.all(subscriptions.map((subscription) => subscription.close()));
      }
    });

    it('never skips a lower position whose transaction commits after a higher one', async () => {
      if (!fixture.holdAppend) return; // appends of this store cannot be in flight side by side
      const baseline = await store.headPosition();
      const subscription = store.subscribeToAll({ after: baseline });
      try {
        const slow = event('DonationPledged', { slow: true });
        const held = await fixture.holdAppend(newStream('donation'), [slow]);
        // A writer on another stream is not held up by the open transaction, and commits first.
        const fast = event('NeedListed', { fast: true });
        const committed = await store.append(newStream(), [fast], 'no_stream');
        expect(committed.position).toBeGreaterThan(held.position);

        // Until the lower position settles, nothing at or above it reaches any reader.
        const iterator = subscription[Symbol.asyncIterator]();
        const nextOwn = async (): Promise<RecordedEvent> => {
          for (;;) {
            const next = await iterator.next();
            if (next.done) throw new Error('subscription ended');
            if (next.value.streamId.includes(`-${run}-`)) return next.value;
          }
        };
        const firstDelivery = nextOwn();
        firstDelivery.catch(() => undefined); // awaited below; closing early must not leave it unhandled
        const early = await Promise.race([firstDelivery, new Promise((resolve) => setTimeout(() => resolve('nothing yet'), 400))]);
        expect(early).toBe('nothing yet');
        expect(ownEvents(await store.readAll({ after: baseline }), run)).toEqual([]);
        expect(await store.headPosition()).toBeLessThan(held.position);

        await held.commit();
        const delivered = [await withTimeout(firstDelivery, 5000, 'held append not delivered'), await withTimeout(nextOwn(), 5000, 'later append not delivered')];
        expect(delivered.map((e) => e.eventId)).toEqual([slow.eventId, fast.eventId]);
        expect(delivered.map((e) => e.position)).toEqual([held.position, committed.position]);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(committed.position);
      } finally {
        await subscription.close();
      }
    });

    it('moves past the position of an append that rolled back, once it has ended', async () => {
      if (!fixture.holdAppend) return;
      const baseline = await store.headPosition();
      const subscription = store.subscribeToAll({ after: baseline });
      try {
        const held = await fixture.holdAppend(newStream('donation'), [event('DonationPledged')]);
        const after = event('NeedListed');
        const committed = await store.append(newStream(), [after], 'no_stream');
        await held.rollback();
        const delivered = await take(subscription, 1);
        expect(delivered.map((e) => [e.eventId, e.position])).toEqual([[after.eventId, committed.position]]);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(committed.position);
      } finally {
        await subscription.close();
      }
    });
  });
}
