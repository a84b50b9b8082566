/**
 * Everything that decides how well a resource fits a need, as configuration: the API passes a JSON
 * (env MATCHING_WEIGHTS) that overrides any subset of these defaults; nothing here is hard-wired in code.
 */
import { invalid } from '#domain';
import type { SocialWorkerGrade, Urgency } from '#domain';
import { DISTANCE_LEVELS, type DistanceLevel } from './area.js';
import { SCORE_FACTORS, type ResourceKind, type ScoreFactor } from './matching.types.js';

export interface MatchingWeights {
  /** Relative weight of each factor in the 0-100 score (a weighted mean over the factors a kind has). */
  readonly factors: Readonly<Record<ScoreFactor, number>>;
  /** Value of the distance factor per level of the administrative tree. */
  readonly distance: Readonly<Record<DistanceLevel, number>>;
  /** Value of the urgency factor in a score (how strongly urgent needs rank first for a resource). */
  readonly urgency: Readonly<Record<Urgency, number>>;
  /** Weight of one covered unit in the batch allocation: the "urgency-weighted coverage" objective. */
  readonly coverage: Readonly<Record<Urgency, number>>;
  /** How much match quality adds to a covered unit's worth in the batch: worth = coverage * (1 + quality * score/100). */
  readonly qualityInAllocation: number;
  /** Days of waiting after which the waiting factor is full. */
  readonly waitingSaturationDays: number;
  /** Category fit of a resource that serves every category (social workers, unearmarked donations). */
  readonly generalistCategoryFit: number;
  /** Availability of a volunteer who declared no windows, for a need with a window. */
  readonly unknownAvailability: number;
  /** Evaluation factor of an organisation that has no evaluation yet. */
  readonly neutralEvaluation: number;
  readonly socialWorkerGrade: Readonly<Record<SocialWorkerGrade | 'none', number>>;
  /** Multiplies a social worker's grade value when they are not qualified (rule 1). */
  readonly unqualifiedFactor: number;
  /** Earmark factor: how precisely a donation's earmark targets this need (honouring donor intent first). */
  readonly earmark: Readonly<Record<'community' | 'street' | 'district' | 'categoryOnly' | 'none', number>>;
  /** The score urgency used for a project's funding gap (projects have no urgency of their own). */
  readonly projectFundingUrgency: Urgency;
  readonly fairness: FairnessWeights;
  readonly policy: MatchingPolicy;
}

/** Kinds that receive work (needs, hours): the ones the fairness term spreads it across. */
export const FAIRNESS_KINDS = ['volunteer', 'social-worker', 'organisation', 'project'] as const;
export type FairnessKind = (typeof FAIRNESS_KINDS)[number];

/**
 * The fairness term: a resource is penalised in proportion to what it already received inside the
 * window, so proposals and batches do not send everything to the same few organisations or people.
 * Its weight in the score is `factors.fairness`; its weight in the batch is `inAllocation`.
 */
export interface FairnessWeights {
  /** Days back that count as "already received". */
  readonly windowDays: number;
  /**
   * A fair share per kind inside the window (weekly hours assigned for people, needs for carriers):
   * the fairness value falls linearly from 1 (nothing received) to 0 at this share.
   */
  readonly fairShare: Readonly<Record<FairnessKind, number>>;
  /**
   * Worth a unit loses in the batch at a full fair share, as a fraction of one low-urgency unit's
   * base worth (valueScale * coverage.low): at most 1, so a unit never costs more than it covers.
   */
  readonly inAllocation: number;
}

/** Eligibility rules: which pairs may be proposed at all. */
export interface MatchingPolicy {
  /** Farthest a resource of each kind is proposed (donations are further bounded by their earmark, projects by their area). */
  readonly reach: Readonly<Record<Exclude<ResourceKind, 'project'>, DistanceLevel>>;
  /** Project statuses that take needs and funding. */
  readonly openProjectStatuses: readonly string[];
  /** Organisations graded below this are not proposed (0 admits ungraded ones). */
  readonly minimumOrganisationGrade: number;
}

