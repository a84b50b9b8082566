import type { Kysely } from 'kysely';
import { EVENT_CORRECTED } from '#domain';
import type { EventStore, RecordedEvent } from '#event-store';
import { CheckpointMovedError, moveCheckpoint, readCheckpoints, recordFailure, type ProjectionCheckpointsTable, type ProjectionFailure } from './checkpoints.js';
import { giveTurn, yieldTurn } from './live-batches.js';
import type { OperatorCorrections } from './operator-corrections.js';
import type { AnyProjection, EventUpcaster, ProjectionHandler } from './projection.js';
import type { ProjectionLogger, ProjectionState } from './projection-state.js';
import { cachedTransaction } from './write-behind/cached-transaction.js';
import { RowCache } from './write-behind/row-cache.js';
import { tableShapes } from './write-behind/table-keys.js';

/** What the write-behind cache knows of a projection's tables: keys and columns from its DDL (columns else from the rows read). */
interface TableLayout {
  keys: Map<string, readonly string[]>;
  columns: Map<string, readonly string[]>;
  nullWhenOmitted: Map<string, readonly string[]>;
}

/**
 * Applies events to projections, the one way the runner does it (live batches, catch-up, retries,
 * a rebuild's replay): per batch and per projection ONE transaction applies the events after the
 * projection's checkpoint and moves the checkpoint, so a crash leaves both where they were. A
 * handler that throws stops its projection only, at the failing event (the events before it are
 * committed), unless an operator's correction of that event is found in its stream.
 */
export class ProjectionApplier {
  private readonly layouts = new WeakMap<AnyProjection, Promise<TableLayout>>();

  constructor(
    private readonly store: EventStore,
    private readonly db: Kysely<ProjectionCheckpointsTable>,
    private readonly upcast: EventUpcaster,
    private readonly corrections: OperatorCorrections,
    private readonly logger: ProjectionLogger,
    private readonly batchSize: number,
    /** Called after progress (waiters of read-your-writes are judged again). */
    private readonly notifyProgress: () => void,
  ) {}

  /** Reads the store page by page and applies each page; `upTo` bounds it (Infinity: until the end). */
  async catchUp(states: readonly ProjectionState[], upTo: number, pageSize = this.batchSize): Promise<void> {
    let running = states.filter((state) => !state.failure);
    while (running.length > 0) {
      const from = Math.min(...running.map((state) => state.position));
      if (from >= upTo) break;
      const page = await this.store.readAll({ after: from, limit: pageSize });
      const inRange = page.filter((event) => event.position <= upTo);
      if (inRange.length > 0) {
        for (const state of running) {
          await this.applyBatch(state, inRange);
          await giveTurn();
        }
        this.notifyProgress();
      }
      running = running.filter((state) => !state.failure);
      const exhausted = inRange.length < page.length || page.length < pageSize;
      if (!exhausted) continue;
      // A state that found its checkpoint moved by another writer continues from the stored one, which
      // may lie inside this page: it reads again from there. Passing it over would skip those events.
      const read = inRange.at(-1)?.position ?? from;
      if (running.some((state) => state.position < read)) continue;
      // The store holds nothing else up to `upTo`: the checkpoint may pass over the empty stretch.
      if (Number.isFinite(upTo)) {
        for (const state of running) if (state.position < upTo) await this.passOver(state, upTo);
        this.notifyProgress();
        // A pass-over that met a checkpoint moved elsewhere reloaded it, possibly still below `upTo`.
        running = running.filter((state) => !state.failure);
        if (running.some((state) => state.position < upTo)) continue;
      }
      break;
    }
  }

