import type { Kysely } from 'kysely';
import { readCheckpointsIfAny, type Checkpoint, type ProjectionCheckpointsTable } from './checkpoints.js';
import { ProjectionFailedError, ProjectionTimeoutError } from './errors.js';

export interface WaitForPositionOptions {
  /** Wait only for these projections (a needs query needs only the needs list); default: all of them. */
  projections?: readonly string[];
}

/** What queries depend on for read-your-writes; the runner implements it in-process, polling across processes. */
export interface PositionWaiter {
  waitForPosition(position: number, timeoutMs: number, options?: WaitForPositionOptions): Promise<void>;
}

/**
 * Decides, from the checkpoints, whether a wait is over: 'reached', still 'waiting', or a projection
 * has 'failed' below the position (waiting longer cannot help).
 */
export function judgeCheckpoints(
  checkpoints: readonly Pick<Checkpoint, 'name' | 'position' | 'status' | 'error'>[],
  position: number,
  expected: readonly string[] | undefined,
): { verdict: 'reached' } | { verdict: 'waiting' } | { verdict: 'failed'; error: ProjectionFailedError } {
  // A projection that has no checkpoint row yet has projected nothing.
  const missing = expected ? expected.filter((name) => !checkpoints.some((c) => c.name === name)) : [];
  if (missing.length > 0 && position > 0) return { verdict: 'waiting' };
  if (checkpoints.length === 0 && position > 0) return { verdict: 'waiting' };
  for (const checkpoint of checkpoints) {
    if (checkpoint.position >= position) continue;
    if (checkpoint.status === 'failed' && checkpoint.error) {
      return { verdict: 'failed', error: new ProjectionFailedError(checkpoint.name, checkpoint.position, checkpoint.error) };
    }
    return { verdict: 'waiting' };
  }
  return { verdict: 'reached' };
}

/** Read-your-writes across processes: polls projection_checkpoints until every projection reached `position`. */
export class PollingPositionWaiter implements PositionWaiter {
  constructor(
    private readonly db: Kysely<ProjectionCheckpointsTable>,
    private readonly pollIntervalMs = 25,
  ) {}

  async waitForPosition(position: number, timeoutMs: number, options: WaitForPositionOptions = {}): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const checkpoints = await readCheckpointsIfAny(this.db, options.projections);
      const judged = judgeCheckpoints(checkpoints, position, options.projections);
      if (judged.verdict === 'reached') return;
      if (judged.verdict === 'failed') throw judged.error;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new ProjectionTimeoutError(
          position,
          timeoutMs,
          checkpoints.filter((c) => c.position < position).map(({ name, position: at, status }) => ({ name, position: at, status })),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(this.pollIntervalMs, remaining)));
    }
  }
}
