import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { openSqliteEventStore } from '#event-store';
import { event } from '../../libs/event-store/src/testing/conformance.js';
import { HOOKS, REGISTER } from '../support/ts-launcher.js';

/**
 * An append in one thread wakes a subscription on the same file in another thread of the process at
 * once (the API appends, its lists thread projects): the subscriber's poll is set to a minute, so
 * only the cross-thread notification can deliver the event within the test's bound.
 */
describe('SQLite event store: appends wake subscribers in other threads', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wushe-es-threads-'));
    writeFileSync(join(dir, 'hooks.mjs'), HOOKS);
    writeFileSync(join(dir, 'register.mjs'), REGISTER);
    writeFileSync(
      join(dir, 'subscriber.mjs'),
      `import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteEventStore } from '#event-store';
const store = await openSqliteEventStore(workerData.path, { pollIntervalMs: 60_000 });
const subscription = store.subscribeToAll({ after: await store.headPosition() });
parentPort.postMessage('subscribed');
for await (const event of subscription) {
  parentPort.postMessage(event.position);
}`,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('delivers each of a burst of appends to the other thread well before its poll', async () => {
    const path = join(dir, 'events.db');
    const store = await openSqliteEventStore(path);
    const worker = new Worker(pathToFileURL(join(dir, 'subscriber.mjs')), { workerData: { path }, execArgv: ['--import', pathToFileURL(join(dir, 'register.mjs')).href] });
    try {
      const seen: number[] = [];
      const subscribed = new Promise<void>((resolve) => worker.on('message', (message) => (message === 'subscribed' ? resolve() : seen.push(message as number))));
      await subscribed;
      const positions: number[] = [];
      // Appends one at a time, then a burst within one turn (the wake is rate-limited; the last one must still arrive).
      for (let i = 0; i < 3; i++) {
        positions.push((await store.append(`need-${i}`, [event('NeedListed')], 'no_stream')).position);
        const deadline = Date.now() + 5_000;
        while (!seen.includes(positions.at(-1)!) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
        expect(seen).toContain(positions.at(-1));
      }
      const burst = await Promise.all([3, 4, 5, 6, 7].map((i) => store.append(`need-${i}`, [event('NeedListed')], 'no_stream')));
      positions.push(...burst.map((result) => result.position));
      const deadline = Date.now() + 5_000;
      while (seen.length < positions.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(seen).toEqual(positions);
    } finally {
      await worker.terminate();
      await store.close();
    }
  }, 60_000);
});
