import type { Kysely } from 'kysely';
import { REBUILD_ROWS_LIMIT } from './write-behind/rebuild-rows.js';
import { EVENT_CORRECTED, type EventCorrectedData } from '#domain';
import type { EventStore, RecordedEvent, Subscription } from '#event-store';
import type { ReadModelDatabase } from '../database/read-model-database.js';
import { readCheckpointsIfAny, setCheckpointStatus, type ProjectionCheckpointsTable, type ProjectionRunState } from './checkpoints.js';
import { ShuttingDownError, UnknownProjectionError } from './errors.js';
import { identityUpcaster, type AnyProjection, type EventUpcaster } from './projection.js';
import { ProgressWaiters } from './progress-waiters.js';
import { judgeCheckpoints, PollingPositionWaiter, type PositionWaiter, type WaitForPositionOptions } from './wait-for-position.js';
import { OperatorCorrections } from './operator-corrections.js';
import { ProjectionApplier } from './projection-applier.js';
import { ProjectionLeases, type ProjectionLeaseOptions } from './leases.js';
import { applyLeaseClaim, renewLeasesPeriodically } from './lease-wiring.js';
import { consoleLogger, type ProjectionLogger, type ProjectionState } from './projection-state.js';
import { ProjectionRebuilds } from './projection-rebuilds.js';
import { prepareProjectionTables } from './projection-tables.js';
import { LIVE_TRANSACTION_BUDGET_MS, readInBatches } from './live-batches.js';

export type { ProjectionLogger } from './projection-state.js';
export type { ProjectionStatus } from './projection-status.js';
import { liveStatus, storedStatus, type ProjectionStatus } from './projection-status.js';

export interface ProjectionRunnerOptions {
  store: EventStore;
  database: ReadModelDatabase;
  projections: readonly AnyProjection[];
  /** The domain registry's upcaster; handlers only ever see the current schema. */
  upcast?: EventUpcaster;
  /** Events per transaction at most (default 500); a batch also ends when the subscription is idle. */
  batchSize?: number;
  /**
   * Milliseconds of one projection's handlers after which a live batch's transaction commits what
   * it applied and the rest follows after a turn of the event loop (live-batches.ts). Default
   * LIVE_TRANSACTION_BUDGET_MS (5) on SQLite, where handlers hold the event loop; unbounded on
   * PostgreSQL, where they await the server and every split costs a commit.
   */
  liveTransactionBudgetMs?: number;
  /**
   * Events per transaction in a rebuild's replay (default 5,000): the shadow tables are nobody's
   * to read yet, so long transactions cost only commits saved. With `rebuildInto: 'direct'` on SQLite
   * a query in the same process waits for the transaction in progress, so this also bounds that wait.
   */
  rebuildBatchSize?: number;
  /**
   * Where a rebuild replays: 'stage' replays into a private SQLite file and copies the tables into
   * the store's `__next` tables in multi-row INSERTs (database/rebuild-stage.ts); 'direct' replays
   * against the `__next` tables themselves. Default: 'stage' on PostgreSQL (no round trip per row a
   * batch reads), 'direct' on SQLite (write-behind batches already write each row once, in
   * multi-row statements: a stage would only write everything twice).
   */
  rebuildInto?: 'stage' | 'direct';
  /**
   * Rows a rebuild's replay of a write-behind projection keeps in memory instead of writing them
   * batch by batch (framework/write-behind/rebuild-rows.ts; default 100,000, 100-150 MB): each is then written
   * once, at the end of the replay. 0: none, every batch writes its rows.
   */
  rebuildHeldRows?: number;
  /**
   * Share the projections with other projector processes over the same read models: each runs
   * the projections whose lease it holds and takes over those of a process that stopped renewing
   * (framework/leases.ts). Absent: this runner runs every projection.
   */
  lease?: ProjectionLeaseOptions;
  logger?: ProjectionLogger;
  /** First delay before re-subscribing after the store failed; doubles up to 30 s. */
  resubscribeDelayMs?: number;
}

/**
 * Runs projections off one catch-up subscription to all events.
 *
 * Per batch and per projection, ONE transaction applies the events after that projection's
 * checkpoint and moves the checkpoint: a crash leaves both where they were, so no event is
 * applied twice or skipped. A handler that throws stops its projection only (the others keep
 * running); the failing event stays unapplied until `retry` or the next start.
 */
