import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { checkpointWalOffThread, type WalCheckpointOptions } from '#event-store';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { preparedStatementPool } from './pg-prepared-pool.js';
import { CachingSqliteDialect, SqliteConnectionCore } from './sqlite-cached-dialect.js';
import { shadowRenamer } from './shadow-tables.js';

/**
 * One SQL layer for both read-model stores: projections and queries are written once against
 * Kysely and run on SQLite (embedded default) and PostgreSQL (production).
 *
 * Portable column conventions every projection follows:
 * - flags are `integer` 0/1 (SQLite has no boolean and better-sqlite3 refuses to bind one);
 * - instants and dates are ISO-8601 `text` (lexical order is time order);
 * - money is integer fen in `bigint`; hours are `double precision`;
 * - lists are JSON `text`, with a side table where a list must be filtered on.
 */
export type ReadModelDatabaseOptions =
  | { kind: 'sqlite'; path: string; walCheckpoints?: WalCheckpointOptions }
  | { kind: 'postgres'; connectionString: string; schema: string; poolSize?: number };

export interface ReadModelDatabase {
  readonly kind: 'sqlite' | 'postgres';
  /** Kysely over the store; untyped here, each projection narrows it to its own tables. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly db: Kysely<any>;
  /** The PostgreSQL schema holding the tables; null on SQLite. */
  readonly schema: string | null;
  /**
   * The same store seen through a rename: the named tables (and the indexes created on them) are
   * read and written as `<name>__next`. A rebuild projects into this view, then swaps the tables in
   * (framework/shadow-swap.ts). Shares the connection (SQLite) or the pool (PostgreSQL); never close it.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  shadow(tables: readonly string[]): Kysely<any>;
  close(): Promise<void>;
}

const SQL_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

// int8 (counts, sums, positions) and numeric (averages) arrive as strings from pg; every figure
// in the read models fits a double, so both stores answer plain numbers.
const PG_INT8 = 20;
const PG_NUMERIC = 1700;
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === PG_INT8 || oid === PG_NUMERIC) return (value: string) => Number(value);
    return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export async function openReadModelDatabase(options: ReadModelDatabaseOptions): Promise<ReadModelDatabase> {
  if (options.kind === 'sqlite') return openSqlite(options.path, options.walCheckpoints);
  return openPostgres(options.connectionString, options.schema, options.poolSize ?? 10);
}

/** How long a SQLite read-model connection waits for another's write lock before it gives up. */
const READ_MODEL_BUSY_TIMEOUT_MS = 30_000;

function openSqlite(path: string, walCheckpoints: WalCheckpointOptions = {}): ReadModelDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  // Another process (the API, a second projector sharing the lists) may hold the write lock for a whole
  // catch-up batch (thousands of events, seconds on a loaded machine): wait for it, from the first
  // statement on (journal_mode too), rather than fail a start-up or a batch with "database is locked".
  const database = new Database(path, { timeout: READ_MODEL_BUSY_TIMEOUT_MS });
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  // Checkpoints (copying the WAL back, two fsyncs) run on the process's checkpoint thread, not inside a
  // projector's commit on the event loop that answers requests.
  const releaseCheckpoints = checkpointWalOffThread(database, walCheckpoints);
  // Statements are prepared once per SQL text and reused (Kysely's own driver prepares on every execution).
  const core = new SqliteConnectionCore(database);
  const db = new Kysely({ dialect: new CachingSqliteDialect(core) });
  return {
    kind: 'sqlite',
    db,
    schema: null,
    shadow: (tables) => new Kysely({ dialect: new CachingSqliteDialect(core, { rewrite: shadowRenamer(tables), ownsDatabase: false }) }),
    // The checkpoint thread's connection closes first: this one is then the last on the file, and its
    // close checkpoints and removes the WAL.
    close: async () => {
      await releaseCheckpoints();
      await db.destroy();
    },
  };
}

async function openPostgres(connectionString: string, schema: string, poolSize: number): Promise<ReadModelDatabase> {
  if (!SQL_IDENTIFIER.test(schema)) throw new Error(`Read-model schema must be a lower-case SQL identifier, got "${schema}"`);
  const setup = new pg.Client({ connectionString });
  await setup.connect();
  try {
    await setup.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await setup.end();
  }
  // search_path on every pooled connection: projections never spell the schema.
  const pool = new pg.Pool({ connectionString, max: poolSize, options: `-c search_path="${schema}"`, types: pgTypes });
  // DML runs as named prepared statements: parsed and planned once per connection.
  const db = new Kysely({ dialect: new PostgresDialect({ pool: preparedStatementPool(pool) }) });
  return {
    kind: 'postgres',
    db,
    schema,
    shadow: (tables) => new Kysely({ dialect: new PostgresDialect({ pool: preparedStatementPool(pool, { rewrite: shadowRenamer(tables), ownsPool: false }) }) }),
    close: () => db.destroy(),
  };
}
