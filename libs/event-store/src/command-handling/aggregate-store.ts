import { randomUUID } from 'node:crypto';
import { applyCorrections, decideCorrection, type CorrectEventData, type DecisionContext, type Decider, type DomainCommand, type DomainEvent } from '#domain';
import {
  type Actor,
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  type RecordedEvent,
  WrongExpectedRevisionError,
} from '../port.js';
import { deterministicUuid } from './deterministic-id.js';

/** Reads stored events as the domain's current shape; writes the current schema version. */
export interface EventSchemas {
  schemaVersionOf(type: string): number;
  /** Turns a stored event of any past schemaVersion into the current domain shape. */
  upcast(event: RecordedEvent): DomainEvent;
}

/** Who sends the command, why, and how a retry is recognised. */
export interface CommandEnvelope {
  correlationId: string;
  /** The event or command that caused this one; policies pass the triggering eventId. */
  causationId: string | null;
  actor: Actor;
  /** Already scoped to the actor and the endpoint by the caller. */
  idempotencyKey?: string;
  requestHash?: string;
}

export interface HandledCommand {
  streamId: string;
  /** The facts the command produced (or, for a replay, the facts the first attempt produced). */
  events: RecordedEvent[];
  /** Revision of the stream's last event; -1 when the stream is still empty. */
  nextExpectedRevision: number;
  /** Global position of the last event written, or of the stream's last event when nothing new was written. */
  position: number;
  /** True when the Idempotency-Key matched an earlier attempt and nothing new was decided. */
  replayed: boolean;
}

/** The same Idempotency-Key came with a different request. */
export class IdempotencyKeyReusedError extends Error {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  constructor(readonly idempotencyKey: string) {
    super('This Idempotency-Key was already used for a different request');
    this.name = 'IdempotencyKeyReusedError';
  }
}

export interface AggregateStoreOptions {
  /** How many times a decision is re-taken on fresh state after a concurrent writer (another process) won. */
  maxConflictRetries?: number;
  /** Upper bound of the first retry's random wait; it doubles per retry up to 32x. Default 4 ms. */
  conflictBackoffMs?: number;
  clock?: () => Date;
}

/**
 * Commands in flight per stream, per event store: every AggregateStore of one process over the same
 * store shares it, so two handlers of one process never race each other on one stream.
 */
const streamQueues = new WeakMap<EventStore, Map<string, Promise<void>>>();

/**
 * Load -> decide -> append with the expected revision, in one place for every aggregate.
 *
 * Contention on one stream is decided, not refused: commands on the same stream are run one after
 * the other within a process (each decides on the state the previous one left), so 50 concurrent
 * matches against one donation are each accepted or refused by the domain. Between processes,
 * optimistic concurrency remains: on a conflict the decision is re-taken on fresh state after a
 * short random wait, a bounded number of times, then the WrongExpectedRevisionError reaches the
 * caller (HTTP 409).
 */
export class AggregateStore {
  private readonly maxConflictRetries: number;
  private readonly conflictBackoffMs: number;
  private readonly clock: () => Date;
  private readonly queues: Map<string, Promise<void>>;

  constructor(
    private readonly store: EventStore,
    private readonly schemas: EventSchemas,
    options: AggregateStoreOptions = {},
  ) {
    this.maxConflictRetries = options.maxConflictRetries ?? 8;
    this.conflictBackoffMs = options.conflictBackoffMs ?? 4;
    this.clock = options.clock ?? (() => new Date());
    let queues = streamQueues.get(store);
    if (!queues) streamQueues.set(store, (queues = new Map()));
    this.queues = queues;
  }

  /** Runs `work` after every earlier command of this process on the stream has finished. */
  private serialised<T>(streamId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(streamId) ?? Promise.resolve();
    const result = previous.then(work);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(streamId, settled);
    void settled.then(() => {
      if (this.queues.get(streamId) === settled) this.queues.delete(streamId);
    });
    return result;
  }

  /** A random wait before re-deciding after a conflict with another process: full jitter, doubling. */
  private backoff(attempt: number): Promise<void> {
    const ceiling = this.conflictBackoffMs * 2 ** Math.min(attempt, 5);
    return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
  }

