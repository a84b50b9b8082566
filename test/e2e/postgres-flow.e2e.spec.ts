import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createReadModelProjections, dumpProjectionTables } from '#read-models';
import { postgresSkippedOnPurpose, postgresUnreachableMessage } from '../../libs/event-store/src/testing/postgres-availability.js';
import { caughtUpHead } from '../support/read-models.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { expectEventsCarryTheirRequest, expectListsShowTheFlow, runWholeFlow, type WholeFlow } from '../support/whole-flow.js';

const POSTGRES_URL = process.env.POSTGRES_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** A fresh schema per run, so runs never see each other's events; `<schema>_read` holds the read models. */
const SCHEMA = `e2e_flow_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

const withClient = async <T>(run: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
};

/**
 * The production shape of the stores: events, read models and the vault in PostgreSQL. The same
 * whole flow as on the embedded default, then rebuild-equals-live on the PostgreSQL read models.
 * A missing server fails the suite (CI guarantees one) unless SKIP_POSTGRES=1.
 */
(postgresSkippedOnPurpose('the PostgreSQL whole flow (e2e)') ? describe.skip : describe)('the whole flow on PostgreSQL (e2e)', () => {
  let app: TestApp;
  let flow: WholeFlow;

  beforeAll(async () => {
    await withClient((client) => client.query('SELECT 1')).catch((error: unknown) => {
      throw new Error(postgresUnreachableMessage(POSTGRES_URL, error));
    });
    app = await startTestApp({
      EVENT_STORE: 'postgres',
      READ_MODELS: 'postgres',
      POSTGRES_URL,
      POSTGRES_SCHEMA: SCHEMA,
      VAULT_MASTER_KEY: randomBytes(32).toString('base64'),
    });
    flow = await runWholeFlow(app, 'pgflow');
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await withClient(async (client) => {
      for (const schema of [SCHEMA, `${SCHEMA}_read`]) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }).catch(() => undefined);
  });

  it('runs on PostgreSQL for events, read models and the vault', async () => {
    expect(app.config).toMatchObject({ EVENT_STORE: 'postgres', READ_MODELS: 'postgres', POSTGRES_SCHEMA: SCHEMA });
    const schemas = await withClient(async (client) =>
      (await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname = ANY($1)', [[SCHEMA, `${SCHEMA}_read`]])).rows.map((row) => row.nspname),
    );
    expect(schemas.sort()).toEqual([SCHEMA, `${SCHEMA}_read`]);
  });

  it('shows the flow on the three lists, as on the embedded default', () => {
    expectListsShowTheFlow(flow);
  });

  it('stamps every event with its request’s correlation id and actor', async () => {
    expectEventsCarryTheirRequest(flow, await app.service.infrastructure.eventStore.readAll());
  });

  it('rebuilds the PostgreSQL read models from 0 to exactly the live tables, storing no new event', async () => {
    const { readModels, eventStore } = app.service.infrastructure;
    const dump = () => dumpProjectionTables(readModels.database.db, createReadModelProjections());
    const head = await caughtUpHead(app.service.infrastructure);
    const live = await dump();
    expect(live.needs?.length).toBeGreaterThan(0);
    expect(live.projects?.length).toBe(1);

    await readModels.runner!.rebuild('all');
    await readModels.waitForPosition(head, 30_000);
    expect(await eventStore.headPosition()).toBe(head);
    const rebuilt = await dump();
    for (const table of Object.keys(live)) expect({ table, rows: rebuilt[table] }).toEqual({ table, rows: live[table] });
  }, 60_000);
});
