import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore, RecordedEvent, Subscription } from '#event-store';
import { ExponentialBackoff, type BackoffOptions } from './backoff.js';
import { toOutgoingMessage, type EventMessageMapper } from './event-message.js';
import type { EventPublisher } from './event-publisher.js';
import type { RelayCheckpointStore } from './relay-checkpoint-store.js';
import { describeError, stderrRelayLogger, type RelayLogger } from './relay-logger.js';

export interface KafkaRelayOptions {
  /** Names the checkpoint: two relays publishing different mappings need different names. */
  name: string;
  store: EventStore;
  checkpoints: RelayCheckpointStore;
  publisher: EventPublisher;
  mapEvent: EventMessageMapper;
  /** Created when the relay starts; a topic the mapper names later is created on first use. */
  topics: readonly string[];
  batch?: {
    /** A batch is sent when it holds this many events... */
    maxEvents?: number;
    /** ...or this long after its first event arrived, whichever comes first. */
    maxWaitMs?: number;
  };
  retry?: BackoffOptions;
  /** How often the store's head is read for the lag in status(). */
  headRefreshMs?: number;
  logger?: RelayLogger;
}

export type KafkaRelayState = 'idle' | 'running' | 'retrying' | 'draining' | 'stopped';

export interface KafkaRelayStatus {
  name: string;
  state: KafkaRelayState;
  /** The broker answered the relay's last connect or publish. */
  connected: boolean;
  /** Global position of the last event the broker acknowledged and the checkpoint holds. */
  lastPublishedPosition: number;
  /** The store's head as last seen (read every headRefreshMs, and raised by every event read). */
  headPosition: number;
  /** Global positions between the head and what is published: events still to relay. */
  lag: number;
  lastPublishedAt: string | null;
  /** The failure being retried right now; null while healthy. */
  lastError: string | null;
  consecutiveFailures: number;
}

export const DEFAULT_RELAY_BATCH = { maxEvents: 500, maxWaitMs: 50 } as const;
export const DEFAULT_RELAY_RETRY: BackoffOptions = { initialDelayMs: 100, maxDelayMs: 5000 };

/** Thrown inside the loop when stop() cut a retry short; ends the loop quietly. */
class RelayInterrupted extends Error {
  constructor(operation: string) {
    super(`relay ${operation} interrupted by stop`);
    this.name = 'RelayInterrupted';
  }
}

type NextOutcome = { kind: 'event'; result: IteratorResult<RecordedEvent> } | { kind: 'flush' } | { kind: 'stop' };

/**
 * Publishes the store's global log to Kafka, at least once, never skipping:
 * it follows a catch-up subscription from its checkpoint, sends events in batches keyed by stream
 * (so each aggregate's events keep their order in one partition), and saves the checkpoint only
 * after the broker acknowledged the batch. A failure (broker down, store unreadable, checkpoint
 * unwritable) is retried with capped exponential backoff on the same batch; the checkpoint stays
 * where it was. A crash between acknowledgement and checkpoint republishes that batch with the same
 * eventIds, which consumers dedupe on.
 */
export class KafkaRelay {
  readonly name: string;
  private readonly store: EventStore;
  private readonly checkpoints: RelayCheckpointStore;
  private readonly publisher: EventPublisher;
  private readonly mapEvent: EventMessageMapper;
  private readonly topics: readonly string[];
  private readonly maxEvents: number;
  private readonly maxWaitMs: number;
  private readonly headRefreshMs: number;
  private readonly logger: RelayLogger;
  private readonly backoff: ExponentialBackoff;

  private state: KafkaRelayState = 'idle';
  private checkpoint = 0;
  private headPosition = 0;
  private lastPublishedAt: string | null = null;
  private lastError: string | null = null;
  private consecutiveFailures = 0;
  /** Aborted by stop(): no more reading; retries that have nothing to drain give up. */
  private readonly stopRequested = new AbortController();
  /** Aborted when the drain deadline passes: even the last batch's retries give up. */
  private readonly drainExpired = new AbortController();
  private loop: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private headTimer: NodeJS.Timeout | undefined;
  private readonly positionWaiters = new Set<{ position: number; resolve: () => void }>();

  constructor(options: KafkaRelayOptions) {
    const maxEvents = options.batch?.maxEvents ?? DEFAULT_RELAY_BATCH.maxEvents;
    const maxWaitMs = options.batch?.maxWaitMs ?? DEFAULT_RELAY_BATCH.maxWaitMs;
    if (!Number.isInteger(maxEvents) || maxEvents < 1) throw new RangeError('batch.maxEvents must be a positive integer');
    if (!(maxWaitMs >= 0)) throw new RangeError('batch.maxWaitMs must be >= 0');
    if (!/^[A-Za-z0-9._-]{1,100}$/.test(options.name)) throw new RangeError(`relay name "${options.name}" must be 1-100 of [A-Za-z0-9._-]`);
    this.name = options.name;
    this.store = options.store;
    this.checkpoints = options.checkpoints;
    this.publisher = options.publisher;
    this.mapEvent = options.mapEvent;
    this.topics = [...options.topics];
    this.maxEvents = maxEvents;
    this.maxWaitMs = maxWaitMs;
    this.headRefreshMs = options.headRefreshMs ?? 1000;
    this.logger = options.logger ?? stderrRelayLogger;
    this.backoff = new ExponentialBackoff(options.retry ?? DEFAULT_RELAY_RETRY);
  }

