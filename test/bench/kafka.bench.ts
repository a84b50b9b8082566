/**
 * The relay's publish throughput against a raw kafkajs producer on the same broker, when a broker
 * runs (KAFKA_BROKERS, or a one-node broker from infra/kafka as the Kafka integration suites start
 * one; the row says "skipped" and why when neither can be had).
 *
 * - product: the KafkaRelay (the one `npm run relay` runs) following a SQLite event store of
 *   realistic events (the read-model scenario's copies) from position 0 to the head: read pages,
 *   map each event to its envelope, publish in batches of 500 through the idempotent producer (acks
 *   from all in-sync replicas), save the checkpoint after each batch; events/s from start to the
 *   checkpoint at the head.
 * - baseline: a raw kafkajs producer with the same settings (idempotent, one request in flight, the
 *   Java partitioner, acks -1) sending the very same messages (keys, values, headers, built before
 *   the clock starts) in batches of 500 to a topic of the same partitions. No store, no checkpoint:
 *   the most this broker and client take.
 * Interleaved rounds, each on fresh topics; the ratio is the median of each round's pair.
 *
 * Start a broker under `flock /tmp/wushe-kafka.lock` (the Kafka suites' ports); this bench uses its
 * own port (KAFKA_BENCH_PORT, default 19492).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Partitioners, type Message } from 'kafkajs';
import { openSqliteEventStore, type RecordedEvent } from '#event-store';
import { createKafkaClient, KafkaEventPublisher } from '../../libs/messaging/src/kafka/index.js';
import {
  DEFAULT_RELAY_BATCH, internalEnvelopeMapper, internalEventLogTopic, KafkaRelay, SqliteRelayCheckpointStore, toOutgoingMessage, type RelayLogger,
} from '../../libs/messaging/src/relay/index.js';
import { appendScenarioCopies } from '../../libs/read-models/src/testing/scenario-copies.js';
import { acquireKafkaBroker } from '../support/kafka-broker.js';
import { BenchReport, figure, interleave, type BenchRow } from './report.js';

const SECTION = 'Kafka relay';
const PARTITIONS = 3;
const quiet: RelayLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: (fields, message) => console.error(message, fields) };

export interface KafkaBenchOptions {
  events?: number;
  rounds?: number;
  log?: (line: string) => void;
}

export async function runKafkaBench(report: BenchReport, options: KafkaBenchOptions = {}): Promise<BenchRow[]> {
  const events = options.events ?? Number(process.env.WUSHE_BENCH_KAFKA_EVENTS ?? 20_000);
  const rounds = options.rounds ?? 3;
  const log = options.log ?? console.log;
  const metric = `relay publish throughput, ${Math.round(events / 1000)}k events`;
  const broker = await acquireKafkaBroker({ port: Number(process.env.KAFKA_BENCH_PORT ?? 19492), timeoutMs: 180_000 });
  if (!broker) return [report.skipped(SECTION, metric, '>= 50% of raw kafkajs', 'no broker: KAFKA_BROKERS unset and infra/kafka could not start one (Java and the cached jars)')];
  const dir = mkdtempSync(join(tmpdir(), 'wushe-kafka-bench-'));
  const path = join(dir, 'events.db');
  const store = await openSqliteEventStore(path, { pollIntervalMs: 50 });
  const checkpoints = SqliteRelayCheckpointStore.open(path);
  const kafka = createKafkaClient({ brokers: broker.brokers, clientId: 'wushe-bench', logger: quiet, connectionTimeoutMs: 3000 });
  try {
    const head = await appendScenarioCopies(store, events, { writers: 32 });
    const stored: RecordedEvent[] = await store.readAll({ after: 0, limit: head });
    log(`  ${head} events stored; broker ${broker.brokers.join(',')} (${broker.origin})`);
    const admin = kafka.admin();
    await admin.connect();
    const freshTopic = async () => {
      const topic = internalEventLogTopic(`wushe-bench-${randomUUID().slice(0, 8)}`);
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }] });
      return topic;
    };

    const product = async () => {
      const topic = await freshTopic();
      const relay = new KafkaRelay({
        name: `bench-${topic}`, store, checkpoints,
        publisher: new KafkaEventPublisher(kafka, { partitions: PARTITIONS, replicationFactor: 1 }, quiet),
        mapEvent: internalEnvelopeMapper(topic), topics: [topic], logger: quiet,
      });
      const started = performance.now();
      await relay.start();
      await relay.waitForPosition(head, 300_000);
      const perSecond = (head * 1000) / (performance.now() - started);
      await relay.stop(5000);
      log(`  relay: ${Math.round(perSecond)} events/s`);
      return perSecond;
    };

    const baseline = async () => {
      const topic = await freshTopic();
      const mapper = internalEnvelopeMapper(topic);
      const messages: Message[] = stored.map((event) => {
        const outgoing = toOutgoingMessage(event, mapper(event)!);
        return { key: outgoing.key, value: outgoing.value, headers: outgoing.headers, ...(outgoing.timestamp === undefined ? {} : { timestamp: outgoing.timestamp }) };
      });
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      const started = performance.now();
      for (let from = 0; from < messages.length; from += DEFAULT_RELAY_BATCH.maxEvents) {
        await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages: messages.slice(from, from + DEFAULT_RELAY_BATCH.maxEvents) }] });
      }
      const perSecond = (messages.length * 1000) / (performance.now() - started);
      await producer.disconnect();
      log(`  raw kafkajs: ${Math.round(perSecond)} events/s`);
      return perSecond;
    };

    await baseline(); // warm-up: connections, the broker's first segments
    const measured = await interleave(rounds, product, baseline);
    await admin.disconnect();
    return [
      report.ratio(SECTION, metric, figure(measured.product, 'ev/s'), figure(measured.baseline, 'ev/s', 'raw kafkajs producer, same messages and settings'), 0.5,
        `batches of ${DEFAULT_RELAY_BATCH.maxEvents}, ${PARTITIONS} partitions, acks -1, idempotent; the relay also reads the store and saves its checkpoint per batch; broker ${broker.origin}`),
    ];
  } finally {
    checkpoints.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    await broker.release();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const report = new BenchReport();
  runKafkaBench(report)
    .then(() => report.print())
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
