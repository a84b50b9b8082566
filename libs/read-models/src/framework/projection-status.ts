import type { Kysely } from 'kysely';
import { readCheckpointsIfAny, type ProjectionCheckpointsTable, type ProjectionFailure, type ProjectionRunState } from './checkpoints.js';
import type { ProjectionState } from './projection-state.js';

export interface ProjectionStatus {
  name: string;
  version: number;
  /** Checkpoint: global position of the last event the projection has taken into account. */
  position: number;
  /** Store head minus checkpoint, in positions (positions may skip numbers, so this bounds the event count). */
  lag: number;
  status: ProjectionRunState | 'stopped';
  error: ProjectionFailure | null;
  /** With leases: whether this process runs the projection (else another does; its checkpoint is shown). */
  heldHere?: boolean;
}

/** Before the runner has started: what the stored checkpoints say (or 'stopped' at 0 where none is stored yet). */
export async function storedStatus(db: Kysely<ProjectionCheckpointsTable>, states: readonly ProjectionState[], head: number): Promise<ProjectionStatus[]> {
  const stored = await readCheckpointsIfAny(db, states.map((state) => state.projection.name));
  return states.map(({ projection }) => {
    const checkpoint = stored.find((row) => row.name === projection.name);
    const position = checkpoint?.position ?? 0;
    return {
      name: projection.name,
      version: checkpoint?.version ?? projection.version,
      position,
      lag: Math.max(0, head - position),
      status: checkpoint?.status ?? 'stopped',
      error: checkpoint?.error ?? null,
    };
  });
}

/**
 * A running projection as this runner knows it; one another process holds (`elsewhere`: the stored
 * checkpoints) as its checkpoint says.
 */
export function liveStatus(
  state: ProjectionState,
  head: number,
  elsewhere: readonly { name: string; position: number; status: ProjectionRunState; error: ProjectionFailure | null }[],
  runState: ProjectionRunState | 'stopped',
  leased: boolean,
): ProjectionStatus {
  const stored = state.held ? undefined : elsewhere.find((row) => row.name === state.projection.name);
  const position = stored?.position ?? state.position;
  return {
    name: state.projection.name,
    version: state.projection.version,
    position,
    lag: Math.max(0, head - position),
    status: stored ? stored.status : runState,
    error: stored ? stored.error : state.failure,
    ...(leased ? { heldHere: state.held } : {}),
  };
}
