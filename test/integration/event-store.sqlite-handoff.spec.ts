import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type RecordedEvent, SqliteEventStore } from '#event-store';
import { event, take } from '../../libs/event-store/src/testing/conformance.js';

/**
 * The SQLite store hands the events it just committed to its own live subscriptions instead of having
 * each read them back, only when that is the same as reading: the rows are exactly the next positions
 * after the subscription's checkpoint, no read of it is in flight, its buffer has room. These tests pin
 * both halves: the read is saved, and nothing is ever skipped or reordered when another connection's
 * appends (another process: no notification, seen by polling) interleave with this store's.
 */
describe('SQLite event store: in-process appends handed to live subscribers', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wushe-es-handoff-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Another process's writer, as far as this store knows: a connection of its own that notifies nobody. */
  function otherWriter(path: string) {
    const db = new Database(path, { timeout: 30_000 });
    let n = 0;
    const insert = db.prepare(
      `INSERT INTO events (stream_id, revision, event_id, type, schema_version, data, metadata, hash)
       VALUES (?, 0, ?, 'OtherProcessWrote', 1, ?, ?, NULL)`,
    );
    return {
      append: () => {
        n += 1;
        insert.run(`other-${n}`, `other-event-${n}`, JSON.stringify({ n }), JSON.stringify(event('x').metadata));
      },
      close: () => db.close(),
    };
  }

  it('delivers a caught-up subscriber the events its own store commits without reading them back', async () => {
    const store = new SqliteEventStore(join(dir, 'events.db'), { pollIntervalMs: 60_000 });
    try {
      await store.append('warm', [event('Warm')], 'no_stream');
      const subscription = store.subscribeToAll();
      expect((await take(subscription, 1)).map((e) => e.type)).toEqual(['Warm']);
      const reads = jest.spyOn(store, 'readAll');
      const received = take(subscription, 60);
      for (let n = 0; n < 30; n++) await store.append(`need-${n}`, [event('NeedListed', { n }), event('NeedNoted', { n })], 'no_stream');
      const events = await received;
      expect(events.map((e) => e.position)).toEqual(Array.from({ length: 60 }, (_, i) => i + 2));
      // What a read answers, field for field (the same stored text, parsed afresh).
      expect(events).toEqual(await store.readAll({ after: 1 }));
      // Before: one read per commit woken. Now: none (the reads counted above are the test's own readAll).
      expect(reads).toHaveBeenCalledTimes(1);
      await subscription.close();
    } finally {
      await store.close();
    }
  });

  it('gives each subscriber its own event objects', async () => {
    const store = new SqliteEventStore(join(dir, 'events.db'), { pollIntervalMs: 60_000 });
    try {
      const [a, b] = [store.subscribeToAll(), store.subscribeToAll()];
      const [gotA, gotB] = [take(a, 1), take(b, 1)];
      await new Promise((resolve) => setTimeout(resolve, 20)); // both caught up (empty log) and waiting
      await store.append('s', [event('Shared', { list: [1, 2] })], 'no_stream');
      const [[fromA], [fromB]] = await Promise.all([gotA, gotB]);
      expect(fromA).toEqual(fromB);
      expect(fromA!.data).not.toBe(fromB!.data);
      await Promise.all([a.close(), b.close()]);
    } finally {
      await store.close();
    }
  });

  it('reads instead of taking events committed while its read is in flight (taking them would deliver them twice)', async () => {
    const path = join(dir, 'events.db');
    // A short poll, so the caught-up subscription reads again while this test waits.
    const store = new SqliteEventStore(path, { pollIntervalMs: 10 });
    try {
      await store.append('a', [event('First')], 'no_stream');
      const subscription = store.subscribeToAll();
      expect((await take(subscription, 1)).map((e) => e.position)).toEqual([1]);
      const read = store.readAll.bind(store);
      let armed = true;
      jest.spyOn(store, 'readAll').mockImplementation(async (options) => {
        if (armed) {
          armed = false;
          // The poll's read has begun (after = 1) but not run yet when [2] commits: [2] is right after
          // the checkpoint, yet the read will answer it too.
          await store.append('b', [event('Second')], 'no_stream');
        }
        return read(options);
      });
      const next = take(subscription, 1);
      const events = await next;
      expect(events.map((e) => [e.position, e.type])).toEqual([[2, 'Second']]);
      // Nothing more: [2] came once.
      await store.append('c', [event('Third')], 'no_stream');
      expect((await take(subscription, 1)).map((e) => [e.position, e.type])).toEqual([[3, 'Third']]);
      await subscription.close();
    } finally {
      await store.close();
    }
  });

  it('never skips or reorders an event when another connection appends between its own commits (group commits, a slow consumer, a filter)', async () => {
    const path = join(dir, 'events.db');
    // A short poll: the other connection's events are found by reading, as from another process.
    const store = new SqliteEventStore(path, { pollIntervalMs: 5 });
    const other = otherWriter(path);
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    try {
      const all = store.subscribeToAll();
      const filtered = store.subscribeToAll({ filter: (type) => type !== 'NeedNoted' });
      const consume = async (subscription: typeof all, count: number, slow: boolean) => {
        const got: RecordedEvent[] = [];
        for await (const recorded of subscription) {
          got.push(recorded);
          if (slow && random() < 0.3) await new Promise((resolve) => setTimeout(resolve, 1));
          if (got.length === count) break;
        }
        return got;
      };
      const rounds = 150;
      let own = 0;
      let others = 0;
      let noted = 0;
      for (let round = 0; round < rounds; round++) {
        const burst = 1 + Math.floor(random() * 4);
        // Concurrent appends of one turn: the first commits at once, the rest share a group commit.
        const appends: Array<Promise<unknown>> = [];
        for (let i = 0; i < burst; i++) {
          const noteToo = random() < 0.5;
          appends.push(store.append(`own-${round}-${i}`, noteToo ? [event('NeedListed'), event('NeedNoted')] : [event('NeedListed')], 'no_stream'));
          own += noteToo ? 2 : 1;
          noted += noteToo ? 1 : 0;
          if (random() < 0.4) {
            other.append(); // lands between this store's commits, unannounced
            others += 1;
          }
        }
        await Promise.all(appends);
        if (random() < 0.3) {
          other.append();
          others += 1;
        }
        if (random() < 0.2) await new Promise((resolve) => setTimeout(resolve, random() * 4));
      }
      const total = own + others;
      const [gotAll, gotFiltered] = await Promise.all([consume(all, total, true), consume(filtered, total - noted, false)]);
      const log = await store.readAll();
      expect(log).toHaveLength(total);
      expect(gotAll.map((e) => e.position)).toEqual(log.map((e) => e.position));
      expect(gotAll).toEqual(log);
      expect(gotFiltered).toEqual(log.filter((e) => e.type !== 'NeedNoted'));
    } finally {
      other.close();
      await store.close();
    }
  });
});
