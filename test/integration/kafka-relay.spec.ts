import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { Kafka, logLevel } from 'kafkajs';
import { openSqliteEventStore, type EventStore, type EventToAppend, type RecordedEvent } from '#event-store';
import { createKafkaClient } from '../../libs/messaging/src/kafka/index.js';
import { KafkaEventPublisher } from '../../libs/messaging/src/kafka/index.js';
import {
  internalEnvelopeMapper,
  internalEventLogTopic,
  KafkaRelay,
  SqliteRelayCheckpointStore,
  type RelayLogger,
} from '../../libs/messaging/src/relay/index.js';
import { acquireKafkaBroker } from '../support/kafka-broker.js';
import { removeRelayLauncher, spawnRelayProcess, type RelayProcess } from '../support/kafka-relay-process.js';
import { dedupeByEventId, readTopicUntil, type ReadKafkaMessage } from '../support/kafka-topic-reader.js';

// Its own port: a spec file that starts a broker owns it, and this one stops and restarts it.
const broker = await acquireKafkaBroker({ port: Number(process.env.KAFKA_RELAY_TEST_PORT ?? 19092) });
const describeWithKafka = broker ? describe : describe.skip;
const brokerCanBeRestarted = broker?.control != null;
if (broker && !brokerCanBeRestarted) {
  console.warn('Kafka broker-failure test skipped: KAFKA_BROKERS names an external broker that this test must not stop');
}
const itWithBrokerControl = brokerCanBeRestarted ? it : it.skip;

const RELAY_NAME = 'internal-event-log';
const STREAMS = ['need-1', 'need-2', 'project-1', 'project-2', 'volunteer-1', 'donation-1', 'organisation-1', 'community-1'];

const event = (n: number, streamId: string): EventToAppend => ({
  eventId: randomUUID(),
  type: streamId.startsWith('need') ? 'NeedListed' : 'ProjectDesigned',
  schemaVersion: 1,
  data: { n, streamId },
  metadata: { correlationId: randomUUID(), causationId: null, actor: { id: 'sw-7', role: 'social_worker' }, occurredAt: new Date().toISOString() },
});

/** `count` single-event appends spread over the streams, the way commands arrive. */
const appendEvents = async (store: EventStore, count: number): Promise<number> => {
  for (let i = 0; i < count; i++) {
    const streamId = STREAMS[i % STREAMS.length]!;
    await store.append(streamId, [event(i, streamId)], 'any');
  }
  return store.headPosition();
};

/** Appends a few events every few milliseconds until stopped: a live workload around a failure. */
const startWriter = (store: EventStore, perTick = 5, tickMs = 20) => {
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      await appendEvents(store, perTick);
      await new Promise((resolve) => setTimeout(resolve, tickMs));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await done;
    },
  };
};

const waitUntil = async (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/**
 * The consumer-side contract: after dropping repeated eventIds every stored event is there exactly
 * once, each stream in one partition and in revision order, and a repeat is byte-identical.
 */
const expectEveryEventOnceInStreamOrder = (messages: readonly ReadKafkaMessage[], stored: readonly RecordedEvent[]) => {
  const firstValue = new Map<string, string>();
  for (const message of messages) {
    const eventId = message.headers.eventId!;
    if (firstValue.has(eventId)) expect(message.value).toBe(firstValue.get(eventId));
    else firstValue.set(eventId, message.value);
  }
  const unique = dedupeByEventId(messages);
  expect(unique).toHaveLength(stored.length);
  expect(new Set(unique.map((message) => message.headers.eventId))).toEqual(new Set(stored.map((recorded) => recorded.eventId)));
  for (const streamId of STREAMS) {
    const published = unique.filter((message) => message.key === streamId);
    expect(new Set(published.map((message) => message.partition)).size).toBe(1);
    expect(published.map((message) => message.headers.eventId)).toEqual(
      stored.filter((recorded) => recorded.streamId === streamId).map((recorded) => recorded.eventId),
    );
  }
};

const warnings: string[] = [];
const capturingLogger: RelayLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (fields, message) => warnings.push(`${message} ${JSON.stringify(fields)}`),
  error: (fields, message) => warnings.push(`${message} ${JSON.stringify(fields)}`),
};

