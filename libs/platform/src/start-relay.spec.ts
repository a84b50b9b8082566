import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { openSqliteEventStore, type EventStore } from '#event-store';
import { contractValidator } from '#messaging';
import { ConfigurationError, loadConfig } from './config/wushe-config.js';
import { relayCheckpointFile, startPublicContractRelay } from './start-relay.js';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

describe('the relay settings in WusheConfig', () => {
  it('default to batches of 500 within 50 ms, retries from 100 ms up to 5 s, a 10 s drain', () => {
    expect(loadConfig({})).toMatchObject({
      RELAY_BATCH_MAX_EVENTS: 500,
      RELAY_BATCH_MAX_WAIT_MS: 50,
      RELAY_RETRY_INITIAL_MS: 100,
      RELAY_RETRY_MAX_MS: 5000,
      RELAY_DRAIN_TIMEOUT_MS: 10_000,
      ANALYTICS_PORT: 3100,
      ANALYTICS_GROUP_ID: 'wushe-analytics',
    });
  });

  it('name every wrong relay setting at once', () => {
    const attempt = () => loadConfig({ RELAY_BATCH_MAX_EVENTS: '0', RELAY_RETRY_INITIAL_MS: '2000', RELAY_RETRY_MAX_MS: '1000', ANALYTICS_GROUP_ID: 'a group' });
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(/RELAY_BATCH_MAX_EVENTS/);
    expect(attempt).toThrow(/RELAY_RETRY_MAX_MS must be >= RELAY_RETRY_INITIAL_MS/);
    expect(attempt).toThrow(/ANALYTICS_GROUP_ID/);
  });

  it('keep the checkpoint beside the embedded events, and in DATA_DIR for a server store', () => {
    expect(relayCheckpointFile(loadConfig({ DATA_DIR: '/var/wushe' }))).toBe('/var/wushe/events.db');
    expect(relayCheckpointFile(loadConfig({ DATA_DIR: '/var/wushe', EVENT_STORE: 'postgres', POSTGRES_URL: 'postgres://db/wushe' }))).toBe(
      '/var/wushe/relay-checkpoints.db',
    );
  });
});

describe('startPublicContractRelay', () => {
  let dir: string;
  let store: EventStore;

  afterEach(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resolves while the broker hangs: hosting the relay never waits for Kafka', async () => {
    dir = mkdtempSync(join(tmpdir(), 'wushe-start-relay-'));
    store = await openSqliteEventStore(join(dir, 'events.db'));
    // Accepts connections and never answers: a relay that waited would wait for kafkajs's 10 s request timeout.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const config = loadConfig({ DATA_DIR: dir, KAFKA_BROKERS: `127.0.0.1:${(silent.address() as AddressInfo).port}`, RELAY_DRAIN_TIMEOUT_MS: '100' });
    contractValidator();
    const started = performance.now();
    const running = await startPublicContractRelay(config, store, { logger: quiet });
    expect(performance.now() - started).toBeLessThan(2500);
    expect(running.relay.name).toBe('public-contract-v1');
    expect(running.relay.status()).toMatchObject({ connected: false, lastPublishedPosition: 0 });
    // The broker goes away for good (refusing from now on), so the relay's attempt in flight ends and stop() can drain.
    const closed = new Promise((resolve) => silent.close(resolve));
    for (const socket of sockets) socket.destroy();
    await closed;
    await running.stop();
    expect(running.relay.status().state).toBe('stopped');
  }, 20_000);

  it('reports a refused broker as retrying, with the error, and stops cleanly', async () => {
    dir = mkdtempSync(join(tmpdir(), 'wushe-start-relay-'));
    store = await openSqliteEventStore(join(dir, 'events.db'));
    // Port 1 on loopback: nothing listens, every connect is refused at once.
    const config = loadConfig({ DATA_DIR: dir, KAFKA_BROKERS: '127.0.0.1:1', RELAY_RETRY_INITIAL_MS: '20', RELAY_RETRY_MAX_MS: '50', RELAY_DRAIN_TIMEOUT_MS: '100' });
    const running = await startPublicContractRelay(config, store, { logger: quiet });
    const deadline = Date.now() + 15_000;
    while (running.relay.status().consecutiveFailures < 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(running.relay.status()).toMatchObject({ state: 'retrying', connected: false, lastPublishedPosition: 0 });
    expect(running.relay.status().lastError).toMatch(/^connect: .*ECONNREFUSED/);
    await running.stop();
    expect(running.relay.status().state).toBe('stopped');
  }, 20_000);

  it('refuses to start without KAFKA_BROKERS', async () => {
    dir = mkdtempSync(join(tmpdir(), 'wushe-start-relay-'));
    store = await openSqliteEventStore(':memory:');
    await expect(startPublicContractRelay(loadConfig({ DATA_DIR: dir }), store)).rejects.toThrow('KAFKA_BROKERS is not set');
  });
});
