/**
 * Scores one (need, resource) pair as a weighted mean of readable factors, or rules it out.
 * One function per kind both ranks (reasons = null, the hot path) and explains (reasons collected),
 * so what a person reads is exactly what ranked the pair.
 */
import { SERVICE_CATEGORIES } from '#domain';
import type { Urgency } from '#domain';
import { distanceBetween, distanceBetweenScopes, distanceRank, mostSpecificLevel, scopeContains, type DistanceLevel } from './area.js';
import { earmarkAllows, earmarkAllowsProject, earmarkSpecificity } from './earmark.js';
import { describeReceived, fairnessValue, receivedWithin, receivesWork } from './fairness.js';
import type {
  DonationEntry,
  NeedEntry,
  OrganisationEntry,
  ProjectEntry,
  ResourceEntry,
  SocialWorkerEntry,
  VolunteerEntry,
} from './matching-entries.js';
import { SCORE_FACTORS, type Offer, type ResourceKind, type ScoreFactor, type ScoreReason } from './matching.types.js';
import type { MatchingWeights } from './matching-weights.js';
import { describeWindow, overlapMinutes, windowMinutes } from './weekly-window.js';

/** Returned instead of a score when the pair may not be proposed at all. */
export const INELIGIBLE = -1;

export interface ScoringContext {
  readonly weights: MatchingWeights;
  readonly nowMs: number;
}

/** Factors each kind is scored on; the score is a weighted mean over exactly these. */
export const FACTORS_BY_KIND: Readonly<Record<ResourceKind | 'funding', readonly ScoreFactor[]>> = {
  volunteer: ['category', 'distance', 'skills', 'availability', 'capacity', 'urgency', 'waiting', 'fairness'],
  'social-worker': ['category', 'distance', 'capacity', 'grade', 'urgency', 'waiting', 'fairness'],
  donation: ['category', 'distance', 'capacity', 'earmark', 'urgency', 'waiting'],
  organisation: ['category', 'distance', 'grade', 'evaluation', 'urgency', 'waiting', 'fairness'],
  project: ['category', 'distance', 'urgency', 'waiting', 'fairness'],
  funding: ['category', 'distance', 'capacity', 'earmark', 'urgency'],
};

/** Sums weight * value; when explaining it also records the readable lines. */
class Accumulator {
  private sum = 0;
  private weightSum = 0;
  private factorWeights: MatchingWeights['factors'];
  private pending: { factor: ScoreFactor; value: number; weight: number; detail: string }[] | null;
  constructor(weights: MatchingWeights, explain: boolean) {
    this.factorWeights = weights.factors;
    this.pending = explain ? [] : null;
  }
  /** Reuses this accumulator for another pair (the ranking hot path allocates nothing). */
  reset(weights: MatchingWeights): this {
    this.sum = 0;
    this.weightSum = 0;
    this.factorWeights = weights.factors;
    return this;
  }
  get explaining(): boolean {
    return this.pending !== null;
  }
  add(factor: ScoreFactor, value: number, detail: string): void {
    const weight = this.factorWeights[factor];
    this.sum += weight * value;
    this.weightSum += weight;
    this.pending?.push({ factor, value, weight, detail });
  }
  score(): number {
    return this.weightSum === 0 ? 0 : (100 * this.sum) / this.weightSum;
  }
  reasons(): ScoreReason[] {
    const weightSum = this.weightSum;
    return (this.pending ?? []).map((line) => ({
      factor: line.factor,
      value: round(line.value, 3),
      weight: line.weight,
      points: weightSum === 0 ? 0 : round((100 * line.weight * line.value) / weightSum, 1),
      detail: line.detail,
    }));
  }
}

/** The one accumulator the ranking path reuses; scoring never re-enters itself. */
const rankingAccumulator = new Accumulator({ factors: Object.fromEntries(SCORE_FACTORS.map((factor) => [factor, 0])) } as unknown as MatchingWeights, false);

export const round = (value: number, digits: number): number => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};

const categoryLabel = (category: string) => `${category} (${SERVICE_CATEGORIES[category as keyof typeof SERVICE_CATEGORIES] ?? category})`;

const DISTANCE_DETAIL: Record<DistanceLevel, string> = {
  community: 'same community',
  street: 'same street, another community',
  district: 'same district, another street',
  city: 'same city, another district',
};

function addDistance(acc: Accumulator, weights: MatchingWeights, level: DistanceLevel): void {
  acc.add('distance', weights.distance[level], acc.explaining ? DISTANCE_DETAIL[level] : '');
}

