import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { TsLauncher } from '../../../../test/support/ts-launcher.js';
import { event } from '../testing/conformance-support.js';
import { SqliteEventStore } from './sqlite-event-store.js';
import { checkpointWalOffThread, DEFAULT_WAL_SAFETY_NET_PAGES } from './sqlite-wal-checkpointer.js';

const MiB = 1024 * 1024;
const HERE = dirname(fileURLToPath(import.meta.url));
const walBytes = (file: string): number => (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
const turn = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

/** A file in WAL mode as the stores open it, with a table that takes ~64 KiB (16 pages) per insert. */
function openWalFile(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
  return db;
}

/** `commits` transactions of ~256 KiB each, a short pause between them (the load of a projector); answers the largest WAL seen. */
async function writeUnderLoad(db: Database.Database, file: string, commits: number, pauseMs: number): Promise<number> {
  const insert = db.prepare('INSERT INTO rows (body) VALUES (?)');
  const commit = db.transaction(() => {
    for (let i = 0; i < 4; i++) insert.run(Buffer.alloc(64 * 1024, i));
  });
  let largest = 0;
  for (let n = 0; n < commits; n++) {
    commit();
    largest = Math.max(largest, walBytes(file));
    await turn(pauseMs);
  }
  return largest;
}

describe('WAL checkpoints off the serving thread', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wushe-wal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves the serving connection only a safety-net automatic checkpoint (SQLite checkpoints every 1000 pages inside a commit by default)', async () => {
    const file = join(dir, 'events.db');
    const db = new Database(file);
    const store = new SqliteEventStore(db);
    try {
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(DEFAULT_WAL_SAFETY_NET_PAGES);
    } finally {
      await store.close();
      db.close();
    }
  });

  it('copies committed pages into the database file on its thread while the serving connection never checkpoints', async () => {
    const file = join(dir, 'lists.db');
    const db = openWalFile(file);
    // The safety net out of reach: only the checkpoint thread can copy anything back.
    const release = checkpointWalOffThread(db, { intervalMs: 10, safetyNetPages: 1_000_000 });
    try {
      await writeUnderLoad(db, file, 32, 2); // 8 MiB
      const deadline = Date.now() + 5_000;
      while (statSync(file).size < 8 * MiB && Date.now() < deadline) await turn(20);
      expect(statSync(file).size).toBeGreaterThanOrEqual(8 * MiB);
      expect(db.prepare('SELECT count(*) AS n FROM rows').get()).toEqual({ n: 128 });
    } finally {
      await release();
      db.close();
    }
  });

  it('keeps the WAL within the safety net with both at work (64 MiB written)', async () => {
    const file = join(dir, 'lists.db');
    const db = openWalFile(file);
    const release = checkpointWalOffThread(db, { intervalMs: 10, safetyNetPages: 1024 });
    try {
      const largest = await writeUnderLoad(db, file, 256, 1);
      // 1024 pages of 4 KiB, plus the commits that land while the serving connection's checkpoint finds
      // the thread's in progress (it skips, and tries again at the next commit; a slow fsync on a loaded
      // disk makes that several): far below the 64 MiB written.
      expect(largest).toBeLessThan(16 * MiB);
      expect(db.prepare('SELECT count(*) AS n FROM rows').get()).toEqual({ n: 1024 });
    } finally {
      await release();
      db.close();
    }
  });

  it('bounds the WAL by the serving connection\'s safety net when the thread does not checkpoint in time', async () => {
    const file = join(dir, 'lists.db');
    const db = openWalFile(file);
    const release = checkpointWalOffThread(db, { intervalMs: 3_600_000, safetyNetPages: 256 });
    try {
      const largest = await writeUnderLoad(db, file, 128, 0);
      // 256 pages of 4 KiB, plus the one commit (64 pages) that crosses it.
      expect(largest).toBeLessThan(2 * MiB);
    } finally {
      await release();
      db.close();
    }
  });

  it('leaves a complete file and no WAL after the owner closes (the checkpoint thread lets go first)', async () => {
    const file = join(dir, 'lists.db');
    const db = openWalFile(file);
    const release = checkpointWalOffThread(db, { intervalMs: 3_600_000 });
    await writeUnderLoad(db, file, 16, 0);
    expect(walBytes(file)).toBeGreaterThan(0);
    await release();
    db.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reopened = new Database(file, { readonly: true });
    try {
      expect(reopened.prepare('SELECT count(*) AS n FROM rows').get()).toEqual({ n: 64 });
      expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      reopened.close();
    }
  });

  it('lets an event store close with its WAL checkpointed away and every event kept', async () => {
    const file = join(dir, 'events.db');
    const store = new SqliteEventStore(file);
    for (let n = 0; n < 50; n++) {
      await store.append(`need-${n}`, [event('NeedListed', { n })], 'no_stream');
    }
    await store.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reopened = new SqliteEventStore(file);
    try {
      expect((await reopened.readAll()).map((event) => event.position)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    } finally {
      await reopened.close();
    }
  });

  it('finishes a close awaited as the last thing a process does (the thread is unref\'d; its reply still keeps the process alive)', async () => {
    // A script whose only pending work is the close. A review feared that the unref'd worker's
    // reply would not keep the process alive, so Node would exit (13: unsettled top-level await)
    // before the owner's own close ran, leaving the WAL behind. It does not (the message in flight
    // holds the loop); this guards that.
    const file = join(dir, 'events.db');
    const script = join(dir, 'close-last.ts');
    const storeModule = join(HERE, 'sqlite-event-store.ts');
    writeFileSync(script, [
      `import { SqliteEventStore } from ${JSON.stringify(storeModule)};`,
      `const store = new SqliteEventStore(${JSON.stringify(file)});`,
      `await store.append('need-1', [{ eventId: crypto.randomUUID(), type: 'NeedListed', schemaVersion: 1, data: {} }], 'no_stream');`,
      'await store.close();',
      "console.log('closed');",
    ].join('\n'));
    const launcher = new TsLauncher('wal-close');
    try {
      const running = launcher.spawn(script, {});
      const { code } = await running.exited;
      expect({ code, output: running.output().trim() }).toEqual({ code: 0, output: 'closed' });
      expect(existsSync(`${file}-wal`)).toBe(false);
    } finally {
      launcher.remove();
    }
  }, 60_000);
});
