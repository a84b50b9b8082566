import { afterEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { EventToAppend } from '#event-store';
import { postgresSkippedOnPurpose } from '../../../event-store/src/testing/postgres-availability.js';
import { openReadModelDatabase, type ReadModelDatabase } from '../database/read-model-database.js';
import { InMemoryEventStore } from '../testing/in-memory-event-store.js';
import { dumpProjectionTables } from './dump-tables.js';
import { projectionTables, type Projection } from './projection.js';
import { ProjectionRunner } from './projection-runner.js';

const POSTGRES_URL = process.env.POSTGRES_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface LotsDb {
  lots: { lot_id: string; group_id: string; name: string; code: string; moved: number };
}
interface LotEvents {
  LotListed: { lotId: string; groupId: string; name: string };
  GroupMoved: { groupId: string };
  Pause: Record<string, never>;
}

/**
 * A table with a primary key, a unique index, an index the handlers read through (GroupMoved
 * updates by group) and one only queries use. `declared`: the projection names its handler indexes.
 */
function lotsProjection(declared: boolean, pause: () => Promise<void>): Projection<LotsDb, LotEvents> {
  return {
    name: 'lots',
    version: 1,
    tables: projectionTables<LotsDb>(
      ['lots'],
      async (db) => {
        await db.schema
          .createTable('lots')
          .ifNotExists()
          .addColumn('lot_id', 'text', (c) => c.primaryKey())
          .addColumn('group_id', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('code', 'text', (c) => c.notNull())
          .addColumn('moved', 'integer', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('lots_by_group').ifNotExists().on('lots').column('group_id').execute();
        await db.schema.createIndex('lots_by_name').ifNotExists().on('lots').columns(['name', 'lot_id']).execute();
        await db.schema.createIndex('lots_code').unique().ifNotExists().on('lots').column('code').execute();
      },
      declared ? { handlerIndexes: ['lots_by_group'] } : {},
    ),
    on: {
      LotListed: async ({ data }, trx) => {
        await trx.insertInto('lots').values({ lot_id: data.lotId, group_id: data.groupId, name: data.name, code: `c-${data.lotId}`, moved: 0 }).execute();
      },
      GroupMoved: async ({ data }, trx) => {
        await trx.updateTable('lots').set({ moved: 1 }).where('group_id', '=', data.groupId).execute();
      },
      Pause: () => pause(),
    },
  };
}

const event = <T extends keyof LotEvents>(type: T, data: LotEvents[T]): EventToAppend => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  metadata: { correlationId: 'c', causationId: null, actor: { id: 'tester', role: 'test' }, occurredAt: '2026-03-01T08:00:00.000Z' },
});

interface Setup {
  database: ReadModelDatabase;
  /** The index names on the store's tables, read on a connection of its own (the runner's may be busy). */
  indexNames(): Promise<string[]>;
}

/**
 * Lists, replays with a pause in the middle of the rebuild's replay (the `__next` tables' indexes
 * are read then), and answers the indexes seen during and after it, and the rows before and after.
 */
async function rebuildWithPause(setup: Setup, declared: boolean) {
  let paused = false;
  let reached: () => void = () => undefined;
  const atPause = new Promise<void>((resolve) => (reached = resolve));
  let resume: () => void = () => undefined;
  const resumed = new Promise<void>((resolve) => (resume = resolve));
  const projection = lotsProjection(declared, async () => {
    if (!paused) return;
    reached();
    await resumed;
  });
  const store = new InMemoryEventStore();
  for (let group = 0; group < 3; group++) {
    for (let lot = 0; lot < 20; lot++) await store.append(`lot-${group}-${lot}`, [event('LotListed', { lotId: `${group}-${lot}`, groupId: `g${group}`, name: `lot ${lot}` })], 'any');
  }
  await store.append('pause', [event('Pause', {})], 'any');
  await store.append('group-1', [event('GroupMoved', { groupId: 'g1' })], 'any');
  const runner = new ProjectionRunner({ store, database: setup.database, projections: [projection], rebuildBatchSize: 10 });
  await runner.runOnce();
  const live = await dumpProjectionTables(setup.database.db, [projection]);
  paused = true;
  const rebuilt = runner.rebuild('lots');
  await atPause;
  const during = await setup.indexNames();
  resume();
  await rebuilt;
  return { live, rebuilt: await dumpProjectionTables(setup.database.db, [projection]), during, after: await setup.indexNames() };
}

const named = (names: readonly string[], pattern: RegExp) => names.filter((name) => pattern.test(name)).sort();

async function expectIndexesDeferred(setup: Setup): Promise<void> {
  const { live, rebuilt, during, after } = await rebuildWithPause(setup, true);
  // During the replay (the live table keeps all of its own): the index GroupMoved reads through and the unique one; not the query-only one.
  expect(named(during, /^lots_(by|code).*__next$/)).toEqual(['lots_by_group__next', 'lots_code__next']);
  // After the swap: every index under its own name, nothing left with the suffix, rows as live.
  expect(named(after, /^lots_(by|code)/)).toEqual(['lots_by_group', 'lots_by_name', 'lots_code']);
  expect(rebuilt).toEqual(live);
  expect(rebuilt['lots']!.filter((row) => row['moved'] === 1)).toHaveLength(20);
}

async function expectIndexesKeptUndeclared(setup: Setup): Promise<void> {
  const { live, rebuilt, during, after } = await rebuildWithPause(setup, false);
  expect(named(during, /^lots_(by|code).*__next$/)).toEqual(['lots_by_group__next', 'lots_by_name__next', 'lots_code__next']);
  expect(named(after, /^lots_(by|code)/)).toEqual(['lots_by_group', 'lots_by_name', 'lots_code']);
  expect(rebuilt).toEqual(live);
}

describe('a rebuild builds the indexes its handlers do not read through after the replay', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const sqlite = async (): Promise<Setup> => {
    const dir = mkdtempSync(join(tmpdir(), 'wushe-rebuild-indexes-'));
    const path = join(dir, 'read-models.sqlite');
    const database = await openReadModelDatabase({ kind: 'sqlite', path });
    cleanups.push(async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    });
    return {
      database,
      async indexNames() {
        const reader = new Database(path, { readonly: true });
        try {
          return (reader.prepare(`select name from sqlite_master where type = 'index'`).all() as { name: string }[]).map((row) => row.name);
        } finally {
          reader.close();
        }
      },
    };
  };

  const postgres = async (): Promise<Setup> => {
    const schema = `rebuild_indexes_${process.pid}_${cleanups.length}`;
    const database = await openReadModelDatabase({ kind: 'postgres', connectionString: POSTGRES_URL, schema, poolSize: 3 });
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    cleanups.push(async () => {
      await database.close();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    });
    return {
      database,
      async indexNames() {
        const { rows } = await client.query<{ name: string }>('select indexname as name from pg_indexes where schemaname = $1', [schema]);
        return rows.map((row) => row.name);
      },
    };
  };

  it('SQLite: replays without them, builds them under their own names in the swap', async () => {
    await expectIndexesDeferred(await sqlite());
  });

  it('SQLite: a projection that does not name its handler indexes keeps every index through the replay', async () => {
    await expectIndexesKeptUndeclared(await sqlite());
  });

  const pgIt = postgresSkippedOnPurpose('deferred rebuild indexes on PostgreSQL') ? it.skip : it;
  pgIt('PostgreSQL: replays without them, builds them on the __next tables before the swap renames them', async () => {
    await expectIndexesDeferred(await postgres());
  });

  pgIt('PostgreSQL: undeclared handler indexes keep every index', async () => {
    await expectIndexesKeptUndeclared(await postgres());
  });
});
