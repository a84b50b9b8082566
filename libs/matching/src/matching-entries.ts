/**
 * The engine's normalised view of its inputs: parsed instants, lower-cased skills, merged windows and
 * each resource's placement (the place it is indexed under and measured from). Built once per upsert
 * so the hot scoring loop does no parsing.
 */
import { invalid } from '#domain';
import { serviceCategories, URGENCIES } from '#domain';
import type { Area } from '#domain';
import { DISTANCE_LEVELS, type AreaScope, type DistanceLevel, mostSpecificLevel, scopeContains } from './area.js';
import { earmarkNamesArea } from './earmark.js';
import type {
  Receipt,
  DonationResource,
  MatchableNeed,
  OrganisationResource,
  ProjectResource,
  SocialWorkerResource,
  VolunteerResource,
} from './matching.types.js';
import { resourceKeyOf } from './matching.types.js';
import type { MatchingWeights } from './matching-weights.js';
import type { BucketSlots } from './candidate-scan.js';
import { isValidWindow, normaliseWindows, type WeeklyWindow } from './weekly-window.js';

export interface NeedEntry {
  /** Scratch mark for index scans (see candidate-scan.ts). */
  scanMark: number;
  /** Where it sits in the engine's need buckets (candidate-scan.ts keeps it). */
  bucketSlots: BucketSlots | undefined;
  readonly need: MatchableNeed;
  readonly listedAtMs: number;
  readonly hours: number;
  readonly fen: number;
  readonly carrier: boolean;
  readonly requiredSkills: readonly string[];
}

interface ResourceEntryBase {
  /** Scratch mark for index scans (see candidate-scan.ts). */
  scanMark: number;
  /** Where it sits in the engine's resource buckets (candidate-scan.ts keeps it). */
  bucketSlots: BucketSlots | undefined;
  readonly key: string;
  readonly id: string;
  /** Where the resource is indexed and measured from. */
  readonly placement: AreaScope;
  /** Farthest level it is proposed at. */
  readonly reach: DistanceLevel;
  /** What it received lately, parsed (the fairness term); empty for donations. */
  readonly receipts: readonly ParsedReceipt[];
}
export interface ParsedReceipt {
  readonly atMs: number;
  readonly amount: number;
}
export interface VolunteerEntry extends ResourceEntryBase {
  readonly kind: 'volunteer';
  readonly resource: VolunteerResource;
  readonly skills: ReadonlySet<string>;
  readonly windows: readonly WeeklyWindow[] | undefined;
}
export interface SocialWorkerEntry extends ResourceEntryBase {
  readonly kind: 'social-worker';
  readonly resource: SocialWorkerResource;
}
export interface DonationEntry extends ResourceEntryBase {
  readonly kind: 'donation';
  readonly resource: DonationResource;
}
export interface OrganisationEntry extends ResourceEntryBase {
  readonly kind: 'organisation';
  readonly resource: OrganisationResource;
}
export interface ProjectEntry extends ResourceEntryBase {
  readonly kind: 'project';
  readonly resource: ProjectResource;
  readonly open: boolean;
  /** Where it sits in the engine's funding buckets, as a demand for money. */
  fundingSlots: BucketSlots | undefined;
}
export type ResourceEntry = VolunteerEntry | SocialWorkerEntry | DonationEntry | OrganisationEntry | ProjectEntry;

const fail = (field: string, message: string, value?: unknown): never => {
  throw invalid('MATCHING_INPUT_INVALID', `${field}: ${message}`, { field, value });
};
const requireId = (field: string, value: string) => {
  if (typeof value !== 'string' || value.length === 0 || value.includes('|')) fail(field, 'must be a non-empty string without "|"', value);
};
const requireAmount = (field: string, value: number | undefined) => {
  if (value !== undefined && (!Number.isFinite(value) || value < 0)) fail(field, 'must be a finite number >= 0', value);
};
const requireCategories = (field: string, values: readonly string[]) => {
  for (const value of values) if (!(serviceCategories as readonly string[]).includes(value)) fail(field, `unknown category ${value}`, value);
};
const requireArea = (field: string, area: Area) => {
  for (const level of ['city', 'district', 'street', 'community'] as const) {
    if (typeof area?.[level] !== 'string' || area[level].length === 0) fail(`${field}.${level}`, 'must be a non-empty code', area?.[level]);
  }
};
const requireScope = (field: string, scope: AreaScope) => {
  if (typeof scope?.district !== 'string' || scope.district.length === 0) fail(`${field}.district`, 'must be a non-empty code', scope?.district);
};
const requireWindows = (field: string, windows: readonly WeeklyWindow[]) => {
  for (const window of windows) if (!isValidWindow(window)) fail(field, 'a window is a day 0-6 and minutes 0 <= from < to <= 1440', window);
};