  /**
   * Loads the checkpoint and starts relaying in the background. Resolves without waiting for the
   * broker, so an unreachable Kafka never blocks the process that hosts the relay.
   */
  async start(): Promise<void> {
    if (this.state !== 'idle') throw new Error(`relay ${this.name} was already started`);
    this.checkpoint = await this.checkpoints.load(this.name);
    this.headPosition = this.checkpoint;
    this.state = 'running';
    this.logger.info({ relay: this.name, checkpoint: this.checkpoint }, 'relay starting');
    this.loop = this.run()
      .catch((error: unknown) => {
        if (!(error instanceof RelayInterrupted)) {
          this.lastError = describeError(error);
          this.logger.error({ relay: this.name, error: this.lastError }, 'relay loop failed');
        }
      })
      .finally(() => {
        this.state = 'stopped';
      });
    this.refreshHead();
    this.headTimer = setInterval(() => this.refreshHead(), this.headRefreshMs);
    this.headTimer.unref();
  }

  /**
   * Stops reading, publishes the batch in hand (retrying up to `drainTimeoutMs`), then disconnects.
   * What could not be drained is not checkpointed: the next start publishes it.
   */
  stop(drainTimeoutMs = 10_000): Promise<void> {
    this.stopping ??= this.drainAndClose(drainTimeoutMs);
    return this.stopping;
  }

  status(): KafkaRelayStatus {
    return {
      name: this.name,
      state: this.state,
      connected: this.publisher.connected,
      lastPublishedPosition: this.checkpoint,
      headPosition: this.headPosition,
      lag: Math.max(0, this.headPosition - this.checkpoint),
      lastPublishedAt: this.lastPublishedAt,
      lastError: this.lastError,
      consecutiveFailures: this.consecutiveFailures,
    };
  }

