import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { EventToAppend, RecordedEvent } from '#event-store';
import { openReadModelDatabase, type ReadModelDatabase } from '../database/read-model-database.js';
import { InMemoryEventStore } from '../testing/in-memory-event-store.js';
import { readCheckpoints } from './checkpoints.js';
import { dumpProjectionTables } from './dump-tables.js';
import { ProjectionFailedError, ProjectionTimeoutError, ShuttingDownError } from './errors.js';
import { projectionTables, registryUpcaster, type AnyProjection, type Projection } from './projection.js';
import { ProjectionRunner, type ProjectionLogger } from './projection-runner.js';
import { PollingPositionWaiter } from './wait-for-position.js';
import { counted } from '../testing/counted-events.js';

interface LedgerDb {
  [table: string]: { event_id: string; stream_id: string; amount: number; position: number };
}
interface CountedData {
  amount: number;
}

/** One row per event, keyed by eventId: applying an event twice breaks the primary key. */
function ledgerProjection(name: string, options: { version?: number; failWhen?: (amount: number) => boolean } = {}) {
  const table = `${name}_ledger`;
  const projection: Projection<LedgerDb, { Counted: CountedData; Renamed: { to: string } }> = {
    name,
    version: options.version ?? 1,
    tables: projectionTables<LedgerDb>([table], async (db) => {
      await db.schema
        .createTable(table)
        .ifNotExists()
        .addColumn('event_id', 'text', (c) => c.primaryKey())
        .addColumn('stream_id', 'text', (c) => c.notNull())
        .addColumn('amount', 'integer', (c) => c.notNull())
        .addColumn('position', 'bigint', (c) => c.notNull())
        .execute();
    }),
    on: {
      Counted: async (event, trx) => {
        // Writes first, then throws: proves the failing event's own writes roll back too.
        await trx
          .insertInto(table)
          .values({ event_id: event.eventId, stream_id: event.streamId, amount: event.data.amount, position: event.position })
          .execute();
        if (options.failWhen?.(event.data.amount)) throw new Error(`amount ${event.data.amount} is not projectable`);
      },
    },
  };
  return projection;
}

const ledger = (db: Kysely<LedgerDb>, name: string) =>
  db.selectFrom(`${name}_ledger`).select(['amount', 'position']).orderBy('position').execute();

const quietLogger = (): ProjectionLogger & { errors: string[]; errorDetails: object[]; warnings: string[] } => {
  const errors: string[] = [];
  const errorDetails: object[] = [];
  const warnings: string[] = [];
  return {
    errors,
    errorDetails,
    warnings,
    info: () => undefined,
    warn: (_details, message) => warnings.push(message),
    error: (details, message) => {
      errors.push(message);
      errorDetails.push(details);
    },
  };
};

