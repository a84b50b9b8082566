/**
 * Reading the PostgreSQL log in order although positions commit out of order.
 *
 * A writer holding position 41 may commit after the one holding 42, and a failed insert leaves a
 * hole. Readers therefore deliver only a settled prefix of the log: walking up from a checkpoint
 * (itself settled), the next row is delivered when its position is the next integer (nothing can be
 * in between), or when its transaction id is below the oldest transaction still in flight,
 * `pg_snapshot_xmin(pg_current_snapshot())`: then every transaction that drew a lower position has
 * ended, because the append function draws ids and positions together. A position held by a
 * transaction still in flight stops the walk until it commits or aborts; it is never skipped. The
 * same rule gives the head (the highest settled position), so a checkpoint taken from it is safe
 * too. Unlike a pure xmin filter, an unrelated long transaction elsewhere on the server delays
 * nothing as long as positions are dense.
 */
import { EVENT_COLUMNS, type EventRow, recordedEventOf } from '../event-row.js';
import type { RecordedEvent } from '../port.js';

export type { EventRow };

/** A row of the readAll statement: the event and whether its transaction is below the oldest in flight. */
export type SettledEventRow = EventRow & { settled: boolean };

/** The read statements over one schema's events table; the store prepares each once. */
export const readStatements = (table: string): Record<'readStream' | 'readAll' | 'head', string> => ({
  readStream: `SELECT ${EVENT_COLUMNS} FROM ${table} WHERE stream_id = $1 ORDER BY revision`,
  readAll: `SELECT ${EVENT_COLUMNS}, transaction_id < pg_snapshot_xmin(pg_current_snapshot()) AS settled
    FROM ${table} WHERE position > $1 ORDER BY position LIMIT $2`,
  // The highest row below the oldest transaction in flight, then up from it while positions are dense.
  head: `WITH base AS (
      SELECT coalesce(max(position), 0) AS position FROM ${table}
      WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot()))
    SELECT greatest(base.position, max(chain.position) FILTER (WHERE chain.position - chain.rank = base.position)) AS head
    FROM base LEFT JOIN LATERAL (
      SELECT position, row_number() OVER (ORDER BY position) AS rank FROM ${table} WHERE position > base.position
    ) chain ON true
    GROUP BY base.position`,
});

/** The settled prefix of rows read after position `after`: it stops before the first row that may still have a gap below it. */
export const settledPrefix = (rows: readonly SettledEventRow[], after: number): RecordedEvent[] => {
  const delivered: RecordedEvent[] = [];
  let previous = after;
  for (const row of rows) {
    if (row.position !== previous + 1 && !row.settled) break;
    delivered.push(toRecordedEvent(row));
    previous = row.position;
  }
  return delivered;
};

/** pg hands `json` columns back parsed. */
export const toRecordedEvent = (row: EventRow): RecordedEvent => recordedEventOf(row, (json) => json);