/** Shared by every entry that received nothing lately (most of them): no empty array per entry. */
const NO_PARSED_RECEIPTS: readonly ParsedReceipt[] = Object.freeze([]);

const parseReceipts = (received: readonly Receipt[] | undefined): readonly ParsedReceipt[] =>
  received === undefined || received.length === 0 ? NO_PARSED_RECEIPTS : received.map((receipt, index) => {
    const atMs = Date.parse(receipt.at);
    if (Number.isNaN(atMs)) fail(`received[${index}].at`, 'must be an ISO instant', receipt.at);
    requireAmount(`received[${index}].amount`, receipt.amount);
    return { atMs, amount: receipt.amount };
  });

const lowerSkills = (skills: readonly string[]) => skills.map((skill) => skill.trim().toLowerCase()).filter((skill) => skill.length > 0);

/**
 * A volunteer's skills as a set, lower-cased. The feed hands the engine one frozen list per distinct
 * list of skills (its interner), so the set is made once per such list and shared by every volunteer
 * declaring it (a Set costs ~150 bytes); any other list gets a set of its own.
 */
const sharedSkillSets = new WeakMap<readonly string[], ReadonlySet<string>>();
const skillSetOf = (skills: readonly string[]): ReadonlySet<string> => {
  if (!Object.isFrozen(skills)) return new Set(lowerSkills(skills));
  let set = sharedSkillSets.get(skills);
  if (set === undefined) {
    set = new Set(lowerSkills(skills));
    sharedSkillSets.set(skills, set);
  }
  return set;
};

/**
 * A need's skills lower-cased and without repeats; a frozen list already in that form (the feed's
 * shared lists) is kept as it is rather than copied once per open need.
 */
const normalisedSkills = (skills: readonly string[]): readonly string[] => {
  const normalised = [...new Set(lowerSkills(skills))];
  return Object.isFrozen(skills) && normalised.length === skills.length && normalised.every((skill, index) => skill === skills[index]) ? skills : normalised;
};

export function toNeedEntry(need: MatchableNeed): NeedEntry {
  requireId('needId', need.needId);
  requireCategories('category', [need.category]);
  requireArea('area', need.area);
  if (!(URGENCIES as readonly string[]).includes(need.urgency)) fail('urgency', 'unknown urgency', need.urgency);
  requireAmount('hoursPerWeek', need.hoursPerWeek);
  requireAmount('amountFen', need.amountFen);
  if (need.amountFen !== undefined && !Number.isInteger(need.amountFen)) fail('amountFen', 'must be integer fen', need.amountFen);
  if (need.window !== undefined) requireWindows('window', [need.window]);
  const listedAtMs = Date.parse(need.listedAt);
  if (Number.isNaN(listedAtMs)) fail('listedAt', 'must be an ISO instant', need.listedAt);
  return {
    scanMark: 0,
    bucketSlots: undefined,
    need,
    listedAtMs,
    hours: need.hoursPerWeek ?? 0,
    fen: need.amountFen ?? 0,
    carrier: need.needsCarrier ?? true,
    requiredSkills: normalisedSkills(need.requiredSkills ?? []),
  };
}

const minLevel = (a: DistanceLevel, b: DistanceLevel): DistanceLevel =>
  DISTANCE_LEVELS.indexOf(a) <= DISTANCE_LEVELS.indexOf(b) ? a : b;
const maxLevel = (a: DistanceLevel, b: DistanceLevel): DistanceLevel =>
  DISTANCE_LEVELS.indexOf(a) >= DISTANCE_LEVELS.indexOf(b) ? a : b;
/** A resource placed at a district reaches at least that district, whatever the configured reach. */
const effectiveReach = (configured: DistanceLevel, placement: AreaScope): DistanceLevel =>
  maxLevel(configured, mostSpecificLevel(placement));

export function toVolunteerEntry(volunteer: VolunteerResource, weights: MatchingWeights): VolunteerEntry {
  requireId('volunteerId', volunteer.volunteerId);
  requireArea('area', volunteer.area);
  requireCategories('categories', volunteer.categories);
  requireAmount('availableHoursPerWeek', volunteer.availableHoursPerWeek);
  if (volunteer.windows !== undefined) requireWindows('windows', volunteer.windows);
  return {
    scanMark: 0,
    bucketSlots: undefined,
    kind: 'volunteer',
    key: resourceKeyOf('volunteer', volunteer.volunteerId),
    id: volunteer.volunteerId,
    resource: volunteer,
    placement: volunteer.area,
    reach: effectiveReach(weights.policy.reach.volunteer, volunteer.area),
    receipts: parseReceipts(volunteer.received),
    skills: skillSetOf(volunteer.skills),
    windows: volunteer.windows === undefined ? undefined : normaliseWindows(volunteer.windows),
  };
}

