/**
 * The matching engine: holds open needs and available resources in bucket indexes, proposes the best
 * resources for a need (and the best needs for a resource) the moment either changes, remembers
 * declined pairs, and runs the batch allocation. No I/O and no framework; the clock (for how long a
 * need has waited) is the system's unless one is given, and tests and projectors give one.
 */
import { invalid } from '#domain';
import { scopeContains, type AreaScope, type DistanceLevel } from './area.js';
import { runBatchAllocation, type AllocationRequest, type AllocationResult } from './batch-allocation.js';
import {
  categoryOfBucket,
  demandScanLevels,
  fundingBucketKeys,
  fundingScanLevels,
  needBucketKeys,
  resourceBucketKeys,
  resourceScanLevels,
} from './bucket-keys.js';
import { BucketIndex, scanBuckets, type ScanResult } from './candidate-scan.js';
import { DeclinedPairs, needDemandKey, type DeclinedPair } from './declined-pairs.js';
import {
  toDonationEntry,
  toNeedEntry,
  toOrganisationEntry,
  toProjectEntry,
  toSocialWorkerEntry,
  toVolunteerEntry,
  type DonationEntry,
  type NeedEntry,
  type ProjectEntry,
  type ResourceEntry,
} from './matching-entries.js';
import {
  parseResourceKey,
  resourceKeyOf,
  type DonationResource,
  type MatchableNeed,
  type OrganisationResource,
  type ProjectResource,
  type Proposal,
  type ResourceKey,
  type ResourceKind,
  type SocialWorkerResource,
  type VolunteerResource,
} from './matching.types.js';
import { DEFAULT_MATCHING_WEIGHTS, type MatchingWeights } from './matching-weights.js';
import { resolveMatchingOptions, type MatchingOptions } from './matching-options.js';
import { byScoreThenKeys, fundingProposal, needProposal } from './proposal-shapes.js';
import { INELIGIBLE, scoreFunding, scorePair, scoreUpperBound, type ScoringContext } from './scoring.js';

export type { DeclinedPair } from './declined-pairs.js';

export interface MatchingEngineConfig {
  readonly weights?: MatchingWeights;
  readonly options?: Partial<MatchingOptions>;
  /** The clock for "how long has the need waited"; the projector passes the event's time. */
  readonly now?: () => Date;
  /**
   * Whether upsert* answer the proposals of what they added (default true). The matching feed turns it
   * off: it never reads them, and scoring every candidate on every folded event was most of a fold's cost.
   */
  readonly proposeOnUpsert?: boolean;
}

export class MatchingEngine {
  readonly weights: MatchingWeights;
  readonly options: MatchingOptions;
  private readonly now: () => Date;
  private readonly proposeOnUpsert: boolean;
  private readonly needs = new Map<string, NeedEntry>();
  private readonly resources = new Map<ResourceKey, ResourceEntry>();
  /** `${kind}|${category or *}|${place code}|${slot}` -> resources. */
  private readonly resourceBuckets = new BucketIndex<ResourceEntry>('bucketSlots');
  /** `need|${category or *}|${place code}` -> open needs. */
  private readonly needBuckets = new BucketIndex<NeedEntry>('bucketSlots');
  /** `project|${category or *}|${place code}` -> projects, as demands for money (their funding gaps). */
  private readonly fundingBuckets = new BucketIndex<ProjectEntry>('fundingSlots');
  private readonly declined = new DeclinedPairs();
  private assessedTotal = 0;

  constructor(config: MatchingEngineConfig = {}) {
    this.weights = config.weights ?? DEFAULT_MATCHING_WEIGHTS;
    this.options = resolveMatchingOptions(config.options);
    this.now = config.now ?? (() => new Date());
    this.proposeOnUpsert = config.proposeOnUpsert ?? true;
  }

  // ---- needs ------------------------------------------------------------------------------------

