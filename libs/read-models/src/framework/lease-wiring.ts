import type { Kysely } from 'kysely';
import { readCheckpoints, type ProjectionCheckpointsTable } from './checkpoints.js';
import type { ProjectionLeases } from './leases.js';
import type { ProjectionLogger, ProjectionState } from './projection-state.js';

/** Renews the leases every third of their time until the timer is cleared (unref'd: never keeps the process up). */
export function renewLeasesPeriodically(leases: ProjectionLeases, renew: () => Promise<void>, logger: ProjectionLogger): NodeJS.Timeout {
  const timer = setInterval(() => {
    renew().catch((error: unknown) => logger.error({ err: error }, 'Could not renew the projection leases; retrying'));
  }, Math.max(50, Math.floor(leases.ttlMs / 3)));
  timer.unref();
  return timer;
}

/**
 * Applies a claim's answer (the names held now) to the runner's states: a lost projection stops
 * here; a gained one resumes from its stored checkpoint (and its failure, if it had stopped).
 * Answers the states gained, for the runner to catch up.
 */
export async function applyLeaseClaim(
  db: Kysely<ProjectionCheckpointsTable>,
  leases: ProjectionLeases,
  states: readonly ProjectionState[],
  held: ReadonlySet<string>,
  logger: ProjectionLogger,
): Promise<ProjectionState[]> {
  const gained = states.filter((state) => !state.held && held.has(state.projection.name));
  const lost = states.filter((state) => state.held && !held.has(state.projection.name));
  for (const state of lost) state.held = false;
  for (const state of gained) {
    const [checkpoint] = await readCheckpoints(db, [state.projection.name]);
    state.position = checkpoint?.position ?? 0;
    state.failure = checkpoint?.status === 'failed' ? checkpoint.error : null;
    state.held = true;
  }
  if (gained.length > 0 || lost.length > 0) {
    logger.info({ owner: leases.owner, gained: gained.map((s) => s.projection.name), lost: lost.map((s) => s.projection.name) }, 'Projection leases changed');
  }
  return gained;
}