export class ProjectionRunner implements PositionWaiter {
  private readonly store: EventStore;
  private readonly database: ReadModelDatabase;
  private readonly db: Kysely<ProjectionCheckpointsTable>;
  private readonly kind: ReadModelDatabase['kind'];
  private readonly batchSize: number;
  private readonly liveTransactionBudgetMs: number;
  private readonly logger: ProjectionLogger;
  private readonly resubscribeDelayMs: number;
  private readonly states: ProjectionState[];
  private readonly waiters = new ProgressWaiters((position, names) => this.judge(position, names));

  private initialised: Promise<void> | null = null;
  private live: Promise<void> | null = null;
  private subscription: Subscription | null = null;
  private stopping = false;
  /** stop() ran and start() did not run again: waits fail fast instead of polling stores that close next. */
  private stopped = false;
  private wakeFromPause: (() => void) | null = null;
  /** Every event at or below this position was offered to every running projection. */
  private delivered = 0;
  /** Serialises live batches with the last step of a rebuild (the hand-over to live). */
  private exclusiveTail: Promise<unknown> = Promise.resolve();
  private readonly applier: ProjectionApplier;
  private readonly rebuilds: ProjectionRebuilds;
  private readonly leases: ProjectionLeases | null;
  private leaseTimer: NodeJS.Timeout | null = null;

  constructor(options: ProjectionRunnerOptions) {
    const names = new Set<string>();
    for (const projection of options.projections) {
      if (names.has(projection.name)) throw new Error(`Two projections are named ${projection.name}`);
      names.add(projection.name);
    }
    this.store = options.store;
    this.database = options.database;
    this.db = options.database.db as Kysely<ProjectionCheckpointsTable>;
    this.kind = options.database.kind;
    this.batchSize = options.batchSize ?? 500;
    this.liveTransactionBudgetMs = options.liveTransactionBudgetMs ?? (this.kind === 'postgres' ? Number.POSITIVE_INFINITY : LIVE_TRANSACTION_BUDGET_MS);
    this.logger = options.logger ?? consoleLogger;
    this.resubscribeDelayMs = options.resubscribeDelayMs ?? 500;
    this.applier = new ProjectionApplier(
      this.store, this.db, options.upcast ?? identityUpcaster, new OperatorCorrections(this.store, this.logger), this.logger, this.batchSize, () => this.notifyProgress(),
    );
    this.rebuilds = new ProjectionRebuilds(
      { store: this.store, database: this.database, applier: this.applier, logger: this.logger, exclusive: (work) => this.exclusive(work), notifyProgress: () => this.notifyProgress() },
      { batchSize: options.rebuildBatchSize ?? Math.max(this.batchSize, 5_000), into: options.rebuildInto ?? (this.kind === 'postgres' ? 'stage' : 'direct'), heldRows: options.rebuildHeldRows ?? REBUILD_ROWS_LIMIT },
    );
    const unknown = options.lease?.share?.filter((name) => !names.has(name)) ?? [];
    if (unknown.length > 0) throw new Error(`The lease share names no projection of this runner: ${unknown.join(', ')}`);
    this.leases = options.lease ? new ProjectionLeases(this.db, options.lease) : null;
    this.states = options.projections.map((projection) => ({ projection, position: 0, failure: null, rebuilding: false, held: !this.leases }));
  }

  get projectionNames(): string[] {
    return this.states.map((state) => state.projection.name);
  }

  /**
   * Creates the tables, resets projections whose version changed, retries failed ones (a new
   * deployment may have fixed them), then follows the store from the lowest checkpoint.
   */
  async start(): Promise<void> {
    if (this.live) return;
    this.stopping = false;
    this.stopped = false;
    await this.initialise(true);
    if (this.leases) {
      await this.refreshLeases();
      this.leaseTimer = renewLeasesPeriodically(this.leases, () => this.refreshLeases(), this.logger);
    }
    this.live = this.followStore();
  }