  /** Adds or replaces a need (its remaining demand) and returns its proposals at once (none when proposeOnUpsert is off). */
  upsertNeed(need: MatchableNeed): Proposal[] {
    const entry = toNeedEntry(need);
    this.removeNeed(need.needId);
    this.needs.set(need.needId, entry);
    this.needBuckets.add(entry, needBucketKeys(entry));
    return this.proposeOnUpsert ? this.proposalsForNeed(need.needId) : [];
  }

  /** Forgets a fulfilled or withdrawn need; its declined pairs are kept. */
  removeNeed(needId: string): boolean {
    const entry = this.needs.get(needId);
    if (entry === undefined) return false;
    this.needBuckets.remove(entry);
    this.needs.delete(needId);
    return true;
  }

  // ---- resources --------------------------------------------------------------------------------

  upsertVolunteer(volunteer: VolunteerResource): Proposal[] {
    return this.upsertResource(toVolunteerEntry(volunteer, this.weights));
  }
  upsertSocialWorker(socialWorker: SocialWorkerResource): Proposal[] {
    return this.upsertResource(toSocialWorkerEntry(socialWorker, this.weights));
  }
  upsertDonation(donation: DonationResource): Proposal[] {
    return this.upsertResource(toDonationEntry(donation, this.weights));
  }
  upsertOrganisation(organisation: OrganisationResource): Proposal[] {
    return this.upsertResource(toOrganisationEntry(organisation, this.weights));
  }
  /** A project is both a resource (it can take needs in) and a demand (donations can fill its funding gap). */
  upsertProject(project: ProjectResource): Proposal[] {
    const entry = toProjectEntry(project, this.weights);
    this.removeResource(entry.key);
    this.addResource(entry);
    this.fundingBuckets.add(entry, fundingBucketKeys(entry));
    if (!this.proposeOnUpsert) return [];
    return [...this.proposalsForResource(entry.key), ...this.proposalsForProjectFunding(entry.id)].sort(byScoreThenKeys);
  }

  removeVolunteer(volunteerId: string): boolean {
    return this.removeResource(resourceKeyOf('volunteer', volunteerId));
  }
  removeSocialWorker(socialWorkerId: string): boolean {
    return this.removeResource(resourceKeyOf('social-worker', socialWorkerId));
  }
  removeDonation(donationId: string): boolean {
    return this.removeResource(resourceKeyOf('donation', donationId));
  }
  removeOrganisation(organisationId: string): boolean {
    return this.removeResource(resourceKeyOf('organisation', organisationId));
  }
  removeProject(projectId: string): boolean {
    return this.removeResource(resourceKeyOf('project', projectId));
  }

  /** Removes any resource by its key (`volunteer:v-1`). */
  removeResource(resourceKey: ResourceKey): boolean {
    const entry = this.resources.get(resourceKey);
    if (entry === undefined) return false;
    this.resourceBuckets.remove(entry);
    if (entry.kind === 'project') this.fundingBuckets.remove(entry);
    this.resources.delete(resourceKey);
    return true;
  }

  private upsertResource(entry: ResourceEntry): Proposal[] {
    this.removeResource(entry.key);
    this.addResource(entry);
    return this.proposeOnUpsert ? this.proposalsForResource(entry.key) : [];
  }

  private addResource(entry: ResourceEntry): void {
    this.resources.set(entry.key, entry);
    this.resourceBuckets.add(entry, resourceBucketKeys(entry));
  }

  /** Whether it holds this resource now (registered, not excluded, and for a donation something left). */
  holds(resourceKey: ResourceKey): boolean {
    return this.resources.has(resourceKey);
  }

  // ---- declines ---------------------------------------------------------------------------------

  /** The pair is never proposed nor allocated again, even if the need or resource comes back. */
  decline(needId: string, resourceKey: ResourceKey, reason: string): void {
    if (parseResourceKey(resourceKey) === null) {
      throw invalid('MATCHING_RESOURCE_KEY_INVALID', `not a resource key: ${resourceKey}`, { resourceKey });
    }
    this.declined.record(`need:${needId}`, resourceKey, reason);
  }

  /** The donation is never proposed for this project's funding gap again. */
  declineFunding(projectId: string, donationId: string, reason: string): void {
    this.declined.record(`project:${projectId}`, resourceKeyOf('donation', donationId), reason);
  }

