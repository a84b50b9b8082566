import type { DomainCommand } from '../shared/decider.js';
import type { CommunityFacts, OrganisationFacts, SocialWorkerFacts } from '../shared/facts.js';
import type { Area, Fen, IsoDate, IsoInstant, ServiceCategory } from '../shared/values.js';
import type { WorkingDayCalendar } from '../shared/working-days.js';
import type { FiledFigureInput, ReportFigure } from './report-figures.js';
import type { ChallengeOutcome, EvaluationGrade, ProjectKind, ReportKind, ServiceRating, StationLevel } from './project.events.js';

export interface ServiceItemInput {
  readonly name: string;
  readonly category: ServiceCategory;
  readonly confidential?: boolean;
  readonly administrativeAct?: boolean;
}

export interface DesignProjectData {
  readonly projectId: string;
  readonly title: string;
  /** Leave `community` '' for a street-level project, and `street` too for a district-level one. */
  readonly area: Area;
  readonly kind: ProjectKind;
  /** Required for a social-work station, absent for a service project. */
  readonly stationLevel?: StationLevel;
  readonly categories: readonly ServiceCategory[];
  readonly needIds: readonly string[];
  readonly budgetFen: Fen;
  /** months defaults to 36: a purchase contract runs 3 years unless stated (rule 4). */
  readonly period: { readonly start: IsoDate; readonly months?: number };
  readonly requirements: string;
  readonly serviceItems: readonly ServiceItemInput[];
}

export interface PublishProjectForPurchaseData {
  readonly deadline: IsoInstant;
  readonly eligibility: { readonly description: string; readonly minimumGrade?: number };
}

export interface SubmitBidData {
  readonly bidId: string;
  /** Loaded by the handler from the organisation stream. */
  readonly bidder: OrganisationFacts;
  readonly priceFen: Fen;
  readonly proposal: string;
}

export interface WithdrawBidData {
  readonly bidId: string;
}

export type CloseBiddingData = Record<string, never>;

export interface AnnounceAwardData {
  readonly bidId: string;
  /** Loaded by the handler: the bid's organisation, its standing and its stations (rules 5, 7, 11). */
  readonly bidder: OrganisationFacts;
  /** The platform's settings (PURCHASE_STANDSTILL_WORKING_DAYS, PUBLIC_HOLIDAYS, ADJUSTED_WORKING_DAYS). */
  readonly standstill: { readonly workingDays: number; readonly calendar: WorkingDayCalendar };
}

export interface LodgeChallengeData {
  /** Chosen by the caller, so a re-sent challenge records once. */
  readonly challengeId: string;
  /** The challenging organisation (the token's). */
  readonly organisationId: string;
  readonly grounds: string;
}

export interface AnswerChallengeData {
  readonly challengeId: string;
  readonly outcome: ChallengeOutcome;
  readonly reasons: string;
  /** Upheld: until when the reopened bidding runs. */
  readonly biddingDeadline?: IsoInstant;
}

/** Every term is optional here so a contract that omits one is refused by rule 4, not by a type. */
export interface ContractTermsInput {
  readonly content?: string;
  /** Defaults to 36 (rule 4). */
  readonly termMonths?: number;
  readonly quantity?: string;
  readonly quality?: string;
  readonly priceFen?: Fen;
  readonly settlementMethod?: string;
}

export interface AwardContractData {
  readonly bidId: string;
  readonly contractor: OrganisationFacts;
  readonly contract: ContractTermsInput;
}

export interface AssignProjectStaffData {
  readonly socialWorker: SocialWorkerFacts;
}

export interface ReleaseProjectStaffData {
  readonly socialWorkerId: string;
  readonly reason: string;
}

export type ConfirmStaffOnPostData = Record<string, never>;

export interface DeliveredServiceItem {
  readonly name: string;
  readonly confidential?: boolean;
  readonly administrativeAct?: boolean;
}

