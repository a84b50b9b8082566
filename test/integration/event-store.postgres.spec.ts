import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { EventStoreUnavailableError, IdempotencyMismatchError, openPostgresEventStore, PostgresEventStore } from '#event-store';
import { event, eventStoreConformanceSuite } from '../../libs/event-store/src/testing/conformance.js';
import { postgresSkippedOnPurpose, postgresUnreachableMessage } from '../../libs/event-store/src/testing/postgres-availability.js';

const CONNECTION_STRING = process.env.POSTGRES_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const freshSchema = (purpose: string) => `es_${purpose}_${Date.now().toString(36)}_${randomUUID().slice(0, 6)}`;

/** Opens a store on a fresh schema, failing loudly with the reason when the server is not there. */
async function openFresh(schema: string) {
  try {
    return await openPostgresEventStore(CONNECTION_STRING, schema, { pollIntervalMs: 100, poolSize: 6 });
  } catch (error) {
    throw new Error(postgresUnreachableMessage(CONNECTION_STRING, error));
  }
}

if (postgresSkippedOnPurpose('the PostgreSQL event store suites')) {
  describe.skip('PostgreSQL event store (SKIP_POSTGRES=1)', () => it('runs against the real server in CI', () => undefined));
} else {
  eventStoreConformanceSuite('PostgreSQL (commit lock)', async () => {
    const schema = freshSchema('conformance');
    const store = await openFresh(schema);
    return {
      store,
      connectAnother: () => openPostgresEventStore(CONNECTION_STRING, schema, { pollIntervalMs: 100, poolSize: 6 }),
      cleanup: async () => {
        await store.dropSchema();
        await store.close();
      },
    };
  });

  describe('PostgresEventStore specifics', () => {
    let store: PostgresEventStore;

    beforeAll(async () => {
      store = await openFresh(freshSchema('specifics'));
    });

    afterAll(async () => {
      await store?.dropSchema();
      await store?.close();
    });

    it('starts empty on a fresh schema: head 0 and nothing to read', async () => {
      expect(await store.headPosition()).toBe(0);
      expect(await store.readAll()).toEqual([]);
    });

    it('migrates idempotently, also from two processes at once, keeping the events', async () => {
      await store.append('need-m', [event('NeedListed')], 'no_stream');
      const second = new PostgresEventStore(CONNECTION_STRING, store.schema);
      try {
        await Promise.all([store.migrate(), second.migrate(), store.migrate()]);
        expect(await second.readStream('need-m')).toHaveLength(1);
      } finally {
        await second.close();
      }
    });

    it('assigns dense positions: a rejected or rolled-back append leaves no hole', async () => {
      const first = await store.append('need-d1', [event('NeedListed')], 'no_stream');
      await expect(store.append('need-d1', [event('NeedListed')], 'no_stream')).rejects.toThrow();
      // PostgreSQL text refuses a NUL byte: this append fails at the INSERT, after the checks passed.
      await expect(store.append('need-d2', [event('Need\u0000Listed')], 'no_stream')).rejects.toBeInstanceOf(
        EventStoreUnavailableError,
      );
      const next = await store.append('need-d3', [event('NeedListed'), event('NeedVerified')], 'no_stream');
      expect(next.position).toBe(first.position + 2);
    });

    it('refuses an eventId already stored in another stream', async () => {
      const listed = event('NeedListed');
      await store.append('need-x1', [listed], 'no_stream');
      await expect(store.append('need-x2', [listed], 'no_stream')).rejects.toBeInstanceOf(IdempotencyMismatchError);
      expect(await store.readStream('need-x2')).toEqual([]);
    });

    it('keeps the JSON text byte for byte, including key order', async () => {
      const data = { zeta: 1, alpha: { b: 2, a: 1 }, 中文: '社区' };
      await store.append('need-json', [event('NeedListed', data)], 'no_stream');
      const [stored] = await store.readStream('need-json');
      expect(JSON.stringify(stored!.data)).toBe(JSON.stringify({ ...data, sequence: (stored!.data as { sequence: number }).sequence }));
      const client = new pg.Client({ connectionString: CONNECTION_STRING });
      await client.connect();
      try {
        const { rows } = await client.query(`SELECT data::text AS text FROM "${store.schema}".events WHERE stream_id = 'need-json'`);
        expect(rows[0].text.startsWith('{"zeta":1,"alpha":{"b":2,"a":1}')).toBe(true);
      } finally {
        await client.end();
      }
    });

    it('reports an unreachable server as EventStoreUnavailableError, quickly', async () => {
      const nowhere = new PostgresEventStore('postgres://postgres@127.0.0.1:1/test', 'nowhere', { connectionTimeoutMs: 1000 });
      try {
        await expect(nowhere.append('need-1', [event('NeedListed')], 'no_stream')).rejects.toBeInstanceOf(EventStoreUnavailableError);
        await expect(nowhere.readAll()).rejects.toMatchObject({ code: 'EVENT_STORE_UNAVAILABLE' });
      } finally {
        await nowhere.close();
      }
    });
  });
}
