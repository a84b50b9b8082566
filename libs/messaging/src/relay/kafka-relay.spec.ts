import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { openSqliteEventStore, type EventStore, type EventToAppend } from '#event-store';
import { ExponentialBackoff } from './backoff.js';
import { internalEnvelopeMapper, type EventMessageMapper, type OutgoingMessage } from './event-message.js';
import type { EventPublisher } from './event-publisher.js';
import { KafkaRelay, type KafkaRelayOptions } from './kafka-relay.js';
import { InMemoryRelayCheckpointStore } from './relay-checkpoint-store.js';
import type { RelayLogger } from './relay-logger.js';
import { SqliteRelayCheckpointStore } from './sqlite-relay-checkpoint-store.js';

const TOPIC = 'test.internal.event-log.v1';

/** A broker stand-in: records acknowledged batches and fails while `failuresLeft` > 0. */
class RecordingPublisher implements EventPublisher {
  readonly batches: OutgoingMessage[][] = [];
  readonly preparedTopics: string[][] = [];
  failuresLeft = 0;
  attempts = 0;
  readonly attemptTimes: number[] = [];
  connected = false;

  async prepare(topics: readonly string[]): Promise<void> {
    this.preparedTopics.push([...topics]);
    this.connected = true;
  }

  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    this.attempts += 1;
    this.attemptTimes.push(performance.now());
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      this.connected = false;
      throw new Error('broker unreachable');
    }
    this.connected = true;
    this.batches.push([...messages]);
  }

  async disconnect(): Promise<void> {
    this.connected = false;
  }

  get messages(): OutgoingMessage[] {
    return this.batches.flat();
  }
}

const quietLogger: RelayLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

const needEvent = (n: number, causationId: string | null = null): EventToAppend => ({
  eventId: randomUUID(),
  type: 'NeedListed',
  schemaVersion: 1,
  data: { n },
  metadata: { correlationId: `corr-${n}`, causationId, actor: { id: 'sw-1', role: 'social_worker' }, occurredAt: '2026-03-01T08:00:00.000Z' },
});

