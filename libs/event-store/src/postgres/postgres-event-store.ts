import { type ColumnType, type Generated, Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import { assertValidAppend } from '../append-rules.js';
import {
  type AppendResult,
  type EventStore,
  EventStoreUnavailableError,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '../port.js';
import type { IntegrityReport, TamperEvidentStore } from '../integrity/verify.js';
import { AppendNotifier, LiveSubscriptions } from '../subscription/polling-subscription.js';
import { appendArguments, appendOutcome, callAppend } from './postgres-append-call.js';
import { AppendNotifications } from './postgres-append-notifications.js';
import { guardPostgres, isUniqueViolation, openEventStorePool } from './postgres-connection.js';
import { appendStatement, eventStoreMigration, MIGRATION_LOCK_NAMESPACE } from './postgres-event-store-schema.js';
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
 * One call of the function, its arguments and its answer: postgres-append-call.ts. The pool, and what a
 * database error means to the port: postgres-connection.ts.
 *
 * Live subscriptions: own subscribers are woken at once, other processes by one coalesced NOTIFY per
 * burst of appends, with a poll for lost notifications (postgres-append-notifications.ts).
 */
export class PostgresEventStore implements EventStore, TamperEvidentStore {
  private readonly root: Kysely<EventStoreTables>;
  private readonly pool: pg.Pool;
  private readonly table: string;
  private readonly notifier = new AppendNotifier();
  private readonly notifications: AppendNotifications;
  private readonly live: LiveSubscriptions;
  private readonly statements: Record<'append' | 'readStream' | 'readAll' | 'head', string>;
  private readonly chain: PostgresHashChain;
  private closed = false;

  constructor(
    connectionString: string,
    readonly schema: string,
    options: PostgresEventStoreOptions = {},
  ) {
    if (!SQL_IDENTIFIER.test(schema)) throw new TypeError(`schema must be a lower-case SQL identifier, got "${schema}"`);
    this.table = `"${schema}".events`;
    this.pool = openEventStorePool(connectionString, options);
    this.root = new Kysely<EventStoreTables>({ dialect: new PostgresDialect({ pool: this.pool }) });
    this.chain = new PostgresHashChain(this.pool, schema, () => this.headPosition(), options.checkpointEvery);
    this.statements = { append: appendStatement(schema), ...readStatements(this.table) };
    this.live = new LiveSubscriptions(
      { readAll: (page) => this.readAll(page), onAppended: (listener) => this.notifier.subscribe(listener) },
      options.pollIntervalMs ?? 500,
    );
    this.notifications = new AppendNotifications({
      pool: this.pool,
      connectionString,
      // NOTIFY channels are identifiers: at most 63 bytes.
      channel: `wushe_events_${schema}`.slice(0, 63),
      notifier: this.notifier,
      closed: () => this.closed,
      wanted: () => this.live.any,
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
    await guardPostgres(async () => {
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
    const values = appendArguments(streamId, events, expectedRevision);
    const result = await guardPostgres(async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          const rows = await callAppend(this.pool, this.statements.append, values);
          return appendOutcome(streamId, events, expectedRevision, rows[0]!);
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

  /** Recomputes the hash chains and checkpoints of every committed event (see libs/event-store/README.md). */
  async verifyIntegrity(): Promise<IntegrityReport> {
    this.assertOpen();
    return guardPostgres(() => this.chain.verify());
  }

  /** Seals every checkpoint whose range is settled; appends do it in the background. */
  async sealCheckpoints(): Promise<void> {
    this.assertOpen();
    await this.chain.settle();
    await guardPostgres(() => this.chain.seal());
  }

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    this.assertOpen();
    const { rows } = await guardPostgres(() =>
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
    const { rows } = await guardPostgres(() =>
      this.pool.query<SettledEventRow>({ name: 'wushe_read_all', text: this.statements.readAll, values: [after, limit] }),
    );
    return settledPrefix(rows, after);
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    this.notifications.ensureListening();
    return this.live.subscribe(options);
  }

  /**
   * The highest settled position: every position at or below it is committed or will never be.
   * The highest row below the oldest transaction in flight, then up from it while positions are dense.
   */
  async headPosition(): Promise<number> {
    this.assertOpen();
    const { rows } = await guardPostgres(() =>
      this.pool.query<{ head: number }>({ name: 'wushe_head', text: this.statements.head }),
    );
    return rows[0]?.head ?? 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.live.closeAll();
    await this.notifications.close();
    await this.chain.settle();
    await this.root.destroy();
  }

  /** Drops the schema with everything in it: for tests and throwaway environments only. */
  async dropSchema(): Promise<void> {
    await guardPostgres(() => this.root.schema.dropSchema(this.schema).ifExists().cascade().execute());
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('The PostgreSQL event store is closed');
  }

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
