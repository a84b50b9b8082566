import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { EventStoreUnavailableError, type EventToAppend, IdempotencyMismatchError, openPostgresEventStore, PostgresEventStore } from '#event-store';
import { contentDigest } from '../../libs/event-store/src/integrity/hash-chain.js';
import { event, eventStoreConformanceSuite, type HeldAppend, take } from '../../libs/event-store/src/testing/conformance.js';
import { CHECKPOINT_EVERY_IN_TESTS, integrityConformanceSuite } from '../../libs/event-store/src/testing/integrity-conformance.js';
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

/** Polls `probe` until it answers; a read across a hole waits for the server's older transactions to end. */
async function settledWithin<T>(timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await probe();
    if (answer !== undefined) return answer;
    if (Date.now() > deadline) throw new Error(`nothing settled within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

if (postgresSkippedOnPurpose('the PostgreSQL event store suites')) {
  describe.skip('PostgreSQL event store (SKIP_POSTGRES=1)', () => it('runs against the real server in CI', () => undefined));
} else {
  /** Calls the store's append function in a transaction left open: the position is drawn, nothing is committed. */
  const holdAppend = async (schema: string, streamId: string, events: readonly EventToAppend[]): Promise<HeldAppend> => {
    const client = new pg.Client({ connectionString: CONNECTION_STRING });
    await client.connect();
    await client.query('BEGIN');
    const { rows } = await client.query(`SELECT o_status, o_position FROM "${schema}".wushe_append($1, -2, $2, $3, $4, $5, $6, $7)`, [
      streamId,
      events.map((e) => e.eventId),
      events.map((e) => e.type),
      events.map((e) => e.schemaVersion),
      events.map((e) => JSON.stringify(e.data)),
      events.map((e) => JSON.stringify(e.metadata)),
      events.map((e) =>
        contentDigest({ streamId, type: e.type, schemaVersion: e.schemaVersion, dataText: JSON.stringify(e.data), metadataText: JSON.stringify(e.metadata) }),
      ),
    ]);
    expect(rows[0].o_status).toBe(0);
    const end = async (command: 'COMMIT' | 'ROLLBACK') => {
      try {
        await client.query(command);
      } finally {
        await client.end();
      }
    };
    return { position: Number(rows[0].o_position), commit: () => end('COMMIT'), rollback: () => end('ROLLBACK') };
  };

  eventStoreConformanceSuite('PostgreSQL (one-call append, settled reads)', async () => {
    const schema = freshSchema('conformance');
    const store = await openFresh(schema);
    return {
      store,
      holdAppend: (streamId, events) => holdAppend(schema, streamId, events),
      connectAnother: () => openPostgresEventStore(CONNECTION_STRING, schema, { pollIntervalMs: 100, poolSize: 6 }),
      cleanup: async () => {
        await store.dropSchema();
        await store.close();
      },
    };
  });

  integrityConformanceSuite('PostgreSQL', async () => {
    const schema = freshSchema('integrity');
    const store = await openPostgresEventStore(CONNECTION_STRING, schema, { poolSize: 4, checkpointEvery: CHECKPOINT_EVERY_IN_TESTS });
    const intruder = async (statement: string, position: number) => {
      const client = new pg.Client({ connectionString: CONNECTION_STRING });
      await client.connect();
      try {
        expect((await client.query(statement, [position])).rowCount).toBe(1);
      } finally {
        await client.end();
      }
    };
    return {
      store,
      densePositions: false,
      seal: () => store.sealCheckpoints(),
      alterOneByte: (position) => intruder(`UPDATE "${schema}".events SET data = replace(data::text, '10000', '90000')::json WHERE position = $1`, position),
      deleteEvent: (position) => intruder(`DELETE FROM "${schema}".events WHERE position = $1`, position),
      cleanup: async () => {
        await store.dropSchema();
        await store.close();
      },
    };
  });

  describe('PostgresEventStore specifics', () => {
    let store: PostgresEventStore;
    const admin = async (statement: string) => {
      const client = new pg.Client({ connectionString: CONNECTION_STRING });
      await client.connect();
      try {
        await client.query(statement);
      } finally {
        await client.end();
      }
    };

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

    it('passes the position of an append that failed at the insert; a rejected append draws none', async () => {
      const first = await store.append('need-d1', [event('NeedListed')], 'no_stream');
      await expect(store.append('need-d1', [event('NeedListed')], 'no_stream')).rejects.toThrow();
      // PostgreSQL text refuses a NUL byte: refused with the parameters, before any position is drawn.
      await expect(store.append('need-d2', [event('Need\u0000Listed')], 'no_stream')).rejects.toBeInstanceOf(
        EventStoreUnavailableError,
      );
      // A row the table refuses fails at the INSERT, after the append drew its position.
      await admin(`ALTER TABLE "${store.schema}".events ADD CONSTRAINT no_poison CHECK (type <> 'Poison')`);
      await expect(store.append('need-d2', [event('Poison')], 'no_stream')).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await admin(`ALTER TABLE "${store.schema}".events DROP CONSTRAINT no_poison`);
      const next = await store.append('need-d3', [event('NeedListed'), event('NeedVerified')], 'no_stream');
      expect(next.position).toBe(first.position + 3);
      // The hole at first + 1 is passed once every transaction older than need-d3's has ended, on the whole
      // server: another suite's transaction in flight (CI runs suites side by side) holds the read back until then.
      const afterHole = await settledWithin(10_000, async () => {
        const read = await store.readAll({ after: first.position });
        return read.length > 0 ? read : undefined;
      });
      expect(afterHole.map((e) => [e.streamId, e.position])).toEqual([
        ['need-d3', first.position + 2],
        ['need-d3', first.position + 3],
      ]);
      expect(await store.headPosition()).toBe(next.position);
    });

    it('upgrades a commit-lock-era table in place: old rows stay visible, new positions follow them', async () => {
      const schema = freshSchema('upgrade');
      const client = new pg.Client({ connectionString: CONNECTION_STRING });
      await client.connect();
      const old = [event('NeedListed'), event('NeedVerified'), event('DonationPledged')];
      try {
        await client.query(`CREATE SCHEMA "${schema}"`);
        await client.query(`CREATE TABLE "${schema}".events (
          position bigint PRIMARY KEY, stream_id text NOT NULL, revision integer NOT NULL, event_id text NOT NULL UNIQUE,
          type text NOT NULL, schema_version integer NOT NULL, data json NOT NULL, metadata json NOT NULL,
          recorded_at timestamptz NOT NULL DEFAULT now(), CONSTRAINT events_stream_revision_key UNIQUE (stream_id, revision))`);
        for (const [index, recorded] of old.entries()) {
          await client.query(
            `INSERT INTO "${schema}".events (position, stream_id, revision, event_id, type, schema_version, data, metadata)
             VALUES ($1, $2, $3, $4, $5, 1, $6, $7)`,
            [index + 1, index < 2 ? 'need-old' : 'donation-old', index < 2 ? index : 0, recorded.eventId, recorded.type,
              JSON.stringify(recorded.data), JSON.stringify(recorded.metadata)],
          );
        }
      } finally {
        await client.end();
      }
      const upgraded = await openFresh(schema);
      try {
        expect(await upgraded.headPosition()).toBe(3);
        expect((await upgraded.readAll()).map((e) => e.eventId)).toEqual(old.map((e) => e.eventId));
        const appended = await upgraded.append('need-old', [event('NeedMatched')], 1);
        expect(appended).toEqual({ nextExpectedRevision: 2, position: 4 });
        // Idempotency still finds the old rows.
        await expect(upgraded.append('need-old', old.slice(0, 2), 'no_stream')).resolves.toEqual({ nextExpectedRevision: 1, position: 2 });
        const subscription = upgraded.subscribeToAll();
        expect((await take(subscription, 4)).map((e) => e.position)).toEqual([1, 2, 3, 4]);
        await subscription.close();
        // The rows stored before the hash chain were hashed by the migration; the new one chains on.
        expect(await upgraded.verifyIntegrity()).toMatchObject({ ok: true, eventsChecked: 4, firstBreak: null });
      } finally {
        await upgraded.dropSchema();
        await upgraded.close();
      }
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
