import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { assertValidAppend, checkExpectedRevision, resolveIdempotentRetry, toJsonText, type StoredEventRef } from '../append-rules.js';
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
import { AppendNotifier, PollingSubscription } from '../subscription/polling-subscription.js';

export interface SqliteEventStoreOptions {
  /** Fallback poll for live subscriptions, for writers in other processes. Default 250 ms. */
  pollIntervalMs?: number;
  /** How long a writer waits for another connection's write lock. Default 5000 ms. */
  busyTimeoutMs?: number;
}

interface EventRow {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
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
  UNIQUE (stream_id, revision)
);`;

const COLUMNS = 'position, stream_id, revision, event_id, type, schema_version, data, metadata';

/**
 * Store instances on the same file in one process share a notifier, so a subscriber on one
 * connection wakes immediately on another's append; other processes are seen by polling.
 */
const notifiersByFile = new Map<string, { notifier: AppendNotifier; users: number }>();

/**
 * The embedded default: one SQLite file in WAL mode.
 *
 * Global order without gaps comes from SQLite itself: appends run in an IMMEDIATE transaction
 * (one writer at a time across connections and processes), AUTOINCREMENT assigns positions inside
 * it, and a rolled-back append rolls its positions back too. A reader's WAL snapshot therefore
 * never shows position n+1 without n.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly ownsDatabase: boolean;
  private readonly fileKey: string | null;
  private readonly notifier: AppendNotifier;
  private readonly pollIntervalMs: number;
  private readonly subscriptions = new Set<PollingSubscription>();
  private closed = false;

  private readonly selectByEventIds: Database.Statement<[string], StoredEventRef>;
  private readonly selectStreamRevision: Database.Statement<[string], { revision: number | null }>;
  private readonly selectStreamLast: Database.Statement<[string], { revision: number; position: number }>;
  private readonly insertEvent: Database.Statement<[string, number, string, string, number, string, string]>;
  private readonly selectStream: Database.Statement<[string], EventRow>;
  private readonly selectAll: Database.Statement<[number, number], EventRow>;
  private readonly selectHead: Database.Statement<[], { head: number | null }>;

  constructor(pathOrDatabase: string | Database.Database, options: SqliteEventStoreOptions = {}) {
    if (typeof pathOrDatabase === 'string') {
      if (pathOrDatabase !== ':memory:') mkdirSync(dirname(resolve(pathOrDatabase)), { recursive: true });
      this.db = new Database(pathOrDatabase);
      this.ownsDatabase = true;
    } else {
      this.db = pathOrDatabase;
      this.ownsDatabase = false;
    }
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    if (!this.db.memory) this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL: a power loss may drop the last commits but never corrupts; a crash of the process loses nothing.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    this.db.exec(SCHEMA);

    this.fileKey = this.db.memory ? null : resolve(this.db.name);
    this.notifier = this.acquireNotifier();

    this.selectByEventIds = this.db.prepare(
      `SELECT event_id AS eventId, stream_id AS streamId, revision, position
         FROM events WHERE event_id IN (SELECT value FROM json_each(?))`,
    );
    this.selectStreamRevision = this.db.prepare('SELECT max(revision) AS revision FROM events WHERE stream_id = ?');
    this.selectStreamLast = this.db.prepare(
      'SELECT revision, position FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
    );
    this.insertEvent = this.db.prepare(
      `INSERT INTO events (stream_id, revision, event_id, type, schema_version, data, metadata)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectStream = this.db.prepare(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? ORDER BY revision`);
    this.selectAll = this.db.prepare(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`);
    this.selectHead = this.db.prepare('SELECT max(position) AS head FROM events');
  }

  async append(streamId: string, events: readonly EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    assertValidAppend(streamId, events, expectedRevision);
    const rows = events.map((event) => ({
      eventId: event.eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: toJsonText(event.data),
      metadata: toJsonText(event.metadata),
    }));
    let wrote = false;
    const appendInTransaction = this.db.transaction((): AppendResult => {
      if (events.length > 0) {
        const stored = this.selectByEventIds.all(JSON.stringify(events.map((event) => event.eventId)));
        const retried = resolveIdempotentRetry(streamId, events, stored);
        if (retried) return retried;
      }
      const current = this.selectStreamRevision.get(streamId)?.revision ?? -1;
      checkExpectedRevision(streamId, expectedRevision, current);
      if (rows.length === 0) {
        return { nextExpectedRevision: current, position: this.selectStreamLast.get(streamId)?.position ?? 0 };
      }
      let position = 0;
      rows.forEach((row, index) => {
        const inserted = this.insertEvent.run(streamId, current + 1 + index, row.eventId, row.type, row.schemaVersion, row.data, row.metadata);
        position = Number(inserted.lastInsertRowid);
      });
      wrote = true;
      return { nextExpectedRevision: current + rows.length, position };
    });
    try {
      // IMMEDIATE takes the write lock before reading the stream's revision: no lost update between connections.
      const result = appendInTransaction.immediate();
      if (wrote) this.notifier.notify();
      return result;
    } catch (error) {
      throw this.translate(error);
    }
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
    const subscription: PollingSubscription = new PollingSubscription(
      {
        readAll: (page) => this.readAll(page),
        onAppended: (listener) => this.notifier.subscribe(listener),
      },
      options,
      { pollIntervalMs: this.pollIntervalMs, onClosed: () => this.subscriptions.delete(subscription) },
    );
    this.subscriptions.add(subscription);
    return subscription;
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
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    this.releaseNotifier();
    if (this.ownsDatabase) this.db.close();
  }

  private acquireNotifier(): AppendNotifier {
    if (this.fileKey === null) return new AppendNotifier();
    const shared = notifiersByFile.get(this.fileKey) ?? { notifier: new AppendNotifier(), users: 0 };
    shared.users += 1;
    notifiersByFile.set(this.fileKey, shared);
    return shared.notifier;
  }

  private releaseNotifier(): void {
    if (this.fileKey === null) return;
    const shared = notifiersByFile.get(this.fileKey);
    if (shared && --shared.users === 0) notifiersByFile.delete(this.fileKey);
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

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as RecordedEvent['metadata'],
  };
}

/** Opens (creating if needed) the SQLite event store at `path`, or an in-memory one for ':memory:'. */
export async function openSqliteEventStore(path: string, options: SqliteEventStoreOptions = {}): Promise<SqliteEventStore> {
  return new SqliteEventStore(path, options);
}
