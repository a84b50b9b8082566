import { setTimeout as sleep } from 'node:timers/promises';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { describeError, ExponentialBackoff, publicTopics, type BackoffOptions, type RelayLogger } from '#messaging';
import { decodeMessage, type AnalyticsStore } from './analytics-store.js';

export interface AnalyticsConsumerOptions {
  kafka: Kafka;
  store: AnalyticsStore;
  topicPrefix: string;
  groupId: string;
  logger: RelayLogger;
  /** Between attempts to join the group (broker down, topics not created yet). */
  retry?: BackoffOptions;
}

export type AnalyticsConsumerState = 'idle' | 'joining' | 'consuming' | 'retrying' | 'stopped';

export interface AnalyticsConsumerStatus {
  state: AnalyticsConsumerState;
  groupId: string;
  topics: string[];
  /** Messages read from Kafka since this process started, repeats included. */
  received: number;
  applied: number;
  duplicates: number;
  rejected: number;
  outOfOrder: number;
  lastMessageAt: string | null;
  lastError: string | null;
}

/**
 * A kafkajs consumer group on the public topics. Each batch is decoded, checked against the
 * contract and applied in one SQLite transaction that also records the eventIds; only then are
 * the offsets resolved. A crash in between redelivers the batch, and the recorded ids turn the
 * redelivery into nothing: at-least-once delivery, exactly-once effect.
 */
export class AnalyticsConsumer {
  private readonly topics: string[];
  private readonly backoff: ExponentialBackoff;
  private readonly stopRequested = new AbortController();
  private consumer: Consumer | undefined;
  private loop: Promise<void> | undefined;
  private current: AnalyticsConsumerStatus;

  constructor(private readonly options: AnalyticsConsumerOptions) {
    this.topics = publicTopics(options.topicPrefix);
    this.backoff = new ExponentialBackoff(options.retry ?? { initialDelayMs: 500, maxDelayMs: 10_000 });
    this.current = {
      state: 'idle',
      groupId: options.groupId,
      topics: this.topics,
      received: 0,
      applied: 0,
      duplicates: 0,
      rejected: 0,
      outOfOrder: 0,
      lastMessageAt: null,
      lastError: null,
    };
  }

  /** Joins the group in the background: a broker that is down delays the figures, never the process. */
  start(): void {
    if (this.loop) throw new Error('the analytics consumer was already started');
    this.loop = this.run();
  }

  status(): AnalyticsConsumerStatus {
    return { ...this.current };
  }

  async stop(): Promise<void> {
    this.stopRequested.abort();
    await this.consumer?.disconnect().catch(() => undefined);
    await this.loop;
    this.current.state = 'stopped';
  }

  private async run(): Promise<void> {
    while (!this.stopRequested.signal.aborted) {
      try {
        this.current.state = 'joining';
        const crashed = await this.consume();
        this.backoff.reset();
        // Runs until kafkajs gives up restarting on its own, or until stop().
        const error = await crashed;
        if (this.stopRequested.signal.aborted) break;
        throw error;
      } catch (error) {
        if (this.stopRequested.signal.aborted) break;
        this.current.state = 'retrying';
        this.current.lastError = describeError(error);
        this.options.logger.warn({ groupId: this.options.groupId, error: this.current.lastError }, 'analytics consumer failed; joining again with backoff');
        await this.consumer?.disconnect().catch(() => undefined);
        this.consumer = undefined;
        await sleep(this.backoff.nextDelayMs(), undefined, { signal: this.stopRequested.signal }).catch(() => undefined);
      }
    }
  }

  /** Connects, subscribes and runs; resolves with a promise of the crash that ends this consumer. */
  private async consume(): Promise<Promise<unknown>> {
    const consumer = this.options.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 200,
      // The relay creates the topics with their partition count; a consumer never guesses one.
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    const crashed = new Promise<unknown>((resolve) => {
      consumer.on(consumer.events.CRASH, (event) => {
        if (!event.payload.restart) resolve(event.payload.error);
      });
      this.stopRequested.signal.addEventListener('abort', () => resolve(null), { once: true });
    });
    await consumer.connect();
    await consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await consumer.run({ eachBatchAutoResolve: false, eachBatch: (payload) => this.onBatch(payload) });
    this.current.state = 'consuming';
    this.current.lastError = null;
    this.options.logger.info({ groupId: this.options.groupId, topics: this.topics }, 'analytics consumer joined');
    return crashed;
  }

  private async onBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    if (!isRunning() || isStale()) return;
    const decoded = batch.messages.map((message) =>
      decodeMessage({ topic: batch.topic, partition: batch.partition, offset: message.offset }, message.value),
    );
    const result = this.options.store.ingest(decoded);
    for (const message of batch.messages) resolveOffset(message.offset);
    await heartbeat();
    this.current.received += batch.messages.length;
    this.current.applied += result.applied;
    this.current.duplicates += result.duplicates;
    this.current.rejected += result.rejected;
    this.current.outOfOrder += result.outOfOrder;
    this.current.lastMessageAt = new Date().toISOString();
    if (result.rejected > 0) {
      this.options.logger.error({ topic: batch.topic, partition: batch.partition, rejected: result.rejected }, 'messages outside the public contract were skipped');
    }
    if (result.outOfOrder > 0) {
      this.options.logger.error({ topic: batch.topic, partition: batch.partition, outOfOrder: result.outOfOrder }, 'events arrived out of stream order');
    }
  }
}
