import { ProjectionTimeoutError, type LaggingProjection } from './errors.js';
import type { judgeCheckpoints } from './wait-for-position.js';

/** How far the projections waited for are, as judgeCheckpoints tells it. */
export type Judged = ReturnType<typeof judgeCheckpoints>;

interface Waiter {
  position: number;
  names: readonly string[] | undefined;
  settle: (error?: Error) => void;
}

/**
 * The read-your-writes requests waiting on a runner in this process: each is settled when the runner's
 * progress reaches its position (or a projection it waits for fails), rejected with ProjectionTimeoutError
 * at its bound, or all at once when the runner stops.
 */
export class ProgressWaiters {
  private readonly waiters = new Set<Waiter>();

  constructor(private readonly judge: (position: number, names: readonly string[] | undefined) => Judged) {}

  /** Resolves once `judge` says reached; `lagging` names the projections still short when the bound passes. */
  wait(position: number, names: readonly string[] | undefined, timeoutMs: number, lagging: () => LaggingProjection[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new ProjectionTimeoutError(position, timeoutMs, lagging()));
      }, timeoutMs);
      const waiter: Waiter = {
        position,
        names,
        settle: (error) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          if (error) reject(error);
          else resolve();
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** After the runner moved: settles every waiter whose position is reached, or whose projection failed. */
  progressed(): void {
    for (const waiter of this.waiters) {
      const judged = this.judge(waiter.position, waiter.names);
      if (judged.verdict === 'reached') waiter.settle();
      else if (judged.verdict === 'failed') waiter.settle(judged.error);
    }
  }

  /** Rejects every waiter with `error` (the runner is stopping). */
  settleAll(error: Error): void {
    for (const waiter of this.waiters) waiter.settle(error);
  }
}