  /** Stops following the store; projected work is committed, nothing half-applied remains. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopped = true;
    // Waiters first: a request waiting for a position answers at once, not after the drain below.
    this.settleWaitersStopped();
    this.wakeFromPause?.();
    await this.subscription?.close();
    await this.live;
    this.live = null;
    await this.rebuilds.settled();
    this.settleWaitersStopped();
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    this.leaseTimer = null;
    if (this.leases) {
      // Everything applied is committed: another process may take over from the checkpoints at once.
      await this.exclusive(async () => {
        for (const state of this.states) state.held = false;
        await this.leases!.release();
      }).catch((error: unknown) => this.logger.warn({ err: error }, 'Could not release the projection leases; they expire on their own'));
    }
  }

  /**
   * Renews and takes leases (framework/leases.ts); a projection taken over resumes from its stored
   * checkpoint and catches up to what the live subscription has reached.
   */
  private async refreshLeases(): Promise<void> {
    if (this.stopping && this.live) return;
    const held = await this.leases!.claim(this.projectionNames);
    await this.exclusive(async () => {
      if (this.stopping && this.live) return;
      const gained = await applyLeaseClaim(this.db, this.leases!, this.states, held, this.logger);
      if (this.live) await this.applier.catchUp(gained.filter((state) => !state.failure && !state.rebuilding), this.delivered);
      this.notifyProgress();
    });
  }

  private settleWaitersStopped(): void {
    this.waiters.settleAll(new ShuttingDownError('The projector is stopping; retry the request'));
  }

  /** Projects everything stored up to now and returns (no live subscription): scripts, tests, CLIs. */
  async runOnce(): Promise<number> {
    await this.initialise(true);
    if (this.leases) await this.refreshLeases();
    const head = await this.store.headPosition();
    await this.exclusive(() => this.applier.catchUp(this.activeStates(), head));
    return head;
  }

  /**
   * Empties the projection's tables and re-projects from position 0. Other projections keep
   * running; the rebuilt one is held out of the live batches until it has caught up, then joins.
   * Resolves with the position it reached; rejects with ProjectionFailedError if a handler failed.
   */
  async rebuild(target: string | 'all' = 'all'): Promise<number> {
    await this.initialise(false);
    const states = target === 'all' ? this.states.filter((state) => !state.projection.sideEffects) : [this.stateOf(target)];
    const sideEffecting = states.find((state) => state.projection.sideEffects);
    if (sideEffecting) throw new Error(`Projection ${sideEffecting.projection.name} issues commands; replaying it would repeat them`);
    return this.rebuilds.run(states);
  }

  /** Resumes a failed projection from its checkpoint (after a fix); the failing event is tried again. */
  async retry(name: string): Promise<void> {
    await this.initialise(false);
    const state = this.stateOf(name);
    if (!state.failure) return;
    await this.exclusive(async () => {
      state.failure = null;
      await setCheckpointStatus(this.db, name, 'running');
      // Catch up to what live has already handed to the others; live continues from there.
      await this.applier.catchUp([state], this.live ? this.delivered : Number.POSITIVE_INFINITY);
    });
  }

  /**
   * Read-your-writes: resolves once every projection (or the named ones) has projected `position`.
   * Rejects with ProjectionTimeoutError after `timeoutMs`, or at once with ProjectionFailedError
   * when a projection it waits for has stopped below the position, or with ShuttingDownError once
   * stop() has begun.
   */
  async waitForPosition(position: number, timeoutMs: number, options: WaitForPositionOptions = {}): Promise<void> {
    if (this.stopped) throw new ShuttingDownError('The projector has stopped; retry the request');
    const names = options.projections;
    if (names) names.forEach((name) => this.stateOf(name));
    if (!this.live || this.selected(names).some((state) => !state.held)) {
      // No runner in this process, or another process holds a projection waited for: its checkpoints tell.
      return new PollingPositionWaiter(this.db).waitForPosition(position, timeoutMs, options);
    }
    const judged = this.judge(position, names);
    if (judged.verdict === 'reached') return;
    if (judged.verdict === 'failed') throw judged.error;
    await this.waiters.wait(position, names, timeoutMs, () =>
      this.selected(names)
        .filter((state) => state.position < position)
        .map((state) => ({ name: state.projection.name, position: state.position, status: this.runState(state) })),
    );
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.store.headPosition();
    if (!this.initialised) return storedStatus(this.db, this.states, head);
    const elsewhere = this.states.some((state) => !state.held) ? await readCheckpointsIfAny(this.db, this.projectionNames) : [];
    return this.states.map((state) =>
      liveStatus(state, head, elsewhere, this.live || state.rebuilding ? this.runState(state) : state.failure ? 'failed' : 'stopped', this.leases !== null),
    );
  }

