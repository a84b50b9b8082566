import esdb from '@eventstore/db-client';
import type {
  AllStreamRecordedEvent,
  AllStreamResolvedEvent,
  AllStreamSubscription,
  AppendExpectedRevision,
  EventStoreDBClient,
  JSONType,
  Position,
  RecordedEvent as EsdbRecordedEvent,
  ResolvedEvent,
} from '@eventstore/db-client';
import { assertValidAppend, checkExpectedRevision } from '../append-rules.js';
import {
  type AppendResult,
  type EventMetadata,
  type EventStore,
  EventStoreUnavailableError,
  type EventToAppend,
  type ExpectedRevision,
  IdempotencyMismatchError,
  type ReadAllOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
  WrongExpectedRevisionError,
} from '../port.js';

// The client is CommonJS: its values come through the default export in ESM.
const { EventStoreDBClient: Client, jsonEvent, excludeSystemEvents, START, END, BACKWARDS, ANY, NO_STREAM, STREAM_EXISTS } = esdb;

export interface EventStoreDbEventStoreOptions {
  /** Reconnect attempts in a row, with backoff, before a subscription gives up and throws. Default 20. */
  maxReconnectAttempts?: number;
  /** First reconnect delay; doubles per failed attempt up to 10 s. Default 200 ms. */
  reconnectDelayMs?: number;
}

/** Metadata keys this adapter adds next to the port's metadata, removed again on read. */
const SCHEMA_VERSION_KEY = 'schemaVersion';
// EventStoreDB's own projections ($by_correlation_id) read these two.
const CORRELATION_KEY = '$correlationId';
const CAUSATION_KEY = '$causationId';

/** The client reports its errors by a `type` string; comparing it survives duplicate module copies. */
const WRONG_EXPECTED_VERSION = 'wrong-expected-version';
const STREAM_NOT_FOUND = 'stream-not-found';
const TRANSIENT_ERRORS = new Set(['unavailable', 'deadline-exceeded', 'timeout', 'not-leader', 'unknown', 'cancelled']);

