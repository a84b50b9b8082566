import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { assertValidAppend, checkExpectedRevision, resolveIdempotentRetry, toJsonText, type StoredEventRef } from '../append-rules.js';
import { EVENT_COLUMNS, type EventRow, recordedEventOf } from '../event-row.js';
import {
  type AppendResult,
  type EventStore,
  EventStoreUnavailableError,
  type EventToAppend,
  type ExpectedRevision,
  IdempotencyMismatchError,
  type ReadAllOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
  WrongExpectedRevisionError,
} from '../port.js';
import { chainLink, contentDigest, GENESIS } from '../integrity/hash-chain.js';
import type { IntegrityReport, TamperEvidentStore } from '../integrity/verify.js';
import { type AppendNotifier, LiveSubscriptions } from '../subscription/polling-subscription.js';
import { acquireFileNotifier, releaseFileNotifier } from './sqlite-file-notifier.js';
import { SqliteHashChain } from './sqlite-hash-chain.js';
import { checkpointWalOffThread, type WalCheckpointOptions } from './sqlite-wal-checkpointer.js';

const DEFAULT_BUSY_TIMEOUT_MS = 30_000;

export interface SqliteEventStoreOptions {
  /** Fallback poll for live subscriptions, for writers in other processes. Default 250 ms. */
  pollIntervalMs?: number;
  /**
   * How long a writer waits for another connection's write lock. Default 30 s: another process (a
   * projector's policies, a second projector) may hold it for a whole batch on a loaded machine, and a
   * wait beats failing a start-up or a command with "database is locked".
   */
  busyTimeoutMs?: number;
  /**
   * 'normal' (default): WAL synced at checkpoints only; a power cut may lose the last commits, a
   * killed process loses nothing. 'full': the WAL is synced at every commit; a power cut loses
   * nothing acknowledged. See the README's durability table.
   */
  synchronous?: SqliteSynchronous;
  /**
   * Appends issued while the event loop is busy (concurrent commands) are committed together in one
   * transaction, each in a savepoint of its own, so they share one commit (one WAL sync in 'full').
   * Each caller is answered only after that commit. In 'normal' mode, where a commit syncs nothing,
   * the first append of a loop turn commits at once and only the ones after it wait (a lone writer
   * never waits); in 'full' every append waits, so the turn shares one sync. Default true.
   */
  groupCommit?: boolean;
  /** Positions per checkpoint of the tamper-evident record. Default 1000. */
  checkpointEvery?: number;
  /**
   * The WAL's checkpoints run on the process's checkpoint thread (sqlite-wal-checkpointer.ts), not in
   * an append's commit. Durability is the same either way: a checkpoint only copies committed frames.
   */
  walCheckpoints?: WalCheckpointOptions;
}

export type SqliteSynchronous = 'normal' | 'full';

interface AppendOutcome {
  result: AppendResult;
  wrote: boolean;
  /** The rows it inserted, in position order (empty when it wrote nothing): handed to this thread's subscribers after the commit. */
  rows: EventRow<string>[];
}

