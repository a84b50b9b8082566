import type { Kysely } from 'kysely';
import type { ReadModelDatabase } from '../database/read-model-database.js';
import { buildDeferredIndexes, createTablesDeferringIndexes, type DeferredIndex } from '../database/deferred-indexes.js';
import type { RebuildStage } from '../database/rebuild-stage.js';
import { RebuildRows } from './write-behind/rebuild-rows.js';
import { swapInShadowTables } from '../database/shadow-tables.js';
import { moveCheckpoint, recordFailure, resetCheckpoint, type ProjectionCheckpointsTable } from './checkpoints.js';
import type { ProjectionLogger, ProjectionState } from './projection-state.js';

/**
 * The steps of a rebuild (ProjectionRebuilds runs them in order, framework/projection-rebuilds.ts): fresh `__next` tables, the
 * replay on a private stage, the staged rows shipped into the store, and the swap that makes the
 * rebuilt tables and checkpoint the live ones in one transaction.
 */

/**
 * Empty `__next` tables for the projection (whatever an interrupted rebuild left is dropped first),
 * without the indexes its handlers do not read through: those are built after the replay. A
 * write-behind projection's replay holds up to `heldRows` rows in memory (write-behind/rebuild-rows.ts).
 */
export async function createShadow(database: ReadModelDatabase, state: ProjectionState, heldRows = 0): Promise<ProjectionState> {
  const { projection } = state;
  const db = database.shadow(projection.tables.names);
  let deferredIndexes: DeferredIndex[] = [];
  await db.transaction().execute(async (trx) => {
    // Through the shadow view, `reset` drops the `__next` tables an interrupted rebuild left.
    await projection.tables.reset(trx);
    deferredIndexes = await createTablesDeferringIndexes(trx, projection.tables);
  });
  return { projection, position: 0, failure: null, rebuilding: true, held: true, shadow: { db, target: db, of: state, deferredIndexes, held: projection.writeBehind && heldRows > 0 ? new RebuildRows(heldRows) : undefined } };
}

/**
 * The replay's handlers write the stage's tables (created there, empty, with only the indexes the
 * handlers read through) instead of the server's.
 */
export async function replayOnStage(stage: RebuildStage, shadows: readonly ProjectionState[]): Promise<void> {
  for (const shadow of shadows) {
    await createTablesDeferringIndexes(stage.db, shadow.projection.tables);
    shadow.shadow!.db = stage.db;
  }
}

/**
 * PostgreSQL: the held-back indexes are built on the filled `__next` tables before the hand-over, by
 * the server in one pass each, while queries still read the old tables. SQLite builds them in the
 * swap instead (`swapIn`): it re-creates a renamed table's indexes there anyway.
 */
export async function buildIndexesBeforeSwap(shadows: readonly ProjectionState[], kind: ReadModelDatabase['kind']): Promise<void> {
  if (kind !== 'postgres') return;
  for (const shadow of shadows) await buildDeferredIndexes(shadow.shadow!.target, shadow.shadow!.deferredIndexes);
}

/** Ships the staged rows into the `__next` tables; the tail of the replay then writes there directly. */
export async function copyFromStage(stage: RebuildStage, shadows: readonly ProjectionState[], kind: ReadModelDatabase['kind'], logger: ProjectionLogger): Promise<void> {
  for (const shadow of shadows) {
    const rows = await stage.copyInto(shadow.shadow!.target, kind, shadow.projection.tables.names);
    shadow.shadow!.db = shadow.shadow!.target;
    logger.info({ projection: shadow.projection.name, rows, position: shadow.position }, 'Rebuild: staged rows copied into the store');
  }
}

/**
 * One transaction: the old tables go, the rebuilt ones take their names, the checkpoint takes the
 * replay's position (and its failure, if a handler threw: the tables then hold every event before it).
 */
export async function swapIn(db: Kysely<ProjectionCheckpointsTable>, kind: ReadModelDatabase['kind'], shadow: ProjectionState): Promise<void> {
  const live = shadow.shadow!.of;
  const { projection } = shadow;
  await db.transaction().execute(async (trx) => {
    await swapInShadowTables(trx, kind, projection.tables.names);
    // SQLite cannot rename an index: each is built here, once, under its own name (see buildIndexesBeforeSwap).
    if (kind === 'sqlite') await buildDeferredIndexes(trx, shadow.shadow!.deferredIndexes);
    await resetCheckpoint(trx, projection.name, projection.version, 'running');
    if (shadow.position > 0) await moveCheckpoint(trx, projection.name, 0, shadow.position);
    if (shadow.failure) await recordFailure(trx, projection.name, shadow.failure);
  });
  live.position = shadow.position;
  live.failure = shadow.failure;
}
