import { describe, expect, it } from '@jest/globals';
import { waitIncludingFollowUps } from './read-your-writes.js';

describe('read-your-writes including policy follow-ups', () => {
  it('waits again for the facts the policies appended while the read models caught up', async () => {
    const waited: number[] = [];
    // DonationMatched at 5; the policy recorded NeedMatched at 6 before its checkpoint passed 5.
    const heads = [6, 6];
    const wait = waitIncludingFollowUps(async (position) => void waited.push(position), async () => heads.shift()!);
    await wait(5, 1000);
    expect(waited).toEqual([5, 6]);
  });

  it('stops after the bounded number of rounds under a steady stream of unrelated writes', async () => {
    const waited: number[] = [];
    let head = 10;
    const wait = waitIncludingFollowUps(async (position) => void waited.push(position), async () => ++head, 3);
    await wait(10, 1000);
    expect(waited).toEqual([10, 11, 12]);
  });

  it('passes the remaining time of one deadline to every round', async () => {
    const budgets: number[] = [];
    const wait = waitIncludingFollowUps(
      async (_position, timeoutMs) => {
        budgets.push(timeoutMs);
        await new Promise((resolve) => setTimeout(resolve, 30));
      },
      (() => {
        let head = 1;
        return async () => ++head;
      })(),
      2,
    );
    await wait(1, 200);
    expect(budgets[0]).toBeLessThanOrEqual(200);
    expect(budgets[1]).toBeLessThan(budgets[0]! - 20);
  });
});