/** An append waiting for the next group commit. */
interface PendingAppend {
  streamId: string;
  events: readonly EventToAppend[];
  expectedRevision: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: Error): void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position       INTEGER PRIMARY KEY AUTOINCREMENT,
  stream_id      TEXT    NOT NULL,
  revision       INTEGER NOT NULL,
  event_id       TEXT    NOT NULL UNIQUE,
  type           TEXT    NOT NULL,
  schema_version INTEGER NOT NULL,
  data           TEXT    NOT NULL,
  metadata       TEXT    NOT NULL,
  hash           BLOB,
  UNIQUE (stream_id, revision)
);`;

/**
 * The embedded default: one SQLite file in WAL mode.
 *
 * Global order without gaps comes from SQLite itself: appends run in an IMMEDIATE transaction
 * (one writer at a time across connections and processes), AUTOINCREMENT assigns positions inside
 * it, and a rolled-back append rolls its positions back too. A reader's WAL snapshot therefore
 * never shows position n+1 without n.
 */
export class SqliteEventStore implements EventStore, TamperEvidentStore {
  private readonly db: Database.Database;
  /** The durability level the file runs at (see SqliteEventStoreOptions.synchronous). */
  readonly synchronous: SqliteSynchronous;
  private readonly ownsDatabase: boolean;
  private readonly fileKey: string | null;
  private readonly notifier: AppendNotifier;
  private readonly live: LiveSubscriptions;
  private readonly groupCommit: boolean;
  private pending: PendingAppend[] = [];
  /** An append already committed at once in this event-loop turn (group commit, 'normal' mode). */
  private committedThisTurn = false;
  private closed = false;
  private readonly releaseCheckpoints: () => Promise<void>;

  private readonly selectByEventIds: Database.Statement<[string], StoredEventRef>;
  private readonly selectStreamLast: Database.Statement<[string], { revision: number; position: number; hash: Buffer | null }>;
  private readonly insertEvent: Database.Statement<[string, number, string, string, number, string, string, Buffer]>;
  private readonly chain: SqliteHashChain;
  private readonly selectStream: Database.Statement<[string], EventRow<string>>;
  private readonly selectAll: Database.Statement<[number, number], EventRow<string>>;
  private readonly selectHead: Database.Statement<[], { head: number | null }>;
  private readonly appendOne: Database.Transaction<(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision) => AppendOutcome>;
  private readonly appendGroup: Database.Transaction<(group: readonly PendingAppend[]) => Array<AppendOutcome | { error: unknown }>>;

  constructor(pathOrDatabase: string | Database.Database, options: SqliteEventStoreOptions = {}) {
    this.synchronous = options.synchronous ?? 'normal';
    if (this.synchronous !== 'normal' && this.synchronous !== 'full') {
      throw new TypeError(`synchronous must be 'normal' or 'full', got ${String(this.synchronous)}`);
    }
    if (typeof pathOrDatabase === 'string') {
      if (pathOrDatabase !== ':memory:') mkdirSync(dirname(resolve(pathOrDatabase)), { recursive: true });
      this.db = new Database(pathOrDatabase);
      this.ownsDatabase = true;
    } else {
      this.db = pathOrDatabase;
      this.ownsDatabase = false;
    }
    // The wait for another connection's lock applies from the first statement on (journal_mode needs the lock too).
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS))}`);
    if (!this.db.memory) this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL: a power loss may drop the last commits but never corrupts; a crash of the process loses nothing.
    // FULL: every commit syncs the WAL before it returns.
    this.db.pragma(`synchronous = ${this.synchronous.toUpperCase()}`);
    this.groupCommit = options.groupCommit ?? true;
    this.db.exec(SCHEMA);
    // After the schema: the checkpoint thread opens the file, which exists from here on.
    this.releaseCheckpoints = checkpointWalOffThread(this.db, options.walCheckpoints);
    this.chain = new SqliteHashChain(this.db, options.checkpointEvery);

    this.fileKey = this.db.memory ? null : resolve(this.db.name);
    this.notifier = acquireFileNotifier(this.fileKey);
    this.live = new LiveSubscriptions(
      { readAll: (page) => this.readAll(page), onAppended: (listener) => this.notifier.subscribe(listener) },
      options.pollIntervalMs ?? 250,
    );

    this.selectByEventIds = this.db.prepare(
      `SELECT event_id AS eventId, stream_id AS streamId, revision, position
         FROM events WHERE event_id IN (SELECT value FROM json_each(?))`,
    );
    this.selectStreamLast = this.db.prepare(
      'SELECT revision, position, hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
    );
    this.insertEvent = this.db.prepare(
      `INSERT INTO events (stream_id, revision, event_id, type, schema_version, data, metadata, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectStream = this.db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? ORDER BY revision`);
    this.selectAll = this.db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`);
    this.selectHead = this.db.prepare('SELECT max(position) AS head FROM events');
    this.appendOne = this.db.transaction((streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision) =>
      this.appendChecked(streamId, events, expected),
    );
    this.appendGroup = this.db.transaction((group: readonly PendingAppend[]) =>
      group.map((append) => {
        try {
          return this.appendOne(append.streamId, append.events, append.expectedRevision);
        } catch (error) {
          return { error };
        }
      }),
    );
  }

  async append(streamId: string, events: readonly EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    assertValidAppend(streamId, events, expectedRevision);
    // IMMEDIATE takes the write lock before reading the stream's revision: no lost update between connections.
    if (!this.groupCommit) return this.commitAtOnce(streamId, events, expectedRevision);
    if (this.synchronous === 'normal' && this.pending.length === 0 && !this.committedThisTurn) {
      // In 'normal' a commit syncs nothing: the first append of a loop turn commits at once (a lone
      // writer never waits a turn); the appends that follow it within the turn are grouped.
      this.committedThisTurn = true;
      setImmediate(() => (this.committedThisTurn = false));
      return this.commitAtOnce(streamId, events, expectedRevision);
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ streamId, events, expectedRevision, resolve, reject });
      // The first waiting append schedules the commit after the I/O callbacks of this loop turn,
      // so appends of requests read in the same turn join it.
      if (this.pending.length === 1) setImmediate(() => this.commitPending());
    });
  }

  private commitAtOnce(streamId: string, events: readonly EventToAppend[], expectedRevision: ExpectedRevision): AppendResult {
    try {
      const { result, wrote, rows } = this.appendOne.immediate(streamId, events, expectedRevision);
      if (wrote) this.committed(rows);
      return result;
    } catch (error) {
      throw this.translate(error);
    }
  }

  /** One append's checks and inserts; run as `appendOne`, a savepoint of its own inside a group commit. */
  private appendChecked(streamId: string, events: readonly EventToAppend[], expectedRevision: ExpectedRevision): AppendOutcome {
    if (events.length > 0) {
      const stored = this.selectByEventIds.all(JSON.stringify(events.map((event) => event.eventId)));
      const retried = resolveIdempotentRetry(streamId, events, stored);
      if (retried) return { result: retried, wrote: false, rows: [] };
    }
    const last = this.selectStreamLast.get(streamId);
    const current = last?.revision ?? -1;
    checkExpectedRevision(streamId, expectedRevision, current);
    if (events.length === 0) {
      return { result: { nextExpectedRevision: current, position: last?.position ?? 0 }, wrote: false, rows: [] };
    }
    let position = 0;
    let link = last?.hash ?? GENESIS;
    const rows: EventRow<string>[] = [];
    events.forEach((event, index) => {
      const revision = current + 1 + index;
      const [dataText, metadataText] = [toJsonText(event.data), toJsonText(event.metadata)];
      link = chainLink(link, revision, contentDigest({ streamId, type: event.type, schemaVersion: event.schemaVersion, dataText, metadataText }));
      const inserted = this.insertEvent.run(streamId, revision, event.eventId, event.type, event.schemaVersion, dataText, metadataText, link);
      position = Number(inserted.lastInsertRowid);
      // The row as stored (the same text a read parses), so a hand-off answers what a read would.
      rows.push({ position, stream_id: streamId, revision, event_id: event.eventId, type: event.type, schema_version: event.schemaVersion, data: dataText, metadata: metadataText });
    });
    return { result: { nextExpectedRevision: current + events.length, position }, wrote: true, rows };
  }

  /**
   * Group commit: every waiting append in one IMMEDIATE transaction, each in its own savepoint (a
   * refused append rolls back alone), one commit for all. Callers are answered after the commit;
   * if the commit itself fails, every append of the group fails and none is stored.
   */
  private commitPending(): void {
    const group = this.pending;
    this.pending = [];
    if (group.length === 0) return;
    let outcomes: Array<AppendOutcome | { error: unknown }>;
    try {
      if (group.length === 1) {
        // A lone append needs no savepoint: its own transaction either commits or not.
        const only = group[0]!;
        try {
          outcomes = [this.appendOne.immediate(only.streamId, only.events, only.expectedRevision)];
        } catch (error) {
          if (error instanceof WrongExpectedRevisionError || error instanceof IdempotencyMismatchError) outcomes = [{ error }];
          else throw error;
        }
      } else {
        outcomes = this.appendGroup.immediate(group);
      }
    } catch (error) {
      const failure = this.translate(error);
      for (const append of group) append.reject(failure);
      return;
    }
    // The group's appends ran one after the other in its transaction: their rows are in position order
    // (a savepoint rolled back gave its positions back, so the committed ones are contiguous).
    const written = outcomes.flatMap((outcome) => ('wrote' in outcome && outcome.wrote ? outcome.rows : []));
    if (written.length > 0) this.committed(written);
    group.forEach((append, index) => {
      const outcome = outcomes[index]!;
      if ('error' in outcome) append.reject(this.translate(outcome.error));
      else append.resolve(outcome.result);
    });
  }

  /**
   * After a commit: hands its rows to this store's subscriptions that are right behind them (they need
   * not read them back), wakes the others and every other subscriber on the file, seals the
   * checkpoints the commit completed.
   */
  private committed(rows: readonly EventRow<string>[]): void {
    const position = rows[rows.length - 1]!.position;
    // Inside an outer transaction of a caller's own (a shared connection), the rows are not committed yet.
    if (this.db.inTransaction) {
      this.notifier.notify();
    } else {
      this.live.handOff(rows, toRecordedEvent);
      this.notifier.notify(position);
    }
    try {
      this.chain.sealIfDue(position);
    } catch {
      // The append is committed; a checkpoint not sealed now (the file busy) is sealed after the next one.
    }
  }

  /** Recomputes the hash chains and checkpoints of the whole file (see libs/event-store/README.md). */
  async verifyIntegrity(): Promise<IntegrityReport> {
    this.assertOpen();
    return this.chain.verify();
  }

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    this.assertOpen();
    try {
      return this.selectStream.all(streamId).map(toRecordedEvent);
    } catch (error) {
      throw this.translate(error);
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const after = options.after ?? 0;
    // SQLite reads LIMIT -1 as "no limit".
    const limit = options.limit === undefined ? -1 : Math.max(0, Math.trunc(options.limit));
    try {
      return this.selectAll.all(after, limit).map(toRecordedEvent);
    } catch (error) {
      throw this.translate(error);
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    return this.live.subscribe(options);
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    try {
      return this.selectHead.get()?.head ?? 0;
    } catch (error) {
      throw this.translate(error);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.commitPending(); // appends already accepted are committed before the file closes
    await this.live.closeAll();
    releaseFileNotifier(this.fileKey);
    // The checkpoint thread lets go of the file first, so the close below is the last connection's and
    // checkpoints and removes the WAL.
    await this.releaseCheckpoints();
    if (this.ownsDatabase) this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('The SQLite event store is closed');
  }

  private translate(error: unknown): Error {
    if (error instanceof WrongExpectedRevisionError || error instanceof IdempotencyMismatchError || error instanceof TypeError) {
      return error;
    }
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) {
      return new EventStoreUnavailableError(`SQLite event store failed: ${(error as Error).message}`, { cause: error });
    }
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** SQLite keeps the JSON columns as text. */
const toRecordedEvent = (row: EventRow<string>): RecordedEvent => recordedEventOf(row, (text) => JSON.parse(text) as unknown);

/** Opens (creating if needed) the SQLite event store at `path`, or an in-memory one for ':memory:'. */
export async function openSqliteEventStore(path: string, options: SqliteEventStoreOptions = {}): Promise<SqliteEventStore> {
  return new SqliteEventStore(path, options);
}
