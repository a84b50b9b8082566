import type { DomainCommand } from '../shared/decider.js';
import type { Area, IsoDate, ServiceCategory } from '../shared/values.js';
import type { AvailabilityWindow, VolunteerAssignmentTarget } from './volunteer.events.js';

export interface RegisterVolunteerData {
  readonly volunteerId: string;
  readonly personRef: string;
  readonly area: Area;
  readonly registeredOn: IsoDate;
}

export interface DeclareVolunteerSkillsData {
  readonly volunteerId: string;
  readonly skills: readonly string[];
  readonly categories: readonly ServiceCategory[];
}

export interface DeclareVolunteerAvailabilityData {
  readonly volunteerId: string;
  readonly hoursPerWeek: number;
  readonly windows: readonly AvailabilityWindow[];
}

export interface AssignVolunteerData {
  readonly volunteerId: string;
  readonly assignmentId: string;
  readonly target: VolunteerAssignmentTarget;
  readonly hoursPerWeek: number;
  /**
   * The organisation that runs the project joined (its contractor), loaded by the command layer: who
   * may coordinate the assignment besides the volunteer and the committee. Not recorded.
   */
  readonly coordinatingOrganisationId?: string | null;
}

export interface EndVolunteerAssignmentData {
  readonly volunteerId: string;
  readonly assignmentId: string;
  readonly reason?: string;
}

export interface LogVolunteerHoursData {
  readonly volunteerId: string;
  /** Caller-chosen (the same id logs once): what the coordinator confirms or declines. */
  readonly entryId: string;
  readonly assignmentId: string;
  /** Hours served on `servedOn`, more than 0. */
  readonly hours: number;
  /** The Beijing date served. */
  readonly servedOn: IsoDate;
  /**
   * The platform's most hours one person may log on one date, all assignments together (config
   * VOLUNTEER_MAX_HOURS_PER_DAY, passed by the handler). Never more than the 24 a day has.
   */
  readonly maxHoursPerDay?: number;
}

export interface ConfirmVolunteerHoursData {
  readonly volunteerId: string;
  readonly entryId: string;
  /** The contractor of the project the entry's assignment serves, loaded by the command layer: a coordinator besides the committee (not recorded). */
  readonly coordinatingOrganisationId?: string | null;
  /** VOLUNTEER_MAX_HOURS_PER_DAY, as for LogVolunteerHours: the confirmed day must still hold the hours. */
  readonly maxHoursPerDay?: number;
}

export interface DeclineVolunteerHoursData {
  readonly volunteerId: string;
  readonly entryId: string;
  /** Why the hours do not count; the volunteer reads it. */
  readonly reason: string;
  readonly coordinatingOrganisationId?: string | null;
}

export interface OpenServiceSessionData {
  readonly volunteerId: string;
  readonly assignmentId: string;
  /** Caller-chosen (the same id opens once). */
  readonly sessionId: string;
  /** The project's contractor, loaded by the command layer: who may coordinate besides the committee (not recorded). */
  readonly coordinatingOrganisationId?: string | null;
}

/**
 * What a signed session code says, once its signature is verified by the application layer: the
 * decider checks it names this session and volunteer and has not expired.
 */
export interface SessionCodeClaims {
  readonly sessionId: string;
  readonly volunteerId: string;
  readonly expiresAt: string;
}

export interface CheckInVolunteerData {
  readonly volunteerId: string;
  readonly sessionId: string;
  readonly code: SessionCodeClaims;
}

export interface CheckOutVolunteerData {
  readonly volunteerId: string;
  readonly sessionId: string;
  readonly code: SessionCodeClaims;
  /** VOLUNTEER_MAX_HOURS_PER_DAY, as for LogVolunteerHours. */
  readonly maxHoursPerDay?: number;
}

export interface DeregisterVolunteerData {
  readonly volunteerId: string;
  readonly reason?: string;
}

export type RegisterVolunteer = DomainCommand<'RegisterVolunteer', RegisterVolunteerData>;
export type DeclareVolunteerSkills = DomainCommand<'DeclareVolunteerSkills', DeclareVolunteerSkillsData>;
export type DeclareVolunteerAvailability = DomainCommand<'DeclareVolunteerAvailability', DeclareVolunteerAvailabilityData>;
export type AssignVolunteer = DomainCommand<'AssignVolunteer', AssignVolunteerData>;
export type EndVolunteerAssignment = DomainCommand<'EndVolunteerAssignment', EndVolunteerAssignmentData>;
export type LogVolunteerHours = DomainCommand<'LogVolunteerHours', LogVolunteerHoursData>;
export type ConfirmVolunteerHours = DomainCommand<'ConfirmVolunteerHours', ConfirmVolunteerHoursData>;
export type DeclineVolunteerHours = DomainCommand<'DeclineVolunteerHours', DeclineVolunteerHoursData>;
export type OpenServiceSession = DomainCommand<'OpenServiceSession', OpenServiceSessionData>;
export type CheckInVolunteer = DomainCommand<'CheckInVolunteer', CheckInVolunteerData>;
export type CheckOutVolunteer = DomainCommand<'CheckOutVolunteer', CheckOutVolunteerData>;
export type DeregisterVolunteer = DomainCommand<'DeregisterVolunteer', DeregisterVolunteerData>;

export type VolunteerCommand =
  | RegisterVolunteer
  | DeclareVolunteerSkills
  | DeclareVolunteerAvailability
  | AssignVolunteer
  | EndVolunteerAssignment
  | LogVolunteerHours
  | ConfirmVolunteerHours
  | DeclineVolunteerHours
  | OpenServiceSession
  | CheckInVolunteer
  | CheckOutVolunteer
  | DeregisterVolunteer;
