import type { DomainEvent } from '../shared/decider.js';
import type { Area, Fen, ServiceCategory } from '../shared/values.js';

/**
 * 公益创投 (seed 000: 巩固和扩大公益创投范围，完善项目申报评估审批机制; issue 13 item 8). A funder opens a
 * round (申报), organisations apply with a project design, appointed reviewers score each application
 * per criterion (评审), and the round is awarded from the scores within its budget (立项).
 */

/** Who funds a round: the civil-affairs bureau (民政公益创投) or a charitable organisation. */
export const GRANT_FUNDER_KINDS = {
  civil_affairs_bureau: '民政局',
  community_foundation: '社区基金会',
  charity_federation: '慈善总会',
  charity_base: '慈善基地',
} as const;
export type GrantFunderKind = keyof typeof GRANT_FUNDER_KINDS;

/**
 * One scoring criterion (评分标准): its points (分值) are its weight, and a reviewer gives it a whole
 * score from 0 to its points. A round's criteria's points sum to 100, so a review's total is out of 100.
 */
export interface GrantCriterion {
  /** 'c1', 'c2'... in the order the round states them. */
  readonly criterionId: string;
  readonly name: string;
  readonly points: number;
}

export interface GrantRoundOpenedData {
  readonly roundId: string;
  readonly title: string;
  readonly funder: { readonly kind: GrantFunderKind; readonly name: string };
  /** The account that opened the round (accountOf). Withheld from the public contract. */
  readonly ownerAccount: string;
  /** Applications from organisations serving communities in this area ('' levels: any). */
  readonly area: Area;
  readonly criteria: readonly GrantCriterion[];
  readonly budgetFen: Fen;
  /** The least mean score (out of 100) an application needs to be funded (e.g. 60). */
  readonly passingScore: number;
  /** Beijing wall-clock 'YYYY-MM-DDTHH:mm': applications are taken before it (exclusive). */
  readonly applicationDeadline: string;
  /** Beijing wall-clock 'YYYY-MM-DDTHH:mm': scores are taken before it (exclusive). */
  readonly reviewDeadline: string;
  /**
   * Reviews each standing application needs before the award (1-15); null: the default, min(3, the
   * reviewers eligible for it: appointed, not recused, no declared tie), at least 1 (grant-round.reviews.ts).
   */
  readonly reviewsRequired: number | null;
}

export interface GrantReviewerAppointedData {
  readonly roundId: string;
  /** 1, 2, ... in appointment order: the reviewer's only name outside the round's own stream. */
  readonly reviewerNumber: number;
  /** The reviewer's account (accountOf: issuer-qualified token subject). Withheld from the public contract. */
  readonly reviewerAccount: string;
  /** Organisations the reviewer declared a tie to (回避申报): it never scores their applications. */
  readonly declaredTies: readonly string[];
}

/** One line of an application's budget (预算明细). */
export interface GrantBudgetLine {
  readonly item: string;
  readonly amountFen: Fen;
}

/** The project an organisation proposes (项目设计), carried in the application itself. */
export interface GrantProjectDesign {
  readonly title: string;
  readonly category: ServiceCategory;
  readonly summary: string;
  readonly communityIds: readonly string[];
  readonly beneficiaries: number;
  readonly budgetLines: readonly GrantBudgetLine[];
}

export interface GrantApplicationSubmittedData {
  readonly roundId: string;
  readonly applicationId: string;
  /** 1, 2, ... in submission order: the last tie-break of the ranking. */
  readonly sequence: number;
  readonly organisation: { readonly organisationId: string; readonly name: string };
  readonly design: GrantProjectDesign;
  /** The sum of the budget lines. */
  readonly requestedFen: Fen;
  /** Where the project serves: the common area of its communities. */
  readonly area: Area;
}

export interface GrantApplicationWithdrawnData {
  readonly roundId: string;
  readonly applicationId: string;
  readonly organisationId: string;
  readonly reason: string;
}

export interface GrantApplicationsClosedData {
  readonly roundId: string;
  /** Applications standing (not withdrawn) at the close. */
  readonly applications: number;
}

export interface GrantCriterionScore {
  readonly criterionId: string;
  readonly score: number;
}

/** One reviewer's scores of one application: a fact of its own. */
export interface GrantApplicationScoredData {
  readonly roundId: string;
  readonly applicationId: string;
  readonly reviewerNumber: number;
  /** One per criterion, in the round's order. */
  readonly scores: readonly GrantCriterionScore[];
  /** The sum of the scores: out of 100. */
  readonly totalScore: number;
}