  async load<State, Event extends DomainEvent>(
    decider: Pick<Decider<State, never, Event>, 'streamPrefix' | 'initialState' | 'evolve'>,
    id: string,
  ): Promise<{ state: State; revision: number; history: RecordedEvent[] }> {
    const history = await this.store.readStream(`${decider.streamPrefix}-${id}`);
    // An operator's EventCorrected stands in for the event it corrects: the state is as if it had been stored right.
    const state = this.currentShape(history).reduce(
      (current, event) => decider.evolve(current, { type: event.type, data: event.data } as Event),
      decider.initialState(),
    );
    return { state, revision: history.length - 1, history };
  }

  /**
   * The operator's correction of one stored event that a projection cannot apply (README:
   * "Recovering a stopped projection"). Appends an EventCorrected to the event's own stream;
   * a concurrent write to the stream surfaces as WrongExpectedRevisionError: look again, retry.
   */
  async correct(streamId: string, correction: CorrectEventData, envelope: CommandEnvelope): Promise<HandledCommand> {
    return this.serialised(streamId, () => this.correctNow(streamId, correction, envelope));
  }

  private async correctNow(streamId: string, correction: CorrectEventData, envelope: CommandEnvelope): Promise<HandledCommand> {
    const history = await this.store.readStream(streamId);
    const earlier = this.findEarlierAttempt(history, envelope);
    if (earlier) return earlier;
    const revision = history.length - 1;
    const decided = decideCorrection(this.upcastAll(history), correction);
    if (decided.length === 0) return { streamId, events: [], nextExpectedRevision: revision, position: history.at(-1)?.position ?? 0, replayed: false };
    const now = this.clock();
    const toAppend = decided.map((event, index) => this.toAppend(streamId, event, index, 'CorrectEvent', envelope, now));
    const result = await this.store.append(streamId, toAppend, revision < 0 ? 'no_stream' : revision);
    const events = toAppend.map<RecordedEvent>((event, index) => ({ ...event, streamId, revision: revision + 1 + index, position: result.position }));
    return { streamId, events, nextExpectedRevision: result.nextExpectedRevision, position: result.position, replayed: false };
  }

  private upcastAll(history: readonly RecordedEvent[]) {
    return history.map((recorded) => ({ eventId: recorded.eventId, ...this.schemas.upcast(recorded) }));
  }

  private currentShape(history: readonly RecordedEvent[]) {
    return applyCorrections(this.upcastAll(history));
  }

  /**
   * The answer of an earlier attempt with the envelope's Idempotency-Key on this stream, or null.
   * A request that touches other streams first asks this, so a retry repeats none of those steps.
   */
  async earlierAttempt(
    decider: Pick<Decider<unknown, never, DomainEvent>, 'streamPrefix'>,
    id: string,
    envelope: CommandEnvelope,
  ): Promise<HandledCommand | null> {
    if (!envelope.idempotencyKey) return null;
    return this.findEarlierAttempt(await this.store.readStream(`${decider.streamPrefix}-${id}`), envelope);
  }

  async handle<State, Command extends DomainCommand, Event extends DomainEvent>(
    decider: Decider<State, Command, Event>,
    id: string,
    command: Command,
    envelope: CommandEnvelope,
    /** Checked on the freshly loaded state and history before each decision (who may ask; throws to refuse). */
    guard?: (state: State, history: readonly RecordedEvent[], context: DecisionContext) => void,
  ): Promise<HandledCommand> {
    const streamId = `${decider.streamPrefix}-${id}`;
    return this.serialised(streamId, () => this.handleNow(decider, id, streamId, command, envelope, guard));
  }

  /**
   * What `handle` would answer now, without appending anything: the same load, earlier-attempt
   * lookup, guard and decision. A bulk import checks every row this way before it stores any.
   * `replayed` when the envelope's Idempotency-Key already recorded this command.
   */
  async trial<State, Command extends DomainCommand, Event extends DomainEvent>(
    decider: Decider<State, Command, Event>,
    id: string,
    command: Command,
    envelope: CommandEnvelope,
    guard?: (state: State, history: readonly RecordedEvent[], context: DecisionContext) => void,
  ): Promise<{ replayed: boolean; events: Event[] }> {
    const attempt = await this.decideOnLatest(decider, id, command, envelope, guard);
    return 'earlier' in attempt ? { replayed: true, events: [] } : { replayed: false, events: attempt.decided };
  }

