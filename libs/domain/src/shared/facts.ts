/**
 * Facts about OTHER aggregates that a decision needs. The command handler loads the other stream,
 * folds it, and passes `toFacts(state)` inside the command: the decider stays pure, and each
 * aggregate decides which of its internals other aggregates may rely on.
 */
import type { Area, ServiceCategory, SocialWorkerGrade, Urgency } from './values.js';

export const ORGANISATION_KINDS = {
  social_organisation: '社会组织',
  social_work_agency: '社工机构',
  enterprise: '企业',
  mass_organisation: '群团组织',
  public_institution: '事业单位',
} as const;
export type OrganisationKind = keyof typeof ORGANISATION_KINDS;

export interface OrganisationFacts {
  readonly organisationId: string;
  readonly name: string;
  readonly kind: OrganisationKind;
  /** Mass organisations funded by the budget are not eligible contractors (rule 7). */
  readonly budgetFunded: boolean;
  readonly status: 'registered' | 'suspended' | 'deregistered';
  /** Result of the latest annual inspection (rule 11). */
  readonly latestInspection: 'passed' | 'failed' | 'none';
  /** 1-5 for 1A-5A, 0 when not graded. */
  readonly grade: number;
  readonly district: string;
  /** The social-work stations it holds now: a new station contract is checked against them (rule 5). */
  readonly stationContracts: readonly StationContractFacts[];
}

/** A station contract an organisation holds (rule 5, seed 004). */
export interface StationContractFacts {
  readonly projectId: string;
  readonly district: string;
  readonly stationLevel: 'general' | 'street';
}

export interface SocialWorkerFacts {
  readonly socialWorkerId: string;
  readonly status: 'active' | 'deregistered';
  /** Holds a national certificate at some grade, or a social-work degree (rule 1). */
  readonly qualified: boolean;
  readonly grade: SocialWorkerGrade | null;
  /** The organisation that employs them; staff of another organisation would be subcontracting (rule 6). */
  readonly employerOrganisationId: string | null;
}

export interface CommunityFacts {
  readonly communityId: string;
  readonly name: string;
  readonly area: Area;
  readonly kind: 'urban' | 'rural';
  readonly residents: number;
}

export interface NeedFacts {
  readonly needId: string;
  readonly status: 'listed' | 'verified' | 'matched' | 'covered' | 'fulfilled' | 'withdrawn';
  readonly category: ServiceCategory;
  readonly area: Area;
  readonly urgency: Urgency;
}

export interface ProjectFacts {
  readonly projectId: string;
  readonly status: string;
  readonly categories: readonly ServiceCategory[];
  readonly area: Area;
  readonly contractorOrganisationId: string | null;
}

export interface VolunteerFacts {
  readonly volunteerId: string;
  readonly status: 'active' | 'deregistered';
  readonly skills: readonly string[];
  readonly community: string;
}
