import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CompiledQuery, Kysely } from 'kysely';
import { CachingSqliteDialect, SqliteConnectionCore } from './sqlite-cached-dialect.js';

/** Parameters per statement: PostgreSQL takes at most 65,535, SQLite 32,766; rows per INSERT stay below both. */
const MAX_PARAMETERS = { postgres: 60_000, sqlite: 30_000 } as const;
const MAX_ROWS_PER_INSERT = 1_000;

/**
 * Where a rebuild replays before its rows reach the read-model store: a private SQLite file in the
 * temporary directory, with no journal and no fsync (a crash only loses a rebuild that restarts
 * from 0 anyway). Projections are written once against Kysely and run on both stores, so the same
 * handlers replay here at in-process speed (PostgreSQL: no round trip per row; SQLite: no WAL, and
 * the store's own connection stays free for queries), then `copyInto` ships every table to the
 * store's `__next` tables in multi-row INSERTs: about 1,000 rows per statement instead of one.
 */
export class RebuildStage {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly db: Kysely<any>;
  private readonly dir: string;
  private readonly database: Database.Database;
  private closed = false;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'wushe-rebuild-stage-'));
    this.database = new Database(join(this.dir, 'stage.sqlite'));
    this.database.pragma('journal_mode = OFF');
    this.database.pragma('synchronous = OFF');
    // 64 MiB of page cache: a stage of a few million rows stays mostly in memory.
    this.database.pragma('cache_size = -65536');
    this.db = new Kysely({ dialect: new CachingSqliteDialect(new SqliteConnectionCore(this.database)) });
  }

  /**
   * Copies every row of the staged tables into `target` (the store's `__next` view, which renames
   * them), in one transaction: the shadow tables hold all of the stage or none of it. Answers the
   * number of rows copied.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async copyInto(target: Kysely<any>, kind: 'sqlite' | 'postgres', tables: readonly string[]): Promise<number> {
    let copied = 0;
    await target.transaction().execute(async (trx) => {
      for (const table of tables) {
        const select = this.database.prepare(`select * from ${quote(table)}`).raw(true);
        const columns = select.columns().map((column) => column.name);
        const perInsert = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS[kind] / columns.length)));
        let chunk: unknown[] = [];
        let rows = 0;
        const flush = async () => {
          if (rows === 0) return;
          await trx.executeQuery(CompiledQuery.raw(insertText(kind, table, columns, rows), chunk));
          copied += rows;
          chunk = [];
          rows = 0;
        };
        for (const row of select.iterate() as IterableIterator<unknown[]>) {
          for (const value of row) chunk.push(value);
          if (++rows === perInsert) await flush();
        }
        await flush();
      }
    });
    return copied;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.db.destroy();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** Memoised: every full chunk of a table shares one text, so PostgreSQL plans it once (named statement). */
const insertTexts = new Map<string, string>();
function insertText(kind: 'sqlite' | 'postgres', table: string, columns: readonly string[], rows: number): string {
  const key = `${kind}\u0000${table}\u0000${columns.join('\u0000')}\u0000${rows}`;
  let text = insertTexts.get(key);
  if (text === undefined) {
    const tuples: string[] = [];
    for (let row = 0, parameter = 1; row < rows; row++) {
      const placeholders: string[] = [];
      for (let column = 0; column < columns.length; column++) placeholders.push(kind === 'postgres' ? `$${parameter++}` : '?');
      tuples.push(`(${placeholders.join(', ')})`);
    }
    text = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values ${tuples.join(', ')}`;
    if (insertTexts.size < 1_000) insertTexts.set(key, text);
  }
  return text;
}
