import type { DomainCommand } from '../shared/decider.js';
import type { ProjectFacts } from '../shared/facts.js';
import type { IsoDate, SocialWorkerGrade } from '../shared/values.js';
import type { SocialWorkerBase } from './social-worker.events.js';

export interface RegisterSocialWorkerData {
  readonly socialWorkerId: string;
  readonly personRef: string;
  readonly base: SocialWorkerBase;
  readonly hasSocialWorkDegree: boolean;
  readonly employerOrganisationId: string | null;
}

export interface CertifySocialWorkerData {
  readonly socialWorkerId: string;
  readonly grade: SocialWorkerGrade;
  readonly certificateNumber: string;
  readonly certifiedOn: IsoDate;
}

export interface ChangeEmployerData {
  readonly socialWorkerId: string;
  readonly employerOrganisationId: string | null;
}

/**
 * Reserves the worker's weekly hours for a project, the first step of the project's AssignProjectStaff
 * (never an endpoint of its own). The project rides along so rule 6 is checked before any hour is held.
 */
export interface AssignSocialWorkerData {
  readonly socialWorkerId: string;
  /** Loaded by the handler from the project stream. */
  readonly project: ProjectFacts;
  readonly hoursPerWeek: number;
}

export interface ReleaseSocialWorkerData {
  readonly socialWorkerId: string;
  readonly projectId: string;
  readonly reason?: string;
}

export interface DeregisterSocialWorkerData {
  readonly socialWorkerId: string;
  readonly reason: string;
}

export type RegisterSocialWorker = DomainCommand<'RegisterSocialWorker', RegisterSocialWorkerData>;
export type CertifySocialWorker = DomainCommand<'CertifySocialWorker', CertifySocialWorkerData>;
export type ChangeEmployer = DomainCommand<'ChangeEmployer', ChangeEmployerData>;
export type AssignSocialWorker = DomainCommand<'AssignSocialWorker', AssignSocialWorkerData>;
export type ReleaseSocialWorker = DomainCommand<'ReleaseSocialWorker', ReleaseSocialWorkerData>;
export type DeregisterSocialWorker = DomainCommand<'DeregisterSocialWorker', DeregisterSocialWorkerData>;

export type SocialWorkerCommand =
  | RegisterSocialWorker
  | CertifySocialWorker
  | ChangeEmployer
  | AssignSocialWorker
  | ReleaseSocialWorker
  | DeregisterSocialWorker;