export const DEFAULT_MATCHING_WEIGHTS: MatchingWeights = {
  factors: {
    category: 2,
    distance: 3,
    skills: 2,
    availability: 2,
    capacity: 1.5,
    urgency: 1,
    waiting: 1,
    earmark: 1.5,
    grade: 1,
    evaluation: 1,
    // Tuned on the bench's skewed district (test/bench/fairness.bench.ts): with inAllocation 0.5 it cuts
    // the organisations' Gini by about a quarter while urgency-weighted coverage moves by about 0.1%.
    fairness: 3,
  },
  distance: { community: 1, street: 0.7, district: 0.4, city: 0.15 },
  urgency: { low: 0.25, medium: 0.5, high: 0.75, critical: 1 },
  coverage: { low: 1, medium: 2, high: 4, critical: 8 },
  qualityInAllocation: 1,
  waitingSaturationDays: 30,
  generalistCategoryFit: 0.6,
  unknownAvailability: 0.5,
  neutralEvaluation: 0.5,
  socialWorkerGrade: { none: 0.3, assistant: 0.6, intermediate: 0.8, senior: 1 },
  unqualifiedFactor: 0.5,
  earmark: { community: 1, street: 0.9, district: 0.8, categoryOnly: 0.7, none: 0.4 },
  projectFundingUrgency: 'medium',
  fairness: {
    windowDays: 90,
    fairShare: { volunteer: 8, 'social-worker': 24, organisation: 4, project: 8 },
    inAllocation: 0.5,
  },
  policy: {
    reach: { volunteer: 'street', 'social-worker': 'district', donation: 'city', organisation: 'district' },
    openProjectStatuses: ['designed', 'published', 'bidding_closed', 'contracted', 'staffed', 'in_delivery'],
    minimumOrganisationGrade: 0,
  },
};

type DeepPartial<T> = { [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K] };
export type MatchingWeightsOverride = DeepPartial<MatchingWeights>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Overlays `override` on `base`, refusing unknown keys so a typo in the config never goes unnoticed. */
function overlay(base: unknown, override: unknown, path: string): unknown {
  if (override === undefined) return base;
  if (Array.isArray(base)) {
    if (!Array.isArray(override) || !override.every((item) => typeof item === 'string')) {
      throw invalid('MATCHING_WEIGHTS_INVALID', `${path} must be an array of strings`, { path });
    }
    return [...override];
  }
  if (isPlainObject(base)) {
    if (!isPlainObject(override)) throw invalid('MATCHING_WEIGHTS_INVALID', `${path} must be an object`, { path });
    const result: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(override)) {
      if (!(key in base)) throw invalid('MATCHING_WEIGHTS_INVALID', `unknown matching weight ${path}.${key}`, { path: `${path}.${key}` });
      result[key] = overlay(base[key], value, `${path}.${key}`);
    }
    return result;
  }
  if (typeof base !== typeof override) {
    throw invalid('MATCHING_WEIGHTS_INVALID', `${path} must be a ${typeof base}`, { path });
  }
  return override;
}

/** Defaults overlaid with `override`, validated. Throws MATCHING_WEIGHTS_INVALID. */
export function resolveMatchingWeights(override?: MatchingWeightsOverride, base: MatchingWeights = DEFAULT_MATCHING_WEIGHTS): MatchingWeights {
  const weights = overlay(base, override ?? {}, 'weights') as MatchingWeights;
  validateMatchingWeights(weights);
  return weights;
}

/** Parses the MATCHING_WEIGHTS JSON (absent or empty means the defaults). */
export function parseMatchingWeights(json: string | undefined): MatchingWeights {
  if (json === undefined || json.trim() === '') return DEFAULT_MATCHING_WEIGHTS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw invalid('MATCHING_WEIGHTS_INVALID', `MATCHING_WEIGHTS is not JSON: ${(error as Error).message}`);
  }
  if (!isPlainObject(parsed)) throw invalid('MATCHING_WEIGHTS_INVALID', 'MATCHING_WEIGHTS must be a JSON object');
  return resolveMatchingWeights(parsed as MatchingWeightsOverride);
}

/**
 * The sane range of every number in the weights. A weight is relative, so 100 times the default is
 * already extreme; beyond these a value is a typo (1e308 overflows every sum it enters and makes
 * every other factor noise), and the service refuses to start rather than rank with it.
 */
