import { sql, type Kysely, type Transaction } from 'kysely';
import type { ReadModelDatabase } from '../database/read-model-database.js';

/** One row per projection: how far it got, which version wrote it, and why it stopped if it did. */
export interface ProjectionCheckpointsTable {
  projection_checkpoints: {
    name: string;
    version: number;
    /** Global position of the last event applied (or passed over) by the projection; 0 = nothing yet. */
    position: number;
    status: ProjectionRunState;
    error_message: string | null;
    error_position: number | null;
    error_event_id: string | null;
    error_event_type: string | null;
    error_stream_id: string | null;
    updated_at: string;
    /** The projector process that holds the projection's lease (framework/leases.ts); null: nobody. */
    lease_owner: string | null;
    /** Epoch milliseconds the lease lasts until, unless renewed. */
    lease_expires_at: number | null;
    /** A process whose share this projection is, asking the standby that holds it to hand it over. */
    lease_wanted_by: string | null;
  };
}

export type ProjectionRunState = 'running' | 'rebuilding' | 'failed';

export interface ProjectionFailure {
  message: string;
  /** Position, id and type of the event whose handler threw: it is retried, never skipped. */
  position: number;
  eventId: string;
  eventType: string;
  /** The stream the event belongs to: where an operator's correction goes (README, "Recovering a stopped projection"). */
  streamId: string;
  failedAt: string;
}

export interface Checkpoint {
  name: string;
  version: number;
  position: number;
  status: ProjectionRunState;
  error: ProjectionFailure | null;
}

/** Another writer moved the checkpoint under us (a second projector, an external rebuild). */
export class CheckpointMovedError extends Error {
  constructor(readonly projection: string, readonly expected: number) {
    super(`Checkpoint of ${projection} is no longer at ${expected}`);
    this.name = 'CheckpointMovedError';
  }
}

type CheckpointDb = Kysely<ProjectionCheckpointsTable> | Transaction<ProjectionCheckpointsTable>;

const NO_ERROR = { error_message: null, error_position: null, error_event_id: null, error_event_type: null, error_stream_id: null } as const;

const now = () => new Date().toISOString();

export async function createCheckpointTable(db: Kysely<ProjectionCheckpointsTable>, kind: ReadModelDatabase['kind']): Promise<void> {
  await db.schema
    .createTable('projection_checkpoints')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('position', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error_message', 'text')
    .addColumn('error_position', 'bigint')
    .addColumn('error_event_id', 'text')
    .addColumn('error_event_type', 'text')
    .addColumn('error_stream_id', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Tables created before these columns existed gain them; older rows simply have none.
  const added = [
    ['error_stream_id', 'text'],
    ['lease_owner', 'text'],
    ['lease_expires_at', 'bigint'],
    ['lease_wanted_by', 'text'],
  ] as const;
  if (kind === 'postgres') {
    for (const [column, type] of added) await sql`alter table projection_checkpoints add column if not exists ${sql.id(column)} ${sql.raw(type)}`.execute(db);
    return;
  }
  const table = (await db.introspection.getTables()).find((candidate) => candidate.name === 'projection_checkpoints');
  for (const [column, type] of added) {
    if (table && !table.columns.some((existing) => existing.name === column)) await db.schema.alterTable('projection_checkpoints').addColumn(column, type).execute();
  }
}

export async function readCheckpoints(db: CheckpointDb, names?: readonly string[]): Promise<Checkpoint[]> {
  let query = db.selectFrom('projection_checkpoints').selectAll().orderBy('name');
  if (names) {
    if (names.length === 0) return [];
    query = query.where('name', 'in', names);
  }
  const rows = await query.execute();
  return rows.map((row) => ({
    name: row.name,
    version: Number(row.version),
    position: Number(row.position),
    status: row.status,
    error:
      row.error_message === null
        ? null
        : {
            message: row.error_message,
            position: Number(row.error_position),
            eventId: row.error_event_id ?? '',
            eventType: row.error_event_type ?? '',
            streamId: row.error_stream_id ?? '',
            failedAt: row.updated_at,
          },
  }));
}

/**
 * Checkpoints as another process sees them: before any projector created the table there are
 * none yet (SQLite "no such table", PostgreSQL 42P01), which is not an error for a reader.
 */
export async function readCheckpointsIfAny(db: CheckpointDb, names?: readonly string[]): Promise<Checkpoint[]> {
  try {
    return await readCheckpoints(db, names);
  } catch (error) {
    // Duck-typed: driver errors may come from another realm (jest's VM), where instanceof fails.
    const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
    if (code === '42P01' || /no such table/i.test(String(message))) return [];
    throw error;
  }
}

export async function insertCheckpointIfMissing(db: CheckpointDb, name: string, version: number): Promise<void> {
  await db
    .insertInto('projection_checkpoints')
    .values({
      name,
      version,
      position: 0,
      status: 'running',
      ...NO_ERROR,
      updated_at: now(),
      lease_owner: null,
      lease_expires_at: null,
      lease_wanted_by: null,
    })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

/**
 * Compare-and-set inside the projection's transaction, FIRST, so the row lock serialises two
 * projectors: the loser sees zero rows, rolls back, and never applies an event twice.
 */
export async function moveCheckpoint(trx: CheckpointDb, name: string, expected: number, next: number): Promise<void> {
  const result = await trx
    .updateTable('projection_checkpoints')
    .set({ position: next, updated_at: now() })
    .where('name', '=', name)
    .where('position', '=', expected)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new CheckpointMovedError(name, expected);
}

export async function resetCheckpoint(trx: CheckpointDb, name: string, version: number, status: ProjectionRunState): Promise<void> {
  await trx
    .updateTable('projection_checkpoints')
    .set({
      version,
      position: 0,
      status,
      ...NO_ERROR,
      updated_at: now(),
    })
    .where('name', '=', name)
    .execute();
}

/** A new version of a side-effecting projection applies from where it stands: its past must not run twice. */
export async function setCheckpointVersion(trx: CheckpointDb, name: string, version: number): Promise<void> {
  await trx.updateTable('projection_checkpoints').set({ version, updated_at: now() }).where('name', '=', name).execute();
}

export async function setCheckpointStatus(db: CheckpointDb, name: string, status: ProjectionRunState): Promise<void> {
  const clearsError = status !== 'failed';
  await db
    .updateTable('projection_checkpoints')
    .set(
      clearsError
        ? { status, ...NO_ERROR, updated_at: now() }
        : { status, updated_at: now() },
    )
    .where('name', '=', name)
    .execute();
}

export async function recordFailure(db: CheckpointDb, name: string, failure: ProjectionFailure): Promise<void> {
  await db
    .updateTable('projection_checkpoints')
    .set({
      status: 'failed',
      error_message: failure.message.slice(0, 2000),
      error_position: failure.position,
      error_event_id: failure.eventId,
      error_event_type: failure.eventType,
      error_stream_id: failure.streamId,
      updated_at: failure.failedAt,
    })
    .where('name', '=', name)
    .execute();
}
