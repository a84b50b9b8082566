/**
 * The matching feed as a running thing: an in-memory MatchingEngine kept current by the event
 * store's catch-up subscription.
 *
 * It has NO durable state on purpose. On start it replays the whole log from position 0, then
 * follows live events. At district (even city) scale this is cheap: the engine holds only open
 * needs and resources with something left, a replay folds tens of thousands of events per second,
 * and nothing can drift from the log because the log is the only input. Declines are facts on the
 * need's stream (MatchProposalDeclined), so a restart learns them again. A province-sized
 * deployment would snapshot the folded state with its position; the fold does not change for that.
 */
import { conflict, domainEventRegistry, notFound } from '#domain';
import type { EventStore, RecordedEvent, Subscription } from '#event-store';
import { MatchingFeed, type MatchingWeights, parseResourceKey, type AllocationResult, type Proposal, type ResourceKey } from '#matching';
import { ProjectionTimeoutError, registryUpcaster, ShuttingDownError } from '#read-models';

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
}

export class MatchingService {
  readonly feed: MatchingFeed;
  private readonly logger: MatchingServiceOptions['logger'];
  private readonly upcast = registryUpcaster(domainEventRegistry);
  private subscription: Subscription | null = null;
  private following: Promise<void> | null = null;
  private waiters: PositionWaiter[] = [];
  private failedEvents = 0;

  constructor(private readonly options: MatchingServiceOptions) {
    this.feed = new MatchingFeed({ weights: options.weights });
    this.logger = options.logger;
  }

  /** Starts replaying from position 0, then follows live; calling it again does nothing. */
  start(): void {
    if (this.subscription) return;
    const subscription = this.options.eventStore.subscribeToAll({ after: 0 });
    this.subscription = subscription;
    this.following = this.follow(subscription);
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    if (!subscription) return;
    await subscription.close();
    await this.following;
  }

  /** Position of the last event the engine has folded in. */
  get position(): number {
    return this.feed.position;
  }

  status() {
    return { position: this.feed.position, failedEvents: this.failedEvents, ...this.feed.engine.counts() };
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
    if (!this.feed.isOpenNeed(needId)) throw notFound('OPEN_NEED_NOT_FOUND', `No open need ${needId} is known to the matcher`, { needId });
    return this.feed.engine.proposalsForNeed(needId, limitPerKind);
  }

  proposalsForResource(resourceKey: ResourceKey, limit = DEFAULT_PROPOSALS_PER_KIND): Proposal[] {
    if (!this.feed.hasResource(resourceKey)) {
      throw notFound('MATCHING_RESOURCE_NOT_FOUND', `No resource ${resourceKey} with anything left to offer`, { resourceKey });
    }
    return this.feed.engine.proposalsForResource(resourceKey, limit);
  }

  fundingProposalsForProject(projectId: string, limit = DEFAULT_PROPOSALS_PER_KIND): Proposal[] {
    if (!this.feed.hasResource(`project:${projectId}`)) {
      throw notFound('OPEN_PROJECT_NOT_FOUND', `No open project ${projectId} is known to the matcher`, { projectId });
    }
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

  private async follow(subscription: Subscription): Promise<void> {
    try {
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
          await new Promise<void>((resolve) => setImmediate(resolve));
          sinceYield = 0;
          busyMs = 0;
        }
      }
    } catch (error) {
      this.logger.error(`Matching feed stopped at position ${this.feed.position}: ${error instanceof Error ? error.message : String(error)}`);
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
    if (this.waiters.length === 0) return;
    const reached = this.waiters.filter((waiter) => waiter.position <= this.feed.position);
    if (reached.length === 0) return;
    this.waiters = this.waiters.filter((waiter) => waiter.position > this.feed.position);
    for (const waiter of reached) waiter.resolve();
  }
}
