import type { EventStore, RecordedEvent } from '#event-store';
import type { ReadModelDatabase } from '../database/read-model-database.js';
import { RebuildStage } from '../database/rebuild-stage.js';
import { ProjectionFailedError } from './errors.js';
import { giveTurn } from './live-batches.js';
import type { ProjectionApplier } from './projection-applier.js';
import type { ProjectionLogger, ProjectionState } from './projection-state.js';
import { buildIndexesBeforeSwap, copyFromStage, createShadow, replayOnStage, swapIn } from './rebuild-steps.js';

/** What a rebuild needs of the runner it runs in. */
export interface RebuildContext {
  readonly store: EventStore;
  readonly database: ReadModelDatabase;
  readonly applier: ProjectionApplier;
  readonly logger: ProjectionLogger;
  /** Runs `work` serialised with the live batches (the runner's lock). */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Read-your-writes waiters are judged again (a rebuilt projection's position moved). */
  notifyProgress(): void;
}

export interface RebuildOptions {
  /** Events per transaction of the replay. */
  readonly batchSize: number;
  /** 'stage': replay on a private SQLite file, copied into the `__next` tables; 'direct': into them. */
  readonly into: 'stage' | 'direct';
  /** Rows a write-behind projection's replay holds in memory until its end (0: none). */
  readonly heldRows: number;
}

/**
 * The rebuilds of one runner: each replays the store once for the projections asked for, into
 * fresh `__next` tables, while queries keep answering from the old, complete ones; the last step
 * swaps them in and moves the checkpoints in the same transaction.
 */
export class ProjectionRebuilds {
  private readonly inFlight = new Set<Promise<number>>();

  constructor(
    private readonly context: RebuildContext,
    private readonly options: RebuildOptions,
  ) {}

  /** Resolves with the position reached; rejects with ProjectionFailedError if a handler failed. */
  async run(states: readonly ProjectionState[]): Promise<number> {
    const rebuild = this.rebuildMany(states);
    this.inFlight.add(rebuild);
    try {
      return await rebuild;
    } finally {
      this.inFlight.delete(rebuild);
    }
  }

  /** Resolves once every rebuild in progress has ended, however it ended (the runner's stop()). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /**
   * One replay for all the projections asked for: the store is read once, whatever their number.
   * The bulk runs beside the live batches of the other projections; the tail runs under the lock,
   * so no live batch slips between replay and hand-over.
   */
  private async rebuildMany(states: readonly ProjectionState[]): Promise<number> {
    const { database, applier, logger } = this.context;
    const busy = states.find((state) => state.rebuilding);
    if (busy) throw new Error(`Projection ${busy.projection.name} is already being rebuilt`);
    for (const state of states) state.rebuilding = true;
    const shadows: ProjectionState[] = [];
    const stage = this.options.into === 'stage' ? new RebuildStage() : null;
    try {
      await this.context.exclusive(async () => {
        for (const state of states) shadows.push(await createShadow(database, state, this.options.heldRows));
      });
      if (stage) await replayOnStage(stage, shadows);
      this.context.notifyProgress();
      await this.replay(shadows);
      // The rows held in memory reach the `__next` tables (or the stage) before anything reads them.
      for (const shadow of shadows) await applier.writeHeldRows(shadow);
      if (stage) await copyFromStage(stage, shadows, database.kind, logger);
      await buildIndexesBeforeSwap(shadows, database.kind);
      await this.context.exclusive(async () => {
        await applier.catchUp(shadows, Number.POSITIVE_INFINITY, this.options.batchSize);
        for (const shadow of shadows) await swapIn(database.db, database.kind, shadow);
      });
    } finally {
      await stage?.close();
      for (const state of states) state.rebuilding = false;
      this.context.notifyProgress();
    }
    const failed = states.find((state) => state.failure);
    if (failed?.failure) throw new ProjectionFailedError(failed.projection.name, failed.position, failed.failure);
    logger.info({ projections: states.map((state) => state.projection.name) }, 'Projections rebuilt');
    return Math.max(0, ...states.map((state) => state.position));
  }

  /**
   * The bulk of the replay, from 0 to the end of the store as it was read: each page is applied to
   * every shadow in turn (one transaction each) while the next page is already being read, so a
   * store across the network (PostgreSQL) answers while the handlers run instead of after them.
   */
  private async replay(shadows: readonly ProjectionState[]): Promise<void> {
    const { store, applier } = this.context;
    const size = this.options.batchSize;
    const read = (after: number) => {
      const page = store.readAll({ after, limit: size });
      page.catch(() => undefined); // awaited below; a failure while a page is applied is not unhandled
      return page;
    };
    let running = shadows.filter((shadow) => !shadow.failure);
    if (running.length === 0) return;
    let next: Promise<RecordedEvent[]> | null = read(Math.min(...running.map((shadow) => shadow.position)));
    while (next && running.length > 0) {
      const page: RecordedEvent[] = await next;
      next = page.length === size ? read(page.at(-1)!.position) : null;
      for (const shadow of running) {
        await applier.applyBatch(shadow, page);
        await giveTurn(); // the SQLite store reads synchronously: HTTP and live batches get their turns meanwhile
      }
      this.context.notifyProgress();
      running = running.filter((shadow) => !shadow.failure);
    }
  }
}
