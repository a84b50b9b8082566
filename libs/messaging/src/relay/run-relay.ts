import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { openEventStoreDbEventStore, openPostgresEventStore, openSqliteEventStore, type EventStore } from '#event-store';
import { parseKafkaBrokers } from '../kafka/kafka-client.js';
import { internalEnvelopeMapper, internalEventLogTopic } from './event-message.js';
import { DEFAULT_RELAY_BATCH, DEFAULT_RELAY_RETRY, type KafkaRelay } from './kafka-relay.js';
import { launchKafkaRelay, type RelayMapping } from './launch-relay.js';
import type { RelayLogger } from './relay-logger.js';
import { SqliteRelayCheckpointStore } from './sqlite-relay-checkpoint-store.js';

/** Everything the relay process reads from its environment, validated. */
export interface RelayProcessSettings {
  brokers: string[];
  topicPrefix: string;
  partitions: number;
  replicationFactor: number;
  eventStore: 'sqlite' | 'postgres' | 'eventstoredb';
  dataDir: string;
  /** The embedded store's file; relay checkpoints live in the same file, in their own table. */
  sqlitePath: string;
  postgresUrl: string | undefined;
  postgresSchema: string;
  eventStoreDbConnectionString: string | undefined;
  relayName: string;
  batchMaxEvents: number;
  batchMaxWaitMs: number;
  retryInitialMs: number;
  retryMaxMs: number;
  drainTimeoutMs: number;
  logLevel: string;
}

export interface RelayProcessDependencies {
  /** A store the caller already opened (the in-process relay of `npm start`); borrowed, never closed here. */
  eventStore?: EventStore;
  /** Defaults to the internal envelope on `<prefix>.internal.event-log.v1`. */
  mapping?: (settings: RelayProcessSettings) => RelayMapping;
  logger?: RelayLogger;
}

