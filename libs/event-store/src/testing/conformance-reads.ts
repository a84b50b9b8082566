/** The global log: readAll pages, live subscriptions, the head position. */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { type EventStore, type EventToAppend, type RecordedEvent } from '../port.js';
import { type ConformanceRun, event, take, withTimeout, appendInOrder, ownEvents, expectStrictlyIncreasing } from './conformance-support.js';

export function readAllConformance(suite: ConformanceRun): void {
  describe('readAll', () => {
    let store: EventStore;
    beforeAll(() => {
      ({ store } = suite);
    });
    const { run, newStream } = suite;

    it('returns events of all streams in append order with strictly increasing positions', async () => {
      const baseline = await store.headPosition();
      const [need, project, donation] = [newStream('need'), newStream('project'), newStream('donation')];
      const plan: Array<[string, EventToAppend[]]> = [
        [need, [event('NeedListed')]],
        [project, [event('ProjectDesigned'), event('ProjectPublished')]],
        [need, [event('NeedVerified')]],
        [donation, [event('DonationPledged')]],
        [project, [event('OrganisationContracted')]],
      ];
      const expected = await appendInOrder(store, plan);

      const all = ownEvents(await store.readAll({ after: baseline }), run);
      expect(all.map((e) => e.eventId)).toEqual(expected.map((e) => e.eventId));
      expectStrictlyIncreasing(all.map((e) => e.position));
      expect(all.map((e) => `${e.streamId}@${e.revision}`)).toEqual([
        `${need}@0`, `${project}@0`, `${project}@1`, `${need}@1`, `${donation}@0`, `${project}@2`,
      ]);
    });

    it('starts strictly after `after` and stops at `limit`, so paging covers the log exactly once', async () => {
      const baseline = await store.headPosition();
      const streams = [newStream(), newStream()];
      await appendInOrder(store, Array.from({ length: 7 }, (_, i) => [streams[i % 2]!, [event('NeedListed', { i })]]));
      const all = await store.readAll({ after: baseline });
      expect(ownEvents(all, run)).toHaveLength(7);

      const third = all[2]!;
      const afterThird = await store.readAll({ after: third.position });
      expect(afterThird.map((e) => e.eventId)).toEqual(all.slice(3).map((e) => e.eventId));

      expect((await store.readAll({ after: baseline, limit: 2 })).map((e) => e.eventId)).toEqual(
        all.slice(0, 2).map((e) => e.eventId),
      );

      const paged: RecordedEvent[] = [];
      for (let after = baseline; ; ) {
        const page = await store.readAll({ after, limit: 3 });
        if (page.length === 0) break;
        expect(page.length).toBeLessThanOrEqual(3);
        paged.push(...page);
        after = page.at(-1)!.position;
      }
      expect(paged.map((e) => e.eventId)).toEqual(all.map((e) => e.eventId));
    });
  });
}

