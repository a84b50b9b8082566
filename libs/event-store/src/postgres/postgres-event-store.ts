import { type ColumnType, type Generated, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { assertValidAppend, resolveIdempotentRetry, toJsonText } from '../append-rules.js';
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
import { contentDigest } from '../integrity/hash-chain.js';
import type { IntegrityReport, TamperEvidentStore } from '../integrity/verify.js';
import { AppendNotifier, PollingSubscription } from '../subscription/polling-subscription.js';
import { AppendNotifications } from './postgres-append-notifications.js';
import {
  appendStatement,
  type AppendRow,
  EXPECTED_CODES,
  eventStoreMigration,
  MIGRATION_LOCK_NAMESPACE,
  STATUS_CONFLICT,
  STATUS_STORED,
} from './postgres-event-store-schema.js';
import { PostgresHashChain } from './postgres-hash-chain.js';
import { type EventRow, readStatements, type SettledEventRow, settledPrefix, toRecordedEvent } from './postgres-settled-read.js';

interface EventsTable {
  position: number;
  transaction_id: Generated<string>;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  schema_version: number;
  // Written as JSON text (kept byte for byte by the `json` type), read back parsed by pg.
  data: ColumnType<unknown, string, never>;
  metadata: ColumnType<unknown, string, never>;
  recorded_at: Generated<Date>;
}

interface EventStoreTables {
  events: EventsTable;
}

export interface PostgresEventStoreOptions {
  /** Connections in this store's pool. Default 10. */
  poolSize?: number;
  /** Fallback poll for live subscriptions when a notification is lost. Default 500 ms. */
  pollIntervalMs?: number;
  /** How long to wait for a connection before reporting the store unavailable. Default 5000 ms. */
  connectionTimeoutMs?: number;
  /** Positions per checkpoint of the tamper-evident record. Default 1000. */
  checkpointEvery?: number;
}

const SQL_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

// int8 (positions) arrives as text from pg; positions stay far below 2^53, so plain numbers.
const PG_INT8 = 20;
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === PG_INT8 && format !== 'binary') return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format ?? 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** SQLSTATE classes and socket errors that mean "the server is not there right now". */
const UNAVAILABLE_CODES = /^(08|53|57P|58)|^(ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|EPIPE|EHOSTUNREACH)$/;

/**
 * PostgreSQL event store.
 *
 * One round trip per append, no global lock held to commit: `append` is one call of a plpgsql
 * function (created by `migrate`) that
 *  1. takes a transaction-scoped advisory lock on the stream (writers of one stream queue, writers
 *     of different streams do not touch each other),
 *  2. looks up the batch's eventIds (idempotent retry) and the stream's revision (expected-revision
 *     check), answering a conflict or a retry as a status row instead of an exception,
 *  3. allocates the positions: under a per-schema advisory lock held for two statements only (not
 *     to commit), it assigns the transaction its id (`pg_current_xact_id()`) and draws the positions
 *     from a sequence, so transaction ids and positions rise together,
 *  4. inserts the events with their `transaction_id`. unique(stream_id, revision) and
 *     unique(event_id) back the checks up.
 *
 * Positions now commit out of order (a writer holding 41 may commit after 42) and a failed insert
 * leaves a hole: readers deliver only the settled prefix of the log, and `headPosition` is the highest
 * settled position (postgres-settled-read.ts). The table and the function: postgres-event-store-schema.ts.
 *
 * Live subscriptions: own subscribers are woken at once, other processes by one coalesced NOTIFY per
 * burst of appends, with a poll for lost notifications (postgres-append-notifications.ts).
 */
export class PostgresEventStore implements EventStore, TamperEvidentStore {
  private readonly root: Kysely<EventStoreTables>;
  private readonly pool: pg.Pool;
  private readonly table: string;
  private readonly pollIntervalMs: number;
  private readonly notifier = new AppendNotifier();
  private readonly notifications: AppendNotifications;
  private readonly subscriptions = new Set<PollingSubscription>();
  private readonly statements: Record<'append' | 'readStream' | 'readAll' | 'head', string>;
  private readonly chain: PostgresHashChain;
  private closed = false;

  constructor(
    connectionString: string,
    readonly schema: string,
    options: PostgresEventStoreOptions = {},
  ) {
    if (!SQL_IDENTIFIER.test(schema)) throw new TypeError(`schema must be a lower-case SQL identifier, got "${schema}"`);
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.table = `"${schema}".events`;
    this.pool = new pg.Pool({
      connectionString,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000,
      types: pgTypes,
    });
    // An idle client losing its server must not crash the process; the next query reports it.
    this.pool.on('error', () => undefined);
    this.root = new Kysely<EventStoreTables>({ dialect: new PostgresDialect({ pool: this.pool }) });
    this.chain = new PostgresHashChain(this.pool, schema, () => this.headPosition(), options.checkpointEvery);
    this.statements = { append: appendStatement(schema), ...readStatements(this.table) };
    this.notifications = new AppendNotifications({
      pool: this.pool,
      connectionString,
      // NOTIFY channels are identifiers: at most 63 bytes.
      channel: `wushe_events_${schema}`.slice(0, 63),
      notifier: this.notifier,
      closed: () => this.closed,
      wanted: () => this.subscriptions.size > 0,
    });
  }

