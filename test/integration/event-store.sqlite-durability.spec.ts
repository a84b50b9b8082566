import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from '@jest/globals';
import { openSqliteEventStore, SqliteEventStore, type SqliteEventStoreOptions, WrongExpectedRevisionError } from '#event-store';
import { event, eventStoreConformanceSuite } from '../../libs/event-store/src/testing/conformance.js';

const tempDirs: string[] = [];
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'wushe-es-durable-'));
  tempDirs.push(dir);
  return join(dir, 'events.sqlite');
};
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// The same contract with each append in a transaction of its own, and in the durable mode.
for (const options of [{ groupCommit: false }, { synchronous: 'full', groupCommit: true }] satisfies SqliteEventStoreOptions[]) {
  eventStoreConformanceSuite(`SQLite (${JSON.stringify(options)})`, async () => {
    const path = tempFile();
    const store = await openSqliteEventStore(path, { pollIntervalMs: 50, ...options });
    return {
      store,
      connectAnother: () => openSqliteEventStore(path, { pollIntervalMs: 50, ...options }),
      cleanup: () => store.close(),
    };
  });
}

/** Frames in the file's write-ahead log: each commit appends the pages it changed, then syncs (in FULL). */
const walFramesAfter = async (options: SqliteEventStoreOptions, work: (store: Awaited<ReturnType<typeof openSqliteEventStore>>) => Promise<unknown>) => {
  const path = tempFile();
  const store = await openSqliteEventStore(path, options);
  await store.append('warm-up', [event('NeedListed')], 'no_stream');
  const probe = new Database(path);
  try {
    probe.pragma('wal_checkpoint(TRUNCATE)');
    await work(store);
    const [{ log }] = probe.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>;
    return log;
  } finally {
    probe.close();
    await store.close();
  }
};

const fiftyConcurrentAppends = (store: Awaited<ReturnType<typeof openSqliteEventStore>>) =>
  Promise.all(Array.from({ length: 50 }, (_, index) => store.append(`need-${index}`, [event('NeedListed', { index })], 'no_stream')));

describe('SQLite durability modes and group commit', () => {
  it('runs the file at the synchronous level asked for (normal by default, full on request)', async () => {
    for (const [options, level] of [[{}, 1], [{ synchronous: 'full' }, 2]] as const) {
      const database = new Database(tempFile());
      const store = new SqliteEventStore(database, options);
      expect(database.pragma('synchronous', { simple: true })).toBe(level);
      expect(store.synchronous).toBe(level === 2 ? 'full' : 'normal');
      await store.close();
      database.close();
    }
    await expect(openSqliteEventStore(tempFile(), { synchronous: 'off' as never })).rejects.toThrow(TypeError);
  });

  it('commits 50 concurrent appends together: a tenth of the log writes of one commit each', async () => {
    const grouped = await walFramesAfter({ synchronous: 'full' }, fiftyConcurrentAppends);
    const oneByOne = await walFramesAfter({ synchronous: 'full', groupCommit: false }, fiftyConcurrentAppends);
    expect(oneByOne).toBeGreaterThanOrEqual(50);
    expect(grouped * 10).toBeLessThanOrEqual(oneByOne);
  });

  it('in normal mode commits the first append of a loop turn at once and groups the ones after it', async () => {
    const path = tempFile();
    const store = await openSqliteEventStore(path);
    const probe = new Database(path, { readonly: true });
    const stored = () => (probe.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    try {
      const first = store.append('need-1', [event('NeedListed')], 'no_stream');
      expect(stored()).toBe(1); // a lone writer does not wait for the next turn
      const later = [store.append('need-2', [event('NeedListed')], 'no_stream'), store.append('need-3', [event('NeedListed')], 'no_stream')];
      expect(stored()).toBe(1); // waiting for their group
      await expect(Promise.all([first, ...later])).resolves.toEqual([
        { nextExpectedRevision: 0, position: 1 }, { nextExpectedRevision: 0, position: 2 }, { nextExpectedRevision: 0, position: 3 },
      ]);
      expect(stored()).toBe(3);
    } finally {
      probe.close();
      await store.close();
    }
    const grouped = await walFramesAfter({}, fiftyConcurrentAppends);
    const oneByOne = await walFramesAfter({ groupCommit: false }, fiftyConcurrentAppends);
    expect(grouped * 10).toBeLessThanOrEqual(oneByOne); // two commits instead of fifty
  });

  it('answers each append of a group on its own: a refused one rolls back alone, the others are stored in order', async () => {
    const store = await openSqliteEventStore(tempFile(), { synchronous: 'full' });
    try {
      await store.append('donation-1', [event('DonationPledged')], 'no_stream');
      const [first, stale, other, next] = await Promise.allSettled([
        store.append('donation-1', [event('DonationMatched', { n: 1 })], 0),
        store.append('donation-1', [event('DonationMatched', { n: 2 })], 0), // decided on the same state: a conflict
        store.append('need-7', [event('NeedListed')], 'no_stream'),
        store.append('donation-1', [event('DonationMatched', { n: 3 })], 1), // sees the first one of its group
      ]);
      expect(first).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 1 } });
      expect(stale).toMatchObject({ status: 'rejected', reason: expect.any(WrongExpectedRevisionError) });
      expect((stale as PromiseRejectedResult).reason).toMatchObject({ expected: 0, actual: 1 });
      expect(other).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 0 } });
      expect(next).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 2 } });
      expect((await store.readStream('donation-1')).map((e) => (e.data as { n?: number }).n)).toEqual([undefined, 1, 3]);
      const positions = (await store.readAll()).map((e) => e.position);
      expect(positions).toEqual([1, 2, 3, 4]);
    } finally {
      await store.close();
    }
  });

  it('commits appends still waiting for their group when the store closes', async () => {
    const path = tempFile();
    const store = await openSqliteEventStore(path);
    const appended = store.append('need-1', [event('NeedListed')], 'no_stream');
    await store.close();
    await expect(appended).resolves.toEqual({ nextExpectedRevision: 0, position: 1 });
    const reopened = await openSqliteEventStore(path);
    expect(await reopened.readStream('need-1')).toHaveLength(1);
    await reopened.close();
  });
});

describe('SQLITE_SYNCHRONOUS and SQLITE_GROUP_COMMIT settings', () => {
  it('default to normal with group commit, accept FULL in any case, refuse anything else', async () => {
    const { loadConfig, ConfigurationError } = await import('#platform');
    expect(loadConfig({})).toMatchObject({ SQLITE_SYNCHRONOUS: 'normal', SQLITE_GROUP_COMMIT: true });
    expect(loadConfig({ SQLITE_SYNCHRONOUS: 'FULL', SQLITE_GROUP_COMMIT: 'false' })).toMatchObject({ SQLITE_SYNCHRONOUS: 'full', SQLITE_GROUP_COMMIT: false });
    expect(() => loadConfig({ SQLITE_SYNCHRONOUS: 'off' })).toThrow(ConfigurationError);
  });
});