  /** Resolves once everything up to `position` is acknowledged and checkpointed (read-your-writes for consumers, tests). */
  waitForPosition(position: number, timeoutMs = 30_000): Promise<void> {
    if (this.checkpoint >= position) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        position,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.positionWaiters.delete(waiter);
        reject(new Error(`relay ${this.name} did not reach position ${position} within ${timeoutMs} ms (at ${this.checkpoint})`));
      }, timeoutMs);
      this.positionWaiters.add(waiter);
    });
  }

  private async drainAndClose(drainTimeoutMs: number): Promise<void> {
    if (this.state === 'running' || this.state === 'retrying') this.state = 'draining';
    this.stopRequested.abort();
    const deadline = setTimeout(() => this.drainExpired.abort(), drainTimeoutMs);
    try {
      await this.loop;
    } finally {
      clearTimeout(deadline);
      clearInterval(this.headTimer);
      await this.publisher.disconnect();
      this.state = 'stopped';
      this.logger.info({ relay: this.name, checkpoint: this.checkpoint }, 'relay stopped');
    }
  }

  private async run(): Promise<void> {
    // Topics first: with auto-creation off, the first publish would otherwise fail on an unknown topic.
    await this.retrying('connect', () => this.publisher.prepare(this.topics), this.stopRequested.signal);
    while (!this.stopRequested.signal.aborted) {
      let subscription: Subscription | undefined;
      try {
        subscription = this.store.subscribeToAll({ after: this.checkpoint });
        const ended = await this.pump(subscription);
        // A catch-up subscription only ends when closed under us; treat that like a read failure.
        if (ended === 'ended') throw new Error('event store subscription ended');
      } catch (error) {
        if (error instanceof RelayInterrupted) throw error;
        this.noteFailure('read', error);
        await this.pause(this.stopRequested.signal, 'read');
      } finally {
        await subscription?.close().catch((error: unknown) =>
          this.logger.debug({ relay: this.name, error: describeError(error) }, 'closing the subscription failed'),
        );
      }
    }
  }

  /** Reads the subscription into batches until stop or a read failure; always sends what it holds. */
  private async pump(subscription: Subscription): Promise<'stopped' | 'ended'> {
    const events = subscription[Symbol.asyncIterator]();
    // One pending read survives a batch timeout: calling next() again would skip its event.
    let pendingRead: Promise<IteratorResult<RecordedEvent>> | undefined;
    let batch: RecordedEvent[] = [];
    let flushAt = 0;
    const send = async () => {
      const full = batch;
      batch = [];
      await this.flush(full);
    };
    try {
      while (!this.stopRequested.signal.aborted) {
        pendingRead ??= events.next();
        const outcome = await this.nextOutcome(pendingRead, batch.length === 0 ? undefined : flushAt - Date.now());
        if (outcome.kind === 'stop') break;
        if (outcome.kind === 'flush') {
          await send();
          continue;
        }
        pendingRead = undefined;
        if (outcome.result.done) {
          if (batch.length > 0) await send();
          return 'ended';
        }
        const event = outcome.result.value;
        batch.push(event);
        this.headPosition = Math.max(this.headPosition, event.position);
        if (batch.length === 1) flushAt = Date.now() + this.maxWaitMs;
        if (batch.length >= this.maxEvents) await send();
      }
    } catch (error) {
      // A read failed: what was read before it is still good and worth sending before resubscribing.
      if (batch.length > 0 && !(error instanceof RelayInterrupted)) await send();
      throw error;
    }
    if (batch.length > 0) await send();
    return 'stopped';
  }

  private nextOutcome(read: Promise<IteratorResult<RecordedEvent>>, flushInMs: number | undefined): Promise<NextOutcome> {
    const signal = this.stopRequested.signal;
    let timer: NodeJS.Timeout | undefined;
    let onStop: (() => void) | undefined;
    const contenders: Promise<NextOutcome>[] = [
      read.then((result) => ({ kind: 'event', result })),
      new Promise((resolve) => {
        onStop = () => resolve({ kind: 'stop' });
        if (signal.aborted) onStop();
        else signal.addEventListener('abort', onStop, { once: true });
      }),
    ];
    if (flushInMs !== undefined) {
      contenders.push(new Promise((resolve) => (timer = setTimeout(() => resolve({ kind: 'flush' }), Math.max(0, flushInMs)))));
    }
    return Promise.race(contenders).finally(() => {
      clearTimeout(timer);
      if (onStop) signal.removeEventListener('abort', onStop);
    });
  }

  /** Publishes one batch and then moves the checkpoint past it; retries each step until it succeeds. */
  private async flush(batch: readonly RecordedEvent[]): Promise<void> {
    const last = batch[batch.length - 1];
    if (!last) return;
    // Once a batch is read it must be sent even while stopping; only the drain deadline abandons it.
    await this.retrying(
      'publish',
      async () => {
        const messages = batch.flatMap((event) => {
          const mapped = this.mapEvent(event);
          return mapped ? [toOutgoingMessage(event, mapped)] : [];
        });
        await this.publisher.publish(messages);
      },
      this.drainExpired.signal,
    );
    await this.retrying('checkpoint', () => this.checkpoints.save(this.name, last.position), this.drainExpired.signal);
    this.checkpoint = last.position;
    this.lastPublishedAt = new Date().toISOString();
    this.logger.debug({ relay: this.name, events: batch.length, checkpoint: this.checkpoint }, 'batch published');
    for (const waiter of this.positionWaiters) {
      if (waiter.position <= this.checkpoint) {
        this.positionWaiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  private async retrying(operation: string, attempt: () => Promise<void>, interruptedBy: AbortSignal): Promise<void> {
    for (;;) {
      try {
        await attempt();
        this.recovered(operation);
        return;
      } catch (error) {
        this.noteFailure(operation, error);
        await this.pause(interruptedBy, operation);
      }
    }
  }

  private async pause(interruptedBy: AbortSignal, operation: string): Promise<void> {
    try {
      await sleep(this.backoff.nextDelayMs(), undefined, { signal: interruptedBy });
    } catch {
      throw new RelayInterrupted(operation);
    }
  }

  private noteFailure(operation: string, error: unknown): void {
    this.consecutiveFailures += 1;
    this.lastError = `${operation}: ${describeError(error)}`;
    if (this.state === 'running') this.state = 'retrying';
    this.logger.warn(
      { relay: this.name, operation, attempt: this.consecutiveFailures, checkpoint: this.checkpoint, error: describeError(error) },
      'relay operation failed; retrying with backoff',
    );
  }

  private recovered(operation: string): void {
    if (this.consecutiveFailures > 0) {
      this.logger.info({ relay: this.name, operation, failures: this.consecutiveFailures }, 'relay recovered');
    }
    this.consecutiveFailures = 0;
    this.lastError = null;
    this.backoff.reset();
    if (this.state === 'retrying') this.state = 'running';
  }

  private refreshHead(): void {
    this.store.headPosition().then(
      (head) => {
        this.headPosition = Math.max(this.headPosition, head);
      },
      (error: unknown) => this.logger.debug({ relay: this.name, error: describeError(error) }, 'reading the head position failed'),
    );
  }
}
