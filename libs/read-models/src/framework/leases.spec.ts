import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { postgresSkippedOnPurpose } from '../../../event-store/src/testing/postgres-availability.js';
import { openReadModelDatabase, type ReadModelDatabase } from '../database/read-model-database.js';
import { InMemoryEventStore } from '../testing/in-memory-event-store.js';
import type { ProjectionCheckpointsTable } from './checkpoints.js';
import { projectionTables, type Projection } from './projection.js';
import { ProjectionRunner } from './projection-runner.js';
import { counted, quietLogger as quiet } from '../testing/counted-events.js';

interface LedgerDb {
  [table: string]: { event_id: string; position: number; applied_by: string };
}

/** One row per event, keyed by eventId (applying one twice breaks the key), naming who applied it. */
const ledger = (name: string, appliedBy: string): Projection<LedgerDb, { Counted: { amount: number } }> => ({
  name,
  version: 1,
  tables: projectionTables<LedgerDb>([`${name}_ledger`], async (db) => {
    await db.schema
      .createTable(`${name}_ledger`)
      .ifNotExists()
      .addColumn('event_id', 'text', (c) => c.primaryKey())
      .addColumn('position', 'bigint', (c) => c.notNull())
      .addColumn('applied_by', 'text', (c) => c.notNull())
      .execute();
  }),
  on: {
    Counted: async (event, trx) => {
      await trx.insertInto(`${name}_ledger`).values({ event_id: event.eventId, position: event.position, applied_by: appliedBy }).execute();
    },
  },
});

const POSTGRES_URL = process.env.POSTGRES_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
let schemas = 0;

/**
 * PostgreSQL read models, one pool per "process": two SQLite connections in ONE Node process would
 * block each other's event loop on the file lock (busy_timeout waits synchronously); separate
 * processes on one SQLite file are proven in test/integration/projector-processes.spec.ts.
 */
