import type { EventStore } from '#event-store';
import { createKafkaClient } from '../kafka/kafka-client.js';
import { KafkaEventPublisher } from '../kafka/kafka-event-publisher.js';
import type { EventMessageMapper } from './event-message.js';
import { KafkaRelay } from './kafka-relay.js';
import type { RelayLogger } from './relay-logger.js';
import type { SqliteRelayCheckpointStore } from './sqlite-relay-checkpoint-store.js';

/** What the public-contract phase swaps in: a mapping, the topics it writes, and its own checkpoint name. */
export interface RelayMapping {
  name: string;
  mapEvent: EventMessageMapper;
  topics: readonly string[];
}

/** One relay's parts and settings, whoever read them (the relay process's environment, or WusheConfig). */
export interface RelayLaunch {
  store: EventStore;
  checkpoints: SqliteRelayCheckpointStore;
  mapping: RelayMapping;
  brokers: string[];
  partitions: number;
  replicationFactor: number;
  batch: { maxEvents: number; maxWaitMs: number };
  retry: { initialDelayMs: number; maxDelayMs: number };
  /** On stop, how long the relay keeps trying to publish the batch in hand. */
  drainTimeoutMs: number;
  logger: RelayLogger;
  /** Runs after the checkpoint file closes, when the relay stops or fails to start: e.g. closing a store opened for it. */
  release?: () => Promise<void>;
}

export interface LaunchedRelay {
  relay: KafkaRelay;
  /** Drains the relay, then closes the checkpoint file and runs `release`; called twice, it stops once. */
  stop(): Promise<void>;
}

/**
 * Builds the Kafka client, publisher and relay, and starts it. A relay that fails to start leaves
 * nothing open. Starting does not wait for the broker: an unreachable Kafka shows as the relay retrying.
 */
export async function launchKafkaRelay(launch: RelayLaunch): Promise<LaunchedRelay> {
  const { mapping, logger } = launch;
  const kafka = createKafkaClient({ brokers: launch.brokers, clientId: `wushe-relay-${mapping.name}`, logger });
  const relay = new KafkaRelay({
    name: mapping.name,
    store: launch.store,
    checkpoints: launch.checkpoints,
    publisher: new KafkaEventPublisher(kafka, { partitions: launch.partitions, replicationFactor: launch.replicationFactor }, logger),
    mapEvent: mapping.mapEvent,
    topics: mapping.topics,
    batch: launch.batch,
    retry: launch.retry,
    logger,
  });
  const release = async () => {
    launch.checkpoints.close();
    await launch.release?.();
  };
  try {
    await relay.start();
  } catch (error) {
    await release();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      try {
        await relay.stop(launch.drainTimeoutMs);
      } finally {
        await release();
      }
    })());
  return { relay, stop };
}
