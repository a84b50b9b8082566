/**
 * One call of the `wushe_append` function (postgres-event-store-schema.ts): the arguments a batch
 * travels as, the call on a connection of its own, and what the function's status row answers
 * (appended, a revision conflict, or an idempotent retry of events already stored).
 */
import type pg from 'pg';
import { resolveIdempotentRetry, toJsonText } from '../append-rules.js';
import { contentDigest } from '../integrity/hash-chain.js';
import { type AppendResult, type EventToAppend, type ExpectedRevision, WrongExpectedRevisionError } from '../port.js';
import { type AppendRow, EXPECTED_CODES, STATUS_CONFLICT, STATUS_STORED } from './postgres-event-store-schema.js';

/** The function's eight arguments: the stream, the expected revision as a number, and one array per column. */
export function appendArguments(streamId: string, events: readonly EventToAppend[], expectedRevision: ExpectedRevision): unknown[] {
  const data = events.map((event) => toJsonText(event.data));
  const metadata = events.map((event) => toJsonText(event.metadata));
  return [
    streamId,
    typeof expectedRevision === 'number' ? expectedRevision : EXPECTED_CODES[expectedRevision],
    events.map((event) => event.eventId),
    events.map((event) => event.type),
    events.map((event) => event.schemaVersion),
    data,
    metadata,
    // Content digests here, links in the append function under the stream lock (hash-chain.ts).
    events.map((event, index) =>
      contentDigest({ streamId, type: event.type, schemaVersion: event.schemaVersion, dataText: data[index]!, metadataText: metadata[index]! }),
    ),
  ];
}

/**
 * One call of the append function on a connection of its own. A failed call may have left the
 * allocation lock (session-scoped) held, so its connection is closed instead of returned to the pool.
 */
export async function callAppend(pool: pg.Pool, statement: string, values: unknown[]): Promise<AppendRow[]> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<AppendRow>({ name: 'wushe_append', text: statement, values });
    client.release();
    return rows;
  } catch (error) {
    client.release(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}

/** The caller's answer from the status row, and whether the call wrote anything (subscribers and the chain hear of it). */
export function appendOutcome(
  streamId: string,
  events: readonly EventToAppend[],
  expected: ExpectedRevision,
  row: AppendRow,
): { answer: AppendResult; wrote: boolean } {
  if (row.o_status === STATUS_STORED) {
    const answer = resolveIdempotentRetry(streamId, events, row.o_stored ?? []);
    if (!answer) throw new Error('append function reported stored eventIds without any');
    return { answer, wrote: false };
  }
  if (row.o_status === STATUS_CONFLICT) throw new WrongExpectedRevisionError(streamId, expected, Number(row.o_revision));
  return { answer: { nextExpectedRevision: Number(row.o_revision), position: Number(row.o_position) }, wrote: events.length > 0 };
}
