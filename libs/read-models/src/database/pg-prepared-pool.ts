import type pg from 'pg';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type { SqlRewrite } from './sqlite-cached-dialect.js';

/** Statements worth a server-side prepared plan: the DML projections and queries repeat. */
const REPEATED = /^\s*(select|insert|update|delete|with)\b/i;

/** One map for the process: wrappers share pg clients, and a name must always mean one text. */
const names = new Map<string, string>();
/** Beyond this many texts (a query with ever-new IN lists), new texts run unnamed. */
const MAX_NAMES = 5000;
const nameOf = (text: string): string | undefined => {
  let name = names.get(text);
  if (name === undefined) {
    if (names.size >= MAX_NAMES) return undefined;
    name = `wushe_${names.size.toString(36)}`;
    names.set(text, name);
  }
  return name;
};

/**
 * A pg pool as Kysely sees it, whose clients run DML as NAMED prepared statements: PostgreSQL parses
 * and plans each distinct text once per connection instead of on every execution (the pg client keeps
 * which names a connection has prepared). DDL and transaction control stay unnamed.
 * `rewrite`, when given, changes each text first (a rebuild's shadow tables).
 */
export function preparedStatementPool(pool: pg.Pool, options: { rewrite?: SqlRewrite; ownsPool?: boolean } = {}): PostgresPool {
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const rewrite = options.rewrite;
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    const existing = wrappers.get(client);
    if (existing) return existing;
    const wrapper = {
      query(textOrConfig: unknown, values?: unknown[]) {
        if (typeof textOrConfig !== 'string') return client.query(textOrConfig as pg.QueryConfig, values);
        const text = rewrite ? rewrite(textOrConfig) : textOrConfig;
        if (!REPEATED.test(text)) return client.query(text, values);
        return client.query({ name: nameOf(text), text, values });
      },
      release: (...args: unknown[]) => (client.release as (...a: unknown[]) => void)(...args),
    } as unknown as PostgresPoolClient;
    wrappers.set(client, wrapper);
    return wrapper;
  };
  return {
    connect: async () => wrap(await pool.connect()),
    end: async () => {
      if (options.ownsPool ?? true) await pool.end();
    },
  };
}
