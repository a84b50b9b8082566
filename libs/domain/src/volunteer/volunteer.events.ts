import type { DomainEvent } from '../shared/decider.js';
import type { Area, IsoDate, IsoInstant, ServiceCategory } from '../shared/values.js';

/** A weekly window a volunteer can serve in: ISO weekday (1 Monday .. 7 Sunday), local HH:MM times. */
export interface AvailabilityWindow {
  readonly weekday: number;
  readonly from: string;
  readonly to: string;
}

/** What a volunteer serves: one need directly, or a project's delivery. */
export type VolunteerAssignmentTarget =
  | { readonly kind: 'need'; readonly needId: string }
  | { readonly kind: 'project'; readonly projectId: string };

export interface VolunteerRegisteredData {
  readonly volunteerId: string;
  /** Real-name registration lives in the vault under this ref; events never carry the name. */
  readonly personRef: string;
  readonly area: Area;
  readonly registeredOn: IsoDate;
}

export interface VolunteerSkillsDeclaredData {
  readonly volunteerId: string;
  /** Free-text skills (e.g. 心理咨询, 理发), trimmed and without repeats; replaces the previous declaration. */
  readonly skills: readonly string[];
  readonly categories: readonly ServiceCategory[];
}

export interface VolunteerAvailabilityDeclaredData {
  readonly volunteerId: string;
  /** The most a volunteer will serve in a week; 0 pauses them. Assignments never exceed it. */
  readonly hoursPerWeek: number;
  /** Empty: no fixed windows, any time by arrangement. */
  readonly windows: readonly AvailabilityWindow[];
}

export interface VolunteerAssignedData {
  readonly volunteerId: string;
  readonly assignmentId: string;
  readonly target: VolunteerAssignmentTarget;
  readonly hoursPerWeek: number;
  /** The Beijing date it starts: hours served before it cannot be logged against it. */
  readonly assignedOn: IsoDate;
}

export interface VolunteerAssignmentEndedData {
  readonly volunteerId: string;
  readonly assignmentId: string;
  readonly target: VolunteerAssignmentTarget;
  /** The weekly hours freed. */
  readonly hoursPerWeek: number;
  /** The Beijing date it ended: hours served after it cannot be logged against it. */
  readonly endedOn: IsoDate;
  readonly reason: string | null;
}

/** How logged hours stand: self-reported hours wait for the coordinator (issue 13 item 1). */
export type LoggedHoursStatus = 'pending' | 'confirmed';

/**
 * v2: each entry has an id and a status. Hours the volunteer reports itself are `pending` and count
 * only once its coordinator confirms them (VolunteerHoursConfirmed); hours typed by the committee or
 * office, which may confirm them, are `confirmed` at once. v1 facts were accepted before confirmation
 * existed: they upcast as `confirmed`, with the fact's eventId as their entryId.
 */
export interface VolunteerHoursLoggedData {
  readonly volunteerId: string;
  readonly entryId: string;
  readonly status: LoggedHoursStatus;
  readonly assignmentId: string;
  readonly target: VolunteerAssignmentTarget;
  readonly hours: number;
  readonly servedOn: IsoDate;
  /** The volunteer's community: service-hour indicators per area need no join. */
  readonly area: Area;
}

/** The coordinator confirmed a pending entry: from now on its hours count. Repeats the entry so readers need not remember it. */
export interface VolunteerHoursConfirmedData {
  readonly volunteerId: string;
  readonly entryId: string;
  readonly assignmentId: string;
  readonly target: VolunteerAssignmentTarget;
  readonly hours: number;
  readonly servedOn: IsoDate;
  readonly area: Area;
}

/** The coordinator declined a pending entry, with a reason the volunteer reads: its hours never count. */
export interface VolunteerHoursDeclinedData {
  readonly volunteerId: string;
  readonly entryId: string;
  readonly assignmentId: string;
  readonly hours: number;
  readonly servedOn: IsoDate;
  readonly reason: string;
}