export interface RunningRelay {
  relay: KafkaRelay;
  settings: RelayProcessSettings;
  /** Drains the relay, then closes the checkpoint file and the store if it opened it. */
  stop(): Promise<void>;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Parses the relay's environment; throws one RangeError naming every problem. */
export const relaySettingsFromEnv = (env: Record<string, string | undefined>): RelayProcessSettings => {
  const problems: string[] = [];
  const integer = (key: string, fallback: number, min: number, max: number): number => {
    const raw = env[key];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${key} must be an integer in [${min}, ${max}], got "${raw}"`);
      return fallback;
    }
    return value;
  };
  let brokers: string[] = [];
  if (!env.KAFKA_BROKERS) problems.push('KAFKA_BROKERS is required to run the relay');
  else {
    try {
      brokers = parseKafkaBrokers(env.KAFKA_BROKERS);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  const topicPrefix = env.KAFKA_TOPIC_PREFIX || 'wushe';
  if (!/^[a-zA-Z0-9._-]{1,100}$/.test(topicPrefix)) problems.push('KAFKA_TOPIC_PREFIX must be 1-100 of [a-zA-Z0-9._-]');
  const eventStore = (env.EVENT_STORE || 'sqlite') as RelayProcessSettings['eventStore'];
  if (!['sqlite', 'postgres', 'eventstoredb'].includes(eventStore)) problems.push('EVENT_STORE must be sqlite, postgres or eventstoredb');
  if (eventStore === 'postgres' && !env.POSTGRES_URL) problems.push('POSTGRES_URL is required when EVENT_STORE=postgres');
  if (eventStore === 'eventstoredb' && !env.EVENTSTORE_CONNECTION_STRING) {
    problems.push('EVENTSTORE_CONNECTION_STRING is required when EVENT_STORE=eventstoredb');
  }
  const relayName = env.RELAY_NAME || 'internal-event-log';
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(relayName)) problems.push('RELAY_NAME must be 1-100 of [A-Za-z0-9._-]');
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const dataDir = env.DATA_DIR || './data';
  const settings: RelayProcessSettings = {
    brokers,
    topicPrefix,
    partitions: integer('KAFKA_PARTITIONS', 6, 1, 1000),
    replicationFactor: integer('KAFKA_REPLICATION_FACTOR', 1, 1, 7),
    eventStore,
    dataDir,
    // The same file libs/platform's composition root opens for EVENT_STORE=sqlite.
    sqlitePath: join(dataDir, 'events.db'),
    postgresUrl: env.POSTGRES_URL || undefined,
    postgresSchema: env.POSTGRES_SCHEMA || 'wushe',
    eventStoreDbConnectionString: env.EVENTSTORE_CONNECTION_STRING || undefined,
    relayName,
    batchMaxEvents: integer('RELAY_BATCH_MAX_EVENTS', DEFAULT_RELAY_BATCH.maxEvents, 1, 10_000),
    batchMaxWaitMs: integer('RELAY_BATCH_MAX_WAIT_MS', DEFAULT_RELAY_BATCH.maxWaitMs, 0, 60_000),
    retryInitialMs: integer('RELAY_RETRY_INITIAL_MS', DEFAULT_RELAY_RETRY.initialDelayMs, 1, 60_000),
    retryMaxMs: integer('RELAY_RETRY_MAX_MS', DEFAULT_RELAY_RETRY.maxDelayMs, 1, 600_000),
    drainTimeoutMs: integer('RELAY_DRAIN_TIMEOUT_MS', 10_000, 0, 600_000),
    logLevel,
  };
  if (settings.retryMaxMs < settings.retryInitialMs) problems.push('RELAY_RETRY_MAX_MS must be >= RELAY_RETRY_INITIAL_MS');
  if (problems.length > 0) throw new RangeError(`Invalid relay configuration: ${problems.join('; ')}`);
  return settings;
};

const openConfiguredEventStore = async (settings: RelayProcessSettings): Promise<EventStore> => {
  switch (settings.eventStore) {
    case 'sqlite':
      mkdirSync(settings.dataDir, { recursive: true });
      return openSqliteEventStore(settings.sqlitePath);
    case 'postgres':
      return openPostgresEventStore(settings.postgresUrl as string, settings.postgresSchema);
    case 'eventstoredb':
      return openEventStoreDbEventStore(settings.eventStoreDbConnectionString as string);
  }
};

const internalEnvelopeMapping = (settings: RelayProcessSettings): RelayMapping => {
  const topic = internalEventLogTopic(settings.topicPrefix);
  return { name: settings.relayName, mapEvent: internalEnvelopeMapper(topic), topics: [topic] };
};

/** Opens the store, checkpoints and Kafka client from the environment and starts the relay. */
export async function startRelayFromEnv(
  env: Record<string, string | undefined>,
  dependencies: RelayProcessDependencies = {},
): Promise<RunningRelay> {
  const settings = relaySettingsFromEnv(env);
  const logger = dependencies.logger ?? pino({ name: 'wushe-relay', level: settings.logLevel });
  const store = dependencies.eventStore ?? (await openConfiguredEventStore(settings));
  const closeStore = () => (dependencies.eventStore ? Promise.resolve() : store.close());
  mkdirSync(settings.dataDir, { recursive: true });
  const checkpoints = SqliteRelayCheckpointStore.open(
    settings.eventStore === 'sqlite' ? settings.sqlitePath : join(settings.dataDir, 'relay-checkpoints.db'),
  );
  const { relay, stop } = await launchKafkaRelay({
    store,
    checkpoints,
    mapping: (dependencies.mapping ?? internalEnvelopeMapping)(settings),
    brokers: settings.brokers,
    partitions: settings.partitions,
    replicationFactor: settings.replicationFactor,
    batch: { maxEvents: settings.batchMaxEvents, maxWaitMs: settings.batchMaxWaitMs },
    retry: { initialDelayMs: settings.retryInitialMs, maxDelayMs: settings.retryMaxMs },
    drainTimeoutMs: settings.drainTimeoutMs,
    logger,
    release: closeStore,
  });
  return { relay, settings, stop };
}

/**
 * The relay as its own process (apps/relay's main): starts it and drains on SIGTERM/SIGINT before
 * exiting, so a deploy or Ctrl-C never leaves an acknowledged batch un-checkpointed on purpose.
 */
export async function runRelayProcess(
  env: Record<string, string | undefined> = process.env,
  dependencies: RelayProcessDependencies = {},
): Promise<RunningRelay> {
  const running = await startRelayFromEnv(env, dependencies);
  drainOnSignals(() => running.stop());
  return running;
}

/**
 * A relay process's shutdown: on SIGTERM or SIGINT, `stop` drains the relay (and closes what the process
 * opened), then the process exits 0, or 1 when stopping failed.
 */
export function drainOnSignals(stop: () => Promise<void>): void {
  const shutdown = (signal: NodeJS.Signals) => {
    process.stderr.write(`relay: ${signal} received, draining\n`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`relay: stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
