/**
 * The matching feed as a running thing: an in-memory MatchingEngine kept current by the event
 * store's catch-up subscription.
 *
 * On start it restores its last checkpoint (MatchingCheckpoints: the folds at a log position) when
 * there is a usable one, else starts empty, and follows the log from there; checkpoints are saved
 * as it goes (every CHECKPOINT_EVERY_EVENTS events, at most every CHECKPOINT_MIN_INTERVAL_MS, and
 * taking at most CHECKPOINT_MAX_SHARE of the time) and on stop. The log stays the only truth: a checkpoint is a shortcut through it, ignored when it cannot
 * stand for this log. Declines are facts on the need's stream (MatchProposalDeclined) and part of it.
 * Restoring and replaying both yield to the event loop, so the process answers meanwhile.
 */
import { conflict, domainEventRegistry, notFound } from '#domain';
import type { EventStore, RecordedEvent, Subscription } from '#event-store';
import {
  checkpointOf, checkpointUsable, MatchingFeed, type MatchingWeights, parseResourceKey, restoreFeed, type AllocationResult, type Proposal, type ResourceKey,
} from '#matching';
import { ProjectionTimeoutError, registryUpcaster, ShuttingDownError } from '#read-models';
import type { MatchingCheckpoints } from './matching-checkpoint-file.js';

interface PositionWaiter {
  readonly position: number;
  readonly resolve: () => void;
}

/**
 * The replay gives the event loop a turn after this many events or this much work, whichever comes
 * first (heavy events run 80-400 us each): the process keeps answering during a long replay, for
 * one setImmediate per batch.
 */
export const REPLAY_YIELD_EVERY = 200;
export const REPLAY_YIELD_AFTER_MS = 10;

/** A checkpoint is saved after this many events folded in, and not more often than every this many ms. */
export const CHECKPOINT_EVERY_EVENTS = 10_000;
export const CHECKPOINT_MIN_INTERVAL_MS = 30_000;
/**
 * The share of the time a checkpoint may take at most: a save takes a snapshot of the whole feed in
 * one synchronous run (a copy of every fold: a few hundred ms on 1M events; serialising it all at
 * once, as saves did before, took 2.3 s there), so the next save waits at least this many times
 * longer than the last one blocked.
 */
export const CHECKPOINT_MAX_SHARE = 0.05;

/**
 * Whether a checkpoint is due, `sinceEvents` events and `sinceMs` ms after the last one, whose
 * synchronous part (taking the state and serialising it) lasted `lastSaveMs`.
 */
export const checkpointDue = (sinceEvents: number, sinceMs: number, lastSaveMs: number): boolean =>
  sinceEvents >= CHECKPOINT_EVERY_EVENTS && sinceMs >= Math.max(CHECKPOINT_MIN_INTERVAL_MS, lastSaveMs / CHECKPOINT_MAX_SHARE);

/** Where the feed is: restoring its checkpoint, following the log (catching up or live), or stopped. */
export type MatchingPhase = 'starting' | 'restoring' | 'following' | 'stopped';

/** How many proposals per kind the API shows by default; auto-match looks further. */
export const DEFAULT_PROPOSALS_PER_KIND = 5;

/** What the matching service runs on: the log, the scoring weights, and the process's shutdown signal. */
export interface MatchingServiceOptions {
  readonly eventStore: EventStore;
  readonly weights: MatchingWeights;
  /** Longest read-your-writes wait of a matching query (READ_WAIT_TIMEOUT_MS). */
  readonly waitTimeoutMs: number;
  /** Aborted when the process begins shutting down: waits answer ShuttingDownError at once. */
  readonly shutdown: AbortSignal;
  readonly logger: { warn(message: string): void; error(message: string): void };
  /** Where checkpoints are kept; none: every start replays the whole log. */
  readonly checkpoints?: MatchingCheckpoints;
}

/**
 * What the proposal queries answer for an id the matcher does not know: also the answer for a record
 * the reader may not see (README "Who may see what"), so its existence is not revealed.
 */
export const unknownToTheMatcher = {
  need: (needId: string) => notFound('OPEN_NEED_NOT_FOUND', `No open need ${needId} is known to the matcher`, { needId }),
  resource: (resourceKey: string) => notFound('MATCHING_RESOURCE_NOT_FOUND', `No resource ${resourceKey} with anything left to offer`, { resourceKey }),
  project: (projectId: string) => notFound('OPEN_PROJECT_NOT_FOUND', `No open project ${projectId} is known to the matcher`, { projectId }),
};