/**
 * 扫码签到签退: a coordinator (the assignment's committee, civil-affairs office or contracting
 * organisation) opened a service session for one assignment. The volunteer checks in and out of it
 * with short-lived signed codes the coordinator shows as a QR image; the hours follow from the pair.
 */
export interface VolunteerServiceSessionOpenedData {
  readonly volunteerId: string;
  readonly sessionId: string;
  readonly assignmentId: string;
  readonly target: VolunteerAssignmentTarget;
  readonly openedAt: IsoInstant;
}

export interface VolunteerCheckedInData {
  readonly volunteerId: string;
  readonly sessionId: string;
  readonly assignmentId: string;
  readonly checkedInAt: IsoInstant;
}

/** Hours served, derived from the check-in and check-out (never typed), on the Beijing date of the check-in. */
export interface VolunteerCheckedOutData {
  readonly volunteerId: string;
  readonly sessionId: string;
  readonly assignmentId: string;
  readonly target: VolunteerAssignmentTarget;
  readonly checkedInAt: IsoInstant;
  readonly checkedOutAt: IsoInstant;
  /** (checkedOutAt - checkedInAt) in hours, rounded to 0.01 h. */
  readonly hours: number;
  readonly servedOn: IsoDate;
  readonly area: Area;
}

export interface VolunteerDeregisteredData {
  readonly volunteerId: string;
  readonly reason: string | null;
}

export type VolunteerRegistered = DomainEvent<'VolunteerRegistered', VolunteerRegisteredData>;
export type VolunteerSkillsDeclared = DomainEvent<'VolunteerSkillsDeclared', VolunteerSkillsDeclaredData>;
export type VolunteerAvailabilityDeclared = DomainEvent<'VolunteerAvailabilityDeclared', VolunteerAvailabilityDeclaredData>;
export type VolunteerAssigned = DomainEvent<'VolunteerAssigned', VolunteerAssignedData>;
export type VolunteerAssignmentEnded = DomainEvent<'VolunteerAssignmentEnded', VolunteerAssignmentEndedData>;
export type VolunteerHoursLogged = DomainEvent<'VolunteerHoursLogged', VolunteerHoursLoggedData>;
export type VolunteerHoursConfirmed = DomainEvent<'VolunteerHoursConfirmed', VolunteerHoursConfirmedData>;
export type VolunteerHoursDeclined = DomainEvent<'VolunteerHoursDeclined', VolunteerHoursDeclinedData>;
export type VolunteerServiceSessionOpened = DomainEvent<'VolunteerServiceSessionOpened', VolunteerServiceSessionOpenedData>;
export type VolunteerCheckedIn = DomainEvent<'VolunteerCheckedIn', VolunteerCheckedInData>;
export type VolunteerCheckedOut = DomainEvent<'VolunteerCheckedOut', VolunteerCheckedOutData>;
export type VolunteerDeregistered = DomainEvent<'VolunteerDeregistered', VolunteerDeregisteredData>;

export type VolunteerEvent =
  | VolunteerRegistered
  | VolunteerSkillsDeclared
  | VolunteerAvailabilityDeclared
  | VolunteerAssigned
  | VolunteerAssignmentEnded
  | VolunteerHoursLogged
  | VolunteerHoursConfirmed
  | VolunteerHoursDeclined
  | VolunteerServiceSessionOpened
  | VolunteerCheckedIn
  | VolunteerCheckedOut
  | VolunteerDeregistered;

/** Stored type name -> current schemaVersion. */
export const volunteerEventTypes = {
  VolunteerRegistered: 1,
  VolunteerSkillsDeclared: 1,
  VolunteerAvailabilityDeclared: 1,
  VolunteerAssigned: 1,
  VolunteerAssignmentEnded: 1,
  VolunteerHoursLogged: 2,
  VolunteerHoursConfirmed: 1,
  VolunteerHoursDeclined: 1,
  VolunteerServiceSessionOpened: 1,
  VolunteerCheckedIn: 1,
  VolunteerCheckedOut: 1,
  VolunteerDeregistered: 1,
} as const satisfies Record<VolunteerEvent['type'], number>;
