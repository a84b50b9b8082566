import { sql, type Kysely, type Transaction } from 'kysely';
import type { SqlRewrite } from './sqlite-cached-dialect.js';

/** Tables a rebuild writes are named `<table>__next` until they are swapped in. */
export const SHADOW_SUFFIX = '__next';

const QUOTED_IDENTIFIER = /"((?:[^"]|"")+)"/g;
const CREATE_INDEX = /^(\s*create\s+(?:unique\s+)?index\s+(?:if\s+not\s+exists\s+)?)"((?:[^"]|"")+)"/i;
/** A named constraint is an index in PostgreSQL, and index names are unique per schema. */
const CONSTRAINT = /\b(constraint\s+)"((?:[^"]|"")+)"/gi;
const DROP_INDEX = /^(\s*drop\s+index\s+(?:if\s+exists\s+)?)"((?:[^"]|"")+)"/i;

/**
 * Rewrites Kysely's SQL (identifiers are always double-quoted) so the named tables, and the indexes
 * a CREATE/DROP INDEX or a named constraint names, become their `__next` shadows. Parameters carry the values, so no
 * string literal is touched; a quoted column or alias that spells a table name would be (the lists
 * have none: the rebuild-equals-live suites would show it). Memoised per text.
 */
export function shadowRenamer(tables: readonly string[]): SqlRewrite {
  const names = new Set(tables);
  const memo = new Map<string, string>();
  return (text) => {
    const known = memo.get(text);
    if (known !== undefined) return known;
    let rewritten = text.replace(CREATE_INDEX, (_, head: string, name: string) => `${head}"${name}${SHADOW_SUFFIX}"`);
    rewritten = rewritten.replace(CONSTRAINT, (_, head: string, name: string) => `${head}"${name}${SHADOW_SUFFIX}"`);
    rewritten = rewritten.replace(DROP_INDEX, (_, head: string, name: string) => `${head}"${name}${SHADOW_SUFFIX}"`);
    rewritten = rewritten.replace(QUOTED_IDENTIFIER, (quoted, name: string) => (names.has(name) ? `"${name}${SHADOW_SUFFIX}"` : quoted));
    if (memo.size < 10_000) memo.set(text, rewritten);
    return rewritten;
  };
}

const ident = (name: string) => sql.id(name);

/** Drops what an earlier, interrupted rebuild left behind. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function dropShadowTables(db: Kysely<any> | Transaction<any>, tables: readonly string[]): Promise<void> {
  for (const table of [...tables].reverse()) await db.schema.dropTable(`${table}${SHADOW_SUFFIX}`).ifExists().execute();
}

/**
 * Inside the caller's transaction: the live tables are dropped and the shadows renamed into their
 * place, with their indexes named as `create` names them. Readers on other connections see the old
 * tables until the commit, then the new ones; nobody sees a mix.
 */
export async function swapInShadowTables(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  trx: Transaction<any>,
  kind: 'sqlite' | 'postgres',
  tables: readonly string[],
): Promise<void> {
  for (const table of [...tables].reverse()) await trx.schema.dropTable(table).ifExists().execute();
  for (const table of tables) {
    const shadow = `${table}${SHADOW_SUFFIX}`;
    await trx.schema.alterTable(shadow).renameTo(table).execute();
    if (kind === 'postgres') {
      // Every index of the renamed table, the primary key's too (`needs__next_pkey`), loses the suffix.
      const { rows } = await sql<{ name: string }>`
        select indexname as name from pg_indexes
        where schemaname = current_schema() and tablename = ${table} and indexname like ${`%${SHADOW_SUFFIX}%`}`.execute(trx);
      for (const { name } of rows.filter((row) => row.name.includes(SHADOW_SUFFIX))) {
        await sql`alter index ${ident(name)} rename to ${ident(name.replace(SHADOW_SUFFIX, ''))}`.execute(trx);
      }
    } else {
      // SQLite cannot rename an index: each is re-created under its own name from its stored SQL.
      const { rows } = await sql<{ name: string; sql: string }>`
        select name, sql from sqlite_master
        where type = 'index' and tbl_name = ${table} and sql is not null and name like ${`%${SHADOW_SUFFIX}%`}`.execute(trx);
      for (const index of rows.filter((row) => row.name.includes(SHADOW_SUFFIX))) {
        await sql`drop index ${ident(index.name)}`.execute(trx);
        const recreated = index.sql.replace(`"${index.name}"`, `"${index.name.replace(SHADOW_SUFFIX, '')}"`);
        if (recreated === index.sql) throw new Error(`Cannot rename index ${index.name}: ${index.sql}`);
        await sql.raw(recreated).execute(trx);
      }
    }
  }
}
