import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { sql, type Generated, type Transaction } from 'kysely';
import pg from 'pg';
import { domainEventRegistry } from '#domain';
import type { EventToAppend } from '#event-store';
import { postgresSkippedOnPurpose } from '../../../../event-store/src/testing/postgres-availability.js';
import { openReadModelDatabase, type ReadModelDatabase } from '../../database/read-model-database.js';
import { createReadModelProjections } from '../../lists/read-model-projections.js';
import { InMemoryEventStore } from '../../testing/in-memory-event-store.js';
import { appendScenarioCopies } from '../../testing/scenario-copies.js';
import { readCheckpoints } from '../checkpoints.js';
import { dumpProjectionTables } from '../dump-tables.js';
import { projectionTables, registryUpcaster, type AnyProjection, type Projection } from '../projection.js';
import { ProjectionApplier } from '../projection-applier.js';
import { ProjectionRunner, type ProjectionLogger } from '../projection-runner.js';

const POSTGRES = process.env.POSTGRES_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The same projection applied one event at a time: what the write-behind batches must equal. */
const eventByEvent = (projection: AnyProjection): AnyProjection =>
  Object.assign(Object.create(Object.getPrototypeOf(projection) as object) as AnyProjection, projection, { writeBehind: false });

const recordingLogger = () => {
  const warnings: string[] = [];
  const errors: string[] = [];
  const logger: ProjectionLogger = { info: () => undefined, warn: (_d, message) => warnings.push(message), error: (_d, message) => errors.push(message) };
  return { logger, warnings, errors };
};

interface Tally {
  tally: { id: string; kind: string; count: Generated<number>; note: string | null };
  tally_log: { id: string; seq: number; note: string | null };
}
type Data = { id: string; kind?: string; note?: string };

/**
 * Every query shape a handler may write, kept or not by the cache: by key (answered from memory),
 * by another column, raw SQL, a duplicate insert. The same events one event at a time tell what
 * the store must end up holding.
 */
type TallyEvents = { Opened: Data; Bumped: Data; Renamed: Data; Recount: Data; Closed: Data; Reopened: Data; Logged: Data; Marked: Data; Pruned: Data };
const tallyProjection = (name: string): Projection<Tally, TallyEvents> => ({
  name,
  version: 1,
  writeBehind: true,
  tables: projectionTables<Tally>([`tally`, `tally_log`], async (db) => {
    await db.schema.createTable('tally').ifNotExists().addColumn('id', 'text', (c) => c.primaryKey()).addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0)).addColumn('note', 'text').execute();
    await db.schema.createTable('tally_log').ifNotExists().addColumn('id', 'text', (c) => c.notNull()).addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('note', 'text').addPrimaryKeyConstraint('tally_log_pk', ['id', 'seq']).execute();
  }),
  on: {
    // Inserted with `count` and `note` left to their defaults: a later full read goes to the store.
    Opened: async (event, trx) => {
      await trx.insertInto('tally').values({ id: event.data.id, kind: event.data.kind ?? 'plain' }).execute();
    },
    Bumped: async (event, trx) => {
      const row = await trx.selectFrom('tally').selectAll().where('id', '=', event.data.id).executeTakeFirstOrThrow();
      await trx.updateTable('tally').set({ count: row.count + 1 }).where('id', '=', event.data.id).execute();
      // A composite-key table: never kept, written at once.
      await trx.insertInto('tally_log').values({ id: event.data.id, seq: row.count + 1 }).execute();
    },
    Renamed: async (event, trx) => {
      await trx.updateTable('tally').set({ note: event.data.note ?? null }).where('id', '=', event.data.id).execute();
    },
    // Reads by another column and writes with an expression: the store answers, after a flush.
    Recount: async (event, trx) => {
      const same = await trx.selectFrom('tally').select(['id', 'count']).where('kind', '=', event.data.kind ?? 'plain').orderBy('id').execute();
      const total = same.reduce((sum, row) => sum + row.count, 0);
      await trx.updateTable('tally').set({ note: `total ${total}` }).where('kind', '=', event.data.kind ?? 'plain').execute();
      await sql`update tally set count = count + 10 where id = ${event.data.id}`.execute(trx as Transaction<Tally>);
    },
    Closed: async (event, trx) => {
      await trx.deleteFrom('tally').where('id', '=', event.data.id).execute();
    },
    Reopened: async (event, trx) => {
      await trx.insertInto('tally').values({ id: event.data.id, kind: 'reopened', count: 100, note: null }).execute();
    },
    // An upsert on the whole key: a row the batch or the store holds is updated, else inserted.
    Logged: async (event, trx) => {
      const note = event.data.note ?? null;
      await trx.insertInto('tally_log').values({ id: event.data.id, seq: 0, note }).onConflict((oc) => oc.columns(['id', 'seq']).doUpdateSet({ note })).execute();
    },
    // Insert unless present, key named in another order.
    Marked: async (event, trx) => {
      await trx.insertInto('tally_log').values({ id: event.data.id, seq: -1, note: 'mark' }).onConflict((oc) => oc.columns(['seq', 'id']).doNothing()).execute();
    },
    // By a prefix of the key: the rows of one id, some kept by another condition, then deleted.
    Pruned: async (event, trx) => {
      const marks = await trx.selectFrom('tally_log').select(['seq']).where('id', '=', event.data.id).where('note', '=', 'mark').execute();
      const all = await trx.selectFrom('tally_log').selectAll().where('id', '=', event.data.id).execute();
      await trx.updateTable('tally').set({ note: `log ${all.length}, marks ${marks.length}` }).where('id', '=', event.data.id).execute();
      await trx.deleteFrom('tally_log').where('id', '=', event.data.id).where('note', '=', 'mark').execute();
    },
  },
});

