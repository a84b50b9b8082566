import type { DomainEvent } from '../shared/decider.js';
import type { OrganisationKind } from '../shared/facts.js';
import type { Area, ServiceCategory } from '../shared/values.js';

/** The two levels of a district's social-work stations (seed 004): 总站 and 街道站 (same values as the project's StationLevel). */
export type StationContractLevel = 'general' | 'street';

export interface OrganisationRegisteredData {
  readonly organisationId: string;
  readonly name: string;
  readonly kind: OrganisationKind;
  /** 统一社会信用代码, 18 characters (GB 32100-2015). */
  readonly unifiedSocialCreditCode: string;
  /** With kind mass_organisation, makes it ineligible to contract (rule 7). */
  readonly budgetFunded: boolean;
  /**
   * The city of the registering district (schema v2). null only on v1 facts stored without it and no
   * seat to read it from: who may act on such an organisation is then decided closed (no area covers it).
   */
  readonly city: string | null;
  /** The district whose civil-affairs bureau registered it. */
  readonly district: string;
  /** Where it is seated, when it serves one community; null for district-wide organisations. */
  readonly area: Area | null;
  readonly serviceCategories: readonly ServiceCategory[];
  /** How many projects it can run at the same time (resources list). */
  readonly capacity: number;
}

export interface AnnualInspectionPassedData {
  readonly organisationId: string;
  readonly year: number;
}

export interface AnnualInspectionFailedData {
  readonly organisationId: string;
  readonly year: number;
  /** Why it failed, as the bureau wrote it; a failed latest inspection bars bidding (rule 11). */
  readonly reason: string;
}

export interface OrganisationGradedData {
  readonly organisationId: string;
  /** 1-5 for 1A-5A (社会组织等级评估). */
  readonly grade: number;
  readonly year: number;
  /** 0 when it had no grade before. */
  readonly previousGrade: number;
}

export interface OrganisationSuspendedData {
  readonly organisationId: string;
  readonly reason: string;
}

export interface OrganisationReinstatedData {
  readonly organisationId: string;
  readonly reason: string;
}

export interface OrganisationDeregisteredData {
  readonly organisationId: string;
  readonly reason: string;
  /** Station contracts still held: the bureau must terminate them (exit mechanism, seed 000). */
  readonly heldStationProjectIds: readonly string[];
}

export interface StationContractRecordedData {
  readonly organisationId: string;
  readonly projectId: string;
  readonly district: string;
  readonly stationLevel: StationContractLevel;
}

export interface StationContractReleasedData {
  readonly organisationId: string;
  readonly projectId: string;
  readonly district: string;
  readonly stationLevel: StationContractLevel;
  readonly reason: string;
}

export type OrganisationRegistered = DomainEvent<'OrganisationRegistered', OrganisationRegisteredData>;
export type AnnualInspectionPassed = DomainEvent<'AnnualInspectionPassed', AnnualInspectionPassedData>;
export type AnnualInspectionFailed = DomainEvent<'AnnualInspectionFailed', AnnualInspectionFailedData>;
export type OrganisationGraded = DomainEvent<'OrganisationGraded', OrganisationGradedData>;
export type OrganisationSuspended = DomainEvent<'OrganisationSuspended', OrganisationSuspendedData>;
export type OrganisationReinstated = DomainEvent<'OrganisationReinstated', OrganisationReinstatedData>;
export type OrganisationDeregistered = DomainEvent<'OrganisationDeregistered', OrganisationDeregisteredData>;
export type StationContractRecorded = DomainEvent<'StationContractRecorded', StationContractRecordedData>;
export type StationContractReleased = DomainEvent<'StationContractReleased', StationContractReleasedData>;

export type OrganisationEvent =
  | OrganisationRegistered
  | AnnualInspectionPassed
  | AnnualInspectionFailed
  | OrganisationGraded
  | OrganisationSuspended
  | OrganisationReinstated
  | OrganisationDeregistered
  | StationContractRecorded
  | StationContractReleased;

/** Stored type name -> current schemaVersion. */
export const organisationEventTypes = {
  OrganisationRegistered: 2,
  AnnualInspectionPassed: 1,
  AnnualInspectionFailed: 1,
  OrganisationGraded: 1,
  OrganisationSuspended: 1,
  OrganisationReinstated: 1,
  OrganisationDeregistered: 1,
  StationContractRecorded: 1,
  StationContractReleased: 1,
} as const satisfies Record<OrganisationEvent['type'], number>;
