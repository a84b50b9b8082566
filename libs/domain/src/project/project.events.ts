/**
 * Events of a project bought through government purchase of services (政府购买服务): a community
 * service project, or a social-work station (社工站) run under the Jinan rules (seed 004).
 * Here: what a project is (its design), every event type, and the stored names with their versions;
 * each phase's facts in project-purchase, project-challenge and project-delivery.events.ts.
 */
import type { DomainEvent } from '../shared/decider.js';
import type { Area, Fen, IsoDate, IsoInstant, ServiceCategory } from '../shared/values.js';
import type { ChallengeDismissedData, ChallengeLodgedData, ChallengeUpheldData } from './project-challenge.events.js';
import type {
  ContractEvaluatedData,
  ContractTerminatedData,
  OrganisationContractedData,
  ProjectCompletedData,
  ProjectStaffAssignedData,
  ProjectStaffReleasedData,
  ReportFiledData,
  ServiceDeliveredData,
  ServiceRatedData,
  StaffOnPostConfirmedData,
} from './project-delivery.events.js';
import type { AwardAnnouncedData, BidSubmittedData, BidWithdrawnData, BiddingClosedData, ProjectPublishedForPurchaseData } from './project-purchase.events.js';

export const PROJECT_KINDS = ['service_project', 'social_work_station'] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];

/** A district's general station (区县社会工作服务总站) or a street/town station (街道(镇)社工站). */
export const STATION_LEVELS = ['general', 'street'] as const;
export type StationLevel = (typeof STATION_LEVELS)[number];

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

export * from './project-purchase.events.js';
export * from './project-challenge.events.js';
export * from './project-delivery.events.js';

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
