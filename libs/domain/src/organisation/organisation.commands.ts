import type { DomainCommand } from '../shared/decider.js';
import type { OrganisationKind } from '../shared/facts.js';
import type { Area, ServiceCategory } from '../shared/values.js';
import type { StationContractLevel } from './organisation.events.js';

export interface RegisterOrganisationData {
  readonly organisationId: string;
  readonly name: string;
  readonly kind: OrganisationKind;
  readonly unifiedSocialCreditCode: string;
  readonly budgetFunded: boolean;
  /** The city of the registering district: a district code alone is not unique across cities. */
  readonly city: string;
  readonly district: string;
  readonly area?: Area | null;
  readonly serviceCategories: readonly ServiceCategory[];
  readonly capacity: number;
}

export interface RecordAnnualInspectionData {
  readonly organisationId: string;
  readonly year: number;
  readonly result: 'passed' | 'failed';
  /** Required when the inspection failed. */
  readonly reason?: string;
}

export interface GradeOrganisationData {
  readonly organisationId: string;
  readonly grade: number;
  readonly year: number;
}

export interface ChangeOrganisationStatusData {
  readonly organisationId: string;
  readonly reason: string;
}

export interface RecordStationContractData {
  readonly organisationId: string;
  readonly projectId: string;
  readonly district: string;
  readonly stationLevel: StationContractLevel;
}

export interface ReleaseStationContractData {
  readonly organisationId: string;
  readonly projectId: string;
  readonly reason: string;
}

export type RegisterOrganisation = DomainCommand<'RegisterOrganisation', RegisterOrganisationData>;
export type RecordAnnualInspection = DomainCommand<'RecordAnnualInspection', RecordAnnualInspectionData>;
export type GradeOrganisation = DomainCommand<'GradeOrganisation', GradeOrganisationData>;
export type SuspendOrganisation = DomainCommand<'SuspendOrganisation', ChangeOrganisationStatusData>;
export type ReinstateOrganisation = DomainCommand<'ReinstateOrganisation', ChangeOrganisationStatusData>;
export type DeregisterOrganisation = DomainCommand<'DeregisterOrganisation', ChangeOrganisationStatusData>;
/** Sent by the project's contracting flow: the organisation stream guards rule 5. */
export type RecordStationContract = DomainCommand<'RecordStationContract', RecordStationContractData>;
/** Sent when a station contract is completed or terminated, or to compensate a failed contracting. */
export type ReleaseStationContract = DomainCommand<'ReleaseStationContract', ReleaseStationContractData>;

export type OrganisationCommand =
  | RegisterOrganisation
  | RecordAnnualInspection
  | GradeOrganisation
  | SuspendOrganisation
  | ReinstateOrganisation
  | DeregisterOrganisation
  | RecordStationContract
  | ReleaseStationContract;