/**
 * EventStoreDB adapter: a thin mapping, since the port follows EventStoreDB's semantics.
 *
 * - Revisions, expected revisions and idempotent append (by the event's `id`) are native.
 * - position = the event's commit position in the transaction log. Events appended through the
 *   gRPC API are each committed at their own log position (commit = prepare), so the commit position
 *   alone identifies an event and is a valid resume point (`{ commit: n, prepare: n }`).
 * - The global log is $all without system events ($-prefixed types and streams).
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly ownsClient: boolean;
  private readonly subscriptions = new Set<EventStoreDbSubscription>();
  private closed = false;

  constructor(
    connectionStringOrClient: string | EventStoreDBClient,
    private readonly options: EventStoreDbEventStoreOptions = {},
  ) {
    if (typeof connectionStringOrClient === 'string') {
      this.client = Client.connectionString(connectionStringOrClient);
      this.ownsClient = true;
    } else {
      this.client = connectionStringOrClient;
      this.ownsClient = false;
    }
  }

  async append(streamId: string, events: readonly EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    assertValidAppend(streamId, events, expectedRevision);
    if (events.length === 0) return this.checkOnly(streamId, expectedRevision);
    const data = events.map((event) =>
      jsonEvent({ id: event.eventId, type: event.type, data: (event.data ?? null) as JSONType, metadata: toStoredMetadata(event) }),
    );
    try {
      const result = await this.client.appendToStream(streamId, data, { expectedRevision: toEsdbExpectedRevision(expectedRevision) });
      const nextExpectedRevision = Number(result.nextExpectedRevision);
      // An idempotent retry is answered without a position: look up where the original landed.
      const position = result.position ? Number(result.position.commit) : await this.positionOf(streamId, nextExpectedRevision);
      return { nextExpectedRevision, position };
    } catch (error) {
      if (errorType(error) === WRONG_EXPECTED_VERSION) {
        // EventStoreDB answers a batch that repeats only some stored ids with this same error.
        const repeated = await this.storedEventIds(streamId, events, expectedRevision);
        if (repeated.length > 0) {
          throw new IdempotencyMismatchError(
            streamId,
            `${repeated.length} of ${events.length} eventIds are already stored in ${streamId}: a retry must repeat the whole batch`,
          );
        }
        const actual = (error as { actualVersion?: bigint | string }).actualVersion;
        throw new WrongExpectedRevisionError(streamId, expectedRevision, typeof actual === 'bigint' ? Number(actual) : -1);
      }
      throw translate(error, 'append');
    }
  }

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    this.assertOpen();
    const recorded: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId) as AsyncIterable<ResolvedEvent>) {
        if (resolved.event) recorded.push(toRecordedEvent(resolved.event));
      }
    } catch (error) {
      if (errorType(error) === STREAM_NOT_FOUND) return [];
      throw translate(error, 'readStream');
    }
    return recorded;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const after = options.after ?? 0;
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const recorded: RecordedEvent[] = [];
    if (limit <= 0) return recorded;
    try {
      // Reading from a position includes the event at it; the port's `after` is exclusive.
      const read = this.client.readAll({ fromPosition: after > 0 ? toEsdbPosition(after) : START });
      for await (const resolved of read as AsyncIterable<AllStreamResolvedEvent>) {
        const event = resolved.event;
        if (!event || isSystemEvent(event) || Number(event.position.commit) <= after) continue;
        recorded.push(toRecordedEvent(event));
        if (recorded.length >= limit) break;
      }
    } catch (error) {
      throw translate(error, 'readAll');
    }
    return recorded;
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const subscription: EventStoreDbSubscription = new EventStoreDbSubscription(this.client, options, {
      maxReconnectAttempts: this.options.maxReconnectAttempts ?? 20,
      reconnectDelayMs: this.options.reconnectDelayMs ?? 200,
      onClosed: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    try {
      // The server writes its own ($stats, $metadata) events too: the head is the last of ours.
      for await (const resolved of this.client.readAll({ fromPosition: END, direction: BACKWARDS }) as AsyncIterable<AllStreamResolvedEvent>) {
        if (resolved.event && !isSystemEvent(resolved.event)) return Number(resolved.event.position.commit);
      }
    } catch (error) {
      throw translate(error, 'headPosition');
    }
    return 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    if (this.ownsClient) await this.client.dispose();
  }

  /** An empty append still checks the expected revision, as EventStoreDB does. */
  private async checkOnly(streamId: string, expectedRevision: ExpectedRevision): Promise<AppendResult> {
    const last = await this.lastEvent(streamId);
    const current = last ? last.revision : -1;
    checkExpectedRevision(streamId, expectedRevision, current);
    return { nextExpectedRevision: current, position: last?.position ?? 0 };
  }

  private async lastEvent(streamId: string): Promise<RecordedEvent | null> {
    try {
      for await (const resolved of this.client.readStream(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: 1 }) as AsyncIterable<ResolvedEvent>) {
        if (resolved.event) return toRecordedEvent(resolved.event);
      }
    } catch (error) {
      if (errorType(error) === STREAM_NOT_FOUND) return null;
      throw translate(error, 'readStream');
    }
    return null;
  }

  private async positionOf(streamId: string, revision: number): Promise<number> {
    try {
      for await (const resolved of this.client.readStream(streamId, { fromRevision: BigInt(revision), maxCount: 1 }) as AsyncIterable<ResolvedEvent>) {
        if (resolved.event) return toRecordedEvent(resolved.event).position;
      }
    } catch (error) {
      throw translate(error, 'readStream');
    }
    return 0;
  }

  /** Which of the batch's eventIds the stream already holds, looking where a retry would have written. */
  private async storedEventIds(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<string[]> {
    const wanted = new Set(events.map((event) => event.eventId));
    const found: string[] = [];
    const fromRevision = typeof expected === 'number' ? BigInt(expected + 1) : START;
    try {
      for await (const resolved of this.client.readStream(streamId, { fromRevision }) as AsyncIterable<ResolvedEvent>) {
        if (resolved.event && wanted.has(resolved.event.id)) found.push(resolved.event.id);
      }
    } catch (error) {
      if (errorType(error) === STREAM_NOT_FOUND) return [];
      throw translate(error, 'readStream');
    }
    return found;
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('The EventStoreDB event store is closed');
  }
}

interface SubscriptionSettings {
  maxReconnectAttempts: number;
  reconnectDelayMs: number;
  onClosed: () => void;
}

/**
 * A catch-up subscription to $all with the server filtering out system events. A dropped
 * connection is re-opened with backoff from the last delivered position, so nothing is lost or repeated.
 */
