/**
 * A project under contract, as stored facts: the contract signed (rule 4), staff assigned, released and
 * confirmed on post (rules 1, 3, 6), services delivered (rule 2), reports filed (rule 10), residents'
 * ratings, annual evaluations (rule 9), and the contract's end: terminated or completed.
 */
import type { Area, Fen, IsoDate, IsoInstant, ServiceCategory, SocialWorkerGrade } from '../shared/values.js';
import type { ProjectKind, StationLevel } from './project.events.js';
import type { FiledFigure } from './report-figures.js';

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

/** Rule 4: a purchase-of-service contract states all of these. */
export interface ContractTerms {
  readonly content: string;
  readonly termMonths: number;
  readonly quantity: string;
  readonly quality: string;
  readonly priceFen: Fen;
  readonly settlementMethod: string;
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
