import { sql, type Kysely, type Transaction } from 'kysely';
import {
  createCheckpointTable,
  insertCheckpointIfMissing,
  readCheckpoints,
  resetCheckpoint,
  setCheckpointVersion,
  type ProjectionCheckpointsTable,
  type ProjectionRunState,
} from './checkpoints.js';
import { UnknownProjectionError } from './errors.js';
import type { AnyProjection } from './projection.js';
import type { ProjectionLogger, ProjectionState } from './projection-state.js';

/**
 * A runner's start: the checkpoint table and every projection's tables made, in one transaction; a
 * projection whose version changed (new handlers or tables) or whose rebuild was interrupted (partial
 * tables) reset to re-project from 0; then each state takes its stored position and failure.
 */
export async function prepareProjectionTables(
  db: Kysely<ProjectionCheckpointsTable>,
  kind: 'sqlite' | 'postgres',
  states: readonly ProjectionState[],
  logger: ProjectionLogger,
): Promise<void> {
  const names = states.map((state) => state.projection.name);
  const stateOf = (name: string): ProjectionState => {
    const state = states.find((candidate) => candidate.projection.name === name);
    if (!state) throw new UnknownProjectionError(name);
    return state;
  };
  const stored = await db.transaction().execute(async (trx) => {
    // Two projector processes starting at once would race on CREATE TABLE in PostgreSQL.
    if (kind === 'postgres') {
      await sql`select pg_advisory_xact_lock(hashtext(current_schema() || '/wushe-read-model-migrations'))`.execute(trx);
    }
    await createCheckpointTable(trx, kind);
    for (const { projection } of states) {
      await projection.tables.create(trx);
      await insertCheckpointIfMissing(trx, projection.name, projection.version);
    }
    for (const checkpoint of await readCheckpoints(trx, names)) {
      const state = stateOf(checkpoint.name);
      if (checkpoint.version === state.projection.version && checkpoint.status !== 'rebuilding') continue;
      if (state.projection.sideEffects) {
        await setCheckpointVersion(trx, checkpoint.name, state.projection.version);
        continue;
      }
      logger.info(
        { projection: checkpoint.name, from: checkpoint.version, to: state.projection.version },
        'Projection version changed or rebuild interrupted: resetting, it re-projects from 0',
      );
      await resetTablesIn(trx, state.projection, 'running');
    }
    return readCheckpoints(trx, names);
  });
  for (const checkpoint of stored) {
    const state = stateOf(checkpoint.name);
    state.position = checkpoint.position;
    state.failure = checkpoint.status === 'failed' ? checkpoint.error : null;
  }
}

/** Drops and re-creates the tables and zeroes the checkpoint, inside the caller's transaction. */
async function resetTablesIn(trx: Transaction<ProjectionCheckpointsTable>, projection: AnyProjection, status: ProjectionRunState): Promise<void> {
  await projection.tables.reset(trx);
  await projection.tables.create(trx);
  await resetCheckpoint(trx, projection.name, projection.version, status);
}