export function subscribeToAllConformance(suite: ConformanceRun): void {
  describe('subscribeToAll', () => {
    let store: EventStore, other: EventStore;
    beforeAll(() => {
      ({ store, other } = suite);
    });
    const { run, newStream } = suite;

    it('delivers stored events, then events appended after subscribing, in global order', async () => {
      const baseline = await store.headPosition();
      const streamId = newStream();
      await store.append(streamId, [event('NeedListed'), event('NeedVerified')], 'no_stream');
      const subscription = store.subscribeToAll({ after: baseline });
      try {
        const reader = take(subscription, 5);
        await new Promise((resolve) => setTimeout(resolve, 50));
        await store.append(streamId, [event('NeedMatched')], 1);
        await store.append(newStream('project'), [event('ProjectDesigned'), event('ProjectPublished')], 'no_stream');
        const delivered = await reader;
        const expected = await store.readAll({ after: baseline });
        expect(delivered).toEqual(expected);
        expect(ownEvents(delivered, run)).toHaveLength(5);
      } finally {
        await subscription.close();
      }
    });

    it('delivers live events appended through another connection', async () => {
      const baseline = await store.headPosition();
      const subscription = store.subscribeToAll({ after: baseline });
      try {
        const reader = take(subscription, 1);
        const appended = event('DonationPledged', { amountFen: 50000 });
        await other.append(newStream('donation'), [appended], 'no_stream');
        expect((await reader).map((e) => e.eventId)).toEqual([appended.eventId]);
      } finally {
        await subscription.close();
      }
    });

    it('resumes from a checkpoint with exactly the events after it', async () => {
      const baseline = await store.headPosition();
      const streamId = newStream();
      await appendInOrder(store, Array.from({ length: 5 }, (_, i) => [streamId, [event('NeedNoteAdded', { i })]]));
      const history = await store.readAll({ after: baseline });
      const checkpoint = history[2]!.position;

      const subscription = store.subscribeToAll({ after: checkpoint });
      try {
        const resumed = await take(subscription, 2);
        expect(resumed).toEqual(history.slice(3));
        const next = event('NeedFulfilled');
        const reader = take(subscription, 1);
        await store.append(streamId, [next], 4);
        expect((await reader).map((e) => e.eventId)).toEqual([next.eventId]);
      } finally {
        await subscription.close();
      }
    });

    it('delivers only events whose type passes the filter, historical and live', async () => {
      const baseline = await store.headPosition();
      const streamId = newStream();
      await store.append(streamId, [event('NeedListed'), event('NeedVerified'), event('NeedListed', { second: true })], 'any');
      const subscription = store.subscribeToAll({ after: baseline, filter: (type) => type === 'NeedListed' });
      try {
        const reader = take(subscription, 3);
        await store.append(streamId, [event('NeedVerified'), event('NeedListed', { third: true })], 'any');
        const delivered = await reader;
        expect(delivered.map((e) => e.type)).toEqual(['NeedListed', 'NeedListed', 'NeedListed']);
        expect(delivered.map((e) => e.revision)).toEqual([0, 2, 4]);
      } finally {
        await subscription.close();
      }
    });

    it('ends a waiting iteration without error when closed', async () => {
      const subscription = store.subscribeToAll({ after: await store.headPosition() });
      const received: RecordedEvent[] = [];
      const iterating = (async () => {
        for await (const recorded of subscription) received.push(recorded);
        return 'ended';
      })();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await subscription.close();
      await expect(withTimeout(iterating, 2000, 'iteration did not end after close()')).resolves.toBe('ended');
      expect(ownEvents(received, run)).toEqual([]);
    });

    it('stops delivering when the consumer breaks out of the loop', async () => {
      const baseline = await store.headPosition();
      const streamId = newStream();
      await store.append(streamId, [event('NeedListed'), event('NeedVerified')], 'no_stream');
      const subscription = store.subscribeToAll({ after: baseline });
      let seen = 0;
      for await (const recorded of subscription) {
        seen++;
        if (recorded.streamId === streamId) break;
      }
      expect(seen).toBeGreaterThan(0);
      // The loop's break closed the subscription: iterating again ends at once.
      const again = subscription[Symbol.asyncIterator]();
      await expect(withTimeout(again.next(), 2000, 'closed subscription kept waiting')).resolves.toMatchObject({ done: true });
    });
  });
}

export function headPositionConformance(suite: ConformanceRun): void {
  describe('headPosition', () => {
    let store: EventStore;
    beforeAll(() => {
      ({ store } = suite);
    });
    const { newStream } = suite;

    it('is the position of the last stored event and moves with every append', async () => {
      const first = await store.append(newStream(), [event('NeedListed')], 'no_stream');
      expect(await store.headPosition()).toBe(first.position);
      const second = await store.append(newStream(), [event('NeedListed'), event('NeedVerified')], 'no_stream');
      expect(second.position).toBeGreaterThan(first.position);
      expect(await store.headPosition()).toBe(second.position);
      const all = await store.readAll({ after: first.position });
      expect(all.at(-1)!.position).toBe(second.position);
    });
  });
}
