import type { DomainCommand } from '../shared/decider.js';
import type { CommunityFacts, OrganisationFacts } from '../shared/facts.js';
import type { Area, ServiceCategory } from '../shared/values.js';
import type { GrantBudgetLine, GrantCriterionScore, GrantFunderKind, GrantRecusalReason } from './grant-round.events.js';

export interface OpenGrantRoundData {
  readonly roundId: string;
  readonly title: string;
  readonly funder: { readonly kind: GrantFunderKind; readonly name: string };
  readonly area: Area;
  /** In order; their points (分值) sum to 100. */
  readonly criteria: readonly { readonly name: string; readonly points: number }[];
  readonly budgetFen: number;
  readonly passingScore: number;
  /** Beijing wall-clock 'YYYY-MM-DDTHH:mm'. */
  readonly applicationDeadline: string;
  readonly reviewDeadline: string;
  /** Reviews each application needs before the award; omitted or null: the default (grant-round.reviews.ts). */
  readonly reviewsRequired?: number | null;
}

export interface AppointGrantReviewerData {
  readonly roundId: string;
  /** accountOf the reviewer's token: `<iss>#<sub>`. */
  readonly reviewerAccount: string;
  readonly declaredTies: readonly string[];
}

/** The organisation and its communities are loaded by the handler from their streams. */
export interface SubmitGrantApplicationData {
  readonly roundId: string;
  readonly applicationId: string;
  readonly organisation: OrganisationFacts;
  readonly design: {
    readonly title: string;
    readonly category: ServiceCategory;
    readonly summary: string;
    readonly beneficiaries: number;
    readonly budgetLines: readonly GrantBudgetLine[];
  };
  readonly communities: readonly CommunityFacts[];
}

export interface WithdrawGrantApplicationData {
  readonly roundId: string;
  readonly applicationId: string;
  readonly reason: string;
}

export interface CloseGrantApplicationsData {
  readonly roundId: string;
}

/**
 * Who scores, as the handler knows them: the token's account and organisation, and the employer of the
 * social worker the token is linked to (claim `person`), loaded from that social worker's stream.
 */
export interface GrantReviewerFacts {
  readonly account: string;
  readonly organisationId: string | null;
  readonly employerOrganisationId: string | null;
}

export interface ScoreGrantApplicationData {
  readonly roundId: string;
  readonly applicationId: string;
  readonly reviewer: GrantReviewerFacts;
  readonly scores: readonly GrantCriterionScore[];
}

/** 回避: the reviewer (whoever asks, by its account) stands aside from one application, with a reason code. */
export interface RecuseGrantReviewerData {
  readonly roundId: string;
  readonly applicationId: string;
  readonly reviewerAccount: string;
  readonly reason: GrantRecusalReason;
}

export interface AwardGrantRoundData {
  readonly roundId: string;
}

export type OpenGrantRound = DomainCommand<'OpenGrantRound', OpenGrantRoundData>;
export type AppointGrantReviewer = DomainCommand<'AppointGrantReviewer', AppointGrantReviewerData>;
export type SubmitGrantApplication = DomainCommand<'SubmitGrantApplication', SubmitGrantApplicationData>;
export type WithdrawGrantApplication = DomainCommand<'WithdrawGrantApplication', WithdrawGrantApplicationData>;
export type CloseGrantApplications = DomainCommand<'CloseGrantApplications', CloseGrantApplicationsData>;
export type ScoreGrantApplication = DomainCommand<'ScoreGrantApplication', ScoreGrantApplicationData>;
export type RecuseGrantReviewer = DomainCommand<'RecuseGrantReviewer', RecuseGrantReviewerData>;
export type AwardGrantRound = DomainCommand<'AwardGrantRound', AwardGrantRoundData>;

export type GrantRoundCommand =
  | OpenGrantRound
  | AppointGrantReviewer
  | SubmitGrantApplication
  | WithdrawGrantApplication
  | CloseGrantApplications
  | ScoreGrantApplication
  | RecuseGrantReviewer
  | AwardGrantRound;