export class MatchingService {
  private current: MatchingFeed;
  private readonly logger: MatchingServiceOptions['logger'];
  private readonly upcast = registryUpcaster(domainEventRegistry);
  private subscription: Subscription | null = null;
  private following: Promise<void> | null = null;
  private waiters: PositionWaiter[] = [];
  private failedEvents = 0;
  private phase: MatchingPhase = 'starting';
  private stopping = false;
  /** Where the current run began: a checkpoint's position, or 0 (the whole log replayed). */
  private startedFrom = 0;
  private lastSaved = { position: 0, at: 0 };
  /** How long the last save blocked the event loop (taking the state and serialising it), ms. */
  private lastSaveMs = 0;
  private saving: Promise<void> | null = null;

  constructor(private readonly options: MatchingServiceOptions) {
    this.current = new MatchingFeed({ weights: options.weights });
    this.logger = options.logger;
  }

  /** The feed answering now (replaced once, when a checkpoint is restored). */
  get feed(): MatchingFeed {
    return this.current;
  }

  /** Restores the checkpoint (if any) and follows the log from there, in the background; calling it again does nothing. */
  start(): void {
    if (this.following) return;
    this.following = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.subscription?.close();
    await this.following;
    await this.saving;
    // The last state, so the next start follows from here.
    if (this.phase === 'following') await this.saveCheckpoint(true);
    this.phase = 'stopped';
  }

  /** Position of the last event the engine has folded in. */
  get position(): number {
    return this.feed.position;
  }

  status() {
    return { phase: this.phase, position: this.feed.position, startedFrom: this.startedFrom, failedEvents: this.failedEvents, ...this.feed.engine.counts() };
  }

