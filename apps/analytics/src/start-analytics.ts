import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { createKafkaClient, parseKafkaBrokers, type RelayLogger } from '#messaging';
import type { WusheConfig } from '#platform';
import { AnalyticsConsumer } from './analytics-consumer.js';
import { AnalyticsStore } from './analytics-store.js';
import { startAnalyticsHttpServer } from './http-server.js';

export interface RunningAnalytics {
  store: AnalyticsStore;
  consumer: AnalyticsConsumer;
  /** Where GET /indicators and GET /health answer. */
  url: string;
  stop(): Promise<void>;
}

export const analyticsDatabaseFile = (config: WusheConfig): string => resolve(config.ANALYTICS_DATABASE ?? join(config.DATA_DIR, 'analytics.db'));

/**
 * The analytics consumer from WusheConfig: its SQLite file, the consumer group on the public
 * topics (KAFKA_BROKERS, KAFKA_TOPIC_PREFIX, ANALYTICS_GROUP_ID) and the HTTP endpoint on
 * HOST:ANALYTICS_PORT. The endpoint answers at once; figures fill in as the group consumes.
 */
export async function startAnalytics(config: WusheConfig, options: { logger?: RelayLogger } = {}): Promise<RunningAnalytics> {
  if (!config.KAFKA_BROKERS) throw new Error('KAFKA_BROKERS is not set: there is no stream to consume');
  const logger = options.logger ?? pino({ name: 'wushe-analytics', level: config.LOG_LEVEL });
  const store = new AnalyticsStore(analyticsDatabaseFile(config));
  const kafka = createKafkaClient({ brokers: parseKafkaBrokers(config.KAFKA_BROKERS), clientId: 'wushe-analytics', logger });
  const consumer = new AnalyticsConsumer({ kafka, store, topicPrefix: config.KAFKA_TOPIC_PREFIX, groupId: config.ANALYTICS_GROUP_ID, logger });
  let server;
  try {
    server = await startAnalyticsHttpServer(store, () => consumer.status(), { host: config.HOST, port: config.ANALYTICS_PORT });
  } catch (error) {
    store.close();
    throw error;
  }
  consumer.start();
  let stopping: Promise<void> | undefined;
  return {
    store,
    consumer,
    url: server.url,
    stop: () =>
      (stopping ??= (async () => {
        await server.close();
        await consumer.stop();
        store.close();
      })()),
  };
}
