import {
  type AppendResult,
  type EventToAppend,
  type ExpectedRevision,
  IdempotencyMismatchError,
  WrongExpectedRevisionError,
} from './port.js';

/**
 * The append rules every SQL adapter shares, so SQLite and PostgreSQL answer exactly as
 * EventStoreDB does: same checks, same order (idempotency before the revision check), same errors.
 */

/** A stored event found under one of the batch's eventIds. */
export interface StoredEventRef {
  eventId: string;
  streamId: string;
  revision: number;
  position: number;
}

/** Rejects calls that are programming errors, before any I/O. */
export function assertValidAppend(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): void {
  if (typeof streamId !== 'string' || streamId.length === 0) throw new TypeError('streamId must be a non-empty string');
  if (typeof expected === 'number' && (!Number.isSafeInteger(expected) || expected < 0)) {
    throw new TypeError(`expected revision must be a non-negative integer, 'no_stream', 'stream_exists' or 'any'; got ${expected}`);
  }
  if (typeof expected !== 'number' && !['no_stream', 'stream_exists', 'any'].includes(expected)) {
    throw new TypeError(`unknown expected revision ${String(expected)}`);
  }
  const seen = new Set<string>();
  for (const event of events) {
    if (typeof event.eventId !== 'string' || event.eventId.length === 0) throw new TypeError('every event needs an eventId');
    if (typeof event.type !== 'string' || event.type.length === 0) throw new TypeError('every event needs a type');
    if (!Number.isSafeInteger(event.schemaVersion) || event.schemaVersion < 1) {
      throw new TypeError(`event ${event.eventId}: schemaVersion must be a positive integer`);
    }
    if (seen.has(event.eventId)) throw new IdempotencyMismatchError(streamId, `eventId ${event.eventId} appears twice in one batch`);
    seen.add(event.eventId);
  }
}

/** EventStoreDB's expected-revision semantics; `actual` is -1 for a stream without events. */
export function checkExpectedRevision(streamId: string, expected: ExpectedRevision, actual: number): void {
  const holds =
    expected === 'any' ||
    (expected === 'no_stream' && actual === -1) ||
    (expected === 'stream_exists' && actual >= 0) ||
    (typeof expected === 'number' && expected === actual);
  if (!holds) throw new WrongExpectedRevisionError(streamId, expected, actual);
}

/**
 * Decides what an append whose eventIds were (partly) seen before means:
 * - none stored: null, a normal append;
 * - all stored, in this stream, at consecutive revisions in batch order: a retry, answered with the
 *   original result (revision and position of the batch's last event);
 * - anything else: the caller reused eventIds for different facts.
 */
export function resolveIdempotentRetry(
  streamId: string,
  events: readonly EventToAppend[],
  stored: readonly StoredEventRef[],
): AppendResult | null {
  if (stored.length === 0) return null;
  const byId = new Map(stored.map((event) => [event.eventId, event]));
  const matched = events.map((event) => byId.get(event.eventId));
  const elsewhere = stored.find((event) => event.streamId !== streamId);
  if (elsewhere) {
    throw new IdempotencyMismatchError(streamId, `eventId ${elsewhere.eventId} is already stored in stream ${elsewhere.streamId}`);
  }
  if (matched.some((event) => event === undefined)) {
    throw new IdempotencyMismatchError(
      streamId,
      `${stored.length} of ${events.length} eventIds are already stored in ${streamId}: a retry must repeat the whole batch`,
    );
  }
  const refs = matched as StoredEventRef[];
  const consecutive = refs.every((event, index) => index === 0 || event.revision === refs[index - 1]!.revision + 1);
  if (!consecutive) {
    throw new IdempotencyMismatchError(streamId, `the batch's eventIds are stored in ${streamId} but in a different order`);
  }
  const last = refs.at(-1)!;
  return { nextExpectedRevision: last.revision, position: last.position };
}

/** JSON text for a stored payload; `undefined` has no JSON form, so it is stored as null. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value ?? null);
}
