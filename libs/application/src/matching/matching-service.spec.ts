import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { openSqliteEventStore, type EventStore } from '#event-store';
import { parseMatchingWeights } from '#matching';
import { needListed } from '../../../matching/src/feed/testing/feed-events.js';
import { MatchingService } from './matching-service.js';

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
