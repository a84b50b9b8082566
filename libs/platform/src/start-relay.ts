import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import type { EventStore } from '#event-store';
import { type KafkaRelay, launchKafkaRelay, parseKafkaBrokers, publicContractMapping, SqliteRelayCheckpointStore, type RelayLogger } from '#messaging';
import type { WusheConfig } from './config/wushe-config.js';

export interface StartedRelay {
  relay: KafkaRelay;
  /** Drains the batch in hand (up to RELAY_DRAIN_TIMEOUT_MS), then closes the checkpoint file; the store stays open. */
  stop(): Promise<void>;
}

export interface StartRelayOptions {
  logger?: RelayLogger;
  /** Checkpoint name; defaults to the contract's (`public-contract-v1`). A second name republishes from the start. */
  name?: string;
}

/**
 * Where the relay keeps its checkpoint: beside the events in the embedded store (its own table in
 * the same file), otherwise in DATA_DIR.
 */
export const relayCheckpointFile = (config: WusheConfig): string =>
  join(resolve(config.DATA_DIR), config.EVENT_STORE === 'sqlite' ? 'events.db' : 'relay-checkpoints.db');

/**
 * Starts the relay that publishes the public contract (libs/messaging/asyncapi.yaml) from `store`,
 * configured by WusheConfig alone. Resolves without waiting for the broker: an unreachable Kafka
 * never blocks the process hosting the relay; /health shows the relay retrying instead.
 */
export async function startPublicContractRelay(config: WusheConfig, store: EventStore, options: StartRelayOptions = {}): Promise<StartedRelay> {
  if (!config.KAFKA_BROKERS) throw new Error('KAFKA_BROKERS is not set: there is no broker to relay to');
  const logger = options.logger ?? pino({ name: 'wushe-relay', level: config.LOG_LEVEL });
  mkdirSync(resolve(config.DATA_DIR), { recursive: true });
  const checkpoints = SqliteRelayCheckpointStore.open(relayCheckpointFile(config));
  const mapping = publicContractMapping({ topicPrefix: config.KAFKA_TOPIC_PREFIX, ...(options.name ? { name: options.name } : {}) });
  return launchKafkaRelay({
    store,
    checkpoints,
    mapping,
    brokers: parseKafkaBrokers(config.KAFKA_BROKERS),
    partitions: config.KAFKA_PARTITIONS,
    replicationFactor: config.KAFKA_REPLICATION_FACTOR,
    batch: { maxEvents: config.RELAY_BATCH_MAX_EVENTS, maxWaitMs: config.RELAY_BATCH_MAX_WAIT_MS },
    retry: { initialDelayMs: config.RELAY_RETRY_INITIAL_MS, maxDelayMs: config.RELAY_RETRY_MAX_MS },
    drainTimeoutMs: config.RELAY_DRAIN_TIMEOUT_MS,
    logger,
  });
}
