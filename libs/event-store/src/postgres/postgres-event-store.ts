import { type ColumnType, type Generated, Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import pg from 'pg';
import { assertValidAppend, checkExpectedRevision, resolveIdempotentRetry, toJsonText } from '../append-rules.js';
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

interface EventsTable {
  position: number;
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
}

const SQL_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** First half of every advisory-lock key this store takes ('WSHE'); the second half is the schema's hash. */
const LOCK_NAMESPACE = 0x57534845;
const MIGRATION_LOCK_NAMESPACE = LOCK_NAMESPACE + 1;

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
 * Global order without gaps: every append takes a transaction-scoped advisory lock on one key per
 * schema (a commit lock) and assigns positions as max(position)+1 while holding it. Appends
 * therefore commit one at a time in position order, and PostgreSQL makes a commit visible before it
 * releases the transaction's locks, so no reader ever sees position n+1 before n: a catch-up reader
 * cannot skip an event that commits later with a lower position (the failure mode of plain
 * sequences/identity columns). A rolled-back append leaves no hole either. The cost is one append
 * at a time per schema (measured in the README); readers take no lock.
 * unique(stream_id, revision) and unique(event_id) back the checks up at the storage level.
 *
 * Live subscriptions: the append transaction sends NOTIFY (delivered at commit) on a channel per
 * schema; one LISTEN connection per store wakes its subscriptions, and a poll covers lost notifications.
 */
export class PostgresEventStore implements EventStore {
  private readonly db: Kysely<EventStoreTables>;
  private readonly root: Kysely<EventStoreTables>;
  private readonly channel: string;
  private readonly pollIntervalMs: number;
  private readonly notifier = new AppendNotifier();
  private readonly subscriptions = new Set<PollingSubscription>();
  private listener: pg.Client | null = null;
  private listenerRetry: NodeJS.Timeout | null = null;
  private listenerFailures = 0;
  private closed = false;

  constructor(
    private readonly connectionString: string,
    readonly schema: string,
    options: PostgresEventStoreOptions = {},
  ) {
    if (!SQL_IDENTIFIER.test(schema)) throw new TypeError(`schema must be a lower-case SQL identifier, got "${schema}"`);
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    // NOTIFY channels are identifiers: at most 63 bytes.
    this.channel = `wushe_events_${schema}`.slice(0, 63);
    const pool = new pg.Pool({
      connectionString,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000,
      types: pgTypes,
    });
    // An idle client losing its server must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    this.root = new Kysely<EventStoreTables>({ dialect: new PostgresDialect({ pool }) });
    this.db = this.root.withSchema(schema);
  }

  /** Creates the schema and table if missing; safe to run concurrently from several processes. */
  async migrate(): Promise<void> {
    await this.guard(() =>
      this.root.transaction().execute(async (trx) => {
        await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_NAMESPACE}, hashtext(${this.schema}))`.execute(trx);
        await trx.schema.createSchema(this.schema).ifNotExists().execute();
        await trx.schema
          .withSchema(this.schema)
          .createTable('events')
          .ifNotExists()
          .addColumn('position', 'bigint', (column) => column.primaryKey())
          .addColumn('stream_id', 'text', (column) => column.notNull())
          .addColumn('revision', 'integer', (column) => column.notNull())
          .addColumn('event_id', 'text', (column) => column.notNull().unique())
          .addColumn('type', 'text', (column) => column.notNull())
          .addColumn('schema_version', 'integer', (column) => column.notNull())
          .addColumn('data', 'json', (column) => column.notNull())
          .addColumn('metadata', 'json', (column) => column.notNull())
          .addColumn('recorded_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
          .addUniqueConstraint('events_stream_revision_key', ['stream_id', 'revision'])
          .execute();
      }),
    );
  }

  async append(streamId: string, events: readonly EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    assertValidAppend(streamId, events, expectedRevision);
    const payloads = events.map((event) => ({ data: toJsonText(event.data), metadata: toJsonText(event.metadata) }));
    let wrote = false;
    const result = await this.guard(() =>
      this.db.transaction().execute(async (trx) => {
        await this.takeCommitLockAndNotify(trx);
        // One round trip for everything the checks need, read under the lock.
        const ids = events.length > 0 ? events.map((event) => event.eventId) : [''];
        const { stored, revision, head, streamPosition } = await trx
          .selectNoFrom((eb) => [
            jsonArrayFrom(
              eb
                .selectFrom('events')
                .select(['event_id as eventId', 'stream_id as streamId', 'revision', 'position'])
                .where('event_id', 'in', ids),
            ).as('stored'),
            eb.selectFrom('events').select((e) => e.fn.max('revision').as('r')).where('stream_id', '=', streamId).as('revision'),
            eb.selectFrom('events').select((e) => e.fn.max('position').as('p')).as('head'),
            eb.selectFrom('events').select((e) => e.fn.max('position').as('p')).where('stream_id', '=', streamId).as('streamPosition'),
          ])
          .executeTakeFirstOrThrow();
        const retried = resolveIdempotentRetry(streamId, events, stored);
        if (retried) return retried;
        const current = revision ?? -1;
        checkExpectedRevision(streamId, expectedRevision, current);
        if (events.length === 0) return { nextExpectedRevision: current, position: streamPosition ?? 0 };

        const first = (head ?? 0) + 1;
        await trx
          .insertInto('events')
          .values(
            events.map((event, index) => ({
              position: first + index,
              stream_id: streamId,
              revision: current + 1 + index,
              event_id: event.eventId,
              type: event.type,
              schema_version: event.schemaVersion,
              data: payloads[index]!.data,
              metadata: payloads[index]!.metadata,
            })),
          )
          .execute();
        const position = first + events.length - 1;
        wrote = true;
        return { nextExpectedRevision: current + events.length, position };
      }),
    );
    // Own subscribers need not wait for the NOTIFY round trip.
    if (wrote) this.notifier.notify();
    return result;
  }

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    this.assertOpen();
    const rows = await this.guard(() =>
      this.db.selectFrom('events').selectAll().where('stream_id', '=', streamId).orderBy('revision').execute(),
    );
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const { limit } = options;
    const rows = await this.guard(() =>
      this.db
        .selectFrom('events')
        .selectAll()
        .where('position', '>', options.after ?? 0)
        .orderBy('position')
        .$if(limit !== undefined, (query) => query.limit(Math.max(0, Math.trunc(limit!))))
        .execute(),
    );
    return rows.map(toRecordedEvent);
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    this.ensureListening();
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
    const row = await this.guard(() =>
      this.db.selectFrom('events').select((eb) => eb.fn.max('position').as('head')).executeTakeFirst(),
    );
    return row?.head ?? 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    if (this.listenerRetry) clearTimeout(this.listenerRetry);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    await this.root.destroy();
  }

  /** Drops the schema with everything in it: for tests and throwaway environments only. */
  async dropSchema(): Promise<void> {
    await this.guard(() => this.root.schema.dropSchema(this.schema).ifExists().cascade().execute());
  }

  /**
   * The commit lock, and the NOTIFY in the same round trip: PostgreSQL delivers it only if the
   * transaction commits, so listeners never wake for a rolled-back append.
   */
  private async takeCommitLockAndNotify(trx: Transaction<EventStoreTables>): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(${LOCK_NAMESPACE}, hashtext(${this.schema})), pg_notify(${this.channel}, '')`.execute(trx);
  }

  /** One LISTEN connection per store, reconnected with backoff; polling covers the time it is down. */
  private ensureListening(): void {
    if (this.listener || this.listenerRetry || this.closed) return;
    const client = new pg.Client({ connectionString: this.connectionString });
    this.listener = client;
    const reconnect = () => {
      if (this.listener !== client) return;
      this.listener = null;
      client.end().catch(() => undefined);
      if (this.closed || this.subscriptions.size === 0) return;
      const delay = Math.min(100 * 2 ** this.listenerFailures++, 10_000);
      this.listenerRetry = setTimeout(() => {
        this.listenerRetry = null;
        if (this.subscriptions.size > 0) this.ensureListening();
      }, delay);
    };
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.notifier.notify();
    });
    client.on('error', reconnect);
    client.on('end', reconnect);
    client
      .connect()
      .then(() => client.query(`LISTEN ${client.escapeIdentifier(this.channel)}`))
      .then(() => {
        this.listenerFailures = 0;
        // Anything committed while we were not listening is picked up by this wake-up.
        this.notifier.notify();
      })
      .catch(reconnect);
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

function toRecordedEvent(row: {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: unknown;
}): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    data: row.data,
    metadata: row.metadata as RecordedEvent['metadata'],
  };
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
