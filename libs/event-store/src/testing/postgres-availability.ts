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
