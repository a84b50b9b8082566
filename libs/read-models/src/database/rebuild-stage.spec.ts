import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { postgresSkippedOnPurpose } from '../../../event-store/src/testing/postgres-availability.js';
import { openReadModelDatabase, type ReadModelDatabase } from './read-model-database.js';
import { RebuildStage } from './rebuild-stage.js';

const POSTGRES_URL = process.env.POSTGRES_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const WIDE_COLUMNS = 40;

/** A narrow table and a wide one (40 columns: the parameter bound, not the row bound, cuts its INSERTs). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function createTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('items')
    .ifNotExists()
    .addColumn('item_id', 'text', (c) => c.primaryKey())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('hours', 'double precision')
    .addColumn('note', 'text')
    .execute();
  let wide = db.schema.createTable('wide').ifNotExists().addColumn('wide_id', 'integer', (c) => c.primaryKey());
  for (let column = 1; column < WIDE_COLUMNS; column++) wide = wide.addColumn(`c${column}`, 'integer');
  await wide.execute();
}

const itemRows = Array.from({ length: 2345 }, (_, i) => ({
  item_id: `item-${String(i).padStart(5, '0')}`,
  amount_fen: i * 100_000_000 + 7,
  hours: i % 3 === 0 ? null : i / 4,
  note: i % 5 === 0 ? null : `说明 "${i}" 'quoted'`,
}));
const wideRows = Array.from({ length: 1601 }, (_, i) => Object.fromEntries([['wide_id', i], ...Array.from({ length: WIDE_COLUMNS - 1 }, (_, c) => [`c${c + 1}`, i * c])]));

async function stageAndCopy(database: ReadModelDatabase): Promise<number> {
  const stage = new RebuildStage();
  try {
    await createTables(stage.db);
    for (let i = 0; i < itemRows.length; i += 500) await stage.db.insertInto('items').values(itemRows.slice(i, i + 500)).execute();
    for (const row of wideRows) await stage.db.insertInto('wide').values(row).execute();
    const target = database.shadow(['items', 'wide']);
    await createTables(target);
    return await stage.copyInto(target, database.kind, ['items', 'wide']);
  } finally {
    await stage.close();
  }
}

async function expectCopied(database: ReadModelDatabase): Promise<void> {
  expect(await stageAndCopy(database)).toBe(itemRows.length + wideRows.length);
  // Into the `__next` tables, every row and value as staged; the live names untouched.
  expect(await database.db.selectFrom('items__next').selectAll().orderBy('item_id').execute()).toEqual(itemRows);
  expect(await database.db.selectFrom('wide__next').selectAll().orderBy('wide_id').execute()).toEqual(wideRows);
  const tables = (await database.db.introspection.getTables()).filter((table) => database.schema === null || table.schema === database.schema);
  expect(tables.map((table) => table.name).sort()).toEqual(['items__next', 'wide__next']);
}

describe('the rebuild stage copies its tables into the store in multi-row INSERTs', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('SQLite: every row and value, in chunks bounded by rows and by parameters', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wushe-stage-'));
    const database = await openReadModelDatabase({ kind: 'sqlite', path: join(dir, 'read-models.sqlite') });
    cleanups.push(async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    });
    await expectCopied(database);
  });

  (postgresSkippedOnPurpose('the rebuild stage on PostgreSQL') ? it.skip : it)('PostgreSQL: the same, as named multi-row statements', async () => {
    const schema = `stage_${process.pid}`;
    const database = await openReadModelDatabase({ kind: 'postgres', connectionString: POSTGRES_URL, schema, poolSize: 2 });
    cleanups.push(async () => {
      await database.close();
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    });
    await expectCopied(database);
  });
});