  /**
   * A live batch for every projection: those with a handler for one of its events apply it as
   * `applyBatch` does; the others only pass over it, their checkpoints moved together in ONE
   * transaction (compare-and-set per projection, as moveCheckpoint) instead of one transaction
   * each. Most projections handle none of a command's events (NeedListed: the needs list, its
   * as-of history and the webhook outbox of ~15), so this is most of the checkpoint writes.
   * If any checkpoint moved elsewhere, nothing of the group is kept and each goes its own way.
   *
   * `budgetMs` bounds one transaction's handler time (see applyWithinBudget); Infinity: one
   * transaction per projection, whatever it costs.
   */
  async applyBatchToAll(states: readonly ProjectionState[], batch: readonly RecordedEvent[], budgetMs = Number.POSITIVE_INFINITY): Promise<void> {
    const passing: ProjectionState[] = [];
    for (const state of states) {
      if (!state.failure && !state.shadow && !this.handlesAny(state, batch)) {
        passing.push(state);
        continue;
      }
      await this.applyWithinBudget(state, batch, budgetMs);
      await giveTurn();
    }
    if (passing.length === 0) return;
    const to = batch.at(-1)!.position;
    const moving = passing.filter((state) => !state.failure && state.position < to);
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const state of moving) await moveCheckpoint(trx, state.projection.name, state.position, to);
      });
      for (const state of moving) state.position = to;
    } catch (error) {
      if (!(error instanceof CheckpointMovedError)) throw error;
      for (const state of moving) {
        await this.applyWithinBudget(state, batch, budgetMs);
        await giveTurn();
      }
    }
  }

  /**
   * The batch for one projection in as many transactions as its handlers need to stay within
   * `budgetMs` each (each commits its rows with its checkpoint), with a turn of the event loop
   * between them: requests waiting meanwhile are answered between two transactions instead of
   * after the whole batch. Stops when the projection failed or did not advance (its checkpoint
   * moved elsewhere: the runner's catch-up reads from the stored one).
   */
  private async applyWithinBudget(state: ProjectionState, batch: readonly RecordedEvent[], budgetMs: number): Promise<void> {
    const last = batch.at(-1)!.position;
    for (;;) {
      const before = state.position;
      await this.applyBatch(state, batch, budgetMs);
      if (state.failure || state.position <= before || state.position >= last) return;
      await yieldTurn();
    }
  }

  /**
   * Whether the projection has a handler for any event of the batch after its checkpoint, by the
   * upcast type (a correction changes data, never the type). An operator's correction counts as
   * handled: applyBatch is where the corrections learn it.
   */
  private handlesAny(state: ProjectionState, batch: readonly RecordedEvent[]): boolean {
    return batch.some(
      (event) => event.position > state.position && (event.type === EVENT_CORRECTED || state.projection.on[this.upcastEvent(event).type] !== undefined),
    );
  }

  /**
   * One transaction: move the checkpoint, apply every event after it, commit both or neither.
   * A write-behind projection applies the batch with its rows in memory (each read and written
   * once); if that fails in any way, the batch runs again one event at a time, which finds the
   * failing event (or the store's failure) as it always has.
   *
   * With a finite `budgetMs`, the transaction commits once its handlers have run that long (ms,
   * at least one event) and the checkpoint stops at the last event applied: the caller applies
   * the rest in the next call.
   */
  async applyBatch(state: ProjectionState, batch: readonly RecordedEvent[], budgetMs = Number.POSITIVE_INFINITY): Promise<void> {
    if (state.failure) return;
    const events = batch.filter((event) => event.position > state.position);
    if (events.length === 0) return;
    if (state.projection.writeBehind) {
      try {
        await this.applyWriteBehind(state, events, budgetMs);
      } catch (error) {
        if (error instanceof CheckpointMovedError) {
          await this.reloadCheckpoint(state);
          return;
        }
        // Rolled back: nothing of it is stored; the events are tried again one by one below, on the
        // store, which must then hold every row a rebuild held so far.
        await this.writeHeldRows(state);
        this.logger.warn(
          { projection: state.projection.name, err: error, from: events[0]!.position, to: events.at(-1)!.position },
          'A batch applied with its rows in memory failed; applying it one event at a time',
        );
        await this.applyEventByEvent(state, events, budgetMs);
        return;
      }
      // Outside the try: the batch has committed, so a failed write-out of the held rows must not
      // send it to the event-by-event path again (its events would be applied twice). The rows
      // stay held (endSpill(false)) and the failure stops the rebuild like any store error.
      const held = state.shadow?.held;
      if (held?.active && held.size > held.limit) await this.writeHeldRows(state);
      return;
    }
    await this.applyEventByEvent(state, events, budgetMs);
  }

  private async applyWriteBehind(state: ProjectionState, events: readonly RecordedEvent[], budgetMs: number): Promise<void> {
    const { projection } = state;
    const layout = await this.layoutOf(projection);
    const from = state.position;
    let to = events.at(-1)!.position;
    const deadline = performance.now() + budgetMs;
    const held = state.shadow?.held?.active ? state.shadow.held : undefined;
    let cache: RowCache | undefined;
    try {
      await (state.shadow?.db ?? this.db).transaction().execute(async (trx) => {
        if (!state.shadow) await moveCheckpoint(trx, projection.name, from, to);
        cache = new RowCache(trx, layout.keys, layout.columns, { held, nullWhenOmitted: layout.nullWhenOmitted });
        const view = cachedTransaction(trx, cache);
        for (const [index, event] of events.entries()) {
          const upcast = this.corrections.apply(this.upcastEvent(event), projection.name);
          const handler = projection.on[upcast.type] as ProjectionHandler<unknown, unknown> | undefined;
          if (handler) await handler(upcast, view as never);
          if (index < events.length - 1 && performance.now() >= deadline) {
            to = await this.stopCheckpointAt(trx, state, events.at(-1)!.position, event.position);
            break;
          }
        }
        await cache.flushStored();
      });
    } catch (error) {
      held?.settle(false);
      throw error;
    }
    cache!.commitHeld();
    held?.settle(true);
    state.position = to;
  }

  /**
   * A rebuild's rows held in memory (write-behind/rebuild-rows.ts) are written to its `__next`
   * tables (or stage) in one transaction; the rest of its replay writes batch by batch. Called at
   * the end of the replay, past the limit, and before a batch runs again event by event.
   */
  async writeHeldRows(state: ProjectionState): Promise<void> {
    const held = state.shadow?.held;
    if (!held?.active) return;
    const layout = await this.layoutOf(state.projection);
    let rows = 0;
    try {
      await state.shadow!.db.transaction().execute(async (trx) => {
        rows = await held.spill(trx, layout.keys, layout.columns);
      });
    } catch (error) {
      held.endSpill(false);
      throw error;
    }
    held.endSpill(true);
    this.logger.info({ projection: state.projection.name, rows, position: state.position }, 'Rebuild: rows held in memory written');
  }

  /**
   * Over budget: the checkpoint, moved to the batch's end when the transaction began, goes back
   * to the last event applied (same transaction, so rows and checkpoint still commit together).
   * Answers that position.
   */
  private async stopCheckpointAt(trx: Parameters<typeof moveCheckpoint>[0], state: ProjectionState, movedTo: number, applied: number): Promise<number> {
    if (!state.shadow) await moveCheckpoint(trx, state.projection.name, movedTo, applied);
    return applied;
  }

  private layoutOf(projection: AnyProjection): Promise<TableLayout> {
    let layout = this.layouts.get(projection);
    if (!layout) {
      layout = tableShapes(projection.tables);
      this.layouts.set(projection, layout);
    }
    return layout;
  }

  private async applyEventByEvent(state: ProjectionState, events: readonly RecordedEvent[], budgetMs = Number.POSITIVE_INFINITY): Promise<void> {
    if (state.failure || events.length === 0) return;
    const { projection } = state;
    const from = state.position;
    let to = events.at(-1)!.position;
    const deadline = performance.now() + budgetMs;
    let failingIndex = -1;
    try {
      await (state.shadow?.db ?? this.db).transaction().execute(async (trx) => {
        // A rebuild's replay keeps its position in memory: the swap writes the checkpoint.
        if (!state.shadow) await moveCheckpoint(trx, projection.name, from, to);
        for (let index = 0; index < events.length; index++) {
          const event = events[index]!;
          failingIndex = index;
          const upcast = this.corrections.apply(this.upcastEvent(event), projection.name);
          const handler = projection.on[upcast.type] as ProjectionHandler<unknown, unknown> | undefined;
          if (handler) await handler(upcast, trx as never);
          if (index < events.length - 1 && performance.now() >= deadline) {
            failingIndex = -1;
            to = await this.stopCheckpointAt(trx, state, to, event.position);
            break;
          }
        }
        failingIndex = -1;
      });
      state.position = to;
    } catch (error) {
      if (error instanceof CheckpointMovedError) {
        await this.reloadCheckpoint(state);
        return;
      }
      if (failingIndex < 0) throw error; // the store failed (commit, connection): not the projection's fault
      // Commit the events before the failing one, so the checkpoint points right at it.
      if (failingIndex > 0) await this.applyEventByEvent(state, events.slice(0, failingIndex));
      if (state.failure) return;
      const failing = events[failingIndex]!;
      if (await this.corrections.learnFromStreamOf(failing)) {
        await this.applyBatch(state, events.slice(failingIndex));
        return;
      }
      await this.fail(state, failing, error);
    }
  }

  private async passOver(state: ProjectionState, upTo: number): Promise<void> {
    try {
      await moveCheckpoint(this.db, state.projection.name, state.position, upTo);
      state.position = upTo;
    } catch (error) {
      if (!(error instanceof CheckpointMovedError)) throw error;
      await this.reloadCheckpoint(state);
    }
  }

  private async fail(state: ProjectionState, event: RecordedEvent, error: unknown): Promise<void> {
    const failure: ProjectionFailure = {
      message: messageOf(error),
      position: event.position,
      eventId: event.eventId,
      eventType: event.type,
      streamId: event.streamId,
      failedAt: new Date().toISOString(),
    };
    state.failure = failure;
    this.logger.error(
      { projection: state.projection.name, err: error, position: event.position, eventId: event.eventId, eventType: event.type, streamId: event.streamId },
      `Projection ${state.projection.name} stopped at event #${event.position} ${event.type} of stream ${event.streamId}: ${failure.message}; ` +
        'the others continue (README: "Recovering a stopped projection")',
    );
    if (state.shadow) return; // recorded by the swap, with the rebuilt tables
    try {
      await recordFailure(this.db, state.projection.name, failure);
    } catch (recordError) {
      this.logger.error({ projection: state.projection.name, err: recordError }, 'Could not record the projection failure');
    }
    this.notifyProgress();
  }

  private async reloadCheckpoint(state: ProjectionState): Promise<void> {
    const [checkpoint] = await readCheckpoints(this.db, [state.projection.name]);
    this.logger.warn(
      { projection: state.projection.name, expected: state.position, found: checkpoint?.position },
      'Checkpoint moved by another writer; continuing from the stored one',
    );
    state.position = checkpoint?.position ?? 0;
    state.failure = checkpoint?.status === 'failed' ? checkpoint.error : null;
  }

  private upcastEvent(event: RecordedEvent): RecordedEvent {
    const upcast = this.upcast(event);
    if (upcast === event) return event;
    return { ...event, type: upcast.type, data: upcast.data };
  }

}

/** Duck-typed: a driver's error may come from another realm, where instanceof Error fails. */
const messageOf = (error: unknown): string => {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
};

