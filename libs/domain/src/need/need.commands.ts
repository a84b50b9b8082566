import type { DomainCommand } from '../shared/decider.js';
import type { CommunityFacts, ProjectFacts } from '../shared/facts.js';
import type { Fen, ServiceCategory, Urgency } from '../shared/values.js';
import type { MatchedResource, NeedSource, NeedWindow } from './need.events.js';

export interface ListNeedData {
  readonly needId: string;
  /** Loaded by the handler from the community stream: the need is placed in its area. */
  readonly community: CommunityFacts;
  readonly category: ServiceCategory;
  readonly title: string;
  /** At most NEED_DESCRIPTION_MAX_LENGTH characters. */
  readonly description: string;
  readonly urgency: Urgency;
  /** Pseudonymous; never a name, phone or ID number. */
  readonly beneficiaryRef: string;
  readonly beneficiaries: number;
  readonly requiredSkills: readonly string[];
  readonly hoursPerWeek?: number;
  readonly amountFen?: Fen;
  readonly window?: NeedWindow;
  readonly source: NeedSource;
}

export type VerifyNeedData = Record<string, never>;

/** 需求复核: the committee confirms, on a visit or a call, that a listed need still stands. */
export interface ReconfirmNeedData {
  /** What the committee found, at most NEED_NOTE_MAX_LENGTH characters. */
  readonly note?: string;
}

/**
 * 需求失效: the freshness clock found the need unconfirmed for `staleAfterDays` (NEED_STALE_AFTER_DAYS,
 * default 90). Sent only by the service's own clock, never by an endpoint; the decider checks the
 * period really ran out, so an early or repeated mark records nothing wrong.
 */
export interface MarkNeedStaleData {
  /** Whole days since the listing or the last reconfirmation after which the need counts as stale. */
  readonly staleAfterDays: number;
}

/**
 * A person on the need's side matches a resource that keeps no ledger of its own: a social worker
 * or an organisation. Donations and volunteers decide their own matches (balance and earmark, rule
 * 12; weekly hours): the need records those only through RecordResourceMatch.
 */
export interface RecordNeedMatchData {
  /** Chosen by the caller (matching engine or API), so a redelivered match records once. */
  readonly matchId: string;
  readonly resource: MatchedResource;
  /** Loaded by the handler from the resource's stream: a deregistered worker or a suspended organisation serves no one. */
  readonly resourceInService: boolean;
  readonly amountFen?: Fen;
  readonly hoursPerWeek?: number;
}

/**
 * The need shows a match its resource already decided (DonationMatched, VolunteerAssigned). Sent only
 * by the policies that react to those facts, never by an endpoint.
 */
export interface RecordResourceMatchData {
  /** The resource's matchId or assignmentId: a redelivered fact records once. */
  readonly matchId: string;
  readonly resource: MatchedResource;
  /** Fen, for a donation. */
  readonly amountFen?: Fen;
  /** Hours a week, for a volunteer. */
  readonly hoursPerWeek?: number;
}

export interface CoverNeedByProjectData {
  /** Loaded by the handler (or taken from ProjectDesigned by the policy): the project must exist and serve the need. */
  readonly project: ProjectFacts;
}

export interface FulfilNeedData {
  readonly note: string;
}

export interface WithdrawNeedData {
  readonly reason: string;
}

/** The need's side refuses a proposed resource: the matcher never proposes the pair again. */
export interface DeclineMatchProposalData {
  /** The matcher's resource key, `<kind>:<id>` (`volunteer:v-1`, `donation:d-9`). */
  readonly resourceKey: string;
  readonly reason: string;
}

export type ListNeed = DomainCommand<'ListNeed', ListNeedData>;
export type VerifyNeed = DomainCommand<'VerifyNeed', VerifyNeedData>;
export type ReconfirmNeed = DomainCommand<'ReconfirmNeed', ReconfirmNeedData>;
export type MarkNeedStale = DomainCommand<'MarkNeedStale', MarkNeedStaleData>;
export type RecordNeedMatch = DomainCommand<'RecordNeedMatch', RecordNeedMatchData>;
export type RecordResourceMatch = DomainCommand<'RecordResourceMatch', RecordResourceMatchData>;
export type CoverNeedByProject = DomainCommand<'CoverNeedByProject', CoverNeedByProjectData>;
export type FulfilNeed = DomainCommand<'FulfilNeed', FulfilNeedData>;
export type WithdrawNeed = DomainCommand<'WithdrawNeed', WithdrawNeedData>;
export type DeclineMatchProposal = DomainCommand<'DeclineMatchProposal', DeclineMatchProposalData>;

export type NeedCommand =
  | ListNeed
  | VerifyNeed
  | ReconfirmNeed
  | MarkNeedStale
  | RecordNeedMatch
  | RecordResourceMatch
  | CoverNeedByProject
  | FulfilNeed
  | WithdrawNeed
  | DeclineMatchProposal;
