import { describe, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import type { ProjectionCheckpointsTable } from './checkpoints.js';
import { ShuttingDownError } from './errors.js';
import { ReadYourWrites } from './read-your-writes.js';

/** A ReadYourWrites over a runner that answers at once (or after `delayMs`), with the given heads. */
function readYourWrites(heads: () => Promise<number>, options: { rounds?: number; delayMs?: number; shutdown?: AbortSignal } = {}) {
  const waited: { position: number; timeoutMs: number }[] = [];
  const waiter = new ReadYourWrites({
    // Never polled: a runner is followed.
    db: {} as Kysely<ProjectionCheckpointsTable>,
    projections: [],
    headPosition: heads,
    shutdown: options.shutdown ?? new AbortController().signal,
    followUpRounds: options.rounds,
  });
  waiter.follow({
    waitForPosition: async (position, timeoutMs) => {
      waited.push({ position, timeoutMs });
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    },
  });
  return { waiter, waited };
}

describe('read-your-writes including policy follow-ups', () => {
  it('waits again for the facts the policies appended while the read models caught up', async () => {
    // DonationMatched at 5; the policy recorded NeedMatched at 6 before its checkpoint passed 5.
    const heads = [6, 6];
    const { waiter, waited } = readYourWrites(async () => heads.shift()!);
    await waiter.waitForPosition(5, 1000);
    expect(waited.map(({ position }) => position)).toEqual([5, 6]);
  });

  it('stops after the bounded number of rounds under a steady stream of unrelated writes', async () => {
    let head = 10;
    const { waiter, waited } = readYourWrites(async () => ++head, { rounds: 3 });
    await waiter.waitForPosition(10, 1000);
    expect(waited.map(({ position }) => position)).toEqual([10, 11, 12]);
  });

  it('passes the remaining time of one deadline to every round', async () => {
    let head = 1;
    const { waiter, waited } = readYourWrites(async () => ++head, { rounds: 2, delayMs: 30 });
    await waiter.waitForPosition(1, 200);
    const budgets = waited.map(({ timeoutMs }) => timeoutMs);
    expect(budgets[0]).toBeLessThanOrEqual(200);
    expect(budgets[1]).toBeLessThan(budgets[0]! - 20);
  });

  it('rejects a wait in flight, and every later one, with ShuttingDownError once the shutdown begins', async () => {
    const shutdown = new AbortController();
    const { waiter } = readYourWrites(async () => 1, { delayMs: 500, shutdown: shutdown.signal });
    const inFlight = waiter.waitForPosition(1, 20_000);
    shutdown.abort();
    await expect(inFlight).rejects.toBeInstanceOf(ShuttingDownError);
    await expect(waiter.waitForPosition(1, 20_000)).rejects.toBeInstanceOf(ShuttingDownError);
  });
});
