import { PassThrough } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import type { EventStoreDBClient } from '@eventstore/db-client';
import { WrongExpectedRevisionError } from '../port.js';
import { event, eventStoreConformanceSuite, take } from '../testing/conformance.js';
import { EventStoreDbEventStore } from './eventstoredb-event-store.js';

/**
 * No EventStoreDB server runs here, so the adapter's mapping is exercised against an in-memory
 * stand-in for the gRPC client that behaves as the server does where the adapter relies on it:
 * byte-offset commit positions, system events in $all, expected-version and idempotency rules,
 * exclusive subscription start, inclusive read start, errors reported by `type`.
 * The real server runs the same conformance suite in test/integration when EVENTSTORE_CONNECTION_STRING is set.
 */
interface StoredEvent {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata: unknown;
  isJson: true;
  created: Date;
  position: { commit: bigint; prepare: bigint };
}

class FakeEventStoreDbClient {
  private readonly log: StoredEvent[] = [];
  private nextOffset = 1024n;
  private readonly live = new Set<{ sink: PassThrough; regex: RegExp | null }>();
  subscribeCalls: Array<{ fromPosition: unknown }> = [];

  /** The server writes its own events into $all between ours. */
  writeSystemEvent(): void {
    this.write('$stats-127.0.0.1:2113', [{ id: crypto.randomUUID(), type: '$statsCollected', data: {}, metadata: {} }]);
  }

  /** Drops every live subscription as a lost connection would. */
  dropConnections(): void {
    for (const subscription of [...this.live]) {
      this.live.delete(subscription);
      subscription.sink.destroy(Object.assign(new Error('14 UNAVAILABLE: Connection dropped'), { type: 'unavailable' }));
    }
  }

  async appendToStream(streamName: string, events: Array<{ id: string; type: string; data: unknown; metadata: unknown }>, options: { expectedRevision: unknown }) {
    const stream = this.log.filter((e) => e.streamId === streamName);
    const current = stream.length - 1;
    const expected = options.expectedRevision;
    const expectedNumber = typeof expected === 'bigint' ? Number(expected) : expected === 'no_stream' ? -1 : null;
    // EventStoreDB checks idempotency when the expected version is behind the stream, or for any.
    const checksIdempotency = expected === 'any' || expected === 'stream_exists' || (expectedNumber !== null && expectedNumber < current);
    if (checksIdempotency) {
      const first = stream.findIndex((e) => e.id === events[0]!.id);
      if (first >= 0) {
        const all = events.every((e, i) => stream[first + i]?.id === e.id);
        if (all) return { success: true, nextExpectedRevision: BigInt(first + events.length - 1), position: undefined };
        throw this.wrongExpectedVersion(streamName, current);
      }
    }
    const holds =
      expected === 'any' || (expected === 'stream_exists' && current >= 0) || (expectedNumber !== null && expectedNumber === current);
    if (!holds) throw this.wrongExpectedVersion(streamName, current);
    const written = this.write(streamName, events);
    return { success: true, nextExpectedRevision: written.at(-1)!.revision, position: written.at(-1)!.position };
  }

  readStream(streamName: string, options: { fromRevision?: unknown; direction?: string; maxCount?: number } = {}) {
    const log = this.log;
    return (async function* () {
      let events = log.filter((e) => e.streamId === streamName);
      if (events.length === 0) throw Object.assign(new Error(`${streamName} not found`), { type: 'stream-not-found' });
      if (options.direction === 'backwards') events = [...events].reverse();
      else if (typeof options.fromRevision === 'bigint') events = events.filter((e) => e.revision >= (options.fromRevision as bigint));
      for (const e of events.slice(0, options.maxCount ?? Infinity)) yield { event: e };
    })();
  }

  readAll(options: { fromPosition?: unknown; direction?: string } = {}) {
    const log = this.log;
    return (async function* () {
      if (options.direction === 'backwards') {
        for (const e of [...log].reverse()) yield { event: e };
        return;
      }
      const from = options.fromPosition;
      const start = typeof from === 'object' && from ? (from as { commit: bigint }).commit : 0n;
      for (const e of log) if (e.position.commit >= start) yield { event: e };
    })();
  }

  subscribeToAll(options: { fromPosition: unknown; filter?: { regex: string } }) {
    this.subscribeCalls.push({ fromPosition: options.fromPosition });
    const regex = options.filter ? new RegExp(options.filter.regex) : null;
    const sink = new PassThrough({ objectMode: true });
    const from = options.fromPosition;
    const after = typeof from === 'object' && from ? (from as { commit: bigint }).commit : -1n;
    const subscription = { sink, regex };
    const stream = Object.assign(sink, {
      unsubscribe: async () => {
        this.live.delete(subscription);
        sink.end();
      },
    });
    queueMicrotask(() => {
      sink.emit('confirmation');
      for (const e of this.log) if (e.position.commit > after && (!regex || regex.test(e.type))) sink.write({ event: e });
      this.live.add(subscription);
    });
    return stream;
  }

  async dispose(): Promise<void> {
    for (const subscription of this.live) subscription.sink.end();
    this.live.clear();
  }

