import { randomUUID } from 'node:crypto';
import { afterAll } from '@jest/globals';
import { openPostgresEventStore, type PostgresEventStore } from '../postgres/postgres-event-store.js';

/**
 * The message a PostgreSQL-backed suite fails with when the server is missing: CI guarantees the
 * server, so a missing one is a broken environment to fix, not a reason to pass quietly.
 */
export function postgresUnreachableMessage(connectionString: string, error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return (
    `PostgreSQL at ${connectionString.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')} is not usable (${reason}). ` +
    'CI guarantees this server; start it, or set SKIP_POSTGRES=1 to skip the PostgreSQL suites on purpose.'
  );
}

/** True when the PostgreSQL suites were switched off on purpose (SKIP_POSTGRES=1); says so once. */
export function postgresSkippedOnPurpose(suite: string): boolean {
  if (process.env.SKIP_POSTGRES !== '1') return false;
  // Straight to stderr: jest swallows console output of files whose tests are all skipped.
  process.stderr.write(`SKIP_POSTGRES=1: skipping ${suite} on purpose; CI runs these against the real server.\n`);
  return true;
}

/**
 * A fresh schema on the test server for one suite, opened by as many stores (processes) as the suite
 * wants, dropped and closed after it: the suites that race writers across connections share this.
 */
export function postgresSuiteSchema(prefix: string, connectionString: string, poolSize = 10): { open: () => Promise<PostgresEventStore> } {
  const schema = `${prefix}_${Date.now().toString(36)}_${randomUUID().slice(0, 6)}`;
  const stores: PostgresEventStore[] = [];
  afterAll(async () => {
    await stores[0]?.dropSchema();
    await Promise.all(stores.map((store) => store.close()));
  });
  return {
    open: async () => {
      try {
        const store = await openPostgresEventStore(connectionString, schema, { poolSize });
        stores.push(store);
        return store;
      } catch (error) {
        throw new Error(postgresUnreachableMessage(connectionString, error));
      }
    },
  };
}