/** Why a reviewer stands aside from an application (回避事由): a code, never free text. */
export const GRANT_RECUSAL_REASONS = {
  conflict_of_interest: '利益冲突',
  employment: '任职或受聘于申报机构',
  kinship: '与申报机构负责人有亲属关系',
  involvement: '参与过申报项目的设计或实施',
  other: '其他应当回避的情形',
} as const;
export type GrantRecusalReason = keyof typeof GRANT_RECUSAL_REASONS;

/** 回避: a reviewer stands aside from one application; it never scores it, and the application needs its reviews from the others. */
export interface GrantReviewerRecusedData {
  readonly roundId: string;
  readonly applicationId: string;
  readonly reviewerNumber: number;
  readonly reason: GrantRecusalReason;
}

/** Why an application was or was not funded. */
export const GRANT_OUTCOMES = {
  funded: '立项资助',
  below_passing_score: '未达立项分数线',
  over_remaining_budget: '预算余额不足',
} as const;
export type GrantOutcome = keyof typeof GRANT_OUTCOMES;

export interface GrantRankingEntry {
  readonly rank: number;
  readonly applicationId: string;
  readonly organisationId: string;
  readonly reviews: number;
  /**
   * The reviews the round required of it when awarded. Below `reviews` only for an award made after the
   * review deadline, which no longer waits: the shortfall stays visible. Absent on awards stored before.
   */
  readonly reviewsRequired?: number;
  /** The sum of its reviews' totals; the mean is scoreSum / reviews. */
  readonly scoreSum: number;
  /** scoreSum / reviews, rounded to two decimals (for reading: the ranking compares exactly). */
  readonly meanScore: number;
  readonly requestedFen: Fen;
  readonly awardedFen: Fen;
  readonly outcome: GrantOutcome;
}

/** A funded project: its grant is a resource on the resources list (服务资源清单), earmarked to it. */
export interface GrantAward {
  readonly applicationId: string;
  readonly organisationId: string;
  readonly organisationName: string;
  readonly projectTitle: string;
  readonly category: ServiceCategory;
  readonly area: Area;
  readonly amountFen: Fen;
}

export interface GrantRoundAwardedData {
  readonly roundId: string;
  /** The round's title and funder, again: each award is a resource of this funder's (服务资源清单). */
  readonly title: string;
  readonly funder: { readonly kind: GrantFunderKind; readonly name: string };
  readonly ranking: readonly GrantRankingEntry[];
  readonly awards: readonly GrantAward[];
  readonly awardedFen: Fen;
  /** budgetFen - awardedFen. */
  readonly unawardedFen: Fen;
  /**
   * Standing applications no reviewer scored by the review deadline, in submission order: not ranked
   * (nothing funds an unread application), each with the reviews it required. Absent on awards stored before.
   */
  readonly unreviewed?: readonly { readonly applicationId: string; readonly organisationId: string; readonly reviewsRequired: number }[];
}

export type GrantRoundOpened = DomainEvent<'GrantRoundOpened', GrantRoundOpenedData>;
export type GrantReviewerAppointed = DomainEvent<'GrantReviewerAppointed', GrantReviewerAppointedData>;
export type GrantApplicationSubmitted = DomainEvent<'GrantApplicationSubmitted', GrantApplicationSubmittedData>;
export type GrantApplicationWithdrawn = DomainEvent<'GrantApplicationWithdrawn', GrantApplicationWithdrawnData>;
export type GrantApplicationsClosed = DomainEvent<'GrantApplicationsClosed', GrantApplicationsClosedData>;
export type GrantReviewerRecused = DomainEvent<'GrantReviewerRecused', GrantReviewerRecusedData>;
export type GrantApplicationScored = DomainEvent<'GrantApplicationScored', GrantApplicationScoredData>;
export type GrantRoundAwarded = DomainEvent<'GrantRoundAwarded', GrantRoundAwardedData>;

export type GrantRoundEvent =
  | GrantRoundOpened
  | GrantReviewerAppointed
  | GrantApplicationSubmitted
  | GrantApplicationWithdrawn
  | GrantApplicationsClosed
  | GrantApplicationScored
  | GrantReviewerRecused
  | GrantRoundAwarded;

/** Stored type name -> current schemaVersion. */
export const grantRoundEventTypes = {
  GrantRoundOpened: 1,
  GrantReviewerAppointed: 1,
  GrantApplicationSubmitted: 1,
  GrantApplicationWithdrawn: 1,
  GrantApplicationsClosed: 1,
  GrantApplicationScored: 1,
  GrantReviewerRecused: 1,
  GrantRoundAwarded: 1,
} as const satisfies Record<GrantRoundEvent['type'], number>;