  private write(streamName: string, events: Array<{ id: string; type: string; data: unknown; metadata: unknown }>): StoredEvent[] {
    const base = this.log.filter((e) => e.streamId === streamName).length;
    const written = events.map((e, i) => {
      const offset = this.nextOffset;
      this.nextOffset += 137n + BigInt(JSON.stringify(e.data ?? null).length);
      // Round-trip through JSON as the wire does.
      return {
        streamId: streamName,
        id: e.id,
        revision: BigInt(base + i),
        type: e.type,
        data: JSON.parse(JSON.stringify(e.data ?? null)) as unknown,
        metadata: JSON.parse(JSON.stringify(e.metadata)) as unknown,
        isJson: true as const,
        created: new Date(),
        position: { commit: offset, prepare: offset },
      };
    });
    this.log.push(...written);
    for (const { sink, regex } of this.live) {
      for (const e of written) if (!regex || regex.test(e.type)) sink.write({ event: e });
    }
    return written;
  }

  private wrongExpectedVersion(streamName: string, current: number) {
    return Object.assign(new Error('Wrong expected version'), {
      type: 'wrong-expected-version',
      streamName,
      actualVersion: current < 0 ? 'no_stream' : BigInt(current),
    });
  }
}

const asClient = (fake: FakeEventStoreDbClient) => fake as unknown as EventStoreDBClient;

eventStoreConformanceSuite('EventStoreDB adapter over an in-memory client stand-in', async () => {
  const fake = new FakeEventStoreDbClient();
  fake.writeSystemEvent();
  const store = new EventStoreDbEventStore(asClient(fake), { reconnectDelayMs: 10 });
  return {
    store,
    connectAnother: async () => new EventStoreDbEventStore(asClient(fake)),
    cleanup: () => store.close(),
  };
});

describe('EventStoreDbEventStore mapping', () => {
  it('leaves system events out of readAll, the subscription and the head position', async () => {
    const fake = new FakeEventStoreDbClient();
    const store = new EventStoreDbEventStore(asClient(fake));
    const { position } = await store.append('need-1', [event('NeedListed')], 'no_stream');
    fake.writeSystemEvent();
    expect((await store.readAll()).map((e) => e.type)).toEqual(['NeedListed']);
    expect(await store.headPosition()).toBe(position);
    await store.close();
  });

  it('stores schemaVersion and the correlation ids in the metadata for EventStoreDB, and hands back the port metadata only', async () => {
    const fake = new FakeEventStoreDbClient();
    const store = new EventStoreDbEventStore(asClient(fake));
    const appended = { ...event('NeedListed'), schemaVersion: 4 };
    appended.metadata = { ...appended.metadata, causationId: 'cause-1' };
    await store.append('need-1', [appended], 'no_stream');
    const raw = (await fake.readStream('need-1').next()).value as { event: StoredEvent };
    expect(raw.event.metadata).toMatchObject({ schemaVersion: 4, $correlationId: appended.metadata.correlationId, $causationId: 'cause-1' });
    const [recorded] = await store.readStream('need-1');
    expect(recorded!.metadata).toEqual(appended.metadata);
    expect(recorded!.schemaVersion).toBe(4);
    await store.close();
  });

  it('maps the client error for a stream that does not exist to actual revision -1', async () => {
    const store = new EventStoreDbEventStore(asClient(new FakeEventStoreDbClient()));
    const error = await store.append('need-1', [event('NeedListed')], 3).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(error).toMatchObject({ expected: 3, actual: -1 });
    await store.close();
  });

  it('reconnects a dropped subscription from the last delivered position, losing and repeating nothing', async () => {
    const fake = new FakeEventStoreDbClient();
    const store = new EventStoreDbEventStore(asClient(fake), { reconnectDelayMs: 5 });
    await store.append('need-1', [event('NeedListed'), event('NeedVerified')], 'no_stream');
    const subscription = store.subscribeToAll();
    try {
      const before = await take(subscription, 2);
      fake.dropConnections();
      await store.append('need-1', [event('NeedMatched')], 1);
      const after = await take(subscription, 1);
      expect(after.map((e) => e.type)).toEqual(['NeedMatched']);
      expect(fake.subscribeCalls).toHaveLength(2);
      expect(fake.subscribeCalls[1]!.fromPosition).toEqual({ commit: BigInt(before[1]!.position), prepare: BigInt(before[1]!.position) });
    } finally {
      await subscription.close();
      await store.close();
    }
  });

  it('gives up with EventStoreUnavailableError after too many drops in a row', async () => {
    const fake = new FakeEventStoreDbClient();
    fake.subscribeToAll = () => {
      const sink = Object.assign(new PassThrough({ objectMode: true }), { unsubscribe: async () => undefined });
      queueMicrotask(() => sink.destroy(Object.assign(new Error('UNAVAILABLE'), { type: 'unavailable' })));
      return sink;
    };
    const store = new EventStoreDbEventStore(asClient(fake), { reconnectDelayMs: 1, maxReconnectAttempts: 3 });
    const subscription = store.subscribeToAll();
    await expect(subscription[Symbol.asyncIterator]().next()).rejects.toMatchObject({ code: 'EVENT_STORE_UNAVAILABLE' });
    await store.close();
  });
});
