import type { Kysely, Transaction } from 'kysely';
import type { RecordedEvent } from '#event-store';

/**
 * A projection (Eventuous style): a name, a version, the tables it owns and one handler per event
 * type. Handlers write through the transaction they are given and nothing else: the runner commits
 * the handler's writes and the projection's checkpoint together.
 *
 * `Events` maps event type names to their data (`{ NeedListed: NeedListedData; ... }`), so each
 * handler sees its own data type; `DB` is the Kysely table map the projection writes.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface Projection<DB = any, Events extends object = Record<string, unknown>> {
  /** Stable name: the checkpoint row's key. */
  readonly name: string;
  /** Bump it when the handlers or tables change: the runner then resets and rebuilds from 0. */
  readonly version: number;
  readonly tables: ProjectionTables<DB>;
  readonly on: ProjectionHandlers<DB, Events>;
  /**
   * True for a projection whose handlers issue commands (policies): replaying it from 0 would decide
   * again on today's state, so `rebuild('all')` leaves it out and a rebuild by name is refused.
   */
  readonly sideEffects?: boolean;
  /**
   * True when the handlers touch nothing but the transaction they are given (no side effects, no
   * state kept between events): the runner then applies a batch with the rows of the projection's
   * one-key tables held in memory, each read and written once per batch, and if anything in the
   * batch fails, runs it again one event at a time (framework/write-behind/).
   */
  readonly writeBehind?: boolean;
}

/** Any projection, whatever its tables and events: what the runner and the dumps accept. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProjection = Projection<any, any>;

export type ProjectionHandler<DB, Data> = (event: RecordedEvent<Data>, trx: Transaction<DB>) => Promise<void>;

export type ProjectionHandlers<DB, Events extends object> = {
  readonly [Type in keyof Events]?: ProjectionHandler<DB, Events[Type]>;
};

export interface ProjectionTables<DB = unknown> {
  /** Every table the projection owns, in creation order (dumps and resets walk them). */
  readonly names: readonly string[];
  /** Creates the tables and indexes if they do not exist; safe to run on every start. */
  create(db: Kysely<DB>): Promise<void>;
  /** Drops the tables (then `create` makes them empty again); runs inside the rebuild's transaction. */
  reset(db: Kysely<DB>): Promise<void>;
  /**
   * The secondary indexes (by name) the handlers' own queries read through. Declared, even empty, it
   * lets a rebuild replay into tables with only these (and the primary keys and unique indexes),
   * and build every other index once, after the replay, instead of row by row
   * (database/deferred-indexes.ts). Undeclared, a rebuild keeps every index from the start.
   */
  readonly handlerIndexes?: readonly string[];
}

/** Tables defined by a `create` function; `reset` drops them in reverse order. */
export function projectionTables<DB>(
  names: readonly string[],
  create: (db: Kysely<DB>) => Promise<void>,
  options: { handlerIndexes?: readonly string[] } = {},
): ProjectionTables<DB> {
  return {
    names,
    create,
    ...(options.handlerIndexes ? { handlerIndexes: options.handlerIndexes } : {}),
    async reset(db) {
      for (const table of [...names].reverse()) await db.schema.dropTable(table).ifExists().execute();
    },
  };
}

/**
 * Turns a stored event of any past schema version into the shape handlers expect. The lead wires
 * the domain's registry (`EventSchemas.upcast`), which answers `{ type, data }`.
 */
export type EventUpcaster = (event: RecordedEvent) => RecordedEvent | { type: string; data: unknown };

export const identityUpcaster: EventUpcaster = (event) => event;

/**
 * The upcaster over the domain's event registry (`domainEventRegistry`): events of types the
 * registry does not know (another producer's, a newer deployment's) pass through unchanged,
 * so no projection stops on a type it does not handle anyway.
 */
export function registryUpcaster(registry: {
  has(type: string): boolean;
  upcast(event: { type: string; schemaVersion: number; data: unknown }): { type: string; data: unknown };
}): EventUpcaster {
  return (event) => (registry.has(event.type) ? registry.upcast(event) : event);
}