  /** Read-your-writes for matching queries: resolves once the engine has folded `position` in. */
  async waitForPosition(position: number | undefined, timeoutMs = this.options.waitTimeoutMs): Promise<void> {
    if (position === undefined || position <= this.feed.position) return;
    const { shutdown } = this.options;
    if (shutdown.aborted) throw new ShuttingDownError();
    await new Promise<void>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        shutdown.removeEventListener('abort', onShutdown);
        this.waiters = this.waiters.filter((other) => other !== waiter);
      };
      const waiter: PositionWaiter = {
        position,
        resolve: () => {
          settle();
          resolve();
        },
      };
      const timer = setTimeout(() => {
        settle();
        reject(new ProjectionTimeoutError(position, timeoutMs, [{ name: 'matching', position: this.feed.position, status: 'running' }]));
      }, timeoutMs);
      // A shutdown answers the request now (503), not at the deadline after the stores closed.
      const onShutdown = () => {
        settle();
        reject(new ShuttingDownError());
      };
      shutdown.addEventListener('abort', onShutdown, { once: true });
      this.waiters.push(waiter);
    });
  }

  // ---- queries ----------------------------------------------------------------------------------

  proposalsForNeed(needId: string, limitPerKind = DEFAULT_PROPOSALS_PER_KIND): Proposal[] {
    if (this.feed.isStaleNeed(needId)) {
      throw conflict('NEED_STALE', `Need ${needId} was not reconfirmed within the freshness period; POST /needs/${needId}/reconfirm first`, { needId });
    }
    if (!this.feed.isOpenNeed(needId)) throw unknownToTheMatcher.need(needId);
    return this.feed.engine.proposalsForNeed(needId, limitPerKind);
  }

  proposalsForResource(resourceKey: ResourceKey, limit = DEFAULT_PROPOSALS_PER_KIND): Proposal[] {
    if (!this.feed.hasResource(resourceKey)) throw unknownToTheMatcher.resource(resourceKey);
    return this.feed.engine.proposalsForResource(resourceKey, limit);
  }

  fundingProposalsForProject(projectId: string, limit = DEFAULT_PROPOSALS_PER_KIND): Proposal[] {
    if (!this.feed.hasResource(`project:${projectId}`)) throw unknownToTheMatcher.project(projectId);
    return this.feed.engine.proposalsForProjectFunding(projectId, limit);
  }

  /** The current proposal for one pair, if the engine would still make it. */
  proposalFor(needId: string, resourceKey: ResourceKey): Proposal | undefined {
    const kind = parseResourceKey(resourceKey)?.kind;
    if (kind === undefined || !this.feed.isOpenNeed(needId)) return undefined;
    // Looks past the shown top few: a caller may accept any eligible resource it was shown earlier.
    return this.feed.engine.proposalsForNeed(needId, 500).find((proposal) => proposal.resourceKey === resourceKey);
  }

  isDeclined(needId: string, resourceKey: ResourceKey): boolean {
    return this.feed.engine.isDeclined(needId, resourceKey);
  }

  /** A plan only: the engine's state is read, nothing is appended. */
  allocate(area: { district?: string; street?: string; community?: string } | undefined, compareWithGreedy: boolean): AllocationResult {
    return this.feed.engine.allocate(area, { compareWithGreedy, includeReasons: true });
  }

  // ---- the subscription -------------------------------------------------------------------------

  private async run(): Promise<void> {
    try {
      await this.restore();
      if (this.stopping) return;
      const subscription = this.options.eventStore.subscribeToAll({ after: this.feed.position });
      this.subscription = subscription;
      this.phase = 'following';
      await this.follow(subscription);
    } catch (error) {
      this.logger.error(`Matching feed stopped at position ${this.feed.position}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The last usable checkpoint into a fresh feed, a batch of folds per event-loop turn. */
  private async restore(): Promise<void> {
    const { checkpoints, eventStore } = this.options;
    if (!checkpoints) return;
    this.phase = 'restoring';
    const restoring = await this.restoring(checkpoints, eventStore);
    if (restoring === null) return;
    const { feed, steps } = restoring;
    let started = performance.now();
    for (const _ of steps) {
      if (performance.now() - started >= REPLAY_YIELD_AFTER_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.stopping) return;
        started = performance.now();
      }
    }
    this.current = feed;
    this.startedFrom = this.lastSaved.position = feed.position;
    this.lastSaved.at = Date.now();
    // Requests that waited for a position the checkpoint already holds: no later event need come first.
    this.settleWaiters();
  }

  /**
   * A feed for the last usable checkpoint and the steps that fill its folds and then its engine, or
   * null. Apart from restore() so nothing here holds the parsed checkpoint: the steps let it go once
   * the folds are filled, and the engine can then take the room it held (on 1M events, ~100 MiB).
   */
  private async restoring(checkpoints: MatchingCheckpoints, eventStore: EventStore): Promise<ReturnType<typeof restoreFeed> | null> {
    const [checkpoint, head] = await Promise.all([checkpoints.load(), eventStore.headPosition()]);
    const found = checkpoint && `Matching checkpoint at ${checkpoint.position} (version ${checkpoint.version})`;
    if (!checkpointUsable(checkpoint, head)) {
      if (found) this.logger.warn(`${found} does not fit this log (head ${head}): replaying from 0`);
      return null;
    }
    return restoreFeed(checkpoint, { weights: this.options.weights });
  }

  /** Saves a checkpoint when enough has been folded in since the last (or at once when `force`). */
  private saveCheckpoint(force = false): Promise<void> {
    const { checkpoints } = this.options;
    const position = this.feed.position;
    if (!checkpoints || this.saving || position <= this.lastSaved.position) return this.saving ?? Promise.resolve();
    if (!force && !checkpointDue(position - this.lastSaved.position, Date.now() - this.lastSaved.at, this.lastSaveMs)) return Promise.resolve();
    // Taken between two folds, so it is the state at `position`; written while the feed goes on.
    const started = performance.now();
    const checkpoint = checkpointOf(this.feed);
    this.lastSaved = { position, at: Date.now() };
    // Up to save()'s promise (the snapshot, and whatever the store serialises at once) is what blocked.
    const saved = checkpoints.save(checkpoint);
    this.lastSaveMs = performance.now() - started;
    this.saving = saved
      .catch((error: unknown) => this.logger.warn(`Matching checkpoint at ${position} not saved: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.saving = null));
    return this.saving;
  }

  private async follow(subscription: Subscription): Promise<void> {
    let sinceYield = 0;
    // Time spent folding since the last turn given away: idle time between live events does not count.
    let busyMs = 0;
    for await (const event of subscription) {
      const started = performance.now();
      this.fold(event);
      busyMs += performance.now() - started;
      // A replay of the whole log is one long run of already-resolved pages: without a turn of the
      // event loop now and then, HTTP requests (even /health/live) wait for the whole replay.
      if (++sinceYield >= REPLAY_YIELD_EVERY || busyMs >= REPLAY_YIELD_AFTER_MS) {
        void this.saveCheckpoint();
        await new Promise<void>((resolve) => setImmediate(resolve));
        sinceYield = 0;
        busyMs = 0;
      }
    }
  }

  private fold(event: RecordedEvent): void {
    const upcast = this.upcast(event);
    try {
      this.feed.apply({ type: upcast.type, data: upcast.data, position: event.position, metadata: event.metadata });
    } catch (error) {
      // One malformed input must not blind the matcher to everything after it; the feed moved on.
      this.failedEvents++;
      this.logger.warn(`Matching feed skipped ${event.type}@${event.position}: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.settleWaiters();
  }

  /** Answers the read-your-writes waits the feed's position now covers. */
  private settleWaiters(): void {
    if (this.waiters.length === 0) return;
    const reached = this.waiters.filter((waiter) => waiter.position <= this.feed.position);
    if (reached.length === 0) return;
    this.waiters = this.waiters.filter((waiter) => waiter.position > this.feed.position);
    for (const waiter of reached) waiter.resolve();
  }
}