function addUrgencyAndWaiting(acc: Accumulator, need: NeedEntry, context: ScoringContext): void {
  const { weights } = context;
  acc.add('urgency', weights.urgency[need.need.urgency], acc.explaining ? `urgency ${need.need.urgency}` : '');
  const waitedDays = Math.max(0, (context.nowMs - need.listedAtMs) / 86_400_000);
  acc.add(
    'waiting',
    Math.min(1, waitedDays / weights.waitingSaturationDays),
    acc.explaining ? `listed ${round(waitedDays, 1)} days ago (full at ${weights.waitingSaturationDays})` : '',
  );
}

/** Fairness (seen from the resource): less for what it already received lately; see fairness.ts. */
function addFairness(acc: Accumulator, entry: ResourceEntry, context: ScoringContext): void {
  if (!receivesWork(entry.kind)) return;
  const received = receivedWithin(entry, context.weights, context.nowMs);
  acc.add('fairness', fairnessValue(entry.kind, received, context.weights), acc.explaining ? describeReceived(entry.kind, received, context.weights) : '');
}

const withinReach = (level: DistanceLevel | null, reach: DistanceLevel): level is DistanceLevel =>
  level !== null && distanceRank(level) <= distanceRank(reach);

function scoreVolunteer(need: NeedEntry, entry: VolunteerEntry, context: ScoringContext, acc: Accumulator): number {
  const volunteer = entry.resource;
  if (need.hours <= 0 || volunteer.availableHoursPerWeek <= 0) return INELIGIBLE;
  if (!volunteer.categories.includes(need.need.category)) return INELIGIBLE;
  const level = distanceBetween(entry.placement, need.need.area);
  if (!withinReach(level, entry.reach)) return INELIGIBLE;
  const window = need.need.window;
  let availability = 1;
  let availabilityDetail = 'the need has no fixed time';
  if (window !== undefined) {
    if (entry.windows === undefined) {
      availability = context.weights.unknownAvailability;
      availabilityDetail = 'volunteer declared no time windows';
    } else {
      const overlap = overlapMinutes(window, entry.windows);
      // A volunteer who is never free when the service happens cannot deliver it.
      if (overlap === 0) return INELIGIBLE;
      availability = overlap / windowMinutes(window);
      availabilityDetail = acc.explaining ? `free ${overlap} of ${windowMinutes(window)} minutes of ${describeWindow(window)}` : '';
    }
  }
  acc.add('category', 1, acc.explaining ? `serves ${categoryLabel(need.need.category)}` : '');
  addDistance(acc, context.weights, level);
  const required = need.requiredSkills;
  if (required.length === 0) {
    acc.add('skills', 1, 'no skills required');
  } else {
    let covered = 0;
    for (const skill of required) if (entry.skills.has(skill)) covered++;
    acc.add(
      'skills',
      covered / required.length,
      acc.explaining
        ? `covers ${covered} of ${required.length} required skills${covered > 0 ? `: ${required.filter((skill) => entry.skills.has(skill)).join(', ')}` : ''}`
        : '',
    );
  }
  acc.add('availability', availability, availabilityDetail);
  const hours = Math.min(volunteer.availableHoursPerWeek, need.hours);
  acc.add('capacity', hours / need.hours, acc.explaining ? `can give ${round(hours, 2)} of ${need.hours} weekly hours needed` : '');
  addUrgencyAndWaiting(acc, need, context);
  addFairness(acc, entry, context);
  return acc.score();
}

function scoreSocialWorker(need: NeedEntry, entry: SocialWorkerEntry, context: ScoringContext, acc: Accumulator): number {
  const worker = entry.resource;
  if (need.hours <= 0 || worker.availableHoursPerWeek <= 0) return INELIGIBLE;
  const level = distanceBetween(entry.placement, need.need.area);
  if (!withinReach(level, entry.reach)) return INELIGIBLE;
  const { weights } = context;
  acc.add('category', weights.generalistCategoryFit, 'social workers serve every category');
  addDistance(acc, weights, level);
  const hours = Math.min(worker.availableHoursPerWeek, need.hours);
  acc.add('capacity', hours / need.hours, acc.explaining ? `can give ${round(hours, 2)} of ${need.hours} weekly hours needed` : '');
  const gradeValue = weights.socialWorkerGrade[worker.grade ?? 'none'] * (worker.qualified ? 1 : weights.unqualifiedFactor);
  acc.add('grade', gradeValue, acc.explaining ? `${worker.grade ?? 'ungraded'}, ${worker.qualified ? 'qualified' : 'not qualified'}` : '');
  addUrgencyAndWaiting(acc, need, context);
  addFairness(acc, entry, context);
  return acc.score();
}

