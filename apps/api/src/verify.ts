import { isTamperEvident } from '#event-store';
import { ConfigurationError, loadConfig, openEventStore } from '#platform';

/**
 * `npm run verify`: recomputes the tamper-evident record of the configured event store (the same
 * settings as `npm start`: EVENT_STORE, DATA_DIR, POSTGRES_URL...) and prints the report as JSON.
 * Exit code 0: intact; 1: a broken link (the report names it: kind, stream, revision, position);
 * 2: the store could not be verified (configuration, unreachable, or a store without the record).
 * Opening a store written before the hash chain hashes it in place first (the documented upgrade).
 */
const main = async (): Promise<number> => {
  const store = await openEventStore(loadConfig());
  try {
    if (!isTamperEvident(store)) {
      console.error('This event store keeps no tamper-evident record (EventStoreDB: not yet); nothing to verify.');
      return 2;
    }
    const report = await store.verifyIntegrity();
    console.log(JSON.stringify(report, null, 2));
    if (report.firstBreak) console.error(`BROKEN: ${report.firstBreak.detail}`);
    return report.ok ? 0 : 1;
  } finally {
    await store.close();
  }
};

// exitCode rather than exit(): a long report piped elsewhere is written out in full first.
main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof ConfigurationError ? error.problems.join('\n') : `Not verified: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
