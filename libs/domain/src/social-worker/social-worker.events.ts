import type { DomainEvent } from '../shared/decider.js';
import type { Area, IsoDate, SocialWorkerGrade } from '../shared/values.js';

/**
 * Where a social worker is based: one community (a street station's post), or a whole district
 * (the district's general station). Per-community indicators count only community bases.
 */
export type SocialWorkerBase =
  | { readonly level: 'community'; readonly area: Area }
  | { readonly level: 'district'; readonly city: string; readonly district: string };

export interface SocialWorkerRegisteredData {
  readonly socialWorkerId: string;
  /** Pseudonymous: name and contact details live in the vault under this ref. */
  readonly personRef: string;
  readonly base: SocialWorkerBase;
  /** A social-work degree qualifies without a certificate (rule 1). */
  readonly hasSocialWorkDegree: boolean;
  readonly employerOrganisationId: string | null;
}

export interface SocialWorkerCertifiedData {
  readonly socialWorkerId: string;
  readonly grade: SocialWorkerGrade;
  readonly certificateNumber: string;
  readonly certifiedOn: IsoDate;
  readonly previousGrade: SocialWorkerGrade | null;
}

export interface SocialWorkerEmployedData {
  readonly socialWorkerId: string;
  /** null: no longer employed by any organisation. */
  readonly employerOrganisationId: string | null;
  readonly previousEmployerOrganisationId: string | null;
}

export interface SocialWorkerAssignedData {
  readonly socialWorkerId: string;
  readonly projectId: string;
  /** The hours for this project; a repeated assignment to the same project replaces them. */
  readonly hoursPerWeek: number;
  /** All assigned hours after this one, at most 40. */
  readonly totalHoursPerWeek: number;
  readonly employerOrganisationId: string | null;
  /** When the worker took the post: rule 3 counts from contract signing to this instant. */
  readonly assignedAt: string;
}

export interface SocialWorkerReleasedData {
  readonly socialWorkerId: string;
  readonly projectId: string;
  /** The hours freed. */
  readonly hoursPerWeek: number;
  readonly reason: string | null;
}

export interface SocialWorkerDeregisteredData {
  readonly socialWorkerId: string;
  readonly reason: string;
}

export type SocialWorkerRegistered = DomainEvent<'SocialWorkerRegistered', SocialWorkerRegisteredData>;
export type SocialWorkerCertified = DomainEvent<'SocialWorkerCertified', SocialWorkerCertifiedData>;
export type SocialWorkerEmployed = DomainEvent<'SocialWorkerEmployed', SocialWorkerEmployedData>;
export type SocialWorkerAssigned = DomainEvent<'SocialWorkerAssigned', SocialWorkerAssignedData>;
export type SocialWorkerReleased = DomainEvent<'SocialWorkerReleased', SocialWorkerReleasedData>;
export type SocialWorkerDeregistered = DomainEvent<'SocialWorkerDeregistered', SocialWorkerDeregisteredData>;

export type SocialWorkerEvent =
  | SocialWorkerRegistered
  | SocialWorkerCertified
  | SocialWorkerEmployed
  | SocialWorkerAssigned
  | SocialWorkerReleased
  | SocialWorkerDeregistered;

/** Stored type name -> current schemaVersion. */
export const socialWorkerEventTypes = {
  SocialWorkerRegistered: 1,
  SocialWorkerCertified: 1,
  SocialWorkerEmployed: 1,
  SocialWorkerAssigned: 1,
  SocialWorkerReleased: 1,
  SocialWorkerDeregistered: 1,
} as const satisfies Record<SocialWorkerEvent['type'], number>;