  isDeclined(needId: string, resourceKey: ResourceKey): boolean {
    return this.declined.has(`need:${needId}`, resourceKey);
  }

  declinedPairs(): DeclinedPair[] {
    return this.declined.pairs();
  }

  /** Declines as declinedPairs() listed them (a checkpoint's), recorded again. */
  restoreDeclined(pairs: Iterable<DeclinedPair>): void {
    for (const { demandKey, resourceKey, reason } of pairs) this.declined.record(demandKey, resourceKey, reason);
  }

  // ---- proposals --------------------------------------------------------------------------------

  /**
   * The best resources for a need, up to `proposalsPerKind` of each kind it wants, best first.
   * `onlyKind` scans that kind alone (auto-match wants donations only): the same proposals of that
   * kind in the same order, without scoring the kinds the caller would drop.
   */
  proposalsForNeed(needId: string, limitPerKind = this.options.proposalsPerKind, onlyKind?: ResourceKind): Proposal[] {
    const need = this.needs.get(needId);
    if (need === undefined) return [];
    const context = this.scoringContext();
    const proposals: Proposal[] = [];
    for (const kind of this.kindsWantedBy(need)) {
      if (onlyKind !== undefined && kind !== onlyKind) continue;
      const scan = this.scanResourcesFor(need, kind, context, limitPerKind, this.options.scanBudget);
      for (const candidate of scan.candidates) proposals.push(needProposal(need, candidate.member, context));
    }
    return proposals.sort(byScoreThenKeys);
  }

  /** The needs (and, for a donation, the projects' funding gaps) a resource fits best. */
  proposalsForResource(resourceKey: ResourceKey, limit = this.options.proposalsPerKind): Proposal[] {
    const entry = this.resources.get(resourceKey);
    if (entry === undefined) return [];
    const context = this.scoringContext();
    const declinedBy = this.declined.needsDeclining(resourceKey);
    const needScan = scanBuckets(this.needBuckets, {
      levels: demandScanLevels(entry, 'need'),
      score: (need) => {
        if (declinedBy?.has(need.need.needId)) return INELIGIBLE;
        this.assessedTotal++;
        return scorePair(need, entry, context);
      },
      // Ties are broken by key; every key here would be `need:` and the id, so the id orders them alike.
      keyOf: (need) => need.need.needId,
      ceiling: (level, bucket) => scoreUpperBound(entry.kind, level, null, context, categoryOfBucket(bucket)),
      capacity: limit,
      budget: this.options.scanBudget,
    });
    const proposals = needScan.candidates.map((candidate) => needProposal(candidate.member, entry, context));
    if (entry.kind === 'donation') {
      const fundingScan = scanBuckets(this.fundingBuckets, {
        levels: demandScanLevels(entry, 'project'),
        score: (project) => this.fundingScore(project, entry, context),
        keyOf: (project) => `project:${project.id}`,
        ceiling: (level, bucket) => scoreUpperBound('funding', level, null, context, categoryOfBucket(bucket)),
        capacity: limit,
        budget: this.options.scanBudget,
      });
      for (const candidate of fundingScan.candidates) proposals.push(fundingProposal(candidate.member, entry, context));
    }
    return proposals.sort(byScoreThenKeys);
  }

  /** Donations that could fill a project's funding gap, best first. */
  proposalsForProjectFunding(projectId: string, limit = this.options.proposalsPerKind): Proposal[] {
    const project = this.resources.get(resourceKeyOf('project', projectId));
    if (project === undefined || project.kind !== 'project') return [];
    const context = this.scoringContext();
    const scan = this.scanFundingFor(project, context, limit, this.options.scanBudget);
    return scan.candidates.map((candidate) => fundingProposal(project, candidate.member, context));
  }

  // ---- batch allocation -------------------------------------------------------------------------