function addEarmark(acc: Accumulator, weights: MatchingWeights, entry: DonationEntry): void {
  const specificity = earmarkSpecificity(entry.resource.earmark);
  const detail =
    specificity === 'none'
      ? 'unrestricted donation'
      : specificity === 'categoryOnly'
        ? 'earmarked for this category'
        : `earmarked for this ${specificity}`;
  acc.add('earmark', weights.earmark[specificity], detail);
}

function scoreDonation(need: NeedEntry, entry: DonationEntry, context: ScoringContext, acc: Accumulator): number {
  const donation = entry.resource;
  if (need.fen <= 0 || donation.balanceFen <= 0) return INELIGIBLE;
  // Rule 12: never against the donor's restriction.
  if (!earmarkAllows(donation.earmark, need.need)) return INELIGIBLE;
  const level = distanceBetween(entry.placement, need.need.area);
  if (!withinReach(level, entry.reach)) return INELIGIBLE;
  const { weights } = context;
  if (donation.earmark?.category !== undefined) acc.add('category', 1, acc.explaining ? `earmarked for ${categoryLabel(need.need.category)}` : '');
  else acc.add('category', weights.generalistCategoryFit, 'any category');
  addDistance(acc, weights, level);
  const fen = Math.min(donation.balanceFen, need.fen);
  acc.add('capacity', fen / need.fen, acc.explaining ? `can give ${fen / 100} of ${need.fen / 100} yuan needed` : '');
  addEarmark(acc, weights, entry);
  addUrgencyAndWaiting(acc, need, context);
  return acc.score();
}

function scoreOrganisation(need: NeedEntry, entry: OrganisationEntry, context: ScoringContext, acc: Accumulator): number {
  const organisation = entry.resource;
  const { weights } = context;
  if (!need.carrier || organisation.spareCapacity < 1) return INELIGIBLE;
  if (!organisation.categories.includes(need.need.category)) return INELIGIBLE;
  if (organisation.grade < weights.policy.minimumOrganisationGrade) return INELIGIBLE;
  const level = distanceBetween(entry.placement, need.need.area);
  if (!withinReach(level, entry.reach)) return INELIGIBLE;
  acc.add('category', 1, acc.explaining ? `serves ${categoryLabel(need.need.category)}` : '');
  addDistance(acc, weights, level);
  acc.add('grade', organisation.grade / 5, organisation.grade === 0 ? 'not graded' : `graded ${organisation.grade}A`);
  acc.add(
    'evaluation',
    organisation.evaluationScore === undefined ? weights.neutralEvaluation : organisation.evaluationScore / 100,
    organisation.evaluationScore === undefined ? 'no evaluation yet' : `evaluated ${organisation.evaluationScore}/100`,
  );
  addUrgencyAndWaiting(acc, need, context);
  addFairness(acc, entry, context);
  return acc.score();
}

function scoreProject(need: NeedEntry, entry: ProjectEntry, context: ScoringContext, acc: Accumulator): number {
  const project = entry.resource;
  if (!need.carrier || !entry.open) return INELIGIBLE;
  if (project.needCapacity !== undefined && project.needCapacity < 1) return INELIGIBLE;
  if (!project.categories.includes(need.need.category)) return INELIGIBLE;
  if (!scopeContains(project.area, need.need.area)) return INELIGIBLE;
  const level = mostSpecificLevel(project.area);
  acc.add('category', 1, acc.explaining ? `project covers ${categoryLabel(need.need.category)}` : '');
  addDistance(acc, context.weights, level);
  addUrgencyAndWaiting(acc, need, context);
  addFairness(acc, entry, context);
  return acc.score();
}

/** Score of `entry` for `need` (0-100), or INELIGIBLE. */
export function scorePair(need: NeedEntry, entry: ResourceEntry, context: ScoringContext): number {
  return scoreWith(need, entry, context, rankingAccumulator.reset(context.weights));
}

/** Score and readable reasons, or null when the pair is not eligible. */
export function explainPair(need: NeedEntry, entry: ResourceEntry, context: ScoringContext): { score: number; reasons: ScoreReason[] } | null {
  const acc = new Accumulator(context.weights, true);
  const score = scoreWith(need, entry, context, acc);
  return score === INELIGIBLE ? null : { score, reasons: acc.reasons() };
}

function scoreWith(need: NeedEntry, entry: ResourceEntry, context: ScoringContext, acc: Accumulator): number {
  switch (entry.kind) {
    case 'volunteer':
      return scoreVolunteer(need, entry, context, acc);
    case 'social-worker':
      return scoreSocialWorker(need, entry, context, acc);
    case 'donation':
      return scoreDonation(need, entry, context, acc);
    case 'organisation':
      return scoreOrganisation(need, entry, context, acc);
    case 'project':
      return scoreProject(need, entry, context, acc);
  }
}