class EventStoreDbSubscription implements Subscription {
  private closed = false;
  private current: AllStreamSubscription | null = null;
  private cancelBackoff: (() => void) | null = null;
  private iterator: AsyncIterator<RecordedEvent> | null = null;
  private readonly filter: (type: string) => boolean;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: SubscribeOptions,
    private readonly settings: SubscriptionSettings,
  ) {
    this.filter = options.filter ?? (() => true);
  }

  /** One server subscription per Subscription: iterating again continues where the last loop stopped. */
  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    if (this.iterator) return this.iterator;
    const events = this.run();
    this.iterator = {
      next: () => (this.closed ? Promise.resolve({ done: true, value: undefined }) : events.next()),
      return: async () => {
        await this.close();
        return events.return(undefined);
      },
    };
    return this.iterator;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.cancelBackoff?.();
    const current = this.current;
    this.current = null;
    if (current) {
      await current.unsubscribe().catch(() => undefined);
      // Ends a pending read at once even if the server never acknowledges the cancel.
      current.destroy();
    }
    this.settings.onClosed();
  }

  private async *run(): AsyncGenerator<RecordedEvent, void, undefined> {
    let checkpoint = this.options.after ?? 0;
    let failures = 0;
    while (!this.closed) {
      const subscription = this.client.subscribeToAll({
        fromPosition: checkpoint > 0 ? toEsdbPosition(checkpoint) : START,
        filter: excludeSystemEvents(),
      });
      this.current = subscription;
      subscription.on('confirmation', () => {
        failures = 0;
      });
      try {
        for await (const resolved of subscription as AsyncIterable<AllStreamResolvedEvent>) {
          failures = 0;
          const event = resolved.event;
          if (!event || isSystemEvent(event)) continue;
          const position = Number(event.position.commit);
          // After a reconnect the server may repeat the checkpoint's neighbourhood.
          if (position <= checkpoint) continue;
          checkpoint = position;
          if (this.filter(event.type)) yield toRecordedEvent(event);
          if (this.closed) return;
        }
      } catch (error) {
        if (this.closed) return;
        if (!TRANSIENT_ERRORS.has(errorType(error) ?? '')) throw translate(error, 'subscribeToAll');
      } finally {
        if (this.current === subscription) this.current = null;
      }
      if (this.closed) return;
      failures += 1;
      if (failures > this.settings.maxReconnectAttempts) {
        throw new EventStoreUnavailableError(`EventStoreDB subscription dropped ${failures} times in a row; giving up`);
      }
      await this.backoff(Math.min(this.settings.reconnectDelayMs * 2 ** (failures - 1), 10_000));
    }
  }

  private backoff(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.cancelBackoff = null;
        resolve();
      }
      this.cancelBackoff = done;
    });
  }
}

function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  if (expected === 'any') return ANY;
  return BigInt(expected);
}

function toEsdbPosition(position: number): Position {
  return { commit: BigInt(position), prepare: BigInt(position) };
}

function toStoredMetadata(event: EventToAppend): Record<string, unknown> {
  return {
    ...event.metadata,
    [SCHEMA_VERSION_KEY]: event.schemaVersion,
    [CORRELATION_KEY]: event.metadata.correlationId,
    ...(event.metadata.causationId ? { [CAUSATION_KEY]: event.metadata.causationId } : {}),
  };
}

function toRecordedEvent(event: EsdbRecordedEvent | AllStreamRecordedEvent): RecordedEvent {
  const stored = (event.metadata ?? {}) as Record<string, unknown>;
  const { [SCHEMA_VERSION_KEY]: schemaVersion, [CORRELATION_KEY]: _correlation, [CAUSATION_KEY]: _causation, ...metadata } = stored;
  return {
    eventId: event.id,
    type: event.type,
    schemaVersion: typeof schemaVersion === 'number' ? schemaVersion : 1,
    streamId: event.streamId,
    revision: Number(event.revision),
    // Servers before 22.6 give no position on stream reads; 0 then means "unknown here, read $all".
    position: event.position ? Number(event.position.commit) : 0,
    data: event.isJson ? event.data : Buffer.from(event.data as Uint8Array).toString('base64'),
    metadata: metadata as unknown as EventMetadata,
  };
}

function isSystemEvent(event: { type: string; streamId: string }): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

function errorType(error: unknown): string | undefined {
  const type = (error as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : undefined;
}

function translate(error: unknown, operation: string): Error {
  if (error instanceof EventStoreUnavailableError || error instanceof TypeError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new EventStoreUnavailableError(`EventStoreDB ${operation} failed: ${message}`, { cause: error });
}

/** Connects lazily (the client dials on first use) to the EventStoreDB at `connectionString`. */
export async function openEventStoreDbEventStore(
  connectionString: string,
  options: EventStoreDbEventStoreOptions = {},
): Promise<EventStoreDbEventStore> {
  return new EventStoreDbEventStore(connectionString, options);
}