export function toSocialWorkerEntry(socialWorker: SocialWorkerResource, weights: MatchingWeights): SocialWorkerEntry {
  requireId('socialWorkerId', socialWorker.socialWorkerId);
  requireScope('area', socialWorker.area);
  requireAmount('availableHoursPerWeek', socialWorker.availableHoursPerWeek);
  return {
    scanMark: 0,
    bucketSlots: undefined,
    kind: 'social-worker',
    key: resourceKeyOf('social-worker', socialWorker.socialWorkerId),
    id: socialWorker.socialWorkerId,
    resource: socialWorker,
    placement: socialWorker.area,
    reach: effectiveReach(weights.policy.reach['social-worker'], socialWorker.area),
    receipts: parseReceipts(socialWorker.received),
  };
}

export function toDonationEntry(donation: DonationResource, weights: MatchingWeights): DonationEntry {
  requireId('donationId', donation.donationId);
  requireArea('area', donation.area);
  requireAmount('balanceFen', donation.balanceFen);
  if (!Number.isInteger(donation.balanceFen)) fail('balanceFen', 'must be integer fen', donation.balanceFen);
  const earmark = donation.earmark;
  if (earmark?.category !== undefined) requireCategories('earmark.category', [earmark.category]);
  let placement: AreaScope = donation.area;
  let reach: DistanceLevel = weights.policy.reach.donation;
  if (earmark !== undefined && earmarkNamesArea(earmark)) {
    // Measured from the donor when the donor sits inside the earmarked area, else from the area itself;
    // never proposed outside it, whatever the configured reach.
    const earmarkScope: AreaScope = {
      district: earmark.district ?? donation.area.district,
      ...(earmark.street === undefined ? {} : { street: earmark.street }),
      ...(earmark.community === undefined ? {} : { community: earmark.community }),
      ...(earmark.district === undefined ? {} : { city: donation.area.city }),
    };
    const donorInside = scopeContains(earmark, donation.area);
    placement = donorInside ? donation.area : earmarkScope;
    // A street earmark reaches no further than that street.
    reach = minLevel(reach, earmark.community !== undefined ? 'community' : earmark.street !== undefined ? 'street' : 'district');
  }
  const key = resourceKeyOf('donation', donation.donationId);
  return { scanMark: 0, bucketSlots: undefined, kind: 'donation', key, id: donation.donationId, resource: donation, placement, reach: effectiveReach(reach, placement), receipts: NO_PARSED_RECEIPTS };
}

export function toOrganisationEntry(organisation: OrganisationResource, weights: MatchingWeights): OrganisationEntry {
  requireId('organisationId', organisation.organisationId);
  if (typeof organisation.district !== 'string' || organisation.district.length === 0) fail('district', 'must be a non-empty code', organisation.district);
  requireCategories('categories', organisation.categories);
  requireAmount('spareCapacity', organisation.spareCapacity);
  if (!Number.isFinite(organisation.grade) || organisation.grade < 0 || organisation.grade > 5) fail('grade', 'must be 0-5', organisation.grade);
  if (organisation.evaluationScore !== undefined && !(organisation.evaluationScore >= 0 && organisation.evaluationScore <= 100)) {
    fail('evaluationScore', 'must be 0-100', organisation.evaluationScore);
  }
  return {
    scanMark: 0,
    bucketSlots: undefined,
    kind: 'organisation',
    key: resourceKeyOf('organisation', organisation.organisationId),
    id: organisation.organisationId,
    resource: organisation,
    placement: organisation.city === undefined ? { district: organisation.district } : { district: organisation.district, city: organisation.city },
    reach: effectiveReach(weights.policy.reach.organisation, { district: organisation.district }),
    receipts: parseReceipts(organisation.received),
  };
}

export function toProjectEntry(project: ProjectResource, weights: MatchingWeights): ProjectEntry {
  requireId('projectId', project.projectId);
  requireScope('area', project.area);
  requireCategories('categories', project.categories);
  requireAmount('fundingGapFen', project.fundingGapFen);
  if (!Number.isInteger(project.fundingGapFen)) fail('fundingGapFen', 'must be integer fen', project.fundingGapFen);
  requireAmount('needCapacity', project.needCapacity);
  return {
    scanMark: 0,
    bucketSlots: undefined,
    kind: 'project',
    key: resourceKeyOf('project', project.projectId),
    id: project.projectId,
    resource: project,
    placement: project.area,
    // A project takes needs only inside its own area: its reach is its most specific level.
    reach: mostSpecificLevel(project.area),
    receipts: parseReceipts(project.received),
    open: weights.policy.openProjectStatuses.includes(project.status),
    fundingSlots: undefined,
  };
}
