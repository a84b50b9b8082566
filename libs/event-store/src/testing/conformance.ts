import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  IdempotencyMismatchError,
  type RecordedEvent,
  type Subscription,
  WrongExpectedRevisionError,
} from '../port.js';

export interface ConformanceFixture {
  store: EventStore;
  cleanup(): Promise<void>;
  /**
   * A second, independent store instance (own connection or pool) on the same database, for the
   * races. Without it the races run on one instance, which still proves the checks but not the locking.
   */
  connectAnother?(): Promise<EventStore>;
  /**
   * Starts an append in a transaction of its own and leaves it open: it has drawn its position but
   * not committed. Stores whose appends can be in flight side by side (PostgreSQL) provide it, so
   * the suite can prove readers never skip a lower position that commits after a higher one.
   */
  holdAppend?(streamId: string, events: readonly EventToAppend[]): Promise<HeldAppend>;
}

/** An append that has drawn its position and waits to be committed or rolled back. */
export interface HeldAppend {
  position: number;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/**
 * The one suite every EventStore adapter passes. It assumes nothing about what the store already
 * holds (EventStoreDB cannot be wiped between runs): every test writes to its own fresh streams
 * and reads the global log only after a position it noted first.
 */
export function eventStoreConformanceSuite(name: string, factory: () => Promise<ConformanceFixture>): void {
  describe(`EventStore conformance: ${name}`, () => {
    let fixture: ConformanceFixture;
    let store: EventStore;
    let other: EventStore;
    const run = randomUUID().slice(0, 8);
    let streamCounter = 0;
    const newStream = (aggregate = 'need') => `${aggregate}-${run}-${++streamCounter}`;

    beforeAll(async () => {
      fixture = await factory();
      store = fixture.store;
      other = fixture.connectAnother ? await fixture.connectAnother() : store;
    });

    afterAll(async () => {
      if (other && other !== store) await other.close();
      await fixture?.cleanup();
    });

    describe('append and readStream', () => {
      it('numbers a stream from revision 0 in append order and reads it back in that order', async () => {
        const streamId = newStream();
        const first = [event('NeedListed', { title: '独居老人助餐' }), event('NeedVerified', { by: 'community-1' })];
        const created = await store.append(streamId, first, 'no_stream');
        expect(created.nextExpectedRevision).toBe(1);

        const more = [event('NeedMatched', { resourceId: 'r-1' })];
        const extended = await store.append(streamId, more, created.nextExpectedRevision);
        expect(extended.nextExpectedRevision).toBe(2);
        expect(extended.position).toBeGreaterThan(created.position);

        const stored = await store.readStream(streamId);
        expect(stored.map((e) => [e.revision, e.eventId, e.type, e.streamId])).toEqual([
          [0, first[0]!.eventId, 'NeedListed', streamId],
          [1, first[1]!.eventId, 'NeedVerified', streamId],
          [2, more[0]!.eventId, 'NeedMatched', streamId],
        ]);
        expect(stored[1]!.position).toBe(created.position);
        expect(stored[2]!.position).toBe(extended.position);
        expect(stored[0]!.position).toBeLessThan(stored[1]!.position);
      });

      it('reads an unknown stream as empty', async () => {
        await expect(store.readStream(newStream())).resolves.toEqual([]);
      });
    });

    describe('expected revision', () => {
      it('accepts the exact last revision and rejects any other with the actual revision', async () => {
        const streamId = newStream();
        await store.append(streamId, [event('NeedListed'), event('NeedVerified')], 'no_stream');

        await expectConflict(store.append(streamId, [event('NeedMatched')], 0), streamId, 0, 1);
        await expectConflict(store.append(streamId, [event('NeedMatched')], 2), streamId, 2, 1);
        await expect(store.append(streamId, [event('NeedMatched')], 1)).resolves.toMatchObject({ nextExpectedRevision: 2 });
        expect(await store.readStream(streamId)).toHaveLength(3);
      });

      it('reports -1 as the actual revision of a stream that does not exist', async () => {
        const streamId = newStream();
        await expectConflict(store.append(streamId, [event('NeedListed')], 0), streamId, 0, -1);
        await expectConflict(store.append(streamId, [event('NeedListed')], 'stream_exists'), streamId, 'stream_exists', -1);
        expect(await store.readStream(streamId)).toEqual([]);
      });

      it("'no_stream' creates a stream once and then conflicts", async () => {
        const streamId = newStream();
        await expect(store.append(streamId, [event('NeedListed')], 'no_stream')).resolves.toMatchObject({ nextExpectedRevision: 0 });
        await expectConflict(store.append(streamId, [event('NeedListed')], 'no_stream'), streamId, 'no_stream', 0);
        expect(await store.readStream(streamId)).toHaveLength(1);
      });

      it("'stream_exists' appends only to a stream with events", async () => {
        const streamId = newStream();
        await store.append(streamId, [event('NeedListed')], 'no_stream');
        await expect(store.append(streamId, [event('NeedVerified')], 'stream_exists')).resolves.toMatchObject({ nextExpectedRevision: 1 });
      });

      it("'any' appends to a missing and to an existing stream without a check", async () => {
        const streamId = newStream();
        await expect(store.append(streamId, [event('NeedListed')], 'any')).resolves.toMatchObject({ nextExpectedRevision: 0 });
        await expect(store.append(streamId, [event('NeedVerified')], 'any')).resolves.toMatchObject({ nextExpectedRevision: 1 });
        expect((await store.readStream(streamId)).map((e) => e.type)).toEqual(['NeedListed', 'NeedVerified']);
      });
    });

    describe('readAll', () => {
      it('returns events of all streams in append order with strictly increasing positions', async () => {
        const baseline = await store.headPosition();
        const [need, project, donation] = [newStream('need'), newStream('project'), newStream('donation')];
        const plan: Array<[string, EventToAppend[]]> = [
          [need, [event('NeedListed')]],
          [project, [event('ProjectDesigned'), event('ProjectPublished')]],
          [need, [event('NeedVerified')]],
          [donation, [event('DonationPledged')]],
          [project, [event('OrganisationContracted')]],
        ];
        const expected = await appendInOrder(store, plan);

        const all = ownEvents(await store.readAll({ after: baseline }), run);
        expect(all.map((e) => e.eventId)).toEqual(expected.map((e) => e.eventId));
        expectStrictlyIncreasing(all.map((e) => e.position));
        expect(all.map((e) => `${e.streamId}@${e.revision}`)).toEqual([
          `${need}@0`, `${project}@0`, `${project}@1`, `${need}@1`, `${donation}@0`, `${project}@2`,
        ]);
      });

      it('starts strictly after `after` and stops at `limit`, so paging covers the log exactly once', async () => {
        const baseline = await store.headPosition();
        const streams = [newStream(), newStream()];
        await appendInOrder(store, Array.from({ length: 7 }, (_, i) => [streams[i % 2]!, [event('NeedListed', { i })]]));
        const all = await store.readAll({ after: baseline });
        expect(ownEvents(all, run)).toHaveLength(7);

        const third = all[2]!;
        const afterThird = await store.readAll({ after: third.position });
        expect(afterThird.map((e) => e.eventId)).toEqual(all.slice(3).map((e) => e.eventId));

        expect((await store.readAll({ after: baseline, limit: 2 })).map((e) => e.eventId)).toEqual(
          all.slice(0, 2).map((e) => e.eventId),
        );

        const paged: RecordedEvent[] = [];
        for (let after = baseline; ; ) {
          const page = await store.readAll({ after, limit: 3 });
          if (page.length === 0) break;
          expect(page.length).toBeLessThanOrEqual(3);
          paged.push(...page);
          after = page.at(-1)!.position;
        }
        expect(paged.map((e) => e.eventId)).toEqual(all.map((e) => e.eventId));
      });
    });

    describe('idempotent append', () => {
      it('answers a repeated batch with the original result and stores nothing twice', async () => {
        const streamId = newStream();
        const batch = [event('NeedListed'), event('NeedVerified')];
        const baseline = await store.headPosition();
        const original = await store.append(streamId, batch, 'no_stream');

        await expect(store.append(streamId, batch, 'no_stream')).resolves.toEqual(original);
        await expect(store.append(streamId, batch, 'any')).resolves.toEqual(original);

        // A late retry still finds its facts after the stream moved on.
        const later = await store.append(streamId, [event('NeedMatched')], original.nextExpectedRevision);
        await expect(store.append(streamId, batch, 'no_stream')).resolves.toEqual(original);

        const stored = await store.readStream(streamId);
        expect(stored.map((e) => e.eventId)).toEqual([...batch.map((e) => e.eventId), stored[2]!.eventId]);
        const logged = ownEvents(await store.readAll({ after: baseline }), run).filter((e) => e.streamId === streamId);
        expect(logged).toHaveLength(3);
        expect(logged.at(-1)!.position).toBe(later.position);
      });

      it('rejects a batch that repeats only some stored eventIds, and stores none of it', async () => {
        const streamId = newStream();
        const [listed, verified, matched] = [event('NeedListed'), event('NeedVerified'), event('NeedMatched')];
        await store.append(streamId, [listed, verified], 'no_stream');

        await expect(store.append(streamId, [listed, verified, matched], 'no_stream')).rejects.toBeInstanceOf(IdempotencyMismatchError);
        await expect(store.append(streamId, [verified, matched], 'any')).rejects.toBeInstanceOf(IdempotencyMismatchError);
        expect((await store.readStream(streamId)).map((e) => e.eventId)).toEqual([listed.eventId, verified.eventId]);
      });
    });

    describe('concurrency', () => {
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

    describe('racing writers on different streams', () => {
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

    describe('subscribeToAll', () => {
      it('delivers stored events, then events appended after subscribing, in global order', async () => {
        const baseline = await store.headPosition();
        const streamId = newStream();
        await store.append(streamId, [event('NeedListed'), event('NeedVerified')], 'no_stream');
        const subscription = store.subscribeToAll({ after: baseline });
        try {
          const reader = take(subscription, 5);
          await new Promise((resolve) => setTimeout(resolve, 50));
          await store.append(streamId, [event('NeedMatched')], 1);
          await store.append(newStream('project'), [event('ProjectDesigned'), event('ProjectPublished')], 'no_stream');
          const delivered = await reader;
          const expected = await store.readAll({ after: baseline });
          expect(delivered).toEqual(expected);
          expect(ownEvents(delivered, run)).toHaveLength(5);
        } finally {
          await subscription.close();
        }
      });

      it('delivers live events appended through another connection', async () => {
        const baseline = await store.headPosition();
        const subscription = store.subscribeToAll({ after: baseline });
        try {
          const reader = take(subscription, 1);
          const appended = event('DonationPledged', { amountFen: 50000 });
          await other.append(newStream('donation'), [appended], 'no_stream');
          expect((await reader).map((e) => e.eventId)).toEqual([appended.eventId]);
        } finally {
          await subscription.close();
        }
      });

      it('resumes from a checkpoint with exactly the events after it', async () => {
        const baseline = await store.headPosition();
        const streamId = newStream();
        await appendInOrder(store, Array.from({ length: 5 }, (_, i) => [streamId, [event('NeedNoteAdded', { i })]]));
        const history = await store.readAll({ after: baseline });
        const checkpoint = history[2]!.position;

        const subscription = store.subscribeToAll({ after: checkpoint });
        try {
          const resumed = await take(subscription, 2);
          expect(resumed).toEqual(history.slice(3));
          const next = event('NeedFulfilled');
          const reader = take(subscription, 1);
          await store.append(streamId, [next], 4);
          expect((await reader).map((e) => e.eventId)).toEqual([next.eventId]);
        } finally {
          await subscription.close();
        }
      });

      it('delivers only events whose type passes the filter, historical and live', async () => {
        const baseline = await store.headPosition();
        const streamId = newStream();
        await store.append(streamId, [event('NeedListed'), event('NeedVerified'), event('NeedListed', { second: true })], 'any');
        const subscription = store.subscribeToAll({ after: baseline, filter: (type) => type === 'NeedListed' });
        try {
          const reader = take(subscription, 3);
          await store.append(streamId, [event('NeedVerified'), event('NeedListed', { third: true })], 'any');
          const delivered = await reader;
          expect(delivered.map((e) => e.type)).toEqual(['NeedListed', 'NeedListed', 'NeedListed']);
          expect(delivered.map((e) => e.revision)).toEqual([0, 2, 4]);
        } finally {
          await subscription.close();
        }
      });

      it('ends a waiting iteration without error when closed', async () => {
        const subscription = store.subscribeToAll({ after: await store.headPosition() });
        const received: RecordedEvent[] = [];
        const iterating = (async () => {
          for await (const recorded of subscription) received.push(recorded);
          return 'ended';
        })();
        await new Promise((resolve) => setTimeout(resolve, 50));
        await subscription.close();
        await expect(withTimeout(iterating, 2000, 'iteration did not end after close()')).resolves.toBe('ended');
        expect(ownEvents(received, run)).toEqual([]);
      });

      it('stops delivering when the consumer breaks out of the loop', async () => {
        const baseline = await store.headPosition();
        const streamId = newStream();
        await store.append(streamId, [event('NeedListed'), event('NeedVerified')], 'no_stream');
        const subscription = store.subscribeToAll({ after: baseline });
        let seen = 0;
        for await (const recorded of subscription) {
          seen++;
          if (recorded.streamId === streamId) break;
        }
        expect(seen).toBeGreaterThan(0);
        // The loop's break closed the subscription: iterating again ends at once.
        const again = subscription[Symbol.asyncIterator]();
        await expect(withTimeout(again.next(), 2000, 'closed subscription kept waiting')).resolves.toMatchObject({ done: true });
      });
    });

    describe('payloads', () => {
      it('round-trips data, metadata, type and schemaVersion exactly through every read path', async () => {
        const baseline = await store.headPosition();
        const metadata: EventMetadata = {
          correlationId: randomUUID(),
          causationId: null,
          actor: { id: 'user-42', role: 'community_committee' },
          occurredAt: '2026-03-01T08:00:00.123Z',
          idempotencyKey: 'user-42:list-need:7f3a',
          requestHash: 'sha256:abc123',
        };
        const data = {
          title: '空巢老人每周探访 🧓',
          category: 'elderly_care',
          beneficiaries: 12,
          budgetFen: 1_234_567,
          ratio: 0.6666666666666666,
          negative: -3.5,
          zero: 0,
          urgent: true,
          closed: false,
          note: null,
          empty: '',
          escapes: 'quote " backslash \\ newline \n tab \t',
          tags: ['助老', 'meals', []],
          location: { street: '沈家门街道', community: { id: 'c-1', grid: [1, 2, 3] } },
        };
        const appended: EventToAppend = { eventId: randomUUID(), type: 'NeedListed', schemaVersion: 3, data, metadata };
        const streamId = newStream();
        await store.append(streamId, [appended], 'no_stream');

        const expectExact = (recorded: RecordedEvent | undefined) => {
          expect(recorded).toBeDefined();
          expect(recorded!.data).toEqual(data);
          expect(recorded!.metadata).toEqual(metadata);
          expect(recorded!.type).toBe('NeedListed');
          expect(recorded!.schemaVersion).toBe(3);
          expect(recorded!.eventId).toBe(appended.eventId);
        };
        expectExact((await store.readStream(streamId))[0]);
        expectExact(ownEvents(await store.readAll({ after: baseline }), run).find((e) => e.streamId === streamId));
        const subscription = store.subscribeToAll({ after: baseline });
        try {
          expectExact((await take(subscription, 1))[0]);
        } finally {
          await subscription.close();
        }
      });

      it('keeps schemaVersion per event, as upcasters need it', async () => {
        const streamId = newStream();
        await store.append(
          streamId,
          [{ ...event('NeedListed'), schemaVersion: 1 }, { ...event('NeedListed'), schemaVersion: 2 }],
          'no_stream',
        );
        expect((await store.readStream(streamId)).map((e) => e.schemaVersion)).toEqual([1, 2]);
      });
    });

    describe('headPosition', () => {
      it('is the position of the last stored event and moves with every append', async () => {
        const first = await store.append(newStream(), [event('NeedListed')], 'no_stream');
        expect(await store.headPosition()).toBe(first.position);
        const second = await store.append(newStream(), [event('NeedListed'), event('NeedVerified')], 'no_stream');
        expect(second.position).toBeGreaterThan(first.position);
        expect(await store.headPosition()).toBe(second.position);
        const all = await store.readAll({ after: first.position });
        expect(all.at(-1)!.position).toBe(second.position);
      });
    });
  });
}

let sequence = 0;

/** A test event with a fresh eventId and complete metadata. */
export function event(type: string, data: Record<string, unknown> = {}): EventToAppend {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data: { ...data, sequence: ++sequence },
    metadata: {
      correlationId: randomUUID(),
      causationId: null,
      actor: { id: 'conformance', role: 'civil_affairs_bureau' },
      occurredAt: new Date(Date.UTC(2026, 2, 1, 8, 0, sequence % 60)).toISOString(),
    },
  };
}

/** Collects `count` events from a subscription, failing with what arrived if they do not come in time. */
export async function take(subscription: Subscription, count: number, timeoutMs = 5000): Promise<RecordedEvent[]> {
  const received: RecordedEvent[] = [];
  const iterator = subscription[Symbol.asyncIterator]();
  const collect = (async () => {
    while (received.length < count) {
      const next = await iterator.next();
      if (next.done) throw new Error(`subscription ended after ${received.length} of ${count} events`);
      received.push(next.value);
    }
    return received;
  })();
  return withTimeout(collect, timeoutMs, () =>
    `expected ${count} events within ${timeoutMs} ms, got ${received.length}: ${received.map((e) => `${e.type}@${e.position}`).join(', ')}`,
  ).catch(async (error: unknown) => {
    await subscription.close();
    throw error;
  });
}

/**
 * Reads a subscription in the background; `done(n)` resolves once n of this run's events arrived
 * (with whatever came before them), or rejects with what arrived when they do not come in time.
 */
function collectUntil(subscription: Subscription, run: string) {
  const received: RecordedEvent[] = [];
  let own = 0;
  let wanted = Number.POSITIVE_INFINITY;
  const waiter: { reached: (() => void) | null } = { reached: null };
  const iterating = (async () => {
    for await (const recorded of subscription) {
      received.push(recorded);
      if (recorded.streamId.includes(`-${run}-`)) own++;
      if (own >= wanted) waiter.reached?.();
    }
  })();
  return {
    done: async (count: number, timeoutMs = 15_000): Promise<RecordedEvent[]> => {
      wanted = count;
      const arrived = own >= count ? Promise.resolve() : new Promise<void>((resolve) => (waiter.reached = resolve));
      await withTimeout(
        Promise.race([arrived, iterating.then(() => Promise.reject(new Error('subscription ended early')))]),
        timeoutMs,
        () => `expected ${count} events, got ${own}`,
      );
      return [...received];
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string | (() => string)): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(typeof message === 'string' ? message : message())), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function expectConflict(
  attempt: Promise<unknown>,
  streamId: string,
  expected: ExpectedRevision,
  actual: number,
): Promise<void> {
  const error = await attempt.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  expect(error).toMatchObject({ streamId, expected, actual, code: 'CONCURRENCY_CONFLICT' });
}

async function appendInOrder(store: EventStore, plan: Array<[string, EventToAppend[]]>): Promise<EventToAppend[]> {
  for (const [streamId, events] of plan) await store.append(streamId, events, 'any');
  return plan.flatMap(([, events]) => events);
}

/** This run's events only: a shared store (EventStoreDB) may hold other runs' events too. */
function ownEvents(events: readonly RecordedEvent[], run: string): RecordedEvent[] {
  return events.filter((e) => e.streamId.includes(`-${run}-`));
}

function groupByStream(events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const streams = new Map<string, RecordedEvent[]>();
  for (const recorded of events) streams.set(recorded.streamId, [...(streams.get(recorded.streamId) ?? []), recorded]);
  return streams;
}

function expectStrictlyIncreasing(positions: readonly number[]): void {
  positions.forEach((position, index) => {
    expect(Number.isSafeInteger(position) && position > 0).toBe(true);
    if (index > 0) expect(position).toBeGreaterThan(positions[index - 1]!);
  });
}