export const WEIGHT_BOUNDS = {
  /** A factor's weight in the score, relative to the others (defaults 1 to 3). */
  factor: 100,
  /** A covered unit's worth per urgency (defaults 1 to 8). */
  coverage: 1000,
  qualityInAllocation: 100,
  /** Days: ten years of waiting or of history is the most any window means. */
  days: 3650,
  /** A fair share inside the window: hours a week for people, needs for carriers. */
  fairShare: 10_000,
  /** Project statuses named open, and the length of each name. */
  statuses: 20,
} as const;

function validateMatchingWeights(weights: MatchingWeights): void {
  const inRange = (value: number, path: string, min: number, max: number, { integer = false, aboveMin = false } = {}) => {
    if (!Number.isFinite(value) || value < min || (aboveMin && value === min) || value > max || (integer && !Number.isInteger(value))) {
      const range = `${aboveMin ? '(' : '['}${min}, ${max}]`;
      throw invalid('MATCHING_WEIGHTS_INVALID', `${path} must be ${integer ? 'a whole number' : 'a number'} in ${range}`, { path, value });
    }
  };
  const nonNegative = (value: number, path: string, max: number) => inRange(value, path, 0, max);
  for (const factor of SCORE_FACTORS) nonNegative(weights.factors[factor], `factors.${factor}`, WEIGHT_BOUNDS.factor);
  for (const level of DISTANCE_LEVELS) nonNegative(weights.distance[level], `distance.${level}`, 1);
  for (const [urgency, value] of Object.entries(weights.urgency)) nonNegative(value, `urgency.${urgency}`, 1);
  for (const [urgency, value] of Object.entries(weights.coverage)) nonNegative(value, `coverage.${urgency}`, WEIGHT_BOUNDS.coverage);
  for (const [grade, value] of Object.entries(weights.socialWorkerGrade)) nonNegative(value, `socialWorkerGrade.${grade}`, 1);
  for (const [kind, value] of Object.entries(weights.earmark)) nonNegative(value, `earmark.${kind}`, 1);
  nonNegative(weights.qualityInAllocation, 'qualityInAllocation', WEIGHT_BOUNDS.qualityInAllocation);
  nonNegative(weights.generalistCategoryFit, 'generalistCategoryFit', 1);
  nonNegative(weights.unknownAvailability, 'unknownAvailability', 1);
  nonNegative(weights.neutralEvaluation, 'neutralEvaluation', 1);
  nonNegative(weights.unqualifiedFactor, 'unqualifiedFactor', 1);
  nonNegative(weights.policy.minimumOrganisationGrade, 'policy.minimumOrganisationGrade', 5);
  nonNegative(weights.fairness.inAllocation, 'fairness.inAllocation', 1);
  inRange(weights.fairness.windowDays, 'fairness.windowDays', 1, WEIGHT_BOUNDS.days, { integer: true });
  for (const [kind, share] of Object.entries(weights.fairness.fairShare)) {
    inRange(share, `fairness.fairShare.${kind}`, 0, WEIGHT_BOUNDS.fairShare, { aboveMin: true });
  }
  inRange(weights.waitingSaturationDays, 'waitingSaturationDays', 0, WEIGHT_BOUNDS.days, { aboveMin: true });
  const statuses = weights.policy.openProjectStatuses;
  if (statuses.length > WEIGHT_BOUNDS.statuses || statuses.some((status) => !/^[a-z_]{1,40}$/.test(status))) {
    throw invalid('MATCHING_WEIGHTS_INVALID', `policy.openProjectStatuses must be at most ${WEIGHT_BOUNDS.statuses} project statuses (lower-case words)`, { path: 'policy.openProjectStatuses' });
  }
  if (!['low', 'medium', 'high', 'critical'].includes(weights.projectFundingUrgency)) {
    throw invalid('MATCHING_WEIGHTS_INVALID', 'projectFundingUrgency must be an urgency', { path: 'projectFundingUrgency' });
  }
  for (const [kind, level] of Object.entries(weights.policy.reach)) {
    if (!DISTANCE_LEVELS.includes(level)) {
      throw invalid('MATCHING_WEIGHTS_INVALID', `policy.reach.${kind} must be one of ${DISTANCE_LEVELS.join(', ')}`, { path: `policy.reach.${kind}` });
    }
  }
  if (SCORE_FACTORS.every((factor) => weights.factors[factor] === 0)) {
    throw invalid('MATCHING_WEIGHTS_INVALID', 'at least one factor weight must be positive', { path: 'factors' });
  }
}
