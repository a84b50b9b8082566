import { describe, expect, it } from '@jest/globals';
import { relaySettingsFromEnv } from './run-relay.js';

describe('relaySettingsFromEnv', () => {
  it('fills the embedded defaults around the brokers', () => {
    expect(relaySettingsFromEnv({ KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092', DATA_DIR: '/var/wushe' })).toMatchObject({
      brokers: ['kafka-1:9092', 'kafka-2:9092'],
      topicPrefix: 'wushe',
      partitions: 6,
      replicationFactor: 1,
      eventStore: 'sqlite',
      sqlitePath: '/var/wushe/events.db',
      relayName: 'internal-event-log',
      batchMaxEvents: 500,
      batchMaxWaitMs: 50,
      retryInitialMs: 100,
      retryMaxMs: 5000,
    });
  });

  it('names every problem at once instead of starting a relay that cannot work', () => {
    const attempt = () =>
      relaySettingsFromEnv({
        KAFKA_PARTITIONS: '0',
        RELAY_BATCH_MAX_EVENTS: 'many',
        EVENT_STORE: 'postgres',
        RELAY_RETRY_INITIAL_MS: '2000',
        RELAY_RETRY_MAX_MS: '1000',
      });
    expect(attempt).toThrow(RangeError);
    expect(attempt).toThrow(/KAFKA_BROKERS is required/);
    expect(attempt).toThrow(/KAFKA_PARTITIONS must be an integer in \[1, 1000\], got "0"/);
    expect(attempt).toThrow(/RELAY_BATCH_MAX_EVENTS must be an integer/);
    expect(attempt).toThrow(/POSTGRES_URL is required when EVENT_STORE=postgres/);
    expect(attempt).toThrow(/RELAY_RETRY_MAX_MS must be >= RELAY_RETRY_INITIAL_MS/);
  });

  it('rejects a broker list that is not host:port', () => {
    expect(() => relaySettingsFromEnv({ KAFKA_BROKERS: 'localhost' })).toThrow(/KAFKA_BROKERS must be host:port/);
  });
});