export interface DeliverServiceData {
  /** Chosen by the caller, so a re-sent log records once. */
  readonly deliveryId: string;
  readonly deliveredBy: {
    readonly organisationId: string;
    readonly socialWorkerIds: readonly string[];
    readonly volunteerIds: readonly string[];
  };
  /** When people served different lengths of time; by default each served `hours`. */
  readonly hoursBySocialWorker?: Readonly<Record<string, number>>;
  readonly hoursByVolunteer?: Readonly<Record<string, number>>;
  readonly category: ServiceCategory;
  readonly serviceItem: DeliveredServiceItem;
  /** How long the service lasted; up to 24 for one day, up to 168 for a weekly log (weekOf). */
  readonly hours: number;
  readonly beneficiaries: number;
  /** Loaded by the handler from the community's stream: the delivery is filed where it happened. */
  readonly community: CommunityFacts;
  /** China-local date. */
  readonly deliveredOn: IsoDate;
  /** Set when the entry logs a whole week: the Monday of the week deliveredOn falls in. */
  readonly weekOf?: IsoDate;
}

export interface FileReportData {
  readonly reportId: string;
  readonly kind: ReportKind;
  /** 'YYYY-MM' for a monthly brief; free text (the span covered) for mid-term and final. */
  readonly period: string;
  readonly summary: string;
  /** The organisation's figures (its corrections of the draft); a drafted figure not named is filed as drafted. */
  readonly figures?: readonly FiledFigureInput[];
  /**
   * The draft's figures from the project's facts at filing time (report-figures.ts), put in by the
   * handler, never by the caller: what the bureau compares the filed figures with.
   */
  readonly fromFacts?: readonly ReportFigure[];
}

export interface RateServiceData {
  readonly ratingId: string;
  /** The delivery rated, when the resident rates one. */
  readonly deliveryId?: string;
  readonly rating: ServiceRating;
  /** 1 to 5. */
  readonly score: number;
  readonly comment?: string;
}

export interface EvaluateContractData {
  /** Calendar year evaluated (the bureau evaluates yearly). */
  readonly year: number;
  readonly grade: EvaluationGrade;
  /** 0 to 100. */
  readonly score: number;
}

export interface TerminateContractData {
  readonly reason: string;
}

export type CompleteProjectData = Record<string, never>;

export type DesignProject = DomainCommand<'DesignProject', DesignProjectData>;
export type PublishProjectForPurchase = DomainCommand<'PublishProjectForPurchase', PublishProjectForPurchaseData>;
export type SubmitBid = DomainCommand<'SubmitBid', SubmitBidData>;
export type WithdrawBid = DomainCommand<'WithdrawBid', WithdrawBidData>;
export type CloseBidding = DomainCommand<'CloseBidding', CloseBiddingData>;
export type AnnounceAward = DomainCommand<'AnnounceAward', AnnounceAwardData>;
export type LodgeChallenge = DomainCommand<'LodgeChallenge', LodgeChallengeData>;
export type AnswerChallenge = DomainCommand<'AnswerChallenge', AnswerChallengeData>;
export type AwardContract = DomainCommand<'AwardContract', AwardContractData>;
export type AssignProjectStaff = DomainCommand<'AssignProjectStaff', AssignProjectStaffData>;
export type ReleaseProjectStaff = DomainCommand<'ReleaseProjectStaff', ReleaseProjectStaffData>;
export type ConfirmStaffOnPost = DomainCommand<'ConfirmStaffOnPost', ConfirmStaffOnPostData>;
export type DeliverService = DomainCommand<'DeliverService', DeliverServiceData>;
export type FileReport = DomainCommand<'FileReport', FileReportData>;
export type RateService = DomainCommand<'RateService', RateServiceData>;
export type EvaluateContract = DomainCommand<'EvaluateContract', EvaluateContractData>;
export type TerminateContract = DomainCommand<'TerminateContract', TerminateContractData>;
export type CompleteProject = DomainCommand<'CompleteProject', CompleteProjectData>;

export type ProjectCommand =
  | DesignProject
  | PublishProjectForPurchase
  | SubmitBid
  | WithdrawBid
  | CloseBidding
  | AnnounceAward
  | LodgeChallenge
  | AnswerChallenge
  | AwardContract
  | AssignProjectStaff
  | ReleaseProjectStaff
  | ConfirmStaffOnPost
  | DeliverService
  | FileReport
  | RateService
  | EvaluateContract
  | TerminateContract
  | CompleteProject;