  /**
   * Allocates all open needs (inside `area` when given) over all resources at once, maximising
   * urgency-weighted coverage under every capacity; see batch-allocation.ts for the model.
   */
  allocate(area?: Partial<AreaScope>, request: Omit<AllocationRequest, 'area'> = {}): AllocationResult {
    const context = this.scoringContext();
    const { exhaustiveNeedLimit, exhaustiveCandidatesPerKind, exhaustiveScanBudget, allocationCandidatesPerKind, allocationScanBudget } = this.options;
    let needsInArea = 0;
    for (const need of this.needs.values()) if (area === undefined || scopeContains(area, need.need.area)) needsInArea++;
    // District scale: every eligible pair, so the flow is provably optimal. Above it: the best K per need and kind.
    const exhaustive = needsInArea <= exhaustiveNeedLimit;
    const capacity = exhaustive ? exhaustiveCandidatesPerKind : allocationCandidatesPerKind;
    const budget = exhaustive ? exhaustiveScanBudget : allocationScanBudget;
    return runBatchAllocation(
      {
        needs: this.needs,
        resources: this.resources,
        context,
        options: this.options,
        candidateMode: exhaustive ? 'exhaustive' : 'top-k',
        candidatesFor: (need, kind) => this.scanResourcesFor(need, kind, context, capacity, budget),
        fundingCandidatesFor: (project) => this.scanFundingFor(project, context, capacity, budget),
      },
      { ...request, ...(area === undefined ? {} : { area }) },
    );
  }

  // ---- introspection ----------------------------------------------------------------------------

  /** How many candidates were scored since the engine started: lets tests prove lookups stay local. */
  get assessedCandidates(): number {
    return this.assessedTotal;
  }

  counts(): { needs: number; buckets: number } & Record<ResourceKind, number> {
    const counts = { needs: this.needs.size, buckets: this.resourceBuckets.size + this.needBuckets.size + this.fundingBuckets.size, volunteer: 0, 'social-worker': 0, donation: 0, organisation: 0, project: 0 };
    for (const entry of this.resources.values()) counts[entry.kind]++;
    return counts;
  }

  // ---- internals --------------------------------------------------------------------------------

  private scoringContext(): ScoringContext {
    return { weights: this.weights, nowMs: this.now().getTime() };
  }

  private kindsWantedBy(need: NeedEntry): ResourceKind[] {
    const kinds: ResourceKind[] = [];
    if (need.hours > 0) kinds.push('volunteer', 'social-worker');
    if (need.fen > 0) kinds.push('donation');
    if (need.carrier) kinds.push('organisation', 'project');
    return kinds;
  }

  private scanResourcesFor(need: NeedEntry, kind: ResourceKind, context: ScoringContext, capacity: number, budget: number): ScanResult<ResourceEntry> {
    const declined = this.declined.of(needDemandKey(need.need.needId));
    return scanBuckets(this.resourceBuckets, {
      levels: resourceScanLevels(need, kind),
      score: (entry) => {
        if (declined?.has(entry.key)) return INELIGIBLE;
        this.assessedTotal++;
        return scorePair(need, entry, context);
      },
      keyOf: (entry) => entry.key,
      ceiling: (level: DistanceLevel, bucket) => scoreUpperBound(kind, level, need, context, categoryOfBucket(bucket)),
      capacity,
      budget,
    });
  }

  private scanFundingFor(project: ProjectEntry, context: ScoringContext, capacity: number, budget: number): ScanResult<DonationEntry> {
    return scanBuckets(this.resourceBuckets as unknown as BucketIndex<DonationEntry>, {
      levels: fundingScanLevels(project),
      score: (donation) => this.fundingScore(project, donation, context),
      keyOf: (donation) => donation.key,
      ceiling: (level, bucket) => scoreUpperBound('funding', level, null, context, categoryOfBucket(bucket)),
      capacity,
      budget,
    });
  }

  private fundingScore(project: ProjectEntry, donation: DonationEntry, context: ScoringContext): number {
    if (this.declined.has(`project:${project.id}`, donation.key)) return INELIGIBLE;
    this.assessedTotal++;
    return scoreFunding(project, donation, context);
  }
}
