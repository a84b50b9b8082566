import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { RelayLogger } from '../relay/relay-logger.js';

export interface KafkaClientOptions {
  brokers: readonly string[];
  clientId: string;
  logger: RelayLogger;
  /** How long one TCP connect may take before kafkajs gives up on that broker. */
  connectionTimeoutMs?: number;
  /** How long one request may wait for its answer; bounds how long a dead broker hides. */
  requestTimeoutMs?: number;
}

/** `host:port[,host:port]` as in KAFKA_BROKERS. */
export const parseKafkaBrokers = (list: string): string[] => {
  const brokers = list.split(',').map((broker) => broker.trim()).filter((broker) => broker.length > 0);
  const malformed = brokers.filter((broker) => !/^[^\s:]+:\d{1,5}$/.test(broker));
  if (brokers.length === 0 || malformed.length > 0) {
    throw new RangeError(`KAFKA_BROKERS must be host:port[,host:port], got "${list}"`);
  }
  return brokers;
};

/**
 * A kafkajs client whose own retries are short: the relay retries with its own capped backoff and
 * reports each failure, so kafkajs must fail fast instead of retrying silently for half a minute.
 * kafkajs's log lines go to debug for the same reason (every failure reaches the relay's own log).
 */
export const createKafkaClient = (options: KafkaClientOptions): Kafka =>
  new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    connectionTimeout: options.connectionTimeoutMs ?? 3000,
    requestTimeout: options.requestTimeoutMs ?? 10000,
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ namespace, level, log }: LogEntry) => {
        const { message, timestamp: _timestamp, logger: _logger, ...fields } = log;
        options.logger.debug({ kafkajs: namespace, kafkajsLevel: logLevel[level], ...fields }, message);
      },
  });
