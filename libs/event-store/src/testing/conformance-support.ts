import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import {
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type RecordedEvent,
  type Subscription,
  WrongExpectedRevisionError,
} from '../port.js';
import type { ConformanceFixture } from './conformance.js';

/**
 * What every group of the conformance suite shares: the stores (set in the suite's beforeAll, so read
 * them in a beforeAll or a test, never while the describe is being declared), this run's id, and
 * fresh stream names of this run.
 */
export interface ConformanceRun {
  readonly fixture: ConformanceFixture;
  readonly store: EventStore;
  /** A second instance on the same database (connectAnother), or the same store. */
  readonly other: EventStore;
  readonly run: string;
  newStream(aggregate?: string): string;
}

let sequence = 0;

/** A test event with a fresh eventId and complete metadata. */
export function event(type: string, data: Record<string, unknown> = {}): EventToAppend {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data: { ...data, sequence: ++sequence },
    metadata: {
      correlationId: randomUUID(),
      causationId: null,
      actor: { id: 'conformance', role: 'civil_affairs_bureau' },
      occurredAt: new Date(Date.UTC(2026, 2, 1, 8, 0, sequence % 60)).toISOString(),
    },
  };
}

/** Collects `count` events from a subscription, failing with what arrived if they do not come in time. */
export async function take(subscription: Subscription, count: number, timeoutMs = 5000): Promise<RecordedEvent[]> {
  const received: RecordedEvent[] = [];
  const iterator = subscription[Symbol.asyncIterator]();
  const collect = (async () => {
    while (received.length < count) {
      const next = await iterator.next();
      if (next.done) throw new Error(`subscription ended after ${received.length} of ${count} events`);
      received.push(next.value);
    }
    return received;
  })();
  return withTimeout(collect, timeoutMs, () =>
    `expected ${count} events within ${timeoutMs} ms, got ${received.length}: ${received.map((e) => `${e.type}@${e.position}`).join(', ')}`,
  ).catch(async (error: unknown) => {
    await subscription.close();
    throw error;
  });
}

/**
 * Reads a subscription in the background; `done(n)` resolves once n of this run's events arrived
 * (with whatever came before them), or rejects with what arrived when they do not come in time.
 */
export function collectUntil(subscription: Subscription, run: string) {
  const received: RecordedEvent[] = [];
  let own = 0;
  let wanted = Number.POSITIVE_INFINITY;
  const waiter: { reached: (() => void) | null } = { reached: null };
  const iterating = (async () => {
    for await (const recorded of subscription) {
      received.push(recorded);
      if (recorded.streamId.includes(`-${run}-`)) own++;
      if (own >= wanted) waiter.reached?.();
    }
  })();
  return {
    done: async (count: number, timeoutMs = 15_000): Promise<RecordedEvent[]> => {
      wanted = count;
      const arrived = own >= count ? Promise.resolve() : new Promise<void>((resolve) => (waiter.reached = resolve));
      await withTimeout(
        Promise.race([arrived, iterating.then(() => Promise.reject(new Error('subscription ended early')))]),
        timeoutMs,
        () => `expected ${count} events, got ${own}`,
      );
      return [...received];
    },
  };
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string | (() => string)): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(typeof message === 'string' ? message : message())), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function expectConflict(
  attempt: Promise<unknown>,
  streamId: string,
  expected: ExpectedRevision,
  actual: number,
): Promise<void> {
  const error = await attempt.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  expect(error).toMatchObject({ streamId, expected, actual, code: 'CONCURRENCY_CONFLICT' });
}

export async function appendInOrder(store: EventStore, plan: Array<[string, EventToAppend[]]>): Promise<EventToAppend[]> {
  for (const [streamId, events] of plan) await store.append(streamId, events, 'any');
  return plan.flatMap(([, events]) => events);
}

/** This run's events only: a shared store (EventStoreDB) may hold other runs' events too. */
export function ownEvents(events: readonly RecordedEvent[], run: string): RecordedEvent[] {
  return events.filter((e) => e.streamId.includes(`-${run}-`));
}

export function groupByStream(events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const streams = new Map<string, RecordedEvent[]>();
  for (const recorded of events) streams.set(recorded.streamId, [...(streams.get(recorded.streamId) ?? []), recorded]);
  return streams;
}

export function expectStrictlyIncreasing(positions: readonly number[]): void {
  positions.forEach((position, index) => {
    expect(Number.isSafeInteger(position) && position > 0).toBe(true);
    if (index > 0) expect(position).toBeGreaterThan(positions[index - 1]!);
  });
}
