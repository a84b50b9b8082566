import { describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { shadowRenamer } from './shadow-tables.js';
import { CachingSqliteDialect, SqliteConnectionCore } from './sqlite-cached-dialect.js';

interface Db {
  items: { id: number; name: string };
}

function countingDatabase() {
  const database = new Database(':memory:');
  const prepared: string[] = [];
  const prepare = database.prepare.bind(database);
  database.prepare = ((source: string) => {
    prepared.push(source);
    return prepare(source);
  }) as typeof database.prepare;
  return { database, prepared };
}

describe('SQLite statements prepared once per text', () => {
  it('reuses a statement for every execution of the same SQL, and evicts the least recently used beyond the bound', async () => {
    const { database, prepared } = countingDatabase();
    const db = new Kysely<Db>({ dialect: new CachingSqliteDialect(new SqliteConnectionCore(database, 3)) });
    try {
      await db.schema.createTable('items').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('name', 'text').execute();
      prepared.length = 0;
      for (let id = 1; id <= 50; id++) await db.insertInto('items').values({ id, name: `item ${id}` }).execute();
      expect(prepared).toHaveLength(1);
      await db.transaction().execute(async (trx) => {
        for (let id = 1; id <= 10; id++) await trx.updateTable('items').set({ name: 'renamed' }).where('id', '=', id).execute();
      });
      expect(await db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n')).where('name', '=', 'renamed').executeTakeFirstOrThrow()).toEqual({ n: 10 });
      // insert, begin, update, commit, select: the insert is the eldest and was evicted (bound 3).
      const before = prepared.length;
      await db.insertInto('items').values({ id: 51, name: 'again' }).execute();
      expect(prepared.length).toBe(before + 1);
      // Results and row counts as Kysely's own driver gives them.
      const deleted = await db.deleteFrom('items').where('id', '>', 40).executeTakeFirst();
      expect(deleted.numDeletedRows).toBe(11n);
    } finally {
      await db.destroy();
    }
  });

  it('a rewriting view shares the connection and its lock: its transaction and the main one never interleave', async () => {
    const { database } = countingDatabase();
    const core = new SqliteConnectionCore(database);
    const db = new Kysely<Db>({ dialect: new CachingSqliteDialect(core) });
    const shadow = new Kysely<Db>({ dialect: new CachingSqliteDialect(core, { rewrite: shadowRenamer(['items']), ownsDatabase: false }) });
    try {
      await db.schema.createTable('items').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('name', 'text').execute();
      await shadow.schema.createTable('items').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('name', 'text').execute();
      await shadow.schema.createIndex('items_by_name').on('items').column('name').execute();
      const order: string[] = [];
      await Promise.all([
        shadow.transaction().execute(async (trx) => {
          await trx.insertInto('items').values({ id: 1, name: 'shadow' }).execute();
          await new Promise((resolve) => setTimeout(resolve, 20));
          order.push('shadow committed');
        }),
        db.insertInto('items').values({ id: 1, name: 'main' }).execute().then(() => order.push('main inserted')),
      ]);
      expect(order).toEqual(['shadow committed', 'main inserted']);
      expect(await sql<{ name: string }>`select name from items__next`.execute(db)).toMatchObject({ rows: [{ name: 'shadow' }] });
      expect(await db.selectFrom('items').select('name').execute()).toEqual([{ name: 'main' }]);
      const indexes = await sql<{ name: string }>`select name from sqlite_master where type = 'index' and name = 'items_by_name__next'`.execute(db);
      expect(indexes.rows).toHaveLength(1);
    } finally {
      await shadow.destroy();
      await db.destroy();
    }
  });

  it('renames only the listed tables, the indexes and named constraints created on them', () => {
    const rename = shadowRenamer(['needs', 'project_categories']);
    expect(rename('select "needs"."need_id", "status" from "needs" inner join "need_matches" on "need_matches"."need_id" = "needs"."need_id" where "title" = ?')).toBe(
      'select "needs__next"."need_id", "status" from "needs__next" inner join "need_matches" on "need_matches"."need_id" = "needs__next"."need_id" where "title" = ?',
    );
    expect(rename('create index if not exists "needs_by_listing" on "needs" ("listed_at", "need_id")')).toBe(
      'create index if not exists "needs_by_listing__next" on "needs__next" ("listed_at", "need_id")',
    );
    expect(rename('create table if not exists "project_categories" ("project_id" text not null, constraint "project_categories_pk" primary key ("project_id"))')).toBe(
      'create table if not exists "project_categories__next" ("project_id" text not null, constraint "project_categories_pk__next" primary key ("project_id"))',
    );
  });
});
