import { type ColumnType, type Generated, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { assertValidAppend, resolveIdempotentRetry, type StoredEventRef, toJsonText } from '../append-rules.js';
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
import { chainDdl, PostgresHashChain, SQL_GENESIS, sqlChainLink } from './postgres-hash-chain.js';

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

/** Advisory-lock keys: (namespace, hash). The stream lock is per stream, the allocation lock per schema. */
const STREAM_LOCK_NAMESPACE = LOCK_NAMESPACE + 2;
const ALLOCATION_LOCK_NAMESPACE = LOCK_NAMESPACE + 3;

/** How the expected revision travels to the append function. */
const EXPECTED_CODES = { no_stream: -1, any: -2, stream_exists: -3 } as const;
/** Appends committed within this window share one NOTIFY to other processes. */
const NOTIFY_COALESCE_MS = 5;
const STATUS_APPENDED = 0;
const STATUS_CONFLICT = 1;
const STATUS_STORED = 2;

const EVENT_COLUMNS = 'position, stream_id, revision, event_id, type, schema_version, data, metadata';

interface EventRow {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: unknown;
}

interface AppendRow {
  o_status: number;
  o_revision: number | null;
  o_position: number | null;
  o_stored: StoredEventRef[] | null;
}

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
 * leaves a hole. Readers therefore deliver only a settled prefix of the log: walking up from a
 * checkpoint (itself settled), the next row is delivered when its position is the next integer
 * (nothing can be in between), or when its transaction id is below the oldest transaction still in
 * flight, `pg_snapshot_xmin(pg_current_snapshot())`: then every transaction that drew a lower
 * position has ended, because ids and positions were drawn together. A position held by a
 * transaction still in flight stops the walk until it commits or aborts; it is never skipped.
 * The same rule gives `headPosition` (the highest settled position), so a checkpoint taken from it
 * is safe too. Unlike a pure xmin filter, an unrelated long transaction elsewhere on the server
 * delays nothing as long as positions are dense.
 *
 * Live subscriptions: after a commit, one coalesced `pg_notify` per burst (not inside the append:
 * NOTIFY serialises committing transactions on a cluster-wide lock); one LISTEN connection per store
 * wakes its subscriptions, and a poll covers lost notifications. Own subscribers are woken at once.
 */
export class PostgresEventStore implements EventStore, TamperEvidentStore {
  private readonly root: Kysely<EventStoreTables>;
  private readonly pool: pg.Pool;
  private readonly channel: string;
  private readonly table: string;
  private readonly pollIntervalMs: number;
  private readonly notifier = new AppendNotifier();
  private readonly subscriptions = new Set<PollingSubscription>();
  private readonly statements: Record<'append' | 'readStream' | 'readAll' | 'head', string>;
  private readonly chain: PostgresHashChain;
  private listener: pg.Client | null = null;
  private listenerRetry: NodeJS.Timeout | null = null;
  private listenerFailures = 0;
  private publishing: Promise<void> | null = null;
  private notifyTimer: NodeJS.Timeout | null = null;
  private publishAgain = false;
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
    const settled = 'transaction_id < pg_snapshot_xmin(pg_current_snapshot()) AS settled';
    this.statements = {
      append: `SELECT o_status, o_revision, o_position, o_stored FROM "${schema}".wushe_append($1, $2, $3, $4, $5, $6, $7, $8)`,
      readStream: `SELECT ${EVENT_COLUMNS} FROM ${this.table} WHERE stream_id = $1 ORDER BY revision`,
      readAll: `SELECT ${EVENT_COLUMNS}, ${settled} FROM ${this.table} WHERE position > $1 ORDER BY position LIMIT $2`,
      head: `WITH base AS (
          SELECT coalesce(max(position), 0) AS position FROM ${this.table}
          WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot()))
        SELECT greatest(base.position, max(chain.position) FILTER (WHERE chain.position - chain.rank = base.position)) AS head
        FROM base LEFT JOIN LATERAL (
          SELECT position, row_number() OVER (ORDER BY position) AS rank FROM ${this.table} WHERE position > base.position
        ) chain ON true
        GROUP BY base.position`,
    };
  }

  /**
   * Creates the schema, table, sequence and append function if missing, and upgrades a table of the
   * commit-lock era in place: its rows get transaction id 0 (settled for every reader) and the
   * sequence continues after its last position. Safe to run concurrently from several processes;
   * stop writers of the commit-lock version before the upgrade (they would draw positions by max+1).
   */
  async migrate(): Promise<void> {
    const s = this.schema;
    const sequence = `"${s}".events_position_seq`;
    const migration = `
      CREATE SCHEMA IF NOT EXISTS "${s}";
      CREATE TABLE IF NOT EXISTS ${this.table} (
        position bigint PRIMARY KEY,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_id text NOT NULL,
        revision integer NOT NULL,
        event_id text NOT NULL UNIQUE,
        type text NOT NULL,
        schema_version integer NOT NULL,
        data json NOT NULL,
        metadata json NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_stream_revision_key UNIQUE (stream_id, revision)
      );
      DO $migrate$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                       WHERE table_schema = '${s}' AND table_name = 'events' AND column_name = 'transaction_id') THEN
          ALTER TABLE ${this.table} ADD COLUMN transaction_id xid8 NOT NULL DEFAULT '0';
          ALTER TABLE ${this.table} ALTER COLUMN transaction_id SET DEFAULT pg_current_xact_id();
        END IF;
        IF to_regclass('${sequence}') IS NULL THEN
          CREATE SEQUENCE ${sequence} AS bigint;
          PERFORM setval('${sequence}', coalesce((SELECT max(position) FROM ${this.table}), 0) + 1, false);
        END IF;
      END $migrate$;
      ${chainDdl(s)}
      DROP FUNCTION IF EXISTS "${s}".wushe_append(text, bigint, text[], text[], integer[], text[], text[]);
      CREATE OR REPLACE FUNCTION "${s}".wushe_append(
        p_stream text, p_expected bigint, p_ids text[], p_types text[], p_versions integer[], p_data text[], p_metadata text[],
        p_contents bytea[],
        OUT o_status integer, OUT o_revision bigint, OUT o_position bigint, OUT o_stored json)
      LANGUAGE plpgsql AS $append$
      DECLARE
        v_count integer := coalesce(cardinality(p_ids), 0);
        v_current bigint;
        v_stream_position bigint;
        v_xid xid8;
        v_first bigint;
        v_id text;
        v_link bytea;
        v_links bytea[] := '{}';
      BEGIN
        -- Writers of one stream queue here; the lock ends with the transaction.
        PERFORM pg_advisory_xact_lock(${STREAM_LOCK_NAMESPACE}, hashtext('${s}/' || p_stream));
        -- One unique-index probe per eventId (a plan for "event_id = ANY(array)" scans the table
        -- while its statistics are young); the stored refs are collected only for a retry.
        FOREACH v_id IN ARRAY coalesce(p_ids, '{}') LOOP
          PERFORM 1 FROM ${this.table} WHERE event_id = v_id;
          IF FOUND THEN
            SELECT json_agg(json_build_object('eventId', e.event_id, 'streamId', e.stream_id, 'revision', e.revision, 'position', e.position))
              INTO o_stored FROM ${this.table} e WHERE e.event_id = ANY (p_ids);
            o_status := ${STATUS_STORED};
            RETURN;
          END IF;
        END LOOP;
        SELECT e.revision, e.position, e.hash INTO v_current, v_stream_position, v_link
          FROM ${this.table} e WHERE e.stream_id = p_stream ORDER BY e.revision DESC LIMIT 1;
        v_current := coalesce(v_current, -1);
        o_revision := v_current;
        IF NOT (p_expected = ${EXPECTED_CODES.any}
                OR (p_expected = ${EXPECTED_CODES.no_stream} AND v_current = -1)
                OR (p_expected = ${EXPECTED_CODES.stream_exists} AND v_current >= 0)
                OR p_expected = v_current) THEN
          o_status := ${STATUS_CONFLICT};
          RETURN;
        END IF;
        o_status := ${STATUS_APPENDED};
        IF v_count = 0 THEN
          o_position := coalesce(v_stream_position, 0);
          RETURN;
        END IF;
        -- Transaction id and positions drawn together, one writer at a time, for three statements only:
        -- a lower position always belongs to a lower transaction id. No EXCEPTION block here (it
        -- would open a subtransaction on every append): if anything fails while the session lock is
        -- held, the client closes the connection, and the lock ends with the session.
        PERFORM pg_advisory_lock(${ALLOCATION_LOCK_NAMESPACE}, hashtext('${s}'));
        v_xid := pg_current_xact_id();
        v_first := nextval('${sequence}');
        IF v_count > 1 THEN
          PERFORM setval('${sequence}', v_first + v_count - 1);
        END IF;
        PERFORM pg_advisory_unlock(${ALLOCATION_LOCK_NAMESPACE}, hashtext('${s}'));
        -- The tamper-evident record: each link chained to the previous one of the stream (hash-chain.ts).
        v_link := coalesce(v_link, ${SQL_GENESIS});
        IF v_count = 1 THEN -- the usual command: one fact; a VALUES row plans and runs in half the time
          v_link := ${sqlChainLink('v_link', 'v_current + 1', 'p_contents[1]')};
          INSERT INTO ${this.table} (position, transaction_id, stream_id, revision, event_id, type, schema_version, data, metadata, hash)
            VALUES (v_first, v_xid, p_stream, v_current + 1, p_ids[1], p_types[1], p_versions[1], p_data[1]::json, p_metadata[1]::json, v_link);
        ELSE
          FOR i IN 1..v_count LOOP
            v_link := ${sqlChainLink('v_link', 'v_current + i', 'p_contents[i]')};
            v_links := v_links || v_link;
          END LOOP;
          INSERT INTO ${this.table} (position, transaction_id, stream_id, revision, event_id, type, schema_version, data, metadata, hash)
            SELECT v_first + t.i - 1, v_xid, p_stream, v_current + t.i, t.id, t.type, t.version, t.data::json, t.metadata::json, t.hash
            FROM unnest(p_ids, p_types, p_versions, p_data, p_metadata, v_links) WITH ORDINALITY AS t(id, type, version, data, metadata, hash, i);
        END IF;
        o_revision := v_current + v_count;
        o_position := v_first + v_count - 1;
      END
      $append$;`;
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
      this.published();
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
      this.pool.query<EventRow & { settled: boolean }>({ name: 'wushe_read_all', text: this.statements.readAll, values: [after, limit] }),
    );
    const delivered: RecordedEvent[] = [];
    let previous = after;
    for (const row of rows) {
      if (row.position !== previous + 1 && !row.settled) break;
      delivered.push(toRecordedEvent(row));
      previous = row.position;
    }
    return delivered;
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
    if (this.listenerRetry) clearTimeout(this.listenerRetry);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    // Appends of the last few milliseconds still tell the other processes.
    if (this.notifyTimer) {
      clearTimeout(this.notifyTimer);
      await this.sendNotify();
    }
    await this.publishing;
    await this.chain.settle();
    await this.root.destroy();
  }

  /** Drops the schema with everything in it: for tests and throwaway environments only. */
  async dropSchema(): Promise<void> {
    await this.guard(() => this.root.schema.dropSchema(this.schema).ifExists().cascade().execute());
  }

  /**
   * After a committed append: wakes own subscribers at once, and other processes through one NOTIFY
   * per burst: appends committed within NOTIFY_COALESCE_MS, or while one NOTIFY is on its way, share
   * the next. (Sent per append it doubled the statements of a lone writer.)
   */
  private published(): void {
    this.notifier.notify();
    if (this.notifyTimer || this.publishing) {
      this.publishAgain = true;
      return;
    }
    this.notifyTimer = setTimeout(() => this.sendNotify(), NOTIFY_COALESCE_MS);
  }

  private sendNotify(): Promise<void> {
    this.notifyTimer = null;
    this.publishAgain = false;
    this.publishing = this.pool
      .query('SELECT pg_notify($1, $2)', [this.channel, ''])
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        this.publishing = null;
        if (this.publishAgain && !this.closed) {
          this.publishAgain = false;
          this.notifyTimer = setTimeout(() => this.sendNotify(), NOTIFY_COALESCE_MS);
        }
      });
    return this.publishing;
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

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const { code, constraint: violated } = error as { code?: unknown; constraint?: unknown };
  return code === '23505' && violated === constraint;
}

function toRecordedEvent(row: EventRow): RecordedEvent {
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