  // ---------------------------------------------------------------------------------------------

  private initialise(retryFailed: boolean): Promise<void> {
    this.initialised ??= this.prepareTables().catch((error: unknown) => {
      this.initialised = null;
      throw error;
    });
    return this.initialised.then(() => (retryFailed ? this.retryFailedOnStart() : undefined));
  }

  private async prepareTables(): Promise<void> {
    await prepareProjectionTables(this.db, this.kind, this.states, this.logger);
  }

  private async retryFailedOnStart(): Promise<void> {
    for (const state of this.states) {
      if (!state.failure) continue;
      this.logger.warn({ projection: state.projection.name, failure: state.failure }, 'Retrying a failed projection from its checkpoint');
      state.failure = null;
      await setCheckpointStatus(this.db, state.projection.name, 'running');
    }
  }

  private async followStore(): Promise<void> {
    let delay = this.resubscribeDelayMs;
    while (!this.stopping) {
      try {
        await this.followSubscription();
        delay = this.resubscribeDelayMs;
      } catch (error) {
        if (this.stopping) break;
        this.logger.error({ err: error, retryInMs: delay }, 'Projection subscription failed; re-subscribing from the checkpoints');
        await this.pause(delay);
        delay = Math.min(delay * 2, 30_000);
      }
    }
  }

  private async followSubscription(): Promise<void> {
    const active = this.activeStates();
    const after = active.length > 0 ? Math.min(...active.map((state) => state.position)) : Math.max(0, ...this.states.map((s) => s.position));
    this.delivered = after;
    const subscription = this.store.subscribeToAll({ after });
    this.subscription = subscription;
    if (this.stopping) await subscription.close();
    try {
      await readInBatches(subscription, this.batchSize, (batch) => this.applyLive(batch));
    } finally {
      this.subscription = null;
      await subscription.close();
    }
  }

  private async applyLive(batch: readonly RecordedEvent[]): Promise<void> {
    await this.exclusive(async () => {
      const upTo = this.delivered;
      // A projection below what live has offered missed events (retried, reset elsewhere): it reads them from the store first.
      const behind = this.activeStates().filter((state) => state.position < upTo);
      if (behind.length > 0) await this.applier.catchUp(behind, upTo);
      await this.applier.applyBatchToAll(this.activeStates(), batch, this.liveTransactionBudgetMs);
      this.delivered = Math.max(this.delivered, batch.at(-1)!.position);
      // One that found its checkpoint moved by another writer within the batch reads the rest now, not at the next event.
      const left = this.activeStates().filter((state) => state.position < this.delivered);
      if (left.length > 0) await this.applier.catchUp(left, this.delivered);
      this.notifyProgress();
    });
    // A correction just stored for the event a projection stopped at: that projection resumes now.
    const corrected = new Set(batch.filter((event) => event.type === EVENT_CORRECTED).map((event) => (event.data as EventCorrectedData).correctedEventId));
    for (const state of this.states) {
      if (state.held && state.failure && corrected.has(state.failure.eventId)) await this.retry(state.projection.name);
    }
  }

  private activeStates(): ProjectionState[] {
    return this.states.filter((state) => state.held && !state.failure && !state.rebuilding);
  }

  private selected(names: readonly string[] | undefined): ProjectionState[] {
    return names ? this.states.filter((state) => names.includes(state.projection.name)) : this.states;
  }

  private runState(state: ProjectionState): ProjectionRunState {
    return state.failure ? 'failed' : state.rebuilding ? 'rebuilding' : 'running';
  }

  private judge(position: number, names: readonly string[] | undefined) {
    return judgeCheckpoints(
      this.selected(names).map((state) => ({
        name: state.projection.name,
        position: state.position,
        status: this.runState(state),
        error: state.failure,
      })),
      position,
      names,
    );
  }

  private notifyProgress(): void {
    this.waiters.progressed();
  }

  private stateOf(name: string): ProjectionState {
    const state = this.states.find((candidate) => candidate.projection.name === name);
    if (!state) throw new UnknownProjectionError(name);
    return state;
  }

  /** A back-off that stop() cuts short. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeFromPause = done;
    });
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.exclusiveTail.then(work);
    this.exclusiveTail = result.catch(() => undefined);
    return result;
  }
}