/** What `entry` would give `need`: bounded by both the remaining capacity and the remaining demand. */
export function offerFor(need: NeedEntry, entry: ResourceEntry): Offer {
  switch (entry.kind) {
    case 'volunteer':
    case 'social-worker':
      return { hoursPerWeek: Math.min(entry.resource.availableHoursPerWeek, need.hours) };
    case 'donation':
      return { amountFen: Math.min(entry.resource.balanceFen, need.fen) };
    case 'organisation':
    case 'project':
      return { slots: 1 };
  }
}

// ---- donations filling a project's funding gap --------------------------------------------------

function scoreFundingWith(project: ProjectEntry, donation: DonationEntry, context: ScoringContext, acc: Accumulator): number {
  const gap = project.resource.fundingGapFen;
  const balance = donation.resource.balanceFen;
  if (!project.open || gap <= 0 || balance <= 0) return INELIGIBLE;
  if (!earmarkAllowsProject(donation.resource.earmark, project.resource)) return INELIGIBLE;
  const level = distanceBetweenScopes(donation.placement, project.placement);
  if (!withinReach(level, donation.reach)) return INELIGIBLE;
  const { weights } = context;
  const earmarkCategory = donation.resource.earmark?.category;
  if (earmarkCategory !== undefined) acc.add('category', 1, acc.explaining ? `earmarked for ${categoryLabel(earmarkCategory)}` : '');
  else acc.add('category', weights.generalistCategoryFit, 'any category');
  addDistance(acc, weights, level);
  const fen = Math.min(balance, gap);
  acc.add('capacity', fen / gap, acc.explaining ? `can fill ${fen / 100} of the ${gap / 100} yuan funding gap` : '');
  addEarmark(acc, weights, donation);
  const urgency: Urgency = weights.projectFundingUrgency;
  acc.add('urgency', weights.urgency[urgency], `project funding counts as ${urgency}`);
  return acc.score();
}

export function scoreFunding(project: ProjectEntry, donation: DonationEntry, context: ScoringContext): number {
  return scoreFundingWith(project, donation, context, rankingAccumulator.reset(context.weights));
}

export function explainFunding(project: ProjectEntry, donation: DonationEntry, context: ScoringContext): { score: number; reasons: ScoreReason[] } | null {
  const acc = new Accumulator(context.weights, true);
  const score = scoreFundingWith(project, donation, context, acc);
  return score === INELIGIBLE ? null : { score, reasons: acc.reasons() };
}

/**
 * The highest score any resource of `kind` could reach for this need if it sat at `level` in a
 * bucket of `bucketCategory`: distance fixed by the level, urgency and waiting by the need (1 when
 * unknown), the rest at their best possible value for that bucket. Lets a scan stop once nothing
 * farther away can beat the candidates it already holds.
 */
export function scoreUpperBound(
  kind: ResourceKind | 'funding',
  level: DistanceLevel,
  need: NeedEntry | null,
  context: ScoringContext,
  bucketCategory: string,
): number {
  const { weights } = context;
  const generalist = kind === 'social-worker' || ((kind === 'donation' || kind === 'funding') && bucketCategory === '*');
  let sum = 0;
  let weightSum = 0;
  for (const factor of FACTORS_BY_KIND[kind]) {
    const weight = weights.factors[factor];
    weightSum += weight;
    let best = 1;
    if (factor === 'distance') best = weights.distance[level];
    else if (factor === 'category' && generalist) best = weights.generalistCategoryFit;
    else if (factor === 'urgency') best = need === null ? maxOf(weights.urgency) : weights.urgency[need.need.urgency];
    else if (factor === 'waiting' && need !== null) best = Math.min(1, Math.max(0, (context.nowMs - need.listedAtMs) / 86_400_000) / weights.waitingSaturationDays);
    else if (factor === 'grade' && kind === 'social-worker') best = maxOf(weights.socialWorkerGrade);
    else if (factor === 'earmark') {
      // Only donations without an area earmark reach the city level; a `*` bucket holds no category earmark either.
      best =
        level !== 'city'
          ? maxOf(weights.earmark)
          : bucketCategory === '*'
            ? weights.earmark.none
            : Math.max(weights.earmark.categoryOnly, weights.earmark.none);
    }
    sum += weight * best;
  }
  return weightSum === 0 ? 0 : (100 * sum) / weightSum;
}

const maxOf = (table: Readonly<Record<string, number>>): number => Math.max(...Object.values(table));
