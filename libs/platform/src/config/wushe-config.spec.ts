import { describe, expect, it } from '@jest/globals';
import { ConfigurationError, loadConfig } from './wushe-config.js';

/**
 * Every setting has a sane range, and a value outside it stops the service at start with a line
 * naming the setting: it never runs with nonsense (a fairness weight of 1e308, a port written 0x50).
 */
describe('settings out of their sane range refuse to start', () => {
  it.each([
    ['MATCHING_WEIGHTS', '{"factors":{"fairness":1e308}}', 'factors.fairness'],
    ['MATCHING_WEIGHTS', '{"fairness":{"windowDays":99999999}}', 'fairness.windowDays'],
    ['MATCHING_WEIGHTS', '{"coverage":{"critical":1e12}}', 'coverage.critical'],
    ['MATCHING_WEIGHTS', '{"factors":{"distanse":1}}', 'distanse'],
    ['MATCHING_WEIGHTS', '[1,2]', 'JSON object'],
    ['MATCHING_WEIGHTS', '{not json', 'JSON'],
    ['RATE_LIMIT_PER_MINUTE', '1e308', 'RATE_LIMIT_PER_MINUTE'],
    ['RATE_LIMIT_PER_MINUTE', '99999999999', 'RATE_LIMIT_PER_MINUTE'],
    ['PORT', '0x50', 'PORT'],
    ['PORT', '80.5', 'PORT'],
    ['WEBHOOK_POLL_MS', ' 1000', 'WEBHOOK_POLL_MS'],
    ['NEED_STALE_AFTER_DAYS', 'Infinity', 'NEED_STALE_AFTER_DAYS'],
    ['KAFKA_BROKERS', '127.0.0.1:99999', 'KAFKA_BROKERS'],
    ['KAFKA_BROKERS', '127.0.0.1:0', 'KAFKA_BROKERS'],
    ['HOST', 'my host; rm -rf', 'HOST'],
    ['POSTGRES_URL', 'postgres://127.0.0.1/test db', 'POSTGRES_URL'],
    ['PUBLIC_HOLIDAYS', '0001-01-01', 'PUBLIC_HOLIDAYS'],
    ['ADJUSTED_WORKING_DAYS', '9999-12-31', 'ADJUSTED_WORKING_DAYS'],
    ['OCDS_PUBLISHER_NAME', '名'.repeat(201), 'OCDS_PUBLISHER_NAME'],
    ['AUTH_AUDIENCE', 'a'.repeat(2049), 'AUTH_AUDIENCE'],
  ])('%s=%s -> a ConfigurationError naming it', (name, value, named) => {
    let thrown: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    const problems = (thrown as ConfigurationError).problems;
    expect(problems.some((line) => line.startsWith(name) && line.includes(named))).toBe(true);
  });

  it('keeps sensible values, at the edges of their ranges too', () => {
    const config = loadConfig({
      MATCHING_WEIGHTS: '{"factors":{"fairness":100},"fairness":{"windowDays":3650}}', RATE_LIMIT_PER_MINUTE: '1000000', PORT: '0', HOST: '::',
      KAFKA_BROKERS: 'kafka-1:9092,[::1]:65535', PUBLIC_HOLIDAYS: '2000-01-01,2100-12-31', POSTGRES_URL: 'postgres://postgres@127.0.0.1:5432/test',
    });
    expect([config.RATE_LIMIT_PER_MINUTE, config.PORT, config.HOST]).toEqual([1_000_000, 0, '::']);
    expect(config.PUBLIC_HOLIDAYS).toEqual(['2000-01-01', '2100-12-31']);
  });
});