describe('ProjectionRunner (SQLite read models, in-memory store)', () => {
  let dir: string;
  let database: ReadModelDatabase;
  let store: InMemoryEventStore;
  const runners: ProjectionRunner[] = [];

  const runnerFor = (projections: AnyProjection[], extra: Partial<ConstructorParameters<typeof ProjectionRunner>[0]> = {}) => {
    const runner = new ProjectionRunner({ store, database, projections, batchSize: 4, logger: quietLogger(), ...extra });
    runners.push(runner);
    return runner;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wushe-rm-'));
    database = await openReadModelDatabase({ kind: 'sqlite', path: join(dir, 'read-models.sqlite') });
    // Positions step by 3: nothing may assume consecutive positions.
    store = new InMemoryEventStore(3);
  });

  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('projects every event once, in order, and keeps the checkpoint at the last position', async () => {
    for (let i = 1; i <= 10; i++) await store.append(`s-${i % 3}`, [counted(i)], 'any');
    const runner = runnerFor([ledgerProjection('alpha')]);
    await runner.start();
    await runner.waitForPosition(30, 2000);

    expect((await ledger(database.db, 'alpha')).map((row) => row.amount)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const [checkpoint] = await readCheckpoints(database.db, ['alpha']);
    expect(checkpoint).toMatchObject({ position: 30, version: 1, status: 'running', error: null });

    // Live: events appended after start arrive too.
    const appended = await store.append('s-live', [counted(11), counted(12)], 'any');
    await runner.waitForPosition(appended.position, 2000);
    expect(await ledger(database.db, 'alpha')).toHaveLength(12);
    expect(await runner.status()).toEqual([{ name: 'alpha', version: 1, position: 36, lag: 0, status: 'running', error: null }]);
  });

  it('gives the event loop a turn between transactions while it catches up: a probe is answered long before the log is projected', async () => {
    for (let i = 1; i <= 400; i++) await store.append(`s-${i}`, [counted(i)], 'any');
    const runner = runnerFor([ledgerProjection('alpha'), ledgerProjection('beta')]);
    await runner.start();
    // The SQLite stores answer synchronously: without turns given away, this runs only once all 400 events are projected.
    const lowestWhenProbed = await new Promise<number>((resolve) => setImmediate(() => void runner.status().then((all) => resolve(Math.min(...all.map((one) => one.position))))));
    await runner.waitForPosition(1200, 10_000);
    expect(lowestWhenProbed).toBeLessThan(1200);
    expect(await ledger(database.db, 'beta')).toHaveLength(400);
  });

  it.each([false, true])(
    'splits a live batch whose handlers run past the budget into transactions that each commit rows with the checkpoint, turns of the event loop between (write-behind %s)',
    async (writeBehind) => {
      // 2 ms of synchronous handler work per event: 20 events are ~40 ms, eight budgets of 5 ms.
      const base = ledgerProjection('slow');
      const busy = (ms: number) => {
        const until = performance.now() + ms;
        while (performance.now() < until);
      };
      const slow: AnyProjection = {
        ...base,
        writeBehind,
        on: { Counted: async (event, trx) => (busy(2), base.on.Counted!(event, trx)) },
      } as AnyProjection;
      const runner = runnerFor([slow], { batchSize: 50, liveTransactionBudgetMs: 5 });
      await runner.start();
      // What a request answered between two turns would see: rows and checkpoint always agree.
      const seen: { rows: number; checkpoint: number; lastRow: number }[] = [];
      let done = false;
      const probing = (async () => {
        while (!done) {
          await new Promise((resolve) => setImmediate(resolve));
          const rows = await ledger(database.db, 'slow');
          const [checkpoint] = await readCheckpoints(database.db, ['slow']);
          seen.push({ rows: rows.length, checkpoint: checkpoint!.position, lastRow: Number(rows.at(-1)?.position ?? 0) });
        }
      })();
      const appended = await store.append('s-burst', Array.from({ length: 20 }, (_, index) => counted(index + 1)), 'any');
      await runner.waitForPosition(appended.position, 10_000);
      done = true;
      await probing;

      expect((await ledger(database.db, 'slow')).map((row) => row.amount)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
      // Before the budget, the batch was one transaction: a probe saw nothing of it, then all of it.
      expect(seen.filter((one) => one.rows > 0 && one.rows < 20).length).toBeGreaterThan(0);
      for (const one of seen) expect(one.checkpoint).toBe(one.lastRow);
      const [checkpoint] = await readCheckpoints(database.db, ['slow']);
      expect(checkpoint).toMatchObject({ position: appended.position, status: 'running' });
    },
  );

  it('gives the event loop a turn between transactions while it rebuilds: a probe is answered mid-rebuild', async () => {
    for (let i = 1; i <= 400; i++) await store.append(`s-${i}`, [counted(i)], 'any');
    const runner = runnerFor([ledgerProjection('alpha'), ledgerProjection('beta')], { rebuildBatchSize: 10 });
    await runner.start();
    await runner.waitForPosition(1200, 10_000);
    const rebuilding = runner.rebuild('all');
    // Without turns given away, the probe runs only once the whole replay and the swap are done.
    const statusesWhenProbed = await new Promise<string[]>((resolve) => setImmediate(() => void runner.status().then((all) => resolve(all.map((one) => one.status)))));
    expect(await rebuilding).toBe(1200);
    expect(statusesWhenProbed).toContain('rebuilding');
    expect(await ledger(database.db, 'beta')).toHaveLength(400);
  });

  it('advances the checkpoint over events no handler takes, so read-your-writes still resolves', async () => {
    const runner = runnerFor([ledgerProjection('alpha')]);
    await runner.start();
    const { position } = await store.append('other', [counted(1, 'SomethingElse'), counted(2, 'SomethingElse')], 'any');
    await runner.waitForPosition(position, 2000);
    expect(await ledger(database.db, 'alpha')).toHaveLength(0);
    expect((await readCheckpoints(database.db))[0]!.position).toBe(position);
  });

  it('a live batch only some projections handle moves every checkpoint, and the handling ones apply it', async () => {
    const runner = runnerFor([ledgerProjection('alpha'), ledgerProjection('beta', { version: 2 }), ledgerProjection('gamma')]);
    await runner.start();
    await store.append('other', [counted(1, 'SomethingElse')], 'any');
    const { position } = await store.append('s-1', [counted(2)], 'any');
    await runner.waitForPosition(position, 2000);
    expect((await readCheckpoints(database.db)).map(({ name, position, version }) => ({ name, position, version }))).toEqual([
      { name: 'alpha', position, version: 1 },
      { name: 'beta', position, version: 2 },
      { name: 'gamma', position, version: 1 },
    ]);
    expect((await ledger(database.db, 'beta')).map((row) => row.amount)).toEqual([2]);
  });

  it('an idle projection whose checkpoint another writer moved continues from the stored one; the others still pass the batch', async () => {
    const logger = quietLogger();
    const runner = runnerFor([ledgerProjection('alpha'), ledgerProjection('beta')], { logger });
    await runner.start();
    // Another projector already passed position 3 for beta (the first position this store assigns).
    await sql`update projection_checkpoints set position = 3 where name = 'beta'`.execute(database.db);
    const { position } = await store.append('other', [counted(1, 'SomethingElse')], 'any');
    expect(position).toBe(3);
    await runner.waitForPosition(position, 2000);
    expect((await readCheckpoints(database.db)).map(({ name, position }) => ({ name, position }))).toEqual([
      { name: 'alpha', position: 3 },
      { name: 'beta', position: 3 },
    ]);
    expect(logger.warnings).toContain('Checkpoint moved by another writer; continuing from the stored one');
    // Both keep going from there.
    const next = await store.append('s-1', [counted(2)], 'any');
    await runner.waitForPosition(next.position, 2000);
    expect((await ledger(database.db, 'alpha')).map((row) => row.amount)).toEqual([2]);
    expect((await ledger(database.db, 'beta')).map((row) => row.amount)).toEqual([2]);
  });

  it('waitForPosition rejects with ProjectionTimeoutError naming the lagging projection after the bounded wait', async () => {
    const runner = runnerFor([ledgerProjection('alpha')]);
    await runner.start();
    await store.append('s', [counted(1)], 'any');
    const started = Date.now();
    const error = await runner.waitForPosition(999, 150).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProjectionTimeoutError);
    expect(error).toMatchObject({ code: 'PROJECTION_TIMEOUT', position: 999, lagging: [{ name: 'alpha', position: 3 }] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('stop() ends a pending wait at once with ShuttingDownError, and later waits fail fast instead of polling', async () => {
    const runner = runnerFor([ledgerProjection('alpha')]);
    await runner.start();
    const waiting = runner.waitForPosition(999, 10_000).catch((caught: unknown) => caught);
    const started = Date.now();
    await runner.stop();
    const error = await waiting;
    expect(error).toBeInstanceOf(ShuttingDownError);
    expect(error).toMatchObject({ code: 'SHUTTING_DOWN' });
    expect(Date.now() - started).toBeLessThan(1500);
    await expect(runner.waitForPosition(999, 10_000)).rejects.toBeInstanceOf(ShuttingDownError);
    // start() again serves waits again.
    await runner.start();
    await store.append('s', [counted(1)], 'any');
    await expect(runner.waitForPosition(1, 2000)).resolves.toBeUndefined();
  });

  it('waitForPosition in another process polls the checkpoint table: resolves once projected, else times out', async () => {
    const runner = runnerFor([ledgerProjection('alpha')]);
    await runner.start();
    const otherProcess = await openReadModelDatabase({ kind: 'sqlite', path: join(dir, 'read-models.sqlite') });
    try {
      const waiter = new PollingPositionWaiter(otherProcess.db, 5);
      const waiting = waiter.waitForPosition(6, 3000);
      await store.append('s', [counted(1), counted(2)], 'any');
      await expect(waiting).resolves.toBeUndefined();
      await expect(waiter.waitForPosition(9, 100)).rejects.toBeInstanceOf(ProjectionTimeoutError);
      // A runner that is not started in this process waits the same way.
      const idle = new ProjectionRunner({ store, database: otherProcess, projections: [ledgerProjection('alpha')], logger: quietLogger() });
      await expect(idle.waitForPosition(6, 1000)).resolves.toBeUndefined();
    } finally {
      await otherProcess.close();
    }
  });

  it('a throwing handler stops only its projection at the failing event; table and checkpoint agree; retry resumes', async () => {
    let broken = true;
    const logger = quietLogger();
    const fragile = ledgerProjection('fragile', { failWhen: (amount) => broken && amount === 6 });
    const steady = ledgerProjection('steady');
    const runner = runnerFor([fragile, steady], { logger });
    for (let i = 1; i <= 8; i++) await store.append('s', [counted(i)], 'any');
    await runner.start();
    await runner.waitForPosition(24, 2000, { projections: ['steady'] });

    // Events 1..5 committed (the failing event sat mid-batch: 5..8), event 6's own insert rolled back.
    expect((await ledger(database.db, 'fragile')).map((row) => row.amount)).toEqual([1, 2, 3, 4, 5]);
    expect((await ledger(database.db, 'steady')).map((row) => row.amount)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const status = await runner.status();
    expect(status.find((s) => s.name === 'fragile')).toMatchObject({
      status: 'failed',
      position: 15,
      lag: 9,
      error: { position: 18, eventType: 'Counted', message: 'amount 6 is not projectable' },
    });
    expect((await readCheckpoints(database.db, ['fragile']))[0]).toMatchObject({ position: 15, status: 'failed', error: { position: 18 } });
    expect(logger.errors).toHaveLength(1);

    // Waiting for the failed projection is pointless: it says so at once.
    await expect(runner.waitForPosition(24, 5000)).rejects.toBeInstanceOf(ProjectionFailedError);

    // The others keep running live.
    const { position } = await store.append('s', [counted(9)], 'any');
    await runner.waitForPosition(position, 2000, { projections: ['steady'] });
    expect(await ledger(database.db, 'steady')).toHaveLength(9);

    broken = false;
    await runner.retry('fragile');
    await runner.waitForPosition(position, 2000);
    expect((await ledger(database.db, 'fragile')).map((row) => row.amount)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect((await runner.status()).every((s) => s.status === 'running' && s.error === null)).toBe(true);
  });

  it('names the event that stopped a projection, by position, type, id and stream, in status, checkpoint and log', async () => {
    const logger = quietLogger();
    const runner = runnerFor([ledgerProjection('fragile', { failWhen: (amount) => amount === 2 })], { logger });
    await store.append('ledger-a', [counted(1)], 'any');
    const [failing] = (await store.append('ledger-b', [counted(2)], 'any'), await store.readStream('ledger-b'));
    await runner.start();
    await expect(runner.waitForPosition(failing!.position, 2000)).rejects.toBeInstanceOf(ProjectionFailedError);

    const named = { position: failing!.position, eventId: failing!.eventId, eventType: 'Counted', streamId: 'ledger-b', message: 'amount 2 is not projectable' };
    expect((await runner.status())[0]!.error).toMatchObject(named);
    expect((await readCheckpoints(database.db, ['fragile']))[0]!.error).toMatchObject(named);
    expect(logger.errorDetails[0]).toMatchObject({ projection: 'fragile', position: failing!.position, eventType: 'Counted', streamId: 'ledger-b' });
    expect(logger.errors[0]).toContain(`#${failing!.position} Counted of stream ledger-b: amount 2 is not projectable`);
  });

  it("resumes a stopped projection once an operator's EventCorrected for the failing event is stored, applying the corrected data", async () => {
    const logger = quietLogger();
    const runner = runnerFor([ledgerProjection('fragile', { failWhen: (amount) => amount < 0 }), ledgerProjection('steady')], { logger });
    await store.append('ledger-a', [counted(1)], 'any');
    await store.append('ledger-b', [counted(-2)], 'any');
    await store.append('ledger-a', [counted(3)], 'any');
    const failing = (await store.readStream('ledger-b'))[0]!;
    await runner.start();
    await expect(runner.waitForPosition(await store.headPosition(), 2000)).rejects.toBeInstanceOf(ProjectionFailedError);

    const correction: EventToAppend = {
      ...counted(0),
      type: 'EventCorrected',
      data: { correctedEventId: failing.eventId, correctedType: 'Counted', data: { amount: 2 }, reason: 'sign lost in transit' },
    };
    const { position } = await store.append('ledger-b', [correction], 'any');
    // No retry by hand: the runner notices the correction go by and resumes the projection.
    for (let tries = 0; (await runner.status()).some((s) => s.status !== 'running') && tries < 100; tries++) await new Promise((r) => setTimeout(r, 20));
    await runner.waitForPosition(position, 2000);

    expect((await ledger(database.db, 'fragile')).map((row) => row.amount)).toEqual([1, 2, 3]);
    expect((await runner.status()).every((s) => s.status === 'running' && s.error === null)).toBe(true);
    expect(logger.warnings.join('\n')).toContain(`operator's correction of event #${failing.position} Counted of stream ledger-b`);

    // A rebuild reads the same corrected history: the stored event is never applied as it was.
    await runner.rebuild('fragile');
    expect((await ledger(database.db, 'fragile')).map((row) => row.amount)).toEqual([1, 2, 3]);
  });

  it('a projection stopped at an event without a correction stays stopped: nothing is skipped silently', async () => {
    const runner = runnerFor([ledgerProjection('fragile', { failWhen: (amount) => amount < 0 })]);
    await store.append('ledger-b', [counted(-2)], 'any');
    await runner.start();
    await expect(runner.waitForPosition(await store.headPosition(), 2000)).rejects.toBeInstanceOf(ProjectionFailedError);
    await store.append('ledger-b', [counted(5)], 'any');
    await runner.retry('fragile');
    expect((await runner.status())[0]).toMatchObject({ status: 'failed', position: 0 });
  });

  it('a failed projection is retried from its checkpoint when the projector starts again (a fix was deployed)', async () => {
    for (let i = 1; i <= 5; i++) await store.append('s', [counted(i)], 'any');
    const first = runnerFor([ledgerProjection('alpha', { failWhen: (amount) => amount === 4 })]);
    await first.start();
    await expect(first.waitForPosition(15, 2000)).rejects.toBeInstanceOf(ProjectionFailedError);
    await first.stop();

    const restarted = runnerFor([ledgerProjection('alpha')]);
    await restarted.start();
    await restarted.waitForPosition(15, 2000);
    expect((await ledger(database.db, 'alpha')).map((row) => row.amount)).toEqual([1, 2, 3, 4, 5]);
  });

  it('rebuild from 0 equals live, while the other projections keep projecting', async () => {
    const alpha = ledgerProjection('alpha');
    const beta = ledgerProjection('beta');
    const runner = runnerFor([alpha, beta]);
    await runner.start();
    for (let i = 1; i <= 25; i++) await store.append(`s-${i % 4}`, [counted(i)], 'any');
    await runner.waitForPosition(75, 2000);
    const live = await dumpProjectionTables(database.db, [alpha, beta]);

    // Vandalise the table: rebuild must not depend on what is there.
    await sql`DELETE FROM alpha_ledger WHERE amount > 10`.execute(database.db);
    const rebuilding = runner.rebuild('alpha');
    const { position } = await store.append('s-during', [counted(26)], 'any');
    await expect(rebuilding).resolves.toBeGreaterThanOrEqual(75);
    await runner.waitForPosition(position, 2000);

    const after = await dumpProjectionTables(database.db, [alpha, beta]);
    expect(after['alpha_ledger']).toEqual(after['beta_ledger']!.map((row) => ({ ...row })));
    expect(after['alpha_ledger']!.filter((row) => Number(row['position']) <= 75)).toEqual(live['alpha_ledger']);
    expect(after['alpha_ledger']).toHaveLength(26);

    await runner.rebuild('all');
    expect(await dumpProjectionTables(database.db, [alpha, beta])).toEqual(after);
  });

  it('a rebuild that meets a failing handler rejects, leaving the projection failed at the event before', async () => {
    let broken = false;
    const runner = runnerFor([ledgerProjection('alpha', { failWhen: (amount) => broken && amount === 3 })]);
    for (let i = 1; i <= 5; i++) await store.append('s', [counted(i)], 'any');
    await runner.start();
    await runner.waitForPosition(15, 2000);
    broken = true;
    const rebuilding = runner.rebuild('alpha');
    await expect(runner.rebuild('alpha')).rejects.toThrow('already being rebuilt');
    await expect(rebuilding).rejects.toBeInstanceOf(ProjectionFailedError);
    expect((await ledger(database.db, 'alpha')).map((row) => row.amount)).toEqual([1, 2]);
    expect(await runner.status()).toEqual([
      expect.objectContaining({ name: 'alpha', status: 'failed', position: 6, error: expect.objectContaining({ position: 9 }) }),
    ]);
  });

  it('a new projection version resets its tables and re-projects from 0 on start', async () => {
    for (let i = 1; i <= 3; i++) await store.append('s', [counted(i)], 'any');
    const v1 = runnerFor([ledgerProjection('alpha')]);
    await v1.runOnce();
    await sql`DELETE FROM alpha_ledger`.execute(database.db);

    const v2 = runnerFor([ledgerProjection('alpha', { version: 2 })]);
    await v2.start();
    await v2.waitForPosition(9, 2000);
    expect(await ledger(database.db, 'alpha')).toHaveLength(3);
    expect((await readCheckpoints(database.db, ['alpha']))[0]).toMatchObject({ version: 2, position: 9 });
  });

  it('a projection that issues commands (a policy) is never replayed: not by rebuild, not by a new version', async () => {
    const handled: number[] = [];
    const policy = (version: number): AnyProjection => ({
      name: 'policy',
      version,
      sideEffects: true,
      tables: projectionTables([], async () => undefined),
      on: { Counted: async (event: RecordedEvent<CountedData>) => void handled.push(event.data.amount) },
    });
    for (let i = 1; i <= 3; i++) await store.append('s', [counted(i)], 'any');
    const v1 = runnerFor([ledgerProjection('alpha'), policy(1)]);
    await v1.start();
    await v1.waitForPosition(9, 2000);
    await v1.rebuild('all');
    await expect(v1.rebuild('policy')).rejects.toThrow('issues commands');
    await v1.stop();

    const v2 = runnerFor([ledgerProjection('alpha'), policy(2)]);
    await v2.start();
    await store.append('s', [counted(4)], 'any');
    await v2.waitForPosition(12, 2000);
    expect(handled).toEqual([1, 2, 3, 4]);
    expect(await ledger(database.db, 'alpha')).toHaveLength(4);
    expect((await readCheckpoints(database.db, ['policy']))[0]).toMatchObject({ version: 2, position: 12 });
  });

  it('re-subscribes after the store failed and resumes from the checkpoint', async () => {
    const logger = quietLogger();
    const runner = runnerFor([ledgerProjection('alpha')], { logger, resubscribeDelayMs: 10 });
    await store.append('s', [counted(1)], 'any');
    await runner.start();
    await runner.waitForPosition(3, 2000);
    store.failWith = new Error('store unreachable');
    await store.append('s', [counted(2)], 'any');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(logger.errors.length).toBeGreaterThan(0);
    store.failWith = null;
    await store.append('s', [counted(3)], 'any');
    await runner.waitForPosition(9, 3000);
    expect((await ledger(database.db, 'alpha')).map((row) => row.amount)).toEqual([1, 2, 3]);
  });

  it('waits on a database no projector has touched yet instead of failing, then times out', async () => {
    const untouched = await openReadModelDatabase({ kind: 'sqlite', path: join(dir, 'untouched.sqlite') });
    try {
      const idle = new ProjectionRunner({ store, database: untouched, projections: [ledgerProjection('alpha')], logger: quietLogger() });
      await expect(idle.waitForPosition(1, 60)).rejects.toBeInstanceOf(ProjectionTimeoutError);
      await expect(idle.waitForPosition(0, 60)).resolves.toBeUndefined();
      expect(await idle.status()).toEqual([{ name: 'alpha', version: 1, position: 0, lag: 0, status: 'stopped', error: null }]);
    } finally {
      await untouched.close();
    }
  });

  it('the registry upcaster lifts known types and passes unknown ones through', async () => {
    const seen: unknown[] = [];
    const projection: Projection = {
      name: 'registry',
      version: 1,
      tables: projectionTables([], async () => undefined),
      on: { Counted: async (event) => void seen.push(event.data), Foreign: async (event) => void seen.push(event.data) },
    };
    const registry = {
      has: (type: string) => type === 'Counted',
      upcast: (event: { type: string; data: unknown }) => ({ type: event.type, data: { amount: (event.data as CountedData).amount, upcast: true } }),
    };
    const runner = runnerFor([projection], { upcast: registryUpcaster(registry) });
    await store.append('s', [counted(1), counted(2, 'Foreign')], 'any');
    await runner.runOnce();
    expect(seen).toEqual([{ amount: 1, upcast: true }, { amount: 2 }]);
  });

  it('hands handlers the upcast event', async () => {
    const seen: unknown[] = [];
    const projection: Projection = {
      name: 'upcast',
      version: 1,
      tables: projectionTables([], async () => undefined),
      on: { CountedV2: async (event) => void seen.push(event.data) },
    };
    const runner = runnerFor([projection], {
      upcast: (event) => (event.type === 'Counted' ? { type: 'CountedV2', data: { amountFen: (event.data as CountedData).amount * 100 } } : event),
    });
    await store.append('s', [counted(7)], 'any');
    await runner.runOnce();
    expect(seen).toEqual([{ amountFen: 700 }]);
  });
});