  /** One decision on the stream as it is now: the earlier attempt of the same Idempotency-Key, or the guard's check and the decider's events. */
  private async decideOnLatest<State, Command extends DomainCommand, Event extends DomainEvent>(
    decider: Decider<State, Command, Event>,
    id: string,
    command: Command,
    envelope: CommandEnvelope,
    guard?: (state: State, history: readonly RecordedEvent[], context: DecisionContext) => void,
  ): Promise<{ earlier: HandledCommand } | { decided: Event[]; revision: number; history: RecordedEvent[]; now: Date }> {
    const { state, revision, history } = await this.load(decider, id);
    const earlier = this.findEarlierAttempt(history, envelope);
    if (earlier) return { earlier };
    const now = this.clock();
    const context: DecisionContext = { now, actor: envelope.actor };
    guard?.(state, history, context);
    return { decided: decider.decide(command, state, context), revision, history, now };
  }

  private async handleNow<State, Command extends DomainCommand, Event extends DomainEvent>(
    decider: Decider<State, Command, Event>,
    id: string,
    streamId: string,
    command: Command,
    envelope: CommandEnvelope,
    guard?: (state: State, history: readonly RecordedEvent[], context: DecisionContext) => void,
  ): Promise<HandledCommand> {
    for (let attempt = 0; ; attempt++) {
      const decision = await this.decideOnLatest(decider, id, command, envelope, guard);
      if ('earlier' in decision) return decision.earlier;
      const { decided, revision, history, now } = decision;
      if (decided.length === 0) {
        return { streamId, events: [], nextExpectedRevision: revision, position: history.at(-1)?.position ?? 0, replayed: false };
      }
      const toAppend = decided.map((event, index) => this.toAppend(streamId, event, index, command.type, envelope, now));
      try {
        const result = await this.store.append(streamId, toAppend, revision < 0 ? 'no_stream' : revision);
        const firstRevision = result.nextExpectedRevision - toAppend.length + 1;
        const events = toAppend.map<RecordedEvent>((event, index) => ({
          ...event,
          streamId,
          revision: firstRevision + index,
          // Only the append's last position is known (EventStoreDB positions are byte offsets, not
          // counters); it bounds every event of the append, which is what read-your-writes needs.
          position: result.position,
        }));
        return { streamId, events, nextExpectedRevision: result.nextExpectedRevision, position: result.position, replayed: false };
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError && attempt < this.maxConflictRetries) {
          await this.backoff(attempt);
          continue;
        }
        throw error;
      }
    }
  }

  private findEarlierAttempt(history: readonly RecordedEvent[], envelope: CommandEnvelope): HandledCommand | null {
    if (!envelope.idempotencyKey) return null;
    const earlier = history.filter((event) => event.metadata.idempotencyKey === envelope.idempotencyKey);
    if (earlier.length === 0) return null;
    if (earlier[0]!.metadata.requestHash !== envelope.requestHash) {
      throw new IdempotencyKeyReusedError(envelope.idempotencyKey);
    }
    const last = earlier.at(-1)!;
    return {
      streamId: last.streamId,
      events: earlier,
      nextExpectedRevision: history.at(-1)!.revision,
      position: last.position,
      replayed: true,
    };
  }

  private toAppend(
    streamId: string,
    event: DomainEvent,
    index: number,
    commandType: string,
    envelope: CommandEnvelope,
    now: Date,
  ): EventToAppend {
    const metadata: EventMetadata = {
      correlationId: envelope.correlationId,
      causationId: envelope.causationId,
      actor: envelope.actor,
      occurredAt: now.toISOString(),
    };
    if (envelope.idempotencyKey) {
      metadata.idempotencyKey = envelope.idempotencyKey;
      if (envelope.requestHash) metadata.requestHash = envelope.requestHash;
    }
    // A retried request or a redelivered policy trigger must produce the same eventIds.
    // The request hash is part of it: the same key racing with another body must conflict, not pass as a retry.
    const eventId = envelope.idempotencyKey
      ? deterministicUuid('idempotency', envelope.idempotencyKey, envelope.requestHash ?? '', streamId, String(index))
      : envelope.causationId
        ? deterministicUuid('causation', envelope.causationId, streamId, commandType, String(index))
        : randomUUID();
    return { eventId, type: event.type, schemaVersion: this.schemas.schemaVersionOf(event.type), data: event.data, metadata };
  }
}
