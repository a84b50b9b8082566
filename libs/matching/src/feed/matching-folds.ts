/**
 * The shapes the matching feed folds the log into: one per kind of need and resource, with what it
 * still asks for or still has. Kept apart from the feed so readers of its state need not read its folding.
 */
import type { Area, DonationPledgedData, ServiceCategory, SocialWorkerGrade, Urgency } from '#domain';
import type { AreaScope } from '../area.js';
import type { DonationEarmark, Receipt } from '../matching.types.js';
import type { WeeklyWindow } from '../weekly-window.js';

/** What the feed needs of a stored event: enough to fold it, whatever store it came from. */
export interface FeedEvent {
  readonly type: string;
  readonly data: unknown;
  readonly position: number;
  readonly metadata: { readonly occurredAt: string };
}

/**
 * An open need with what it still asks for. It is also what the engine is handed (a MatchableNeed:
 * hence the names hoursPerWeek and amountFen for the hours and fen still missing) and keeps as its
 * entry's need, instead of a copy per open need: the feed changes it only right before handing it
 * over again (FeedState.syncNeed), and the engine derives nothing from it later.
 */
export interface NeedFold {
  needId: string;
  category: ServiceCategory;
  area: Area;
  urgency: Urgency;
  requiredSkills: readonly string[];
  listedAt: string;
  /** Weekly hours of people still missing. */
  hoursPerWeek: number;
  /** Money still missing, integer fen. */
  amountFen: number;
  needsCarrier: boolean;
  /** Marked stale (NeedMarkedStale) and not reconfirmed since: held here, but out of the engine. */
  stale: boolean;
}

/*
 * The resource folds below are also what the engine is handed and keeps as its entries' resources
 * (VolunteerResource, SocialWorkerResource, OrganisationResource, ProjectResource), not a copy per
 * resource: so each carries, besides what it folds, what the engine reads under the engine's names
 * (availableHoursPerWeek, qualified, spareCapacity, fundingGapFen), derived right before the fold is
 * handed over (FeedState.sync*), and the feed changes a fold only right before handing it over again.
 * The engine reads `received` only when handed the fold.
 */

export interface VolunteerFold {
  volunteerId: string;
  area: Area;
  skills: readonly string[];
  categories: readonly ServiceCategory[];
  declaredHours: number;
  /** Derived: declared hours less what assignments took, never below 0. */
  availableHoursPerWeek: number;
  /** Weekly hours by assignment; undefined while none (an empty Map costs ~180 bytes, and most resources have none). */
  assignedHours: Map<string, number> | undefined;
  windows: readonly WeeklyWindow[] | undefined;
  /** Assignments' weekly hours by when they were made, inside the fairness window. */
  received: Receipt[];
}

export interface SocialWorkerFold {
  socialWorkerId: string;
  area: AreaScope;
  grade: SocialWorkerGrade | null;
  degree: boolean;
  /** Derived: a degree or a grade (rule 1). */
  qualified: boolean;
  /** Derived: the weekly limit less project and need hours, never below 0. */
  availableHoursPerWeek: number;
  /** Weekly hours by project, then by need match; each undefined while empty. */
  projectHours: Map<string, number> | undefined;
  needHours: Map<string, number> | undefined;
  active: boolean;
  /** Needs' weekly hours matched to them, by when, inside the fairness window. */
  received: Receipt[];
}

export interface DonationFold {
  donationId: string;
  balanceFen: number;
  earmark: DonationEarmark | undefined;
  area: Area;
  autoMatch: DonationPledgedData['autoMatch'];
  expired: boolean;
  /** matchIds already recorded: lets the auto-match policy skip a match it made before a redelivery; undefined while none. */
  matchIds: Set<string> | undefined;
}

export interface OrganisationFold {
  organisationId: string;
  district: string;
  city: string | undefined;
  categories: readonly ServiceCategory[];
  capacity: number;
  grade: number;
  evaluationScore: number | undefined;
  /** Needs matched to it and station contracts it holds both take a slot; each undefined while empty. */
  needMatches: Set<string> | undefined;
  stationContracts: Set<string> | undefined;
  inspectionFailed: boolean;
  suspended: boolean;
  deregistered: boolean;
  /** Derived: capacity less needs matched and station contracts held, never below 0. */
  spareCapacity: number;
  /** One per need matched to it, by when, inside the fairness window. */
  received: Receipt[];
}

export interface ProjectFold {
  projectId: string;
  area: AreaScope;
  categories: readonly ServiceCategory[];
  status: string;
  budgetFen: number;
  fundedFen: number;
  /** Derived: budget less what donations funded, never below 0. */
  fundingGapFen: number;
  /** One per need it took in, by when, inside the fairness window. */
  received: Receipt[];
}

/** The donor's auto-match consent as the policy needs it. */
export interface AutoMatchTerms {
  readonly categories: readonly ServiceCategory[] | null;
  readonly maxPerNeedFen: number | null;
}
