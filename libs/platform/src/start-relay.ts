import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import type { EventStore } from '#event-store';
import { CONTRACT_MAJORS, type ContractMajor, type KafkaRelay, launchKafkaRelay, parseKafkaBrokers, publicContractMapping, SqliteRelayCheckpointStore, type RelayLogger } from '#messaging';
import type { WusheConfig } from './config/wushe-config.js';

export interface StartedRelay {
  relay: KafkaRelay;
  /** Drains the batch in hand (up to RELAY_DRAIN_TIMEOUT_MS), then closes the checkpoint file; the store stays open. */
  stop(): Promise<void>;
}

export interface StartRelayOptions {
  logger?: RelayLogger;
  /** Checkpoint name; defaults to the contract version's (`public-contract-v1`). A second name republishes from the start. */
  name?: string;
  /** The major version of the contract this relay publishes (default 1). */
  major?: ContractMajor;
}

/** Every major version's relay, side by side (v1 deprecated where v2 exists, still published). */
export interface StartedRelays {
  readonly relays: readonly StartedRelay[];
  /** For /health: v1's status where it always was, and every version's under `contracts`. */
  status(): unknown;
  stop(): Promise<void>;
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
  const mapping = publicContractMapping({ topicPrefix: config.KAFKA_TOPIC_PREFIX, major: options.major ?? 1, ...(options.name ? { name: options.name } : {}) });
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

/**
 * Starts one relay per major version of the public contract (v1 and v2), each with its own
 * checkpoint: a version added later publishes the log from the start, so its consumers get the
 * whole history; the older one goes on for consumers that have not moved yet.
 */
export async function startPublicContractRelays(config: WusheConfig, store: EventStore, options: Omit<StartRelayOptions, 'name' | 'major'> = {}): Promise<StartedRelays> {
  const started: StartedRelay[] = [];
  try {
    for (const major of CONTRACT_MAJORS) started.push(await startPublicContractRelay(config, store, { ...options, major }));
  } catch (error) {
    await Promise.all(started.map((relay) => relay.stop()));
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    relays: started,
    status: () => ({ ...started[0]!.relay.status(), contracts: started.map((relay) => relay.relay.status()) }),
    stop: () => (stopping ??= Promise.all(started.map((relay) => relay.stop())).then(() => undefined)),
  };
}
