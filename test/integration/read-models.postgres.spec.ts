import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { openPostgresEventStore, type EventStore } from '#event-store';
import {
  dumpProjectionTables,
  openReadModelDatabase,
  ProjectionRunner,
  readCheckpoints,
  type ReadModelDatabase,
} from '#read-models';
import { postgresSkippedOnPurpose, postgresUnreachableMessage } from '../../libs/event-store/src/testing/postgres-availability.js';
import { counted, ledgerProjection } from '../../libs/read-models/src/testing/counted-events.js';
import { readModelsSuite } from '../../libs/read-models/src/testing/read-models.suite.js';

const CONNECTION_STRING = process.env.POSTGRES_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const freshSchema = (purpose: string) => `rm_${purpose}_${Date.now().toString(36)}_${randomUUID().slice(0, 6)}`;

async function dropSchemas(schemas: readonly string[]): Promise<void> {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: CONNECTION_STRING });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Fails loudly with the reason when the server is not there (CI guarantees it). */
async function reachable<T>(open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    throw new Error(postgresUnreachableMessage(CONNECTION_STRING, error));
  }
}

function postgresFixture(purpose: string) {
  const schemas: string[] = [];
  return {
    openStore: async (): Promise<EventStore> => {
      const schema = freshSchema(`${purpose}_events`);
      schemas.push(schema);
      return reachable(() => openPostgresEventStore(CONNECTION_STRING, schema, { pollIntervalMs: 100, poolSize: 4 }));
    },
    openReadModels: async (name: string): Promise<ReadModelDatabase> => {
      const schema = freshSchema(`${purpose}_${name}`);
      schemas.push(schema);
      return reachable(() => openReadModelDatabase({ kind: 'postgres', connectionString: CONNECTION_STRING, schema, poolSize: 4 }));
    },
    cleanup: () => dropSchemas(schemas),
  };
}

if (postgresSkippedOnPurpose('the PostgreSQL read-model suites')) {
  describe.skip('Read models on PostgreSQL (SKIP_POSTGRES=1)', () => it('runs against the real server in CI', () => undefined));
} else {
  readModelsSuite('Read models on PostgreSQL (events and read models in fresh schemas)', async () => postgresFixture('suite'));

  describe('Two projector processes on the same PostgreSQL read models', () => {
    const fixture = postgresFixture('pair');
    let store: EventStore;
    let schema: string;
    let first: ReadModelDatabase;
    let second: ReadModelDatabase;

    const ledger = ledgerProjection;

    beforeAll(async () => {
      store = await fixture.openStore();
      first = await fixture.openReadModels('pair');
      schema = first.schema!;
      second = await reachable(() => openReadModelDatabase({ kind: 'postgres', connectionString: CONNECTION_STRING, schema, poolSize: 2 }));
    });

    afterAll(async () => {
      await second?.close();
      await first?.close();
      await store?.close();
      await fixture.cleanup();
    });

    it('apply every event exactly once: the checkpoint compare-and-set makes the slower one stand aside', async () => {
      const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
      const one = new ProjectionRunner({ store, database: first, projections: [ledger()], batchSize: 3, logger: quiet });
      const two = new ProjectionRunner({ store, database: second, projections: [ledger()], batchSize: 2, logger: quiet });
      await Promise.all([one.start(), two.start()]);
      try {
        let head = 0;
        for (let i = 1; i <= 60; i++) head = (await store.append(`s-${i % 7}`, [counted(i)], 'any')).position;
        await Promise.all([one.waitForPosition(head, 10_000), two.waitForPosition(head, 10_000)]);
        const rows = await first.db.selectFrom('ledger').selectAll().orderBy('position').execute();
        expect(rows.map((row) => Number(row.amount))).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
        expect((await readCheckpoints(first.db, ['ledger']))[0]).toMatchObject({ position: head, status: 'running', error: null });
        expect((await one.status())[0]!.status).toBe('running');
        expect((await two.status())[0]!.status).toBe('running');
        expect(await dumpProjectionTables(second.db, [ledger()])).toEqual(await dumpProjectionTables(first.db, [ledger()]));
      } finally {
        await one.stop();
        await two.stop();
      }
    });
  });
}
