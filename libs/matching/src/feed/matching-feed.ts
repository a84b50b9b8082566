/**
 * Folds the domain's events into the matching engine's inputs: every need with what it STILL asks
 * for, every resource with what it STILL has. Pure (no I/O): the MatchingService feeds it from the
 * event store's subscription, tests feed it lists of events. The folds and their hand-over to the
 * engine are feed-state.ts, the folding of each event type fold-handlers.ts.
 */
import type { Area, ServiceCategory } from '#domain';
import { MatchingEngine, type MatchingEngineConfig } from '../matching-engine.js';
import { FeedState } from './feed-state.js';
import { foldHandlers, type FoldHandlers } from './fold-handlers.js';
import type { AutoMatchTerms, FeedEvent } from './matching-folds.js';

export type { FeedEvent, NeedFold, VolunteerFold, SocialWorkerFold, DonationFold, OrganisationFold, ProjectFold, AutoMatchTerms } from './matching-folds.js';

export class MatchingFeed {
  readonly engine: MatchingEngine;
  private readonly state: FeedState;
  private readonly handlers: FoldHandlers;
  private lastPosition = 0;

  constructor(config: Omit<MatchingEngineConfig, 'now' | 'proposeOnUpsert'> = {}) {
    this.engine = new MatchingEngine({ ...config, proposeOnUpsert: false, now: () => (this.state.clock.getTime() === 0 ? new Date() : this.state.clock) });
    this.state = new FeedState(this.engine);
    this.handlers = foldHandlers(this.state);
  }

  /**
   * Every fold by kind, for the checkpoint (matching-checkpoint.ts) only: what the feed still knows
   * of each need and resource, nothing the engine derives from it.
   * @internal
   */
  get folds() {
    const { needs, volunteers, socialWorkers, donations, organisations, projects } = this.state;
    return { needs, volunteers, socialWorkers, donations, organisations, projects };
  }

  /**
   * The interner the folds share their repeated values through, so folds restored from a checkpoint
   * share them too.
   * @internal
   */
  get intern() {
    return this.state.intern;
  }

  /** Position of the last event folded in. */
  get position(): number {
    return this.lastPosition;
  }

  autoMatchTermsOf(donationId: string): AutoMatchTerms | null {
    const donation = this.state.donations.get(donationId);
    if (!donation || donation.autoMatch === null) return null;
    return { categories: donation.autoMatch.categories, maxPerNeedFen: donation.autoMatch.maxPerNeedFen };
  }

  hasDonationMatch(donationId: string, matchId: string): boolean {
    return this.state.donations.get(donationId)?.matchIds?.has(matchId) ?? false;
  }

  /** The need's remaining money gap, 0 when unknown or closed. */
  remainingFenOf(needId: string): number {
    return this.state.needs.get(needId)?.amountFen ?? 0;
  }

  /** Open but marked stale: its committee must reconfirm it before it is matched again. */
  isStaleNeed(needId: string): boolean {
    return this.state.needs.get(needId)?.stale === true;
  }

  /** Open and fresh: a stale need is neither proposed nor auto-matched until its committee reconfirms it. */
  isOpenNeed(needId: string): boolean {
    const need = this.state.needs.get(needId);
    return need !== undefined && !need.stale;
  }

  /** Category and area of an open need: what a MatchDonation target carries for the earmark check. */
  needOf(needId: string): { readonly needId: string; readonly category: ServiceCategory; readonly area: Area } | undefined {
    const need = this.state.needs.get(needId);
    return need && !need.stale ? { needId: need.needId, category: need.category, area: need.area } : undefined;
  }

  /** Whether the engine currently holds this resource (something left to give, not excluded). */
  hasResource(resourceKey: string): boolean {
    return this.engine.holds(resourceKey);
  }

  /**
   * After the folds were filled from a checkpoint: hands every fold to the engine, one step each (the
   * caller gives the event loop a turn between batches), and only then takes the checkpoint's
   * position and clock, so nothing waiting for a position is answered from a half-filled engine.
   * @internal
   */
  *restoreSteps(position: number, clock: string): Generator<void> {
    const state = this.state;
    state.clock = new Date(clock);
    const syncs: [Iterable<string>, (id: string) => void][] = [
      [state.volunteers.keys(), (id) => state.syncVolunteer(id)],
      [state.socialWorkers.keys(), (id) => state.syncSocialWorker(id)],
      [state.donations.keys(), (id) => state.syncDonation(id)],
      [state.organisations.keys(), (id) => state.syncOrganisation(id)],
      [state.projects.keys(), (id) => state.syncProject(id)],
      [state.needs.keys(), (id) => state.syncNeed(id)],
    ];
    for (const [ids, sync] of syncs) {
      for (const id of [...ids]) {
        sync(id);
        yield;
      }
    }
    this.lastPosition = position;
  }

  /** The log's clock as of the last event folded in (ISO), for the checkpoint. */
  get clockAt(): string {
    return this.state.clock.toISOString();
  }

  apply(event: FeedEvent): void {
    if (event.position <= this.lastPosition) return; // a re-delivered event was already folded in
    this.lastPosition = event.position;
    const occurredAt = new Date(event.metadata.occurredAt);
    if (!Number.isNaN(occurredAt.getTime()) && occurredAt > this.state.clock) this.state.clock = occurredAt;
    const handler = this.handlers[event.type];
    if (handler) handler(event.data as never);
  }
}
