import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openReadModelDatabase, type ReadModelDatabase } from '../database/read-model-database.js';
import { counted, ledgerProjection, quietLogger } from '../testing/counted-events.js';
import { InMemoryEventStore } from '../testing/in-memory-event-store.js';
import { moveCheckpoint, readCheckpoints } from './checkpoints.js';
import { OperatorCorrections } from './operator-corrections.js';
import { identityUpcaster } from './projection.js';
import { ProjectionApplier } from './projection-applier.js';
import { ProjectionRunner } from './projection-runner.js';
import type { ProjectionState } from './projection-state.js';

const ledger = ledgerProjection();
const quiet = quietLogger;

describe('ProjectionApplier when another writer (a second projector process) moves the same checkpoint', () => {
  let dir: string;
  let database: ReadModelDatabase;
  let store: InMemoryEventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wushe-applier-'));
    database = await openReadModelDatabase({ kind: 'sqlite', path: join(dir, 'read-models.sqlite') });
    store = new InMemoryEventStore(3);
    // The tables and a checkpoint at 0, as a projector's start leaves them.
    await new ProjectionRunner({ store, database, projections: [ledger], batchSize: 4, logger: quiet }).runOnce();
  });

  afterEach(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the rest of a page again from the moved checkpoint instead of passing over it: no event is skipped', async () => {
    const appended = [];
    for (let amount = 1; amount <= 3; amount++) appended.push(await store.append(`s-${amount}`, [counted(amount)], 'any'));
    const [first] = await store.readAll({ limit: 1 });
    // The other writer applied the first event (position 3) and moved the checkpoint 0 -> 3.
    await database.db.transaction().execute(async (trx) => {
      await moveCheckpoint(trx, 'ledger', 0, first!.position);
      await (trx as typeof database.db).insertInto('ledger' as never).values({ event_id: first!.eventId, amount: 1, position: first!.position } as never).execute();
    });

    const applier = new ProjectionApplier(store, database.db, identityUpcaster, new OperatorCorrections(store, quiet), quiet, 4, () => undefined);
    const state: ProjectionState = { projection: ledger, position: 0, failure: null, rebuilding: false, held: true };
    const head = appended.at(-1)!.position;
    // One page holds all three events (fewer than the page size): the compare-and-set 0 -> 9 fails, the
    // state reloads 3, and the page's events 6 and 9 must still be applied before the stretch is passed.
    await applier.catchUp([state], head);

    const rows = await database.db.selectFrom('ledger' as never).select(['amount' as never]).orderBy('position' as never).execute();
    expect(rows.map((row) => Number((row as { amount: number }).amount))).toEqual([1, 2, 3]);
    expect(state.position).toBe(head);
    expect((await readCheckpoints(database.db, ['ledger']))[0]).toMatchObject({ position: head, status: 'running' });
  });
});
