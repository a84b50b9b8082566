/** Appends and what reading a stream gives back: revisions, the expected-revision check, idempotent retries, payloads kept as sent. */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { type EventMetadata, type EventStore, type EventToAppend, IdempotencyMismatchError, type RecordedEvent } from '../port.js';
import { type ConformanceRun, event, take, expectConflict, ownEvents } from './conformance-support.js';

export function appendAndReadStreamConformance(suite: ConformanceRun): void {
  describe('append and readStream', () => {
    let store: EventStore;
    beforeAll(() => {
      ({ store } = suite);
    });
    const { newStream } = suite;

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
}

export function expectedRevisionConformance(suite: ConformanceRun): void {
  describe('expected revision', () => {
    let store: EventStore, other: EventStore;
    beforeAll(() => {
      ({ store, other } = suite);
    });
    const { newStream } = suite;

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
}

export function idempotentAppendConformance(suite: ConformanceRun): void {
  describe('idempotent append', () => {
    let store: EventStore;
    beforeAll(() => {
      ({ store } = suite);
    });
    const { run, newStream } = suite;

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
}

export function payloadsConformance(suite: ConformanceRun): void {
  describe('payloads', () => {
    let store: EventStore;
    beforeAll(() => {
      ({ store } = suite);
    });
    const { run, newStream } = suite;

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
}
