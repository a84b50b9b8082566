import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { openSqliteEventStore, type EventStore } from '#event-store';
import { parseMatchingWeights } from '#matching';
import { needListed } from '../../../matching/src/feed/testing/feed-events.js';
import { fileMatchingCheckpoints } from './matching-checkpoint-file.js';
import { checkpointDue, CHECKPOINT_EVERY_EVENTS, CHECKPOINT_MIN_INTERVAL_MS, MatchingService } from './matching-service.js';

describe('MatchingService replay', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const storeWith = async (events: number): Promise<EventStore> => {
    const dir = mkdtempSync(join(tmpdir(), 'wushe-matching-'));
    const store = await openSqliteEventStore(join(dir, 'events.db'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => store.close());
    for (let offset = 0; offset < events; offset += 500) {
      const batch = Array.from({ length: Math.min(500, events - offset) }, (_, index) => {
        const { type, data } = needListed(`n-${offset + index}`);
        return { eventId: randomUUID(), type, schemaVersion: 1, data, metadata: { occurredAt: '2026-11-01T02:00:00.000Z', correlationId: 'c', causationId: null, actor: { id: 'test', role: 'community_worker' } } };
      });
      await store.append(`needs-${offset}`, batch, 'any');
    }
    return store;
  };

  const appendNeeds = async (store: EventStore, from: number, count: number) => {
    const batch = Array.from({ length: count }, (_, index) => {
      const { type, data } = needListed(`n-${from + index}`);
      return { eventId: randomUUID(), type, schemaVersion: 1, data, metadata: { occurredAt: '2026-11-01T02:00:00.000Z', correlationId: 'c', causationId: null, actor: { id: 'test', role: 'community_worker' } } };
    });
    await store.append(`needs-late-${from}`, batch, 'any');
  };

  const serviceOver = (store: EventStore, checkpointFile: string) =>
    new MatchingService({
      eventStore: store,
      weights: parseMatchingWeights(undefined),
      waitTimeoutMs: 30_000,
      shutdown: new AbortController().signal,
      logger: { warn: () => {}, error: () => {} },
      checkpoints: fileMatchingCheckpoints(checkpointFile),
    });

  it('restarts from the checkpoint it saved on stop and follows the log from there', async () => {
    const store = await storeWith(1000);
    const file = join(mkdtempSync(join(tmpdir(), 'wushe-matching-checkpoint-')), 'matching-checkpoint.json');
    cleanups.push(() => rmSync(file, { force: true }));
    const first = serviceOver(store, file);
    first.start();
    const head = await store.headPosition();
    await first.waitForPosition(head);
    expect(first.status().startedFrom).toBe(0);
    await first.stop();

    await appendNeeds(store, 1000, 20);
    const second = serviceOver(store, file);
    cleanups.push(() => second.stop());
    second.start();
    const newHead = await store.headPosition();
    await second.waitForPosition(newHead);
    expect(second.status()).toMatchObject({ phase: 'following', startedFrom: head, position: newHead });
    expect(second.feed.isOpenNeed('n-0')).toBe(true);
    expect(second.feed.isOpenNeed('n-1019')).toBe(true);
    expect(second.feed.folds.needs.size).toBe(1020);
  });

  it('replays the whole log when the checkpoint is past this log\'s head (another store) or unreadable', async () => {
    const store = await storeWith(50);
    const file = join(mkdtempSync(join(tmpdir(), 'wushe-matching-checkpoint-')), 'matching-checkpoint.json');
    cleanups.push(() => rmSync(file, { force: true }));
    const bigger = await storeWith(200);
    const elsewhere = serviceOver(bigger, file);
    elsewhere.start();
    await elsewhere.waitForPosition(await bigger.headPosition());
    await elsewhere.stop();
    for (const content of [null, '{"version":1,"posit']) {
      if (content !== null) writeFileSync(file, content);
      const service = serviceOver(store, file);
      service.start();
      await service.waitForPosition(await store.headPosition());
      expect(service.status()).toMatchObject({ startedFrom: 0, position: await store.headPosition() });
      expect(service.feed.folds.needs.size).toBe(50);
      await service.stop();
    }
  });

  it('yields to the event loop while it replays a long log: a timer scheduled at start runs before the replay ends', async () => {
    const store = await storeWith(4000);
    const head = await store.headPosition();
    const service = new MatchingService({
      eventStore: store,
      weights: parseMatchingWeights(undefined),
      waitTimeoutMs: 30_000,
      shutdown: new AbortController().signal,
      logger: { warn: () => {}, error: () => {} },
    });
    cleanups.push(() => service.stop());
    const seenByTimer = new Promise<number>((resolve) => setTimeout(() => resolve(service.position), 0));
    const seenByImmediate = new Promise<number>((resolve) => setImmediate(() => resolve(service.position)));
    service.start();
    await service.waitForPosition(head);
    expect(service.position).toBe(head);
    expect(service.feed.isOpenNeed('n-3999')).toBe(true);
    // The replay was not one uninterrupted run: both callbacks got the loop while it was under way.
    expect(await seenByImmediate).toBeLessThan(head);
    expect(await seenByTimer).toBeLessThan(head);
  });
});

describe('when the matching feed saves a checkpoint', () => {
  it('waits for enough events and the interval, and longer after a save that blocked long (a feed of 1M events takes seconds to serialise)', () => {
    expect(checkpointDue(CHECKPOINT_EVERY_EVENTS - 1, CHECKPOINT_MIN_INTERVAL_MS, 10)).toBe(false);
    expect(checkpointDue(CHECKPOINT_EVERY_EVENTS, CHECKPOINT_MIN_INTERVAL_MS - 1, 10)).toBe(false);
    expect(checkpointDue(CHECKPOINT_EVERY_EVENTS, CHECKPOINT_MIN_INTERVAL_MS, 10)).toBe(true);
    // A save that blocked 2.3 s: the next one no sooner than 46 s later (5% of the time at most).
    expect(checkpointDue(CHECKPOINT_EVERY_EVENTS, 45_000, 2300)).toBe(false);
    expect(checkpointDue(CHECKPOINT_EVERY_EVENTS, 46_000, 2300)).toBe(true);
  });
});