const fact = (type: string, data: Data): EventToAppend => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  metadata: { correlationId: 'c', causationId: null, actor: { id: 'tester', role: 'test' }, occurredAt: '2026-03-01T08:00:00.000Z' },
});

describe.each(['sqlite', 'postgres'] as const)('write-behind batches (%s read models)', (kind) => {
  const skip = kind === 'postgres' && postgresSkippedOnPurpose('write-behind batches on PostgreSQL');
  const schemas: string[] = [];
  const opened: ReadModelDatabase[] = [];

  const open = async (): Promise<ReadModelDatabase> => {
    const schema = `wb_${Date.now().toString(36)}_${randomUUID().slice(0, 6)}`;
    if (kind === 'postgres') schemas.push(schema);
    const database = await openReadModelDatabase(kind === 'sqlite' ? { kind, path: ':memory:' } : { kind, connectionString: POSTGRES, schema });
    opened.push(database);
    return database;
  };

  afterAll(async () => {
    for (const database of opened) await database.close();
    if (schemas.length === 0) return;
    const client = new pg.Client({ connectionString: POSTGRES });
    await client.connect();
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  let store: InMemoryEventStore;
  beforeAll(async () => {
    if (skip) return;
    store = new InMemoryEventStore();
    await appendScenarioCopies(store, 1_500);
  }, 60_000);

  (skip ? it.skip : it)('leave every list table as applying one event at a time does, live, in catch-up and in a rebuild, without falling back', async () => {
    const reference = await open();
    const references = createReadModelProjections().map(eventByEvent);
    await new ProjectionRunner({ store, database: reference, projections: references, upcast: registryUpcaster(domainEventRegistry) }).runOnce();
    const expected = await dumpProjectionTables(reference.db, references);
    expect(Object.values(expected).flat().length).toBeGreaterThan(1_000);

    const { logger, warnings, errors } = recordingLogger();
    const database = await open();
    const projections = createReadModelProjections();
    expect(projections.every((projection) => projection.writeBehind)).toBe(true);
    // Small batches (many flushes, rows carried over between batches), then a rebuild in 5,000s.
    const runner = new ProjectionRunner({ store, database, projections, upcast: registryUpcaster(domainEventRegistry), logger, batchSize: 37 });
    await runner.runOnce();
    expect(await dumpProjectionTables(database.db, projections)).toEqual(expected);
    await runner.rebuild('all');
    expect(await dumpProjectionTables(database.db, projections)).toEqual(expected);
    expect({ warnings, errors }).toEqual({ warnings: [], errors: [] });
  }, 120_000);

  (skip ? it.skip : it)('hold a rebuild\'s rows in memory until its replay ends: the `__next` tables stay empty while it replays, then hold what one event at a time gives', async () => {
    const reference = await open();
    const references = createReadModelProjections().map(eventByEvent);
    await new ProjectionRunner({ store, database: reference, projections: references, upcast: registryUpcaster(domainEventRegistry) }).runOnce();
    const expected = await dumpProjectionTables(reference.db, references);

    const { logger, warnings, errors } = recordingLogger();
    const database = await open();
    const projections = createReadModelProjections();
    const runner = new ProjectionRunner({ store, database, projections, upcast: registryUpcaster(domainEventRegistry), logger, rebuildBatchSize: 200, rebuildInto: 'direct' });
    await runner.runOnce();
    const head = await store.headPosition();
    // Each page the replay reads (not the tail's read past the head): how many rows `needs__next` holds then.
    const rowsWhileReplaying: number[] = [];
    let rebuilding = false;
    const readAll = store.readAll.bind(store);
    store.readAll = async (options) => {
      if (rebuilding && (options?.after ?? 0) > 0 && (options?.after ?? 0) < head) {
        const counted = await database.db.selectFrom('needs__next').select((eb) => eb.fn.countAll().as('rows')).executeTakeFirstOrThrow();
        rowsWhileReplaying.push(Number(counted.rows));
      }
      return readAll(options);
    };
    try {
      rebuilding = true;
      await runner.rebuild('all');
    } finally {
      rebuilding = false;
      store.readAll = readAll;
    }
    expect(rowsWhileReplaying.length).toBeGreaterThan(4);
    expect(rowsWhileReplaying.every((rows) => rows === 0)).toBe(true);
    expect(await dumpProjectionTables(database.db, projections)).toEqual(expected);
    expect({ warnings, errors }).toEqual({ warnings: [], errors: [] });
  }, 120_000);

  (skip ? it.skip : it)('rebuild every query shape with rows held across batches (released by the queries the cache does not serve, written at the limit) as one event at a time, and stop at the failing event', async () => {
    const events = new InMemoryEventStore();
    const script: [string, Data][] = [
      ['Opened', { id: 'a' }], ['Opened', { id: 'b', kind: 'other' }], ['Bumped', { id: 'a' }], ['Logged', { id: 'a', note: 'first' }], ['Marked', { id: 'a' }],
      ['Renamed', { id: 'b', note: 'bee' }], ['Opened', { id: 'c' }], ['Bumped', { id: 'c' }], ['Logged', { id: 'a', note: 'second' }], ['Pruned', { id: 'a' }],
      ['Closed', { id: 'b' }], ['Reopened', { id: 'b' }], ['Bumped', { id: 'b' }], ['Recount', { id: 'c' }], ['Bumped', { id: 'c' }], ['Closed', { id: 'c' }],
      ['Marked', { id: 'b' }], ['Pruned', { id: 'b' }], ['Logged', { id: 'b' }],
      // `a` is listed: a second listing fails in the store, and the projection stops there.
      ['Opened', { id: 'a' }], ['Bumped', { id: 'b' }],
    ];
    for (const [type, data] of script) await events.append(`tally-${data.id}`, [fact(type, data)], 'any');
    const failingPosition = script.length - 1;
    const rebuilt = async (projection: AnyProjection, heldRows?: number) => {
      const database = await open();
      const { logger } = recordingLogger();
      const runner = new ProjectionRunner({ store: events, database, projections: [projection], logger, rebuildBatchSize: 4, rebuildInto: 'direct', rebuildHeldRows: heldRows });
      await runner.runOnce();
      await expect(runner.rebuild(projection.name)).rejects.toThrow(/tally/);
      const [checkpoint] = await readCheckpoints(database.db, [projection.name]);
      return { tables: await dumpProjectionTables(database.db, [projection]), position: checkpoint!.position, failedAt: checkpoint!.error?.position };
    };
    const oneByOne = await rebuilt(eventByEvent(tallyProjection('tally')));
    expect(oneByOne).toMatchObject({ position: failingPosition - 1, failedAt: failingPosition });
    expect(oneByOne.tables['tally']!.length).toBeGreaterThan(1);
    expect(await rebuilt(tallyProjection('tally'))).toEqual(oneByOne);
    // Past 2 rows the held ones are written, and the replay goes on batch by batch.
    expect(await rebuilt(tallyProjection('tally'), 2)).toEqual(oneByOne);
  }, 60_000);

  (skip ? it.skip : it)('fail a rebuild whose write-out of held rows fails, instead of applying the committed batch a second time', async () => {
    const events = new InMemoryEventStore();
    const script: [string, Data][] = [
      ['Opened', { id: 'a' }], ['Opened', { id: 'b' }], ['Bumped', { id: 'a' }], ['Opened', { id: 'c' }],
      ['Bumped', { id: 'b' }], ['Bumped', { id: 'c' }], ['Renamed', { id: 'a', note: 'ay' }], ['Bumped', { id: 'a' }],
    ];
    for (const [type, data] of script) await events.append(`tally-${data.id}`, [fact(type, data)], 'any');
    const database = await open();
    const projection = tallyProjection('tally');
    const runner = new ProjectionRunner({ store: events, database, projections: [projection], logger: recordingLogger().logger, rebuildBatchSize: 4, rebuildInto: 'direct', rebuildHeldRows: 2 });
    await runner.runOnce();
    const before = await dumpProjectionTables(database.db, [projection]);
    // The first write-out (the first batch took the held rows past 2) fails as a busy store would;
    // any later one succeeds. Before, the failure sent the batch, already committed, to the
    // event-by-event path: its `Opened` ran twice and the projection failed on a duplicate key.
    const writeHeldRows = ProjectionApplier.prototype.writeHeldRows;
    let calls = 0;
    ProjectionApplier.prototype.writeHeldRows = async function (this: ProjectionApplier, ...args: Parameters<typeof writeHeldRows>) {
      if (++calls === 1) throw new Error('write-out failed (injected)');
      return writeHeldRows.apply(this, args);
    };
    try {
      await expect(runner.rebuild(projection.name)).rejects.toThrow(/write-out failed \(injected\)/);
    } finally {
      ProjectionApplier.prototype.writeHeldRows = writeHeldRows;
    }
    expect(calls).toBe(1);
    // Queries go on reading the tables the failed rebuild did not replace.
    expect(await dumpProjectionTables(database.db, [projection])).toEqual(before);
  }, 60_000);

  (skip ? it.skip : it)('answer every query shape as the store would, and stop at the failing event of a batch with the events before it applied', async () => {
    const events = new InMemoryEventStore();
    const script: [string, Data][] = [
      ['Opened', { id: 'a' }], ['Opened', { id: 'b', kind: 'other' }], ['Bumped', { id: 'a' }], ['Bumped', { id: 'a' }], ['Renamed', { id: 'b', note: 'bee' }],
      ['Opened', { id: 'c' }], ['Recount', { id: 'c' }], ['Bumped', { id: 'c' }], ['Closed', { id: 'b' }], ['Reopened', { id: 'b' }],
      ['Closed', { id: 'c' }], ['Bumped', { id: 'a' }], ['Closed', { id: 'a' }], ['Reopened', { id: 'a' }], ['Bumped', { id: 'b' }],
      // A second listing of `b`: the store refuses the duplicate key, so the projection stops here.
      ['Opened', { id: 'b' }], ['Bumped', { id: 'a' }],
    ];
    for (const [type, data] of script) await events.append(`tally-${data.id}`, [fact(type, data)], 'any');
    const failingPosition = script.findIndex(([type, data], index) => type === 'Opened' && data.id === 'b' && index > 2) + 1;

    const outcome = async (projection: AnyProjection) => {
      const database = await open();
      const { logger, warnings } = recordingLogger();
      const runner = new ProjectionRunner({ store: events, database, projections: [projection], logger, batchSize: 100 });
      await runner.runOnce();
      const [checkpoint] = await readCheckpoints(database.db, [projection.name]);
      return { tables: await dumpProjectionTables(database.db, [projection]), position: checkpoint!.position, failedAt: checkpoint!.error?.position, warnings };
    };
    const batched = await outcome(tallyProjection('tally'));
    const oneByOne = await outcome(eventByEvent(tallyProjection('tally')));
    expect(oneByOne).toMatchObject({ position: failingPosition - 1, failedAt: failingPosition });
    expect(batched.tables).toEqual(oneByOne.tables);
    expect(batched).toMatchObject({ position: failingPosition - 1, failedAt: failingPosition });
    // The batch failed as a whole, then ran one event at a time.
    expect(batched.warnings).toEqual(['A batch applied with its rows in memory failed; applying it one event at a time']);
    expect(batched.tables['tally']).toEqual([
      { id: 'a', kind: 'reopened', count: 100, note: null },
      { id: 'b', kind: 'reopened', count: 101, note: null },
    ]);
  }, 60_000);

  (skip ? it.skip : it)('with the failing event gone, apply the whole batch in memory: the rows equal one event at a time, with no fallback', async () => {
    const events = new InMemoryEventStore();
    const script: [string, Data][] = [
      ['Opened', { id: 'a' }], ['Opened', { id: 'b', kind: 'other' }], ['Bumped', { id: 'a' }], ['Renamed', { id: 'b', note: 'bee' }], ['Opened', { id: 'c' }],
      ['Recount', { id: 'c' }], ['Bumped', { id: 'c' }], ['Closed', { id: 'b' }], ['Reopened', { id: 'b' }], ['Bumped', { id: 'b' }], ['Closed', { id: 'c' }],
      ['Logged', { id: 'a', note: 'first' }], ['Marked', { id: 'a' }], ['Logged', { id: 'a', note: 'second' }], ['Marked', { id: 'a' }], ['Pruned', { id: 'a' }],
      ['Logged', { id: 'b' }], ['Marked', { id: 'b' }], ['Pruned', { id: 'b' }], ['Marked', { id: 'b' }],
    ];
    for (const [type, data] of script) await events.append(`tally-${data.id}`, [fact(type, data)], 'any');
    const run = async (projection: AnyProjection) => {
      const database = await open();
      const { logger, warnings } = recordingLogger();
      await new ProjectionRunner({ store: events, database, projections: [projection], logger }).runOnce();
      return { tables: await dumpProjectionTables(database.db, [projection]), warnings };
    };
    const oneByOne = await run(eventByEvent(tallyProjection('tally')));
    expect(await run(tallyProjection('tally'))).toEqual({ ...oneByOne, warnings: [] });
    expect(oneByOne.tables['tally']).toEqual([
      { id: 'a', kind: 'plain', count: 1, note: 'log 3, marks 1' },
      { id: 'b', kind: 'reopened', count: 101, note: 'log 3, marks 1' },
    ]);
    expect(oneByOne.tables['tally_log']!.filter((row) => Number(row['seq']) <= 0)).toEqual([
      { id: 'a', seq: 0, note: 'second' },
      { id: 'b', seq: -1, note: 'mark' },
      { id: 'b', seq: 0, note: null },
    ]);
  }, 60_000);

  (skip ? it.skip : it)('serve upserts and queries by a key prefix across batches: rows the store holds from an earlier batch are found', async () => {
    const events = new InMemoryEventStore();
    const script: [string, Data][] = [
      ['Opened', { id: 'a' }], ['Logged', { id: 'a', note: 'one' }], ['Marked', { id: 'a' }], ['Bumped', { id: 'a' }],
      ['Logged', { id: 'a', note: 'two' }], ['Marked', { id: 'a' }], ['Pruned', { id: 'a' }], ['Marked', { id: 'a' }], ['Pruned', { id: 'a' }],
    ];
    for (const [type, data] of script) await events.append(`tally-${data.id}`, [fact(type, data)], 'any');
    const run = async (projection: AnyProjection) => {
      const database = await open();
      const { logger, warnings } = recordingLogger();
      // Batches of 2: each query by prefix meets rows flushed by an earlier batch.
      await new ProjectionRunner({ store: events, database, projections: [projection], logger, batchSize: 2 }).runOnce();
      return { tables: await dumpProjectionTables(database.db, [projection]), warnings };
    };
    const oneByOne = await run(eventByEvent(tallyProjection('tally')));
    expect(await run(tallyProjection('tally'))).toEqual({ ...oneByOne, warnings: [] });
    expect(oneByOne.tables['tally']).toEqual([{ id: 'a', kind: 'plain', count: 1, note: 'log 3, marks 1' }]);
  }, 60_000);
});

