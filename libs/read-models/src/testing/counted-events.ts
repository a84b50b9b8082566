/**
 * The framework specs' smallest projection: `Counted` events and a ledger of one row per event,
 * keyed by eventId, so an event applied twice breaks the primary key and one skipped is missing.
 */
import { randomUUID } from 'node:crypto';
import type { EventToAppend } from '#event-store';
import { projectionTables, type Projection } from '../framework/projection.js';
import type { ProjectionLogger } from '../framework/projection-state.js';

export interface LedgerDb {
  ledger: { event_id: string; amount: number; position: number };
}

export const counted = (amount: number, type = 'Counted'): EventToAppend => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data: { amount },
  metadata: { correlationId: 'c', causationId: null, actor: { id: 'tester', role: 'test' }, occurredAt: '2026-03-01T08:00:00.000Z' },
});

export const quietLogger: ProjectionLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The ledger projection over table `ledger` (a fresh object each call: runners keep per-projection state). */
export const ledgerProjection = (): Projection<LedgerDb, { Counted: { amount: number } }> => ({
  name: 'ledger',
  version: 1,
  tables: projectionTables<LedgerDb>(['ledger'], async (db) => {
    await db.schema
      .createTable('ledger')
      .ifNotExists()
      .addColumn('event_id', 'text', (c) => c.primaryKey())
      .addColumn('amount', 'integer', (c) => c.notNull())
      .addColumn('position', 'bigint', (c) => c.notNull())
      .execute();
  }),
  on: {
    Counted: async (event, trx) => {
      await trx.insertInto('ledger').values({ event_id: event.eventId, amount: event.data.amount, position: event.position }).execute();
    },
  },
});
