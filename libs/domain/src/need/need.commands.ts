import type { DomainCommand } from '../shared/decider.js';
import type { CommunityFacts } from '../shared/facts.js';
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

export interface RecordNeedMatchData {
  /** Chosen by the caller (matching engine or API), so a redelivered match records once. */
  readonly matchId: string;
  readonly resource: MatchedResource;
  readonly amountFen?: Fen;
  readonly hoursPerWeek?: number;
}

export interface CoverNeedByProjectData {
  readonly projectId: string;
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
export type RecordNeedMatch = DomainCommand<'RecordNeedMatch', RecordNeedMatchData>;
export type CoverNeedByProject = DomainCommand<'CoverNeedByProject', CoverNeedByProjectData>;
export type FulfilNeed = DomainCommand<'FulfilNeed', FulfilNeedData>;
export type WithdrawNeed = DomainCommand<'WithdrawNeed', WithdrawNeedData>;
export type DeclineMatchProposal = DomainCommand<'DeclineMatchProposal', DeclineMatchProposalData>;

export type NeedCommand =
  | ListNeed
  | VerifyNeed
  | RecordNeedMatch
  | CoverNeedByProject
  | FulfilNeed
  | WithdrawNeed
  | DeclineMatchProposal;
