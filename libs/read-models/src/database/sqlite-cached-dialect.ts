import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/** Rewrites a statement's text before it is prepared (rebuilds write into shadow tables this way). */
export type SqlRewrite = (sql: string) => string;

/**
 * The one SQLite connection of a read-model store, shared by every Kysely over it: one mutex (SQLite
 * has one writer; Kysely's own driver serialises the same way), prepared statements kept by SQL text.
 *
 * Kysely's stock SqliteDriver calls `db.prepare(sql)` on every execution: 31% of a rebuild's CPU.
 * Projections and queries compile to a few hundred distinct texts, so a bounded LRU keeps every one.
 */
export class SqliteConnectionCore {
  private locked: Promise<void> | null = null;
  private unlock: (() => void) | null = null;

  constructor(
    readonly database: BetterSqlite3.Database,
    readonly cacheSize = 1000,
  ) {}

  async lock(): Promise<void> {
    while (this.locked) await this.locked;
    this.locked = new Promise((resolve) => {
      this.unlock = resolve;
    });
  }

  release(): void {
    const unlock = this.unlock;
    this.locked = null;
    this.unlock = null;
    unlock?.();
  }
}

class CachingSqliteConnection implements DatabaseConnection {
  /** Insertion order = recency: a hit moves the entry to the end, the first one is the eldest. */
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(
    private readonly core: SqliteConnectionCore,
    private readonly rewrite: SqlRewrite | null,
  ) {}

  private statement(sql: string): BetterSqlite3.Statement {
    const cached = this.statements.get(sql);
    if (cached) {
      this.statements.delete(sql);
      this.statements.set(sql, cached);
      return cached;
    }
    const statement = this.core.database.prepare(this.rewrite ? this.rewrite(sql) : sql);
    this.statements.set(sql, statement);
    if (this.statements.size > this.core.cacheSize) this.statements.delete(this.statements.keys().next().value!);
    return statement;
  }

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return Promise.resolve(this.run<R>(compiledQuery));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private run<R>({ sql, parameters }: CompiledQuery): QueryResult<R> {
    const statement = this.statement(sql);
    if (statement.reader) return { rows: statement.all(parameters as unknown[]) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters as unknown[]);
    return {
      numAffectedRows: changes !== undefined && changes !== null ? BigInt(changes) : undefined,
      insertId: lastInsertRowid !== undefined && lastInsertRowid !== null ? BigInt(lastInsertRowid) : undefined,
      rows: [],
    };
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    // An iterating statement is busy until it ends: a fresh one, never the cached one.
    const { sql, parameters, query } = compiledQuery;
    if (!SelectQueryNode.is(query)) throw new Error('Sqlite driver only supports streaming of select queries');
    const statement = this.core.database.prepare(this.rewrite ? this.rewrite(sql) : sql);
    for (const row of statement.iterate(parameters as unknown[])) yield { rows: [row as R] };
  }
}

class CachingSqliteDriver implements Driver {
  private readonly connection: CachingSqliteConnection;

  constructor(
    private readonly core: SqliteConnectionCore,
    rewrite: SqlRewrite | null,
    private readonly ownsDatabase: boolean,
  ) {
    this.connection = new CachingSqliteConnection(core, rewrite);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.core.lock();
    return this.connection;
  }

  /**
   * IMMEDIATE: every read-model transaction writes (rows, checkpoints, leases). A deferred one that
   * reads first and then writes after another process committed (a second projector, the API) gets
   * SQLITE_BUSY at once — the busy timeout cannot help a snapshot that went stale. Taking the write
   * lock at BEGIN makes it wait its turn under the busy timeout instead.
   */
  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, name: string, _compile: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(savepoint('savepoint', name));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, _compile: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(savepoint('rollback to', name));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, _compile: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(savepoint('release', name));
  }

  async releaseConnection(): Promise<void> {
    this.core.release();
  }

  async destroy(): Promise<void> {
    if (this.ownsDatabase) this.core.database.close();
  }
}

// Kysely's savepoint parser is internal; the raw statement says the same.
const savepoint = (command: string, name: string) => CompiledQuery.raw(`${command} "${name.replace(/"/g, '""')}"`);

/** Kysely's SQLite dialect over a shared connection core whose statements are prepared once per text. */
export class CachingSqliteDialect implements Dialect {
  constructor(
    private readonly core: SqliteConnectionCore,
    private readonly options: { rewrite?: SqlRewrite; ownsDatabase?: boolean } = {},
  ) {}

  createDriver(): Driver {
    return new CachingSqliteDriver(this.core, this.options.rewrite ?? null, this.options.ownsDatabase ?? true);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}
