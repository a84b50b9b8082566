/**
 * The event store port. Every adapter (sqlite, postgres, eventstoredb) implements exactly this and
 * passes the one conformance suite in `./testing/conformance.ts`.
 *
 * Conventions follow EventStoreDB so its adapter is a thin mapping:
 * - a stream's first event has revision 0; an empty stream has no revision;
 * - the global position is a positive, strictly increasing integer across all streams, with no gaps
 *   that a reader could skip over (an event with a lower position never appears later);
 * - appending events whose eventIds are already stored in that stream is a no-op that answers
 *   the original result (idempotent append).
 */

/**
 * Who issued the command that produced an event; authentication fills it, the domain only records it.
 * area, organisationId and issuer were added with authentication: events stored before carry only
 * id and role, so readers must treat them as optional.
 */
export interface Actor {
  id: string;
  role: string;
  /** The administrative area the role acted in (a path prefix: city, then district, street, community). */
  area?: { city: string; district?: string; street?: string; community?: string };
  /** The organisation its staff member or social worker acted for. */
  organisationId?: string;
  /** The volunteer or social worker record the account is (token claim `person`). */
  personId?: string;
  /** The token issuer that vouched for the subject. */
  issuer?: string;
}

export interface EventMetadata {
  correlationId: string;
  /** The eventId or command id that caused this event; null for a user's own command. */
  causationId: string | null;
  actor: Actor;
  /** ISO-8601 instant the fact happened, stamped by the command handler's clock. */
  occurredAt: string;
  /** The client's Idempotency-Key (scoped per actor) and a hash of its request, so a retry finds its facts. */
  idempotencyKey?: string;
  requestHash?: string;
}

export interface EventToAppend {
  eventId: string;
  /** Explicit, stable type name (`NeedListed`), never derived from a class name. */
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
}

export interface RecordedEvent<Data = unknown> {
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  revision: number;
  position: number;
  data: Data;
  metadata: EventMetadata;
}

/**
 * - a revision number: the stream's last event must have exactly this revision;
 * - 'no_stream': the stream must not exist yet;
 * - 'stream_exists': the stream must have at least one event;
 * - 'any': no check.
 */
export type ExpectedRevision = number | 'no_stream' | 'stream_exists' | 'any';

export interface AppendResult {
  /** Revision of the last event now in the stream: pass it as the next expected revision. */
  nextExpectedRevision: number;
  /** Global position of the last appended event. */
  position: number;
}

export interface ReadAllOptions {
  /** Exclusive: events with a position strictly greater than this. 0 reads from the start. */
  after?: number;
  limit?: number;
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: the subscription delivers events after this position. */
  after?: number;
  /** Deliver only events whose type passes; positions of skipped events still advance checkpoints. */
  filter?: (type: string) => boolean;
}

/** A catch-up subscription: historical events first, then live ones, in global order. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  /** Stops the subscription; a pending iteration ends without error. */
  close(): Promise<void>;
}

export interface EventStore {
  append(streamId: string, events: readonly EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  /** All events of one stream in revision order; an unknown stream reads as empty. */
  readStream(streamId: string): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /** Position of the last stored event, 0 when empty. */
  headPosition(): Promise<number>;
  close(): Promise<void>;
}

/** The stream's actual revision did not match the expected one. Same error from every adapter. */
export class WrongExpectedRevisionError extends Error {
  readonly code = 'CONCURRENCY_CONFLICT';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** -1 when the stream does not exist. */
    readonly actual: number,
  ) {
    super(`Stream ${streamId}: expected revision ${String(expected)}, actual ${actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** Part of a batch was stored before under the same eventIds but not all of it: a caller bug. */
export class IdempotencyMismatchError extends Error {
  readonly code = 'IDEMPOTENCY_MISMATCH';
  constructor(readonly streamId: string, message: string) {
    super(message);
    this.name = 'IdempotencyMismatchError';
  }
}

/** The store cannot be reached or answered with an unexpected failure. */
export class EventStoreUnavailableError extends Error {
  readonly code = 'EVENT_STORE_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreUnavailableError';
  }
}
