/**
 * Events of a resident need (居民需求), the first of the three public lists (居民需求清单).
 * Beneficiaries appear only as a pseudonymous `beneficiaryRef`: their personal data lives in the
 * vault, so these events can be published to analytics and kept forever.
 */
import type { DomainEvent } from '../shared/decider.js';
import type { Area, Fen, IsoDate, IsoInstant, ServiceCategory, Urgency } from '../shared/values.js';

/** How the community learnt of the need (seed 003: visits, calls, questionnaires, grid workers). */
export const NEED_SOURCES = ['visit', 'hotline', 'questionnaire', 'grid_worker', 'other'] as const;
export type NeedSource = (typeof NEED_SOURCES)[number];

/** The kinds of resource on the resources list (服务资源清单) a need can be matched with. */
export const NEED_RESOURCE_KINDS = ['donation', 'volunteer', 'social_worker', 'organisation'] as const;
export type NeedResourceKind = (typeof NEED_RESOURCE_KINDS)[number];

export interface MatchedResource {
  readonly kind: NeedResourceKind;
  /** The resource aggregate's id (donationId, volunteerId, socialWorkerId, organisationId). */
  readonly id: string;
}

/** Inclusive dates between which the need must be met. */
export interface NeedWindow {
  readonly from: IsoDate;
  readonly to: IsoDate;
}

export interface NeedListedData {
  readonly needId: string;
  readonly communityId: string;
  readonly area: Area;
  readonly category: ServiceCategory;
  readonly title: string;
  readonly description: string;
  readonly urgency: Urgency;
  /** Pseudonymous reference; the vault maps it to the person. */
  readonly beneficiaryRef: string;
  /** How many people the need concerns (a household may be several). */
  readonly beneficiaries: number;
  readonly requiredSkills: readonly string[];
  readonly hoursPerWeek: number | null;
  /** The money gap, if the need has one. */
  readonly amountFen: Fen | null;
  readonly window: NeedWindow | null;
  readonly source: NeedSource;
  readonly listedAt: IsoInstant;
}

export interface NeedVerifiedData {
  readonly needId: string;
  readonly verifiedAt: IsoInstant;
}

/** The need still stands, as the committee found it at `reconfirmedAt`; a stale need is one not reconfirmed for long. */
export interface NeedReconfirmedData {
  readonly needId: string;
  readonly reconfirmedAt: IsoInstant;
  readonly note: string | null;
}

/**
 * 需求失效: nobody reconfirmed the need for `staleAfterDays` since `lastConfirmedAt`. It stays open
 * (a later NeedReconfirmed makes it fresh again) but leaves the matcher's proposals. Area and
 * category ride along so indicators per area need no join.
 */
export interface NeedMarkedStaleData {
  readonly needId: string;
  readonly lastConfirmedAt: IsoInstant;
  readonly staleAfterDays: number;
  readonly markedStaleAt: IsoInstant;
  readonly area: Area;
  readonly category: ServiceCategory;
}

/**
 * Area, category and listedAt ride along so the indicator "time from need listed to first match"
 * per community is computable from this one event.
 */
export interface NeedMatchedData {
  readonly needId: string;
  readonly matchId: string;
  readonly resource: MatchedResource;
  readonly amountFen: Fen | null;
  readonly hoursPerWeek: number | null;
  /** True for the need's first match: the end of its time-to-first-match. */
  readonly firstMatch: boolean;
  readonly listedAt: IsoInstant;
  readonly matchedAt: IsoInstant;
  readonly area: Area;
  readonly category: ServiceCategory;
}

export interface NeedCoveredByProjectData {
  readonly needId: string;
  readonly projectId: string;
  readonly coveredAt: IsoInstant;
}

export interface NeedFulfilledData {
  readonly needId: string;
  readonly note: string;
  readonly listedAt: IsoInstant;
  readonly fulfilledAt: IsoInstant;
  readonly area: Area;
  readonly category: ServiceCategory;
}

export interface NeedWithdrawnData {
  readonly needId: string;
  readonly reason: string;
  readonly withdrawnAt: IsoInstant;
  readonly area: Area;
  readonly category: ServiceCategory;
}

/** A proposed resource was refused for this need; the matcher learns never to propose the pair again. */
export interface MatchProposalDeclinedData {
  readonly needId: string;
  /** The matcher's resource key, `<kind>:<id>`. */
  readonly resourceKey: string;
  readonly reason: string;
  readonly declinedAt: IsoInstant;
}

export type NeedListed = DomainEvent<'NeedListed', NeedListedData>;
export type NeedVerified = DomainEvent<'NeedVerified', NeedVerifiedData>;
export type NeedReconfirmed = DomainEvent<'NeedReconfirmed', NeedReconfirmedData>;
export type NeedMarkedStale = DomainEvent<'NeedMarkedStale', NeedMarkedStaleData>;
export type NeedMatched = DomainEvent<'NeedMatched', NeedMatchedData>;
export type NeedCoveredByProject = DomainEvent<'NeedCoveredByProject', NeedCoveredByProjectData>;
export type NeedFulfilled = DomainEvent<'NeedFulfilled', NeedFulfilledData>;
export type NeedWithdrawn = DomainEvent<'NeedWithdrawn', NeedWithdrawnData>;
export type MatchProposalDeclined = DomainEvent<'MatchProposalDeclined', MatchProposalDeclinedData>;

export type NeedEvent =
  | NeedListed
  | NeedVerified
  | NeedReconfirmed
  | NeedMarkedStale
  | NeedMatched
  | NeedCoveredByProject
  | NeedFulfilled
  | NeedWithdrawn
  | MatchProposalDeclined;

/** Stored type name -> current schemaVersion. Names are stable; a new shape bumps the version. */
export const needEventTypes = {
  NeedListed: 1,
  NeedVerified: 1,
  NeedReconfirmed: 1,
  NeedMarkedStale: 1,
  NeedMatched: 1,
  NeedCoveredByProject: 1,
  NeedFulfilled: 1,
  NeedWithdrawn: 1,
  MatchProposalDeclined: 1,
} as const satisfies Record<NeedEvent['type'], number>;
