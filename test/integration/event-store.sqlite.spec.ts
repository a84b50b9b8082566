import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { IdempotencyMismatchError, openSqliteEventStore, SqliteEventStore } from '#event-store';
import { event, eventStoreConformanceSuite, take } from '../../libs/event-store/src/testing/conformance.js';
import { CHECKPOINT_EVERY_IN_TESTS, integrityConformanceSuite } from '../../libs/event-store/src/testing/integrity-conformance.js';

const tempDirs: string[] = [];
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'wushe-es-'));
  tempDirs.push(dir);
  return join(dir, 'events.sqlite');
};

eventStoreConformanceSuite('SQLite (WAL file)', async () => {
  const path = tempFile();
  const store = await openSqliteEventStore(path, { pollIntervalMs: 50 });
  return {
    store,
    connectAnother: () => openSqliteEventStore(path, { pollIntervalMs: 50 }),
    cleanup: async () => {
      await store.close();
      rmSync(join(path, '..'), { recursive: true, force: true });
    },
  };
});

integrityConformanceSuite('SQLite', async () => {
  const path = tempFile();
  const store = await openSqliteEventStore(path, { checkpointEvery: CHECKPOINT_EVERY_IN_TESTS });
  const intruder = (statement: string, position: number) => {
    const raw = new Database(path);
    try {
      expect(raw.prepare(statement).run(position).changes).toBe(1);
    } finally {
      raw.close();
    }
  };
  return {
    store,
    densePositions: true,
    seal: async () => undefined, // sealed in the commit that completes a range
    alterOneByte: async (position) => intruder(`UPDATE events SET data = replace(data, '10000', '90000') WHERE position = ?`, position),
    deleteEvent: async (position) => intruder('DELETE FROM events WHERE position = ?', position),
    cleanup: () => store.close(),
  };
});

describe('SqliteEventStore specifics', () => {
  let path: string;
  let store: SqliteEventStore;

  beforeEach(async () => {
    path = tempFile();
    store = await openSqliteEventStore(path, { pollIntervalMs: 30 });
  });

  afterEach(async () => {
    await store.close();
    rmSync(join(path, '..'), { recursive: true, force: true });
  });

  it('starts empty: head 0 and nothing to read', async () => {
    expect(await store.headPosition()).toBe(0);
    expect(await store.readAll()).toEqual([]);
  });

  it('keeps events in the file across a reopen', async () => {
    const appended = event('NeedListed', { title: '助餐' });
    await store.append('need-1', [appended], 'no_stream');
    await store.close();
    store = await openSqliteEventStore(path);
    expect((await store.readStream('need-1')).map((e) => e.eventId)).toEqual([appended.eventId]);
  });

  it('runs the file in WAL mode', () => {
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }
  });

  it('leaves no position gap behind a rejected append', async () => {
    const first = await store.append('need-1', [event('NeedListed')], 'no_stream');
    await expect(store.append('need-1', [event('NeedListed')], 'no_stream')).rejects.toThrow();
    const second = await store.append('need-2', [event('NeedListed')], 'no_stream');
    expect(second.position).toBe(first.position + 1);
  });

  it('refuses an eventId already stored in another stream', async () => {
    const listed = event('NeedListed');
    await store.append('need-1', [listed], 'no_stream');
    await expect(store.append('need-2', [listed], 'no_stream')).rejects.toBeInstanceOf(IdempotencyMismatchError);
    expect(await store.readStream('need-2')).toEqual([]);
  });

  it('refuses a batch that repeats a stored eventId even at the current revision', async () => {
    const [listed, verified] = [event('NeedListed'), event('NeedVerified')];
    await store.append('need-1', [listed, verified], 'no_stream');
    await expect(store.append('need-1', [verified, event('NeedMatched')], 1)).rejects.toBeInstanceOf(IdempotencyMismatchError);
    expect(await store.readStream('need-1')).toHaveLength(2);
  });

  it('sees by polling an event written by another process on the same file', async () => {
    const subscription = store.subscribeToAll();
    try {
      const reader = take(subscription, 1, 2000);
      await new Promise((resolve) => setTimeout(resolve, 100));
      // Another process's writer: a raw connection, which never reaches this process's notifier.
      const foreign = new Database(path);
      const eventId = randomUUID();
      foreign
        .prepare(`INSERT INTO events (stream_id, revision, event_id, type, schema_version, data, metadata) VALUES (?, 0, ?, ?, 1, ?, ?)`)
        .run('need-9', eventId, 'NeedListed', '{}', JSON.stringify(event('x').metadata));
      foreign.close();
      expect((await reader).map((e) => e.eventId)).toEqual([eventId]);
    } finally {
      await subscription.close();
    }
  });

  it('hashes a file written before the hash chain in place on open, and chains new events on', async () => {
    await store.close();
    const legacyPath = tempFile();
    const legacy = new Database(legacyPath);
    legacy.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
      event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, schema_version INTEGER NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL,
      UNIQUE (stream_id, revision))`);
    const insert = legacy.prepare('INSERT INTO events (stream_id, revision, event_id, type, schema_version, data, metadata) VALUES (?, ?, ?, ?, 1, ?, ?)');
    for (const [stream, revision] of [['need-1', 0], ['need-2', 0], ['need-1', 1]] as const) {
      const old = event('NeedListed', { stream, revision });
      insert.run(stream, revision, old.eventId, old.type, JSON.stringify(old.data), JSON.stringify(old.metadata));
    }
    legacy.close();
    store = await openSqliteEventStore(legacyPath, { checkpointEvery: 2 });
    expect(await store.verifyIntegrity()).toEqual({ ok: true, eventsChecked: 3, checkpointsChecked: 1, sealedThrough: 2, firstBreak: null });
    await store.append('need-1', [event('NeedVerified')], 1);
    expect(await store.verifyIntegrity()).toMatchObject({ ok: true, eventsChecked: 4, checkpointsChecked: 2 });
    const raw = new Database(legacyPath, { readonly: true });
    expect(raw.prepare('SELECT count(*) AS n FROM events WHERE hash IS NULL').get()).toEqual({ n: 0 });
    raw.close();
  });

  it('uses a Database it is given without closing it', async () => {
    const database = new Database(':memory:');
    const onGiven = new SqliteEventStore(database);
    await onGiven.append('need-1', [event('NeedListed')], 'no_stream');
    await onGiven.close();
    expect(database.open).toBe(true);
    expect(database.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 1 });
    database.close();
  });

  it('ends open subscriptions when the store closes', async () => {
    const subscription = store.subscribeToAll();
    const iterating = (async () => {
      for await (const _ of subscription) void _;
      return 'ended';
    })();
    await store.close();
    await expect(iterating).resolves.toBe('ended');
  });
});