  /**
   * Creates or upgrades the schema (postgres-event-store-schema.ts) and the tamper-evident record. Safe
   * to run concurrently from several processes; stop writers of the commit-lock version before the
   * upgrade (they would draw positions by max+1).
   */
  async migrate(): Promise<void> {
    const s = this.schema;
    const migration = eventStoreMigration(s);
    await this.guard(async () => {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [MIGRATION_LOCK_NAMESPACE, s]);
        await client.query(migration);
        await this.chain.upgrade(client);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    });
  }

  async append(streamId: string, events: readonly EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    assertValidAppend(streamId, events, expectedRevision);
    const data = events.map((event) => toJsonText(event.data));
    const metadata = events.map((event) => toJsonText(event.metadata));
    const values = [
      streamId,
      typeof expectedRevision === 'number' ? expectedRevision : EXPECTED_CODES[expectedRevision],
      events.map((event) => event.eventId),
      events.map((event) => event.type),
      events.map((event) => event.schemaVersion),
      data,
      metadata,
      // Content digests here, links in the append function under the stream lock (hash-chain.ts).
      events.map((event, index) =>
        contentDigest({ streamId, type: event.type, schemaVersion: event.schemaVersion, dataText: data[index]!, metadataText: metadata[index]! }),
      ),
    ];
    const result = await this.guard(async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          const rows = await this.callAppend(values);
          return this.appendOutcome(streamId, events, expectedRevision, rows[0]!);
        } catch (error) {
          // The same eventId raced in through another stream after the lookup: look again once,
          // and the lookup answers IdempotencyMismatchError (or the retry's original result).
          if (attempt === 0 && isUniqueViolation(error, 'events_event_id_key')) continue;
          throw error;
        }
      }
    });
    if (result.wrote) {
      this.notifications.published();
      this.chain.appended(result.answer.position);
    }
    return result.answer;
  }

  /**
   * One call of the append function on a connection of its own. A failed call may have left the
   * allocation lock (session-scoped) held, so its connection is closed instead of returned to the pool.
   */
  private async callAppend(values: unknown[]): Promise<AppendRow[]> {
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query<AppendRow>({ name: 'wushe_append', text: this.statements.append, values });
      client.release();
      return rows;
    } catch (error) {
      client.release(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  }

  private appendOutcome(
    streamId: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
    row: AppendRow,
  ): { answer: AppendResult; wrote: boolean } {
    if (row.o_status === STATUS_STORED) {
      const answer = resolveIdempotentRetry(streamId, events, row.o_stored ?? []);
      if (!answer) throw new Error('append function reported stored eventIds without any');
      return { answer, wrote: false };
    }
    if (row.o_status === STATUS_CONFLICT) throw new WrongExpectedRevisionError(streamId, expected, Number(row.o_revision));
    return { answer: { nextExpectedRevision: Number(row.o_revision), position: Number(row.o_position) }, wrote: events.length > 0 };
  }

  /** Recomputes the hash chains and checkpoints of every committed event (see libs/event-store/README.md). */
  async verifyIntegrity(): Promise<IntegrityReport> {
    this.assertOpen();
    return this.guard(() => this.chain.verify());
  }

  /** Seals every checkpoint whose range is settled; appends do it in the background. */
  async sealCheckpoints(): Promise<void> {
    this.assertOpen();
    await this.chain.settle();
    await this.guard(() => this.chain.seal());
  }

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    this.assertOpen();
    const { rows } = await this.guard(() =>
      this.pool.query<EventRow>({ name: 'wushe_read_stream', text: this.statements.readStream, values: [streamId] }),
    );
    return rows.map(toRecordedEvent);
  }

  /** The settled prefix after `after` (see the class comment): never a position past one still in flight. */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const after = options.after ?? 0;
    const limit = options.limit === undefined ? null : Math.max(0, Math.trunc(options.limit));
    if (limit === 0) return [];
    const { rows } = await this.guard(() =>
      this.pool.query<SettledEventRow>({ name: 'wushe_read_all', text: this.statements.readAll, values: [after, limit] }),
    );
    return settledPrefix(rows, after);
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    this.notifications.ensureListening();
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

  /**
   * The highest settled position: every position at or below it is committed or will never be.
   * The highest row below the oldest transaction in flight, then up from it while positions are dense.
   */
  async headPosition(): Promise<number> {
    this.assertOpen();
    const { rows } = await this.guard(() =>
      this.pool.query<{ head: number }>({ name: 'wushe_head', text: this.statements.head }),
    );
    return rows[0]?.head ?? 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.notifications.close();
    await this.chain.settle();
    await this.root.destroy();
  }

  /** Drops the schema with everything in it: for tests and throwaway environments only. */
  async dropSchema(): Promise<void> {
    await this.guard(() => this.root.schema.dropSchema(this.schema).ifExists().cascade().execute());
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('The PostgreSQL event store is closed');
  }

  /** Port errors pass through; everything the database throws becomes EventStoreUnavailableError. */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (
        error instanceof WrongExpectedRevisionError ||
        error instanceof IdempotencyMismatchError ||
        error instanceof EventStoreUnavailableError ||
        error instanceof TypeError
      ) {
        throw error;
      }
      const code = String((error as { code?: unknown }).code ?? '');
      const reason = UNAVAILABLE_CODES.test(code) ? 'unreachable' : 'failed';
      throw new EventStoreUnavailableError(`PostgreSQL event store ${reason}: ${(error as Error).message ?? String(error)}`, {
        cause: error,
      });
    }
  }
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const { code, constraint: violated } = error as { code?: unknown; constraint?: unknown };
  return code === '23505' && violated === constraint;
}

/** Connects, creates the schema and table if missing, and answers a ready store. */
export async function openPostgresEventStore(
  connectionString: string,
  schema: string,
  options: PostgresEventStoreOptions = {},
): Promise<PostgresEventStore> {
  const store = new PostgresEventStore(connectionString, schema, options);
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
