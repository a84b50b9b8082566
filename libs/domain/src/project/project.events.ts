/**
 * Events of a project bought through government purchase of services (政府购买服务): a community
 * service project, or a social-work station (社工站) run under the Jinan rules (seed 004).
 */
import type { DomainEvent } from '../shared/decider.js';
import type { FiledFigure } from './report-figures.js';
import type { OrganisationKind } from '../shared/facts.js';
import type { Area, Fen, IsoDate, IsoInstant, ServiceCategory, SocialWorkerGrade } from '../shared/values.js';

export const PROJECT_KINDS = ['service_project', 'social_work_station'] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];

/** A district's general station (区县社会工作服务总站) or a street/town station (街道(镇)社工站). */
export const STATION_LEVELS = ['general', 'street'] as const;
export type StationLevel = (typeof STATION_LEVELS)[number];

/** Monthly brief (月度工作简报), mid-term report (中期工作报告), final report (终期工作报告): rule 10. */
export const REPORT_KINDS = ['monthly_brief', 'mid_term', 'final'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** Residents' 好差评. */
export const SERVICE_RATINGS = ['good', 'bad'] as const;
export type ServiceRating = (typeof SERVICE_RATINGS)[number];

/** Annual performance grades; 'unqualified' (不合格) ends the contract (rule 9). */
export const EVALUATION_GRADES = ['excellent', 'good', 'qualified', 'unqualified'] as const;
export type EvaluationGrade = (typeof EVALUATION_GRADES)[number];

/** The reason ContractTerminated carries when an annual evaluation ends the contract. */
export const TERMINATED_BY_EVALUATION = 'annual_evaluation_unqualified';

export interface ServiceItem {
  readonly name: string;
  readonly category: ServiceCategory;
  /** Confidential matters of the street government are not station services (rule 8). */
  readonly confidential: boolean;
  /** Nor are its administrative acts (rule 8). */
  readonly administrativeAct: boolean;
}

export interface ProjectPeriod {
  readonly start: IsoDate;
  readonly months: number;
}

export interface BiddingEligibility {
  /** The published conditions for contractors (承接主体条件), as text. */
  readonly description: string;
  /** Lowest organisation grade (1-5 for 1A-5A) a bidder needs; 0 when any grade may bid. */
  readonly minimumGrade: number;
}

/** Rule 4: a purchase-of-service contract states all of these. */
export interface ContractTerms {
  readonly content: string;
  readonly termMonths: number;
  readonly quantity: string;
  readonly quality: string;
  readonly priceFen: Fen;
  readonly settlementMethod: string;
}

export interface ProjectDesignedData {
  readonly projectId: string;
  readonly title: string;
  /**
   * Where the project serves. A project scoped above one community leaves the lower levels ''
   * (a street station: community ''; a district general station: street and community '').
   */
  readonly area: Area;
  readonly kind: ProjectKind;
  /** Null for a service project. */
  readonly stationLevel: StationLevel | null;
  readonly categories: readonly ServiceCategory[];
  readonly needIds: readonly string[];
  readonly budgetFen: Fen;
  readonly period: ProjectPeriod;
  readonly requirements: string;
  readonly serviceItems: readonly ServiceItem[];
  readonly designedAt: IsoInstant;
}

export interface ProjectPublishedForPurchaseData {
  readonly projectId: string;
  readonly deadline: IsoInstant;
  readonly eligibility: BiddingEligibility;
  readonly publishedAt: IsoInstant;
}

export interface BidSubmittedData {
  readonly projectId: string;
  readonly bidId: string;
  readonly organisationId: string;
  readonly organisationKind: OrganisationKind;
  readonly priceFen: Fen;
  readonly proposal: string;
  readonly submittedAt: IsoInstant;
}

export interface BidWithdrawnData {
  readonly projectId: string;
  readonly bidId: string;
  readonly organisationId: string;
  readonly withdrawnAt: IsoInstant;
}

export interface BiddingClosedData {
  readonly projectId: string;
  /** The bids still standing, in submission order: the ones the bureau evaluates. */
  readonly bidIds: readonly string[];
  readonly closedAt: IsoInstant;
}

/** 质疑的答复: upheld (the award falls and bidding reopens) or dismissed with reasons. */
export const CHALLENGE_OUTCOMES = ['upheld', 'dismissed'] as const;
export type ChallengeOutcome = (typeof CHALLENGE_OUTCOMES)[number];

/**
 * 中标结果公示: the bureau names the winning bid and the standstill period (质疑期) starts. No contract
 * is signed before `standstill.endsAt`, nor while a challenge is open.
 */
export interface AwardAnnouncedData {
  readonly projectId: string;
  readonly bidId: string;
  readonly organisationId: string;
  readonly organisationName: string;
  readonly priceFen: Fen;
  readonly area: Area;
  readonly announcedAt: IsoInstant;
  /** PURCHASE_STANDSTILL_WORKING_DAYS as it stood, counted in Beijing working days (holidays, 调休). */
  readonly standstill: { readonly workingDays: number; readonly lastDay: IsoDate; readonly endsAt: IsoInstant };
}

/** 质疑: a bidder of the purchase contests the award within the standstill period. */
export interface ChallengeLodgedData {
  readonly projectId: string;
  readonly challengeId: string;
  /** The challenging bidder. */
  readonly organisationId: string;
  /** The award contested. */
  readonly awardedBidId: string;
  readonly grounds: string;
  readonly area: Area;
  readonly lodgedAt: IsoInstant;
}

/** 质疑不成立: the award stands; the contract may be signed once the period is over and no other challenge is open. */
export interface ChallengeDismissedData {
  readonly projectId: string;
  readonly challengeId: string;
  readonly organisationId: string;
  readonly reasons: string;
  readonly area: Area;
  readonly answeredAt: IsoInstant;
}

/**
 * 质疑成立: the award is cancelled and bidding reopens until `biddingDeadline`. Every standing bid
 * stands (only its bidder withdraws it); other challenges of the fallen award lapse with it.
 */
export interface ChallengeUpheldData {
  readonly projectId: string;
  readonly challengeId: string;
  readonly organisationId: string;
  readonly reasons: string;
  readonly area: Area;
  readonly cancelledAward: { readonly bidId: string; readonly organisationId: string };
  readonly lapsedChallengeIds: readonly string[];
  readonly biddingDeadline: IsoInstant;
  readonly answeredAt: IsoInstant;
}

export interface OrganisationContractedData {
  readonly projectId: string;
  readonly bidId: string;
  readonly organisationId: string;
  readonly organisationName: string;
  readonly area: Area;
  readonly kind: ProjectKind;
  readonly stationLevel: StationLevel | null;
  readonly categories: readonly ServiceCategory[];
  readonly needIds: readonly string[];
  readonly contract: ContractTerms;
  readonly signedAt: IsoInstant;
  /** signedAt + 1 month (rule 3). */
  readonly staffOnPostDeadline: IsoInstant;
  /** signedAt + contract.termMonths. */
  readonly endsAt: IsoInstant;
}

export interface ProjectStaffAssignedData {
  readonly projectId: string;
  readonly socialWorkerId: string;
  readonly organisationId: string;
  /** As known at assignment: degree or national certificate (rule 1). */
  readonly qualified: boolean;
  readonly grade: SocialWorkerGrade | null;
  readonly assignedAt: IsoInstant;
}

export interface ProjectStaffReleasedData {
  readonly projectId: string;
  readonly socialWorkerId: string;
  readonly reason: string;
  /** Staff left after the release, so a reader sees a station fall below rule 1 without a join. */
  readonly remainingStaff: number;
  readonly remainingQualified: number;
  readonly releasedAt: IsoInstant;
}

export interface StaffOnPostConfirmedData {
  readonly projectId: string;
  readonly socialWorkerIds: readonly string[];
  readonly staff: number;
  readonly qualified: number;
  readonly deadline: IsoInstant;
  readonly confirmedAt: IsoInstant;
}

export interface ServiceDeliveredData {
  readonly projectId: string;
  readonly deliveryId: string;
  readonly projectKind: ProjectKind;
  readonly organisationId: string;
  readonly socialWorkerIds: readonly string[];
  readonly volunteerIds: readonly string[];
  /** Hours each social worker served in this delivery: weekly sums show rule 2 (>= 24 h at stations). */
  readonly hoursBySocialWorker: Readonly<Record<string, number>>;
  readonly hoursByVolunteer: Readonly<Record<string, number>>;
  readonly category: ServiceCategory;
  readonly serviceItem: string;
  /** How long the service lasted. */
  readonly hours: number;
  readonly beneficiaries: number;
  readonly communityId: string;
  /** The project's area narrowed to the community served. */
  readonly area: Area;
  /** China-local date. */
  readonly deliveredOn: IsoDate;
  /** Monday of deliveredOn's week: the key of the weekly hours. */
  readonly weekOf: IsoDate;
}

export interface ReportFiledData {
  readonly projectId: string;
  readonly reportId: string;
  readonly organisationId: string;
  readonly kind: ReportKind;
  /** 'YYYY-MM' for a monthly brief; the span the report covers otherwise. */
  readonly period: string;
  readonly summary: string;
  /**
   * v2 (减负): every figure of the draft, the organisation's value next to the one from the facts at
   * filing time; [] on v1 facts and when the report was filed without figures.
   */
  readonly figures: readonly FiledFigure[];
  readonly filedAt: IsoInstant;
}

export interface ServiceRatedData {
  readonly projectId: string;
  readonly ratingId: string;
  readonly deliveryId: string | null;
  readonly organisationId: string;
  readonly rating: ServiceRating;
  readonly score: number;
  readonly comment: string | null;
  readonly area: Area;
  readonly ratedAt: IsoInstant;
  /**
   * The resident's account (accountOf: issuer-qualified, pseudonymous) when a resident rates; null when
   * a committee or office records ratings collected from residents, and on v1 facts. One resident
   * rates a delivery once.
   */
  readonly residentRater: string | null;
}

export interface ContractEvaluatedData {
  readonly projectId: string;
  readonly organisationId: string;
  readonly year: number;
  readonly grade: EvaluationGrade;
  readonly score: number;
  /** False when the grade ends the contract (rule 9). */
  readonly continues: boolean;
  readonly evaluatedAt: IsoInstant;
}

export interface ContractTerminatedData {
  readonly projectId: string;
  readonly organisationId: string;
  /** TERMINATED_BY_EVALUATION, or the bureau's stated reason. */
  readonly reason: string;
  readonly area: Area;
  readonly terminatedAt: IsoInstant;
}

export interface ProjectCompletedData {
  readonly projectId: string;
  readonly organisationId: string;
  readonly area: Area;
  readonly deliveries: number;
  readonly deliveredHours: number;
  readonly beneficiariesServed: number;
  readonly completedAt: IsoInstant;
}

export type ProjectDesigned = DomainEvent<'ProjectDesigned', ProjectDesignedData>;
export type ProjectPublishedForPurchase = DomainEvent<'ProjectPublishedForPurchase', ProjectPublishedForPurchaseData>;
export type BidSubmitted = DomainEvent<'BidSubmitted', BidSubmittedData>;
export type BidWithdrawn = DomainEvent<'BidWithdrawn', BidWithdrawnData>;
export type BiddingClosed = DomainEvent<'BiddingClosed', BiddingClosedData>;
export type AwardAnnounced = DomainEvent<'AwardAnnounced', AwardAnnouncedData>;
export type ChallengeLodged = DomainEvent<'ChallengeLodged', ChallengeLodgedData>;
export type ChallengeDismissed = DomainEvent<'ChallengeDismissed', ChallengeDismissedData>;
export type ChallengeUpheld = DomainEvent<'ChallengeUpheld', ChallengeUpheldData>;
export type OrganisationContracted = DomainEvent<'OrganisationContracted', OrganisationContractedData>;
export type ProjectStaffAssigned = DomainEvent<'ProjectStaffAssigned', ProjectStaffAssignedData>;
export type ProjectStaffReleased = DomainEvent<'ProjectStaffReleased', ProjectStaffReleasedData>;
export type StaffOnPostConfirmed = DomainEvent<'StaffOnPostConfirmed', StaffOnPostConfirmedData>;
export type ServiceDelivered = DomainEvent<'ServiceDelivered', ServiceDeliveredData>;
export type ReportFiled = DomainEvent<'ReportFiled', ReportFiledData>;
export type ServiceRated = DomainEvent<'ServiceRated', ServiceRatedData>;
export type ContractEvaluated = DomainEvent<'ContractEvaluated', ContractEvaluatedData>;
export type ContractTerminated = DomainEvent<'ContractTerminated', ContractTerminatedData>;
export type ProjectCompleted = DomainEvent<'ProjectCompleted', ProjectCompletedData>;

export type ProjectEvent =
  | ProjectDesigned
  | ProjectPublishedForPurchase
  | BidSubmitted
  | BidWithdrawn
  | BiddingClosed
  | AwardAnnounced
  | ChallengeLodged
  | ChallengeDismissed
  | ChallengeUpheld
  | OrganisationContracted
  | ProjectStaffAssigned
  | ProjectStaffReleased
  | StaffOnPostConfirmed
  | ServiceDelivered
  | ReportFiled
  | ServiceRated
  | ContractEvaluated
  | ContractTerminated
  | ProjectCompleted;

/** Stored type name -> current schemaVersion. Names are stable; a new shape bumps the version. */
export const projectEventTypes = {
  ProjectDesigned: 1,
  ProjectPublishedForPurchase: 1,
  BidSubmitted: 1,
  BidWithdrawn: 1,
  BiddingClosed: 1,
  AwardAnnounced: 1,
  ChallengeLodged: 1,
  ChallengeDismissed: 1,
  ChallengeUpheld: 1,
  OrganisationContracted: 1,
  ProjectStaffAssigned: 1,
  ProjectStaffReleased: 1,
  StaffOnPostConfirmed: 1,
  ServiceDelivered: 1,
  ReportFiled: 2,
  ServiceRated: 2,
  ContractEvaluated: 1,
  ContractTerminated: 1,
  ProjectCompleted: 1,
} as const satisfies Record<ProjectEvent['type'], number>;