const eventually = async (check: () => boolean, timeoutMs = 5000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('KafkaRelay', () => {
  let dir: string;
  let store: EventStore;
  let checkpoints: InMemoryRelayCheckpointStore;
  let publisher: RecordingPublisher;
  const relays: KafkaRelay[] = [];

  const relay = (overrides: Partial<KafkaRelayOptions> = {}): KafkaRelay => {
    const created = new KafkaRelay({
      name: 'internal-event-log',
      store,
      checkpoints,
      publisher,
      mapEvent: internalEnvelopeMapper(TOPIC),
      topics: [TOPIC],
      retry: { initialDelayMs: 5, maxDelayMs: 20 },
      headRefreshMs: 20,
      logger: quietLogger,
      ...overrides,
    });
    relays.push(created);
    return created;
  };

  const appendAcross = async (streams: string[], perStream: number) => {
    let n = 0;
    for (let round = 0; round < perStream; round++) {
      for (const stream of streams) await store.append(stream, [needEvent(n++, round === 0 ? null : `cause-${n}`)], 'any');
    }
    return store.headPosition();
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wushe-relay-'));
    store = await openSqliteEventStore(join(dir, 'events.sqlite'), { pollIntervalMs: 20 });
    checkpoints = new InMemoryRelayCheckpointStore();
    publisher = new RecordingPublisher();
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((created) => created.stop(100)));
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes every event keyed by its stream, in per-stream order, with the envelope headers', async () => {
    const head = await appendAcross(['need-a', 'need-b', 'need-c'], 4);
    const running = relay();
    await running.start();
    await running.waitForPosition(head, 5000);

    const messages = publisher.messages;
    expect(publisher.preparedTopics).toEqual([[TOPIC]]);
    expect(messages).toHaveLength(12);
    const stored = await store.readAll();
    for (const stream of ['need-a', 'need-b', 'need-c']) {
      const published = messages.filter((message) => message.key === stream).map((message) => message.headers.eventId);
      expect(published).toEqual(stored.filter((event) => event.streamId === stream).map((event) => event.eventId));
    }
    const first = stored[0]!;
    expect(messages[0]).toMatchObject({
      topic: TOPIC,
      key: 'need-a',
      timestamp: String(Date.parse('2026-03-01T08:00:00.000Z')),
      headers: { eventId: first.eventId, type: 'NeedListed', schemaVersion: '1', correlationId: 'corr-0', streamId: 'need-a', position: String(first.position) },
    });
    expect(messages[0]!.headers).not.toHaveProperty('causationId');
    expect(messages[3]!.headers.causationId).toBe('cause-4');
    expect(JSON.parse(String(messages[0]!.value))).toMatchObject({ eventId: first.eventId, streamId: 'need-a', revision: 0, data: { n: 0 } });
    expect(await checkpoints.load('internal-event-log')).toBe(head);
    await eventually(() => running.status().lag === 0);
    expect(running.status()).toMatchObject({ connected: true, lastPublishedPosition: head, lag: 0, lastError: null, state: 'running' });
  });

  it('sends batches of at most maxEvents and publishes live appends after catching up', async () => {
    await appendAcross(['need-a'], 7);
    const running = relay({ batch: { maxEvents: 3, maxWaitMs: 20 } });
    await running.start();
    await running.waitForPosition(7, 5000);
    expect(publisher.batches.map((batch) => batch.length)).toEqual([3, 3, 1]);

    await store.append('need-b', [needEvent(100)], 'any');
    await running.waitForPosition(8, 5000);
    expect(publisher.messages.at(-1)!.key).toBe('need-b');
  });

  it('keeps its checkpoint while the broker fails, then republishes the same batch with the same eventIds', async () => {
    const head = await appendAcross(['need-a', 'need-b'], 2);
    publisher.failuresLeft = 4;
    const running = relay({ retry: { initialDelayMs: 20, maxDelayMs: 80 } });
    await running.start();

    await eventually(() => publisher.attempts >= 2);
    expect(await checkpoints.load('internal-event-log')).toBe(0);
    expect(running.status()).toMatchObject({ connected: false, lastPublishedPosition: 0, state: 'retrying' });
    expect(running.status().lastError).toContain('broker unreachable');
    expect(running.status().consecutiveFailures).toBeGreaterThanOrEqual(2);

    await running.waitForPosition(head, 5000);
    expect(publisher.attempts).toBe(5);
    // Backoff 20, 40, 80, 80 ms (capped), each at most 20 % shorter for jitter.
    const gaps = publisher.attemptTimes.slice(1).map((time, index) => time - publisher.attemptTimes[index]!);
    [15, 31, 63, 63].forEach((atLeast, index) => expect(gaps[index]).toBeGreaterThanOrEqual(atLeast));
    const stored = await store.readAll();
    expect(publisher.messages.map((message) => message.headers.eventId)).toEqual(stored.map((event) => event.eventId));
    expect(running.status()).toMatchObject({ connected: true, lastError: null, consecutiveFailures: 0, state: 'running' });
  });

  it('never skips an event its mapper cannot map: it retries until the mapper succeeds', async () => {
    await appendAcross(['need-a'], 2);
    let mapperBroken = true;
    const base = internalEnvelopeMapper(TOPIC);
    const mapEvent: EventMessageMapper = (event) => {
      if (mapperBroken && event.revision === 1) throw new Error('no contract for revision 1');
      return base(event);
    };
    const running = relay({ mapEvent });
    await running.start();
    await eventually(() => running.status().consecutiveFailures >= 2);
    expect(publisher.messages).toHaveLength(0);
    expect(running.status().lastError).toContain('no contract for revision 1');

    mapperBroken = false;
    await running.waitForPosition(2, 5000);
    expect(publisher.messages.map((message) => message.headers.revision)).toEqual(['0', '1']);
  });

  it('moves the checkpoint past events the mapper leaves out', async () => {
    await appendAcross(['need-a', 'project-b'], 2);
    const base = internalEnvelopeMapper(TOPIC);
    const running = relay({ mapEvent: (event) => (event.streamId.startsWith('need-') ? base(event) : null) });
    await running.start();
    await running.waitForPosition(4, 5000);
    expect(publisher.messages.map((message) => message.key)).toEqual(['need-a', 'need-a']);
    expect(await checkpoints.load('internal-event-log')).toBe(4);
  });

  it('resumes after its checkpoint: a restarted relay publishes only what the first had not', async () => {
    await appendAcross(['need-a'], 3);
    const first = relay();
    await first.start();
    await first.waitForPosition(3, 5000);
    await first.stop();
    expect(first.status().state).toBe('stopped');

    await appendAcross(['need-b'], 2);
    publisher.batches.length = 0;
    const second = relay();
    await second.start();
    await second.waitForPosition(5, 5000);
    expect(publisher.messages.map((message) => message.headers.position)).toEqual(['4', '5']);
  });

  it('sends what it read before the store subscription failed, then resubscribes from its checkpoint', async () => {
    const head = await appendAcross(['need-a', 'need-b'], 3);
    let subscriptionsToBreak = 1;
    const flakyStore: EventStore = {
      append: (...args) => store.append(...args),
      readStream: (streamId) => store.readStream(streamId),
      readAll: (options) => store.readAll(options),
      headPosition: () => store.headPosition(),
      close: () => store.close(),
      subscribeToAll: (options) => {
        const inner = store.subscribeToAll(options);
        if (subscriptionsToBreak-- <= 0) return inner;
        // Delivers two events, then the disk "fails".
        const events = inner[Symbol.asyncIterator]();
        let delivered = 0;
        return {
          close: () => inner.close(),
          [Symbol.asyncIterator]: () => ({
            next: async () => {
              if (delivered++ < 2) return events.next();
              throw new Error('disk I/O error');
            },
          }),
        };
      },
    };
    const operations: string[] = [];
    const logger: RelayLogger = { ...quietLogger, warn: (fields) => operations.push((fields as { operation: string }).operation) };
    const running = relay({ store: flakyStore, logger });
    await running.start();
    await running.waitForPosition(head, 5000);

    expect(operations).toEqual(['read']);
    const stored = await store.readAll();
    expect(publisher.messages.map((message) => message.headers.eventId)).toEqual(stored.map((event) => event.eventId));
    expect(publisher.batches[0]).toHaveLength(2);
  });

  it('drains the batch in hand on stop', async () => {
    const running = relay({ batch: { maxEvents: 500, maxWaitMs: 60_000 } });
    await running.start();
    await appendAcross(['need-a'], 3);
    // The batch waits for 60 s or 500 events; only stop() can send it now.
    await eventually(() => running.status().headPosition === 3);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(publisher.messages).toHaveLength(0);

    await running.stop();
    expect(publisher.messages).toHaveLength(3);
    expect(await checkpoints.load('internal-event-log')).toBe(3);
  });

  it('gives up draining at the deadline without moving the checkpoint when the broker stays down', async () => {
    await appendAcross(['need-a'], 2);
    publisher.failuresLeft = Number.MAX_SAFE_INTEGER;
    const running = relay();
    await running.start();
    await eventually(() => publisher.attempts >= 1);
    const started = Date.now();
    await running.stop(200);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await checkpoints.load('internal-event-log')).toBe(0);
    expect(running.status()).toMatchObject({ state: 'stopped', lastPublishedPosition: 0 });
  });

  it('stops at once while it is still waiting for the broker at start', async () => {
    const unreachable: EventPublisher = {
      connected: false,
      prepare: async () => {
        throw new Error('ECONNREFUSED');
      },
      publish: async () => undefined,
      disconnect: async () => undefined,
    };
    const running = relay({ publisher: unreachable, retry: { initialDelayMs: 10_000, maxDelayMs: 10_000 } });
    await running.start();
    await eventually(() => running.status().consecutiveFailures === 1);
    const started = Date.now();
    await running.stop(30_000);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('SqliteRelayCheckpointStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wushe-relay-checkpoint-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts at 0, keeps one position per relay across reopening, and never moves back', async () => {
    const path = join(dir, 'events.sqlite');
    const first = SqliteRelayCheckpointStore.open(path);
    expect(await first.load('internal-event-log')).toBe(0);
    await first.save('internal-event-log', 42);
    await first.save('public-contract', 7);
    await first.save('internal-event-log', 40);
    first.close();

    const reopened = SqliteRelayCheckpointStore.open(path);
    expect(await reopened.load('internal-event-log')).toBe(42);
    expect(await reopened.load('public-contract')).toBe(7);
    await expect(reopened.save('internal-event-log', -1)).rejects.toThrow(RangeError);
    reopened.close();
  });

  it('shares the event store file without disturbing it', async () => {
    const path = join(dir, 'events.sqlite');
    const store = await openSqliteEventStore(path);
    await store.append('need-a', [needEvent(1)], 'no_stream');
    const checkpoints = SqliteRelayCheckpointStore.open(path);
    await checkpoints.save('internal-event-log', 1);
    await store.append('need-a', [needEvent(2)], 0);
    expect(await store.headPosition()).toBe(2);
    expect(await checkpoints.load('internal-event-log')).toBe(1);
    checkpoints.close();
    await store.close();
  });
});

describe('ExponentialBackoff', () => {
  it('doubles up to the cap and starts over after reset', () => {
    const backoff = new ExponentialBackoff({ initialDelayMs: 100, maxDelayMs: 1000, jitter: 0 });
    expect([1, 2, 3, 4, 5, 6].map(() => backoff.nextDelayMs())).toEqual([100, 200, 400, 800, 1000, 1000]);
    backoff.reset();
    expect(backoff.nextDelayMs()).toBe(100);
  });

  it('takes jitter off the delay, never above the cap', () => {
    const backoff = new ExponentialBackoff({ initialDelayMs: 100, maxDelayMs: 100, jitter: 0.5 }, () => 1);
    expect(backoff.nextDelayMs()).toBe(50);
  });
});
