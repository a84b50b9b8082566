import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/**
 * WAL checkpoints of this process's SQLite files (event store, read models) run on a worker thread (one per JS thread that opens stores)
 * with a connection of its own per file, instead of inside a commit on the event loop.
 *
 * SQLite's default (`wal_autocheckpoint = 1000` pages) makes the connection whose commit pushes the
 * WAL past 1000 pages copy every frame back into the database file and fsync both files, inside that
 * commit: under load that is the request-serving thread, every few dozen commits. Here the worker
 * copies the frames every `intervalMs` (PASSIVE: it never waits for nor blocks a writer or a reader),
 * and the serving connection's automatic checkpoint is raised to `safetyNetPages`.
 *
 * Why the WAL stays bounded: SQLite starts the WAL over only at a write that begins after a checkpoint
 * copied every frame and before any other commit. A PASSIVE checkpoint from another connection seldom
 * wins that race under steady load (commits land during its fsyncs), so the WAL grows to
 * `safetyNetPages`; there the serving connection's own automatic checkpoint runs, as SQLite always
 * does, finds nearly every frame already copied (only those since the worker's last pass are left),
 * completes, and its next commit starts the WAL over. The event loop thus pays one small checkpoint
 * per `safetyNetPages` instead of a full one per 1000 pages, and nothing else changes if the worker
 * falls behind or dies. Durability is untouched: a checkpoint only moves committed frames, and syncs
 * the WAL before and the database file after (the worker's connection runs `synchronous = FULL`,
 * which for a checkpoint syncs as NORMAL does); a commit's own sync (FULL mode) stays in the commit.
 *
 * Shutdown: `release` closes the worker's connection first, so the owner's close is the last one on
 * the file, and SQLite checkpoints and deletes the WAL there as before.
 */
export interface WalCheckpointOptions {
  /** How often the worker checkpoints each file, in milliseconds. Default 100. */
  intervalMs?: number;
  /** Pages of WAL at which the serving connection checkpoints by itself after all (SQLite's `wal_autocheckpoint`). Default 4096 (16 MiB of 4 KiB pages). */
  safetyNetPages?: number;
}

export const DEFAULT_WAL_CHECKPOINT_INTERVAL_MS = 100;
export const DEFAULT_WAL_SAFETY_NET_PAGES = 4_096;

type ToWorker =
  | { kind: 'add'; file: string; intervalMs: number }
  | { kind: 'remove'; file: string; ticket: number };
type FromWorker = { kind: 'removed'; ticket: number } | { kind: 'failed'; file: string; message: string };

// CommonJS, evaluated as the worker's source: no module file to find in dist/ or under jest.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const files = new Map();
const checkpoint = (file, entry) => {
  try {
    // One pass a tick: a pass holds the checkpoint lock, and the serving connection's safety-net
    // checkpoint skips (and the WAL grows on) while it is held.
    entry.db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ kind: 'failed', file, message: String(error && error.message) });
  }
};
parentPort.on('message', (message) => {
  if (message.kind === 'add') {
    const known = files.get(message.file);
    if (known) { known.users += 1; return; }
    let db;
    try {
      db = new Database(message.file, { fileMustExist: true });
      db.pragma('wal_autocheckpoint = 0');
      db.pragma('synchronous = FULL');
    } catch (error) {
      // The file went away (a test's directory removed) or cannot be opened: its owner's safety net checkpoints it.
      parentPort.postMessage({ kind: 'failed', file: message.file, message: String(error && error.message) });
      return;
    }
    const entry = { db, users: 1, timer: null };
    entry.timer = setInterval(() => checkpoint(message.file, entry), message.intervalMs);
    files.set(message.file, entry);
  } else if (message.kind === 'remove') {
    const entry = files.get(message.file);
    if (entry && --entry.users === 0) {
      clearInterval(entry.timer);
      files.delete(message.file);
      entry.db.close();
    }
    parentPort.postMessage({ kind: 'removed', ticket: message.ticket });
  }
});
`;

const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');

/** The checkpoint thread of this JS thread (a module static: a worker thread that opens stores, such as the lists thread, has its own), started with the first file and ended with the last. */
class CheckpointThread {
  private static current: CheckpointThread | null = null;
  private readonly worker: Worker;
  private files = 0;
  private nextTicket = 0;
  private exited = false;
  private readonly waiting = new Map<number, () => void>();

  private constructor() {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver: driverPath } });
    // A store left open must not keep the process alive for its checkpoints.
    this.worker.unref();
    this.worker.on('message', (message: FromWorker) => {
      if (message.kind === 'removed') {
        this.waiting.get(message.ticket)?.();
        this.waiting.delete(message.ticket);
      } else {
        // Not fatal: the serving connection's safety-net checkpoint still bounds the WAL.
        process.emitWarning(`WAL checkpoint of ${message.file} failed: ${message.message}`, 'WusheWalCheckpoint');
      }
    });
    this.worker.on('error', (error) => process.emitWarning(`WAL checkpoint thread ended: ${error.message}`, 'WusheWalCheckpoint'));
    this.worker.on('exit', () => {
      this.exited = true;
      for (const done of this.waiting.values()) done();
      this.waiting.clear();
      if (CheckpointThread.current === this) CheckpointThread.current = null;
    });
  }

  static forThisThread(): CheckpointThread {
    CheckpointThread.current ??= new CheckpointThread();
    return CheckpointThread.current;
  }

  add(file: string, intervalMs: number): void {
    this.files += 1;
    this.post({ kind: 'add', file, intervalMs });
  }

  /** Resolves once the worker's connection to `file` is closed (or the thread is gone). */
  async remove(file: string): Promise<void> {
    if (this.exited) return;
    const ticket = this.nextTicket++;
    const removed = new Promise<void>((done) => this.waiting.set(ticket, done));
    this.post({ kind: 'remove', file, ticket });
    await removed;
    if (--this.files === 0 && CheckpointThread.current === this) {
      CheckpointThread.current = null;
      await this.worker.terminate();
    }
  }

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }
}

/**
 * Moves the WAL checkpoints of `database` (a file, opened in WAL mode by the caller) to the process's
 * checkpoint thread; answers the function that hands them back, to be awaited before `database.close()`.
 * An in-memory database has no WAL: nothing to move, and the answer does nothing.
 */
export function checkpointWalOffThread(database: Database.Database, options: WalCheckpointOptions = {}): () => Promise<void> {
  if (database.memory) return async () => undefined;
  const intervalMs = Math.max(1, Math.trunc(options.intervalMs ?? DEFAULT_WAL_CHECKPOINT_INTERVAL_MS));
  const safetyNetPages = Math.max(1, Math.trunc(options.safetyNetPages ?? DEFAULT_WAL_SAFETY_NET_PAGES));
  database.pragma(`wal_autocheckpoint = ${safetyNetPages}`);
  const file = resolve(database.name);
  const thread = CheckpointThread.forThisThread();
  thread.add(file, intervalMs);
  let released: Promise<void> | null = null;
  return () => (released ??= thread.remove(file));
}