describeWithKafka(`KafkaRelay against a real broker (${broker?.origin ?? 'none'})`, () => {
  const brokers = broker?.brokers ?? [];
  const cleanups: (() => Promise<void> | void)[] = [];

  const freshStore = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wushe-kafka-relay-'));
    // The file name the relay process opens under DATA_DIR, like the composition root.
    const path = join(dir, 'events.db');
    const store = await openSqliteEventStore(path, { pollIntervalMs: 50 });
    const checkpoints = SqliteRelayCheckpointStore.open(path);
    cleanups.push(async () => {
      checkpoints.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    return { dir, store, checkpoints, topicPrefix: `wushe-test-${randomUUID().slice(0, 8)}` };
  };

  const inProcessRelay = (store: EventStore, checkpoints: SqliteRelayCheckpointStore, topic: string) => {
    const kafka = createKafkaClient({ brokers, clientId: 'wushe-relay-test', logger: capturingLogger, connectionTimeoutMs: 1000 });
    const relay = new KafkaRelay({
      name: RELAY_NAME,
      store,
      checkpoints,
      publisher: new KafkaEventPublisher(kafka, { partitions: 3, replicationFactor: 1 }, capturingLogger),
      mapEvent: internalEnvelopeMapper(topic),
      topics: [topic],
      retry: { initialDelayMs: 100, maxDelayMs: 1000 },
      headRefreshMs: 100,
      logger: capturingLogger,
    });
    cleanups.push(() => relay.stop(2000));
    return relay;
  };

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  afterAll(async () => {
    removeRelayLauncher();
    await broker?.release();
  });

  it('publishes events of many streams exactly once, keyed by stream, in per-stream order', async () => {
    const { store, checkpoints, topicPrefix } = await freshStore();
    const topic = internalEventLogTopic(topicPrefix);
    const head = await appendEvents(store, 400);
    const relay = inProcessRelay(store, checkpoints, topic);
    await relay.start();
    await relay.waitForPosition(head, 20_000);

    const messages = await readTopicUntil(brokers, topic, (read) => read.length >= head);
    // No failure happened, so the idempotent producer must not have written a single duplicate.
    expect(messages).toHaveLength(head);
    expectEveryEventOnceInStreamOrder(messages, await store.readAll());
    const stored = await store.readAll();
    const byEventId = new Map(messages.map((message) => [message.headers.eventId, message]));
    for (const recorded of [stored[0]!, stored[stored.length - 1]!]) {
      expect(byEventId.get(recorded.eventId)!.headers).toMatchObject({
        type: recorded.type,
        schemaVersion: '1',
        streamId: recorded.streamId,
        position: String(recorded.position),
        correlationId: recorded.metadata.correlationId,
      });
      expect(JSON.parse(byEventId.get(recorded.eventId)!.value)).toMatchObject({ eventId: recorded.eventId, data: recorded.data });
    }

    const admin = new Kafka({ clientId: 'wushe-test-admin', brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.disconnect();
    expect(metadata.topics[0]!.partitions).toHaveLength(3);
    expect(await checkpoints.load(RELAY_NAME)).toBe(head);
    await waitUntil('the relay reports no lag', () => relay.status().lag === 0);
    expect(relay.status()).toMatchObject({ connected: true, lastPublishedPosition: head, lastError: null });
  }, 60_000);

  it('loses nothing when the relay process is killed mid-stream and restarted (repeats keep their eventId)', async () => {
    const { dir, store, checkpoints, topicPrefix } = await freshStore();
    const topic = internalEventLogTopic(topicPrefix);
    const batchMaxEvents = 50;
    const env = {
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_PREFIX: topicPrefix,
      KAFKA_PARTITIONS: '3',
      DATA_DIR: dir,
      RELAY_BATCH_MAX_EVENTS: String(batchMaxEvents),
      RELAY_RETRY_MAX_MS: '500',
      LOG_LEVEL: 'warn',
    };
    const processes: RelayProcess[] = [];
    cleanups.push(() => processes.forEach((running) => running.child.exitCode === null && running.child.kill('SIGKILL')));
    const describeProcesses = () => processes.map((running, index) => `--- relay process ${index + 1}:\n${running.output()}`).join('\n');

    await appendEvents(store, 400);
    const writer = startWriter(store);
    const first = spawnRelayProcess(env);
    processes.push(first);
    // Kill only once it has acknowledged something and still has more to send: truly mid-stream.
    let checkpointAtKill = 0;
    let headAtKill = 0;
    await waitUntil(
      'the relay process has published part of the stream',
      async () => {
        checkpointAtKill = await checkpoints.load(RELAY_NAME);
        headAtKill = await store.headPosition();
        return checkpointAtKill > 0 && headAtKill > checkpointAtKill;
      },
      20_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${describeProcesses()}`);
    });
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const checkpointAfterKill = await checkpoints.load(RELAY_NAME);
    expect(checkpointAfterKill).toBeLessThan(headAtKill);

    await new Promise((resolve) => setTimeout(resolve, 300));
    await writer.stop();
    const head = await store.headPosition();
    const second = spawnRelayProcess(env);
    processes.push(second);
    await waitUntil('the restarted relay caught up', async () => (await checkpoints.load(RELAY_NAME)) === head, 30_000).catch(
      (error: Error) => {
        throw new Error(`${error.message}\n${describeProcesses()}`);
      },
    );

    const messages = await readTopicUntil(brokers, topic, (read) => new Set(read.map((message) => message.headers.eventId)).size >= head);
    expectEveryEventOnceInStreamOrder(messages, await store.readAll());
    // It resumed from its checkpoint, not from the start: at most the one unconfirmed batch repeats.
    expect(messages.length - head).toBeLessThanOrEqual(batchMaxEvents);

    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(second.output()).toContain('draining');
  }, 60_000);

  itWithBrokerControl('retries with backoff while the broker is down, at start and mid-stream, then catches up', async () => {
    const control = broker!.control!;
    const { store, checkpoints, topicPrefix } = await freshStore();
    const topic = internalEventLogTopic(topicPrefix);
    warnings.length = 0;
    let brokerDown = false;
    cleanups.push(async () => {
      if (brokerDown) await control.start();
    });

    // Down at start: start() still resolves, the relay reports the failure and keeps its checkpoint.
    await appendEvents(store, 100);
    await control.stop();
    brokerDown = true;
    const relay = inProcessRelay(store, checkpoints, topic);
    await relay.start();
    await waitUntil('the relay has failed to connect twice', () => relay.status().consecutiveFailures >= 2, 20_000);
    expect(relay.status()).toMatchObject({ connected: false, lastPublishedPosition: 0, state: 'retrying' });
    expect(relay.status().lastError).toMatch(/^connect: /);
    expect(warnings.some((line) => line.includes('"operation":"connect"'))).toBe(true);
    const headWhileDown = await appendEvents(store, 50);
    expect(relay.status().lag).toBeGreaterThan(0);
    await control.start();
    brokerDown = false;
    await relay.waitForPosition(headWhileDown, 30_000);

    // Down mid-stream: appends go on, the checkpoint freezes at what the broker acknowledged.
    const writer = startWriter(store);
    await waitUntil('the relay publishes live appends', () => relay.status().lastPublishedPosition > headWhileDown + 20);
    await control.stop();
    brokerDown = true;
    const acknowledgedBeforeStop = relay.status().lastPublishedPosition;
    const failuresBefore = relay.status().consecutiveFailures;
    await waitUntil('the relay retries publishing', () => relay.status().consecutiveFailures >= failuresBefore + 2, 20_000);
    expect(relay.status().connected).toBe(false);
    expect(relay.status().lastPublishedPosition).toBe(acknowledgedBeforeStop);
    expect(await checkpoints.load(RELAY_NAME)).toBe(acknowledgedBeforeStop);
    expect(await store.headPosition()).toBeGreaterThan(acknowledgedBeforeStop);

    await control.start();
    brokerDown = false;
    await new Promise((resolve) => setTimeout(resolve, 200));
    await writer.stop();
    const head = await store.headPosition();
    await relay.waitForPosition(head, 30_000);
    expect(relay.status()).toMatchObject({ connected: true, lastError: null, consecutiveFailures: 0 });

    const messages = await readTopicUntil(brokers, topic, (read) => new Set(read.map((message) => message.headers.eventId)).size >= head);
    expectEveryEventOnceInStreamOrder(messages, await store.readAll());
  }, 90_000);
});
