import type { Kysely } from 'kysely';
import type { ProjectionCheckpointsTable } from './checkpoints.js';
import { ShuttingDownError } from './errors.js';
import { PollingPositionWaiter, type PositionWaiter } from './wait-for-position.js';

/** How many times a read-your-writes wait follows policies' follow-up facts (need -> auto-match -> need). */
export const FOLLOW_UP_ROUNDS = 3;

export interface ReadYourWritesOptions {
  /** Checkpoints polled while no runner runs in this process. */
  db: Kysely<ProjectionCheckpointsTable>;
  /** The read models polled: not every checkpoint row ever written, so a retired projection never blocks reads. */
  projections: readonly string[];
  headPosition: () => Promise<number>;
  /** Aborted when the process begins to shut down: every wait in flight, and every later one, rejects at once. */
  shutdown: AbortSignal;
  followUpRounds?: number;
}

/**
 * The one read-your-writes path of a process: a query's `minPosition` and the API's consistency
 * step both wait here. It answers once the read models include the position and what policies
 * appended in answer to it (the need a donation match was recorded on): policies run as
 * projections and append their follow-ups before their checkpoint passes the cause, so once every
 * projection reached the position the follow-ups are in the store; it then waits again for the
 * head, a bounded number of rounds, within one deadline. It always waits for every projection,
 * whatever list a query reads, because a policy may be the one still behind.
 */
export class ReadYourWrites implements PositionWaiter {
  private readonly polling: PollingPositionWaiter;
  private runner: PositionWaiter | null = null;

  constructor(private readonly options: ReadYourWritesOptions) {
    this.polling = new PollingPositionWaiter(options.db);
  }

  /** The projector started in this process: its runner wakes waits on progress instead of polling. */
  follow(runner: PositionWaiter): void {
    this.runner = runner;
  }

  waitForPosition(position: number, timeoutMs: number): Promise<void> {
    return unlessShutdown(this.options.shutdown, () => this.waitIncludingFollowUps(position, timeoutMs));
  }

  private async waitIncludingFollowUps(position: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let target = position;
    for (let round = 0; round < (this.options.followUpRounds ?? FOLLOW_UP_ROUNDS); round++) {
      await this.waitOnce(target, Math.max(0, deadline - Date.now()));
      const head = await this.options.headPosition();
      if (head <= target) return;
      target = head;
    }
  }

  private waitOnce(position: number, timeoutMs: number): Promise<void> {
    return this.runner
      ? this.runner.waitForPosition(position, timeoutMs)
      : this.polling.waitForPosition(position, timeoutMs, { projections: this.options.projections });
  }
}

/** Runs `work` unless the shutdown began; rejects with ShuttingDownError as soon as it begins. */
export const unlessShutdown = <T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> => {
  if (signal.aborted) return Promise.reject(new ShuttingDownError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new ShuttingDownError());
    signal.addEventListener('abort', onAbort, { once: true });
    work().then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
};