(postgresSkippedOnPurpose('projection leases') ? describe.skip : describe)('projection leases: projector processes sharing the projections', () => {
  let schema: string;
  let store: InMemoryEventStore;
  const databases: ReadModelDatabase[] = [];
  const runners: ProjectionRunner[] = [];

  /** Each "process" has its own connection to the one read-model file. */
  const processNamed = async (owner: string, share: string[], ttlMs = 300) => {
    const database = await openReadModelDatabase({ kind: 'postgres', connectionString: POSTGRES_URL, schema, poolSize: 3 });
    databases.push(database);
    const runner = new ProjectionRunner({ store, database, projections: [ledger('alpha', owner), ledger('beta', owner)], batchSize: 5, logger: quiet, lease: { owner, share, ttlMs } });
    runners.push(runner);
    return { runner, db: database.db as Kysely<LedgerDb & ProjectionCheckpointsTable> };
  };

  const rows = (db: Kysely<LedgerDb>, name: string) => db.selectFrom(`${name}_ledger`).select(['position', 'applied_by']).orderBy('position').execute();

  beforeEach(() => {
    schema = `leases_${process.pid}_${++schemas}`;
    store = new InMemoryEventStore(2);
  });

  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop();
    for (const database of databases.splice(0)) await database.close();
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  });

  it('two runners split the projections by their shares: each applies only its own, every event exactly once', async () => {
    // Long leases: neither may take the other's share as a standby during the test.
    const one = await processNamed('one', ['alpha'], 10_000);
    const two = await processNamed('two', ['beta'], 10_000);
    await one.runner.start();
    await two.runner.start();
    for (let i = 1; i <= 30; i++) await store.append(`s-${i % 3}`, [counted(i)], 'any');
    await one.runner.waitForPosition(60, 5000);

    const alpha = await rows(one.db, 'alpha');
    const beta = await rows(one.db, 'beta');
    expect(alpha.map((row) => Number(row.position))).toEqual(Array.from({ length: 30 }, (_, i) => 2 * (i + 1)));
    expect(beta.map((row) => Number(row.position))).toEqual(alpha.map((row) => Number(row.position)));
    expect(new Set(alpha.map((row) => row.applied_by))).toEqual(new Set(['one']));
    expect(new Set(beta.map((row) => row.applied_by))).toEqual(new Set(['two']));
    const leases = await one.db.selectFrom('projection_checkpoints').select(['name', 'lease_owner']).orderBy('name').execute();
    expect(leases).toEqual([
      { name: 'alpha', lease_owner: 'one' },
      { name: 'beta', lease_owner: 'two' },
    ]);
    expect((await two.runner.status()).map(({ name, heldHere, position }) => ({ name, heldHere, position }))).toEqual([
      { name: 'alpha', heldHere: false, position: 60 },
      { name: 'beta', heldHere: true, position: 60 },
    ]);
  });

  it("takes over a silent process's share once its lease expires, from that process's checkpoint: no gap, nothing twice", async () => {
    const one = await processNamed('one', ['alpha'], 200);
    await one.runner.start();
    // Process "two" held beta and has died: its lease is never renewed.
    await one.db.updateTable('projection_checkpoints').set({ lease_owner: 'two', lease_expires_at: Date.now() + 200 }).where('name', '=', 'beta').execute();
    for (let i = 1; i <= 10; i++) await store.append('s', [counted(i)], 'any');
    await one.runner.waitForPosition(20, 5000, { projections: ['alpha'] });
    // After the expiry plus a lease time of grace (beta is not in one's share), one takes beta over.
    await one.runner.waitForPosition(20, 5000, { projections: ['beta'] });
    for (let i = 11; i <= 20; i++) await store.append('s', [counted(i)], 'any');
    await one.runner.waitForPosition(40, 5000);
    const beta = await rows(one.db, 'beta');
    expect(beta.map((row) => Number(row.position))).toEqual(Array.from({ length: 20 }, (_, i) => 2 * (i + 1)));
    expect(new Set(beta.map((row) => row.applied_by))).toEqual(new Set(['one']));
    expect(await one.db.selectFrom('projection_checkpoints').select('lease_owner').where('name', '=', 'beta').executeTakeFirst()).toEqual({ lease_owner: 'one' });
  });

  it('a standby that took a share hands it back when the process whose share it is asks', async () => {
    const one = await processNamed('one', ['alpha'], 1000);
    await one.runner.start();
    for (let i = 1; i <= 5; i++) await store.append('s', [counted(i)], 'any');
    // Nobody else runs beta: after a lease time one takes it as a standby.
    await one.runner.waitForPosition(10, 5000);
    // Leases of a second: a loaded machine's timers must not let the standby take beta back.
    const two = await processNamed('two', ['beta'], 1000);
    await two.runner.start();
    const deadline = Date.now() + 10_000;
    const ownerOfBeta = async () => (await one.db.selectFrom('projection_checkpoints').select('lease_owner').where('name', '=', 'beta').executeTakeFirst())?.lease_owner;
    while ((await ownerOfBeta()) !== 'two' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await ownerOfBeta()).toBe('two');
    for (let i = 6; i <= 10; i++) await store.append('s', [counted(i)], 'any');
    await two.runner.waitForPosition(20, 5000);
    const beta = await rows(one.db, 'beta');
    expect(beta.map((row) => Number(row.position))).toEqual(Array.from({ length: 10 }, (_, i) => 2 * (i + 1)));
    expect(beta.slice(0, 5).every((row) => row.applied_by === 'one')).toBe(true);
    expect(beta.slice(5).every((row) => row.applied_by === 'two')).toBe(true);
  });

  it('stop() hands the share over at once: the other process continues from the checkpoint', async () => {
    const one = await processNamed('one', ['alpha', 'beta']);
    const two = await processNamed('two', ['alpha', 'beta']);
    await one.runner.start();
    await two.runner.start();
    for (let i = 1; i <= 10; i++) await store.append('s', [counted(i)], 'any');
    await one.runner.waitForPosition(20, 5000);
    expect(new Set((await rows(one.db, 'alpha')).map((row) => row.applied_by))).toEqual(new Set(['one']));
    await one.runner.stop();
    for (let i = 11; i <= 20; i++) await store.append('s', [counted(i)], 'any');
    await two.runner.waitForPosition(40, 5000);
    const alpha = await rows(two.db, 'alpha');
    expect(alpha.map((row) => Number(row.position))).toEqual(Array.from({ length: 20 }, (_, i) => 2 * (i + 1)));
    expect(alpha.slice(10).every((row) => row.applied_by === 'two')).toBe(true);
  });
});
