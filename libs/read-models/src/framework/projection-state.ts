import type { Kysely } from 'kysely';
import type { DeferredIndex } from '../database/deferred-indexes.js';
import type { ProjectionFailure } from './checkpoints.js';
import type { AnyProjection } from './projection.js';
import type { RebuildRows } from './write-behind/rebuild-rows.js';

/** pino-compatible: `logger.error({ projection, err }, 'message')`. */
export interface ProjectionLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export const consoleLogger: ProjectionLogger = {
  info: () => undefined,
  warn: (details, message) => console.warn(message, details),
  error: (details, message) => console.error(message, details),
};

/** What the runner knows of one projection (or of a rebuild's replay of it). */
export interface ProjectionState {
  readonly projection: AnyProjection;
  position: number;
  failure: ProjectionFailure | null;
  rebuilding: boolean;
  /** This runner applies the projection: always without leases, else while it holds the lease. */
  held: boolean;
  /**
   * Set on a rebuild's replay: it writes through `db` (the store's `__next` tables, `target`, or a
   * stage copied into them later), keeps its position in memory only, and becomes `of`'s tables
   * and checkpoint in one swap at the end. `deferredIndexes`: the indexes its `__next` tables were
   * created without, built after the replay (database/deferred-indexes.ts).
   */
  readonly shadow?: {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    db: Kysely<any>;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    readonly target: Kysely<any>;
    readonly of: ProjectionState;
    readonly deferredIndexes: readonly DeferredIndex[];
    /** The rows replayed so far, held in memory until the end of the replay (write-behind projections). */
    readonly held?: RebuildRows | undefined;
  };
}
