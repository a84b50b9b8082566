import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { postgresSkippedOnPurpose } from '../../libs/event-store/src/testing/postgres-availability.js';

const POSTGRES_URL = process.env.POSTGRES_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** One way to run the service's stores in an e2e suite: its env for startTestApp, and what to drop after. */
export interface StoreVariant {
  readonly name: string;
  readonly env: () => Record<string, string>;
  readonly cleanUp: () => Promise<void>;
}

/**
 * The embedded default (SQLite) and, unless SKIP_POSTGRES=1, PostgreSQL for events, read models and
 * the vault in a fresh schema per run (dropped afterwards), for suites that must hold on both.
 */
export const storeVariants = (suite: string): StoreVariant[] => {
  const schema = `e2e_${suite.replace(/[^a-z0-9]/g, '_')}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const postgres: StoreVariant = {
    name: 'PostgreSQL',
    env: () => ({ EVENT_STORE: 'postgres', READ_MODELS: 'postgres', POSTGRES_URL, POSTGRES_SCHEMA: schema, VAULT_MASTER_KEY: randomBytes(32).toString('base64') }),
    async cleanUp() {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        for (const name of [schema, `${schema}_read`]) await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
  const embedded: StoreVariant = { name: 'the embedded default', env: () => ({}), cleanUp: async () => undefined };
  return postgresSkippedOnPurpose(suite) ? [embedded] : [embedded, postgres];
};
