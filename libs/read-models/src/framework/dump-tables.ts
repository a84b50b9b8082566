import type { Kysely } from 'kysely';
import type { AnyProjection } from './projection.js';

/**
 * Every row of every table of the projections, sorted, as plain values: what "rebuild equals live"
 * compares, and what an operator diffs after a migration.
 */
export async function dumpProjectionTables(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  projections: readonly AnyProjection[],
): Promise<Record<string, Record<string, unknown>[]>> {
  const dump: Record<string, Record<string, unknown>[]> = {};
  for (const projection of projections) {
    for (const table of projection.tables.names) {
      const rows = (await db.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
      const normalised = rows.map((row) =>
        Object.fromEntries(Object.entries(row).map(([column, value]) => [column, typeof value === 'bigint' ? Number(value) : value])),
      );
      dump[table] = normalised.sort((a, b) => {
        const left = JSON.stringify(a);
        const right = JSON.stringify(b);
        return left < right ? -1 : left > right ? 1 : 0;
      });
    }
  }
  return dump;
}
