/**
 * The engine's own inputs and outputs. They are NOT domain events: the projector folds events into
 * these shapes (remaining demand, remaining capacity) and feeds them in, so the engine stays pure.
 */
import type { Area, ServiceCategory, SocialWorkerGrade, Urgency } from '#domain';
import type { AreaScope } from './area.js';
import type { WeeklyWindow } from './weekly-window.js';

/** An open need with what is STILL missing; a demand of 0 or absent means "not wanted from that kind". */
export interface MatchableNeed {
  readonly needId: string;
  readonly category: ServiceCategory;
  readonly area: Area;
  readonly urgency: Urgency;
  /** Skill tags a volunteer should bring ("first aid", "sign language"); compared case-insensitively. */
  readonly requiredSkills: readonly string[];
  /** Weekly hours of people (volunteers, social workers) still needed. */
  readonly hoursPerWeek?: number;
  /** Money still needed, integer fen. */
  readonly amountFen?: number;
  /** When the service is wanted each week. */
  readonly window?: WeeklyWindow;
  /** Whether the need still needs an organisation or a project to carry it; default true. */
  readonly needsCarrier?: boolean;
  /** ISO instant the need was listed: how long it has waited counts in the score. */
  readonly listedAt: string;
}

/**
 * Something a resource received at an instant: an assignment's weekly hours (people), one need
 * matched or covered (organisations, projects). The fairness term weighs those inside its window.
 */
export interface Receipt {
  /** ISO instant it was received (the fact's time). */
  readonly at: string;
  /** Weekly hours for volunteers and social workers, needs for organisations and projects. */
  readonly amount: number;
}

/** What the fairness term reads of a resource: what it received lately; absent means nothing. */
export interface RecentReceipts {
  readonly received?: readonly Receipt[];
}

export interface VolunteerResource extends RecentReceipts {
  readonly volunteerId: string;
  readonly area: Area;
  readonly skills: readonly string[];
  readonly categories: readonly ServiceCategory[];
  /** Weekly hours still free. */
  readonly availableHoursPerWeek: number;
  /** When the volunteer is free; absent means "not declared" (scored as unknown, not as always). */
  readonly windows?: readonly WeeklyWindow[];
}

export interface SocialWorkerResource extends RecentReceipts {
  readonly socialWorkerId: string;
  /** Where they are posted: a district, a street station or a community. */
  readonly area: AreaScope;
  readonly grade: SocialWorkerGrade | null;
  /** Degree or national certificate (rule 1). */
  readonly qualified: boolean;
  readonly availableHoursPerWeek: number;
}

/** A donor's restriction: only this category and/or only inside this area. */
export interface DonationEarmark {
  readonly category?: ServiceCategory;
  readonly district?: string;
  readonly street?: string;
  readonly community?: string;
}

export interface DonationResource {
  readonly donationId: string;
  /** Unallocated balance, integer fen. */
  readonly balanceFen: number;
  readonly earmark?: DonationEarmark;
  /** Where the donor is (a community foundation, an enterprise's site). */
  readonly area: Area;
}

export interface OrganisationResource extends RecentReceipts {
  readonly organisationId: string;
  readonly district: string;
  readonly city?: string;
  readonly categories: readonly ServiceCategory[];
  /** 1-5 for 1A-5A, 0 when not graded. */
  readonly grade: number;
  /** Latest evaluation, 0-100 (contract performance and residents' ratings). */
  readonly evaluationScore?: number;
  /** How many more needs it can take on. */
  readonly spareCapacity: number;
}

export interface ProjectResource extends RecentReceipts {
  readonly projectId: string;
  readonly categories: readonly ServiceCategory[];
  /** The project's service area; a need must lie inside it. */
  readonly area: AreaScope;
  /** Domain status; which ones are open is configuration (`policy.openProjectStatuses`). */
  readonly status: string;
  /** Money still missing, integer fen: donations are proposed to fill it. */
  readonly fundingGapFen: number;
  /** How many more needs the project can take in; absent means no fixed limit. */
  readonly needCapacity?: number;
}

export const RESOURCE_KINDS = ['volunteer', 'social-worker', 'donation', 'organisation', 'project'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** `volunteer:v-1`, `donation:d-9`: one string names a resource across kinds. */
export type ResourceKey = string;
/** One flat string (a join), not a tree of concatenations: every engine entry keeps its key. */
export const resourceKeyOf = (kind: ResourceKind, id: string): ResourceKey => [kind, id].join(':');
export function parseResourceKey(key: ResourceKey): { kind: ResourceKind; id: string } | null {
  const colon = key.indexOf(':');
  if (colon < 0) return null;
  const kind = key.slice(0, colon) as ResourceKind;
  if (!RESOURCE_KINDS.includes(kind)) return null;
  return { kind, id: key.slice(colon + 1) };
}

/** Who receives: a need, or a project whose funding gap a donation would fill. */
export type DemandRef = { readonly kind: 'need'; readonly needId: string } | { readonly kind: 'project'; readonly projectId: string };
export const demandKeyOf = (demand: DemandRef): string =>
  demand.kind === 'need' ? `need:${demand.needId}` : `project:${demand.projectId}`;

export const SCORE_FACTORS = [
  'category',
  'distance',
  'skills',
  'availability',
  'capacity',
  'urgency',
  'waiting',
  'earmark',
  'grade',
  'evaluation',
  'fairness',
] as const;
export type ScoreFactor = (typeof SCORE_FACTORS)[number];

/** One line of "why": the factor's value in [0, 1], its weight, and the points it adds to the 0-100 score. */
export interface ScoreReason {
  readonly factor: ScoreFactor;
  readonly value: number;
  readonly weight: number;
  readonly points: number;
  readonly detail: string;
}

/** What the resource would give: never more than its remaining capacity nor the need's remaining demand. */
export interface Offer {
  readonly hoursPerWeek?: number;
  readonly amountFen?: number;
  /** Carrier slots (organisations, projects): always 1. */
  readonly slots?: number;
}

export interface Proposal {
  readonly demand: DemandRef;
  readonly demandKey: string;
  readonly resourceKey: ResourceKey;
  readonly resourceKind: ResourceKind;
  readonly resourceId: string;
  /** 0-100, the weighted mean of the reasons' values. */
  readonly score: number;
  readonly reasons: readonly ScoreReason[];
  readonly offer: Offer;
}
