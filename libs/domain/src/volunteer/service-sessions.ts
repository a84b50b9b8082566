/**
 * 扫码签到签退 (issue 13 item 1): service sessions of one volunteer. A coordinator opens a session for
 * an assignment; the volunteer checks in, then out, each time with a short-lived code the
 * coordinator shows (signed by the service; its signature is checked before the decider sees it).
 * The hours are the time between the two, never typed. One person is in at most one session at a
 * time, and a day holds at most the platform's daily maximum (never more than 24 h).
 */
import { chinaDateOf } from '../shared/calendar.js';
import { hasText, isRecord } from '../shared/command-shape.js';
import { conflict, invalid, notFound, ruleBroken } from '../shared/domain-error.js';
import type { Area } from '../shared/values.js';
import type { CheckInVolunteerData, CheckOutVolunteerData, OpenServiceSessionData, SessionCodeClaims } from './volunteer.commands.js';
import type { VolunteerAssignmentTarget, VolunteerEvent } from './volunteer.events.js';

export interface ServiceSession {
  readonly sessionId: string;
  readonly assignmentId: string;
  readonly target: VolunteerAssignmentTarget;
  readonly openedAt: string;
  readonly checkedInAt: string | null;
  readonly checkedOutAt: string | null;
}

/** What the session rules read of the volunteer. */
export interface SessionVolunteer {
  readonly volunteerId: string;
  readonly status: 'active' | 'deregistered';
  readonly area: Area;
  readonly assignments: Readonly<Record<string, { readonly assignmentId: string; readonly target: VolunteerAssignmentTarget; readonly endedOn: string | null }>>;
  readonly sessions: Readonly<Record<string, ServiceSession>>;
  readonly hoursByDate: Readonly<Record<string, number>>;
}

const HOURS_IN_A_DAY = 24;
const HOUR_MS = 60 * 60 * 1000;
const HOURS_EPSILON = 1e-9;
const roundHours = (hours: number): number => Math.round(hours * 100) / 100;

const requireSession = (volunteer: SessionVolunteer, sessionId: string): ServiceSession => {
  const session = volunteer.sessions[sessionId];
  if (!session) throw notFound('SERVICE_SESSION_NOT_FOUND', `Volunteer ${volunteer.volunteerId} has no service session ${sessionId}`, { sessionId });
  return session;
};

/** The code must name this session of this volunteer and still be valid at `now`. */
const requireCode = (code: SessionCodeClaims, volunteer: SessionVolunteer, session: ServiceSession, now: Date): void => {
  if (!isRecord(code as unknown) || !hasText(code.sessionId) || !hasText(code.volunteerId) || Number.isNaN(Date.parse(code.expiresAt))) {
    throw invalid('SESSION_CODE_INVALID', 'A session code is required');
  }
  if (code.sessionId !== session.sessionId || code.volunteerId !== volunteer.volunteerId) {
    throw ruleBroken('SESSION_CODE_MISMATCH', 'The code belongs to another service session', { sessionId: session.sessionId });
  }
  if (now.getTime() > Date.parse(code.expiresAt)) {
    throw ruleBroken('SESSION_CODE_EXPIRED', 'The code expired; ask the coordinator to show a fresh one', { expiresAt: code.expiresAt });
  }
};

export function openServiceSession(volunteer: SessionVolunteer, data: OpenServiceSessionData, now: Date): VolunteerEvent[] {
  const { volunteerId } = volunteer;
  if (!hasText(data.sessionId)) throw invalid('SERVICE_SESSION_ID_REQUIRED', 'A service session needs an id');
  const assignment = volunteer.assignments[data.assignmentId];
  if (!assignment) throw notFound('VOLUNTEER_ASSIGNMENT_NOT_FOUND', `Volunteer ${volunteerId} has no assignment ${data.assignmentId}`, { assignmentId: data.assignmentId });
  const existing = volunteer.sessions[data.sessionId];
  if (existing) {
    if (existing.assignmentId === data.assignmentId) return [];
    throw conflict('SERVICE_SESSION_ALREADY_EXISTS', `Session ${data.sessionId} already serves another assignment`, { sessionId: data.sessionId });
  }
  if (volunteer.status !== 'active') throw conflict('VOLUNTEER_DEREGISTERED', `Volunteer ${volunteerId} is deregistered`, { volunteerId });
  if (assignment.endedOn !== null) {
    throw conflict('VOLUNTEER_ASSIGNMENT_ENDED', `Assignment ${assignment.assignmentId} ended on ${assignment.endedOn}`, { endedOn: assignment.endedOn });
  }
  return [
    {
      type: 'VolunteerServiceSessionOpened',
      data: { volunteerId, sessionId: data.sessionId, assignmentId: assignment.assignmentId, target: assignment.target, openedAt: now.toISOString() },
    },
  ];
}

export function checkIn(volunteer: SessionVolunteer, data: CheckInVolunteerData, now: Date): VolunteerEvent[] {
  const session = requireSession(volunteer, data.sessionId);
  requireCode(data.code, volunteer, session, now);
  if (session.checkedInAt !== null) {
    if (session.checkedOutAt === null) return []; // a repeated scan at the door
    throw conflict('SERVICE_SESSION_CLOSED', `Session ${session.sessionId} was checked out at ${session.checkedOutAt}`, { checkedOutAt: session.checkedOutAt });
  }
  // One person serves in one place at a time.
  const open = Object.values(volunteer.sessions).find((other) => other.checkedInAt !== null && other.checkedOutAt === null);
  if (open) {
    throw conflict('VOLUNTEER_SESSION_OVERLAP', `Volunteer ${volunteer.volunteerId} is still checked in to session ${open.sessionId}`, {
      openSessionId: open.sessionId,
      checkedInAt: open.checkedInAt,
    });
  }
  return [{ type: 'VolunteerCheckedIn', data: { volunteerId: volunteer.volunteerId, sessionId: session.sessionId, assignmentId: session.assignmentId, checkedInAt: now.toISOString() } }];
}

export function checkOut(volunteer: SessionVolunteer, data: CheckOutVolunteerData, now: Date): VolunteerEvent[] {
  const session = requireSession(volunteer, data.sessionId);
  requireCode(data.code, volunteer, session, now);
  if (session.checkedInAt === null) {
    throw conflict('CHECK_OUT_BEFORE_CHECK_IN', `Session ${session.sessionId} has no check-in yet`, { sessionId: session.sessionId });
  }
  if (session.checkedOutAt !== null) return []; // a repeated scan at the door
  const hours = roundHours((now.getTime() - Date.parse(session.checkedInAt)) / HOUR_MS);
  // The day of the check-in holds the hours: one person's day, whatever the assignments (as LogVolunteerHours).
  const servedOn = chinaDateOf(new Date(session.checkedInAt));
  const maxHoursPerDay = Math.min(HOURS_IN_A_DAY, data.maxHoursPerDay ?? HOURS_IN_A_DAY);
  const loggedHours = volunteer.hoursByDate[servedOn] ?? 0;
  if (hours > HOURS_IN_A_DAY || loggedHours + hours > maxHoursPerDay + HOURS_EPSILON) {
    throw ruleBroken('VOLUNTEER_DAILY_HOURS_EXCEEDED', `Volunteer ${volunteer.volunteerId} would serve more than ${maxHoursPerDay} hours on ${servedOn}`, {
      volunteerId: volunteer.volunteerId,
      servedOn,
      loggedHours,
      requestedHours: hours,
      maxHoursPerDay,
    });
  }
  return [
    {
      type: 'VolunteerCheckedOut',
      data: {
        volunteerId: volunteer.volunteerId,
        sessionId: session.sessionId,
        assignmentId: session.assignmentId,
        target: session.target,
        checkedInAt: session.checkedInAt,
        checkedOutAt: now.toISOString(),
        hours,
        servedOn,
        area: volunteer.area,
      },
    },
  ];
}

/** The sessions after one of their facts. */
export function evolveSessions(sessions: Readonly<Record<string, ServiceSession>>, event: VolunteerEvent): Readonly<Record<string, ServiceSession>> {
  switch (event.type) {
    case 'VolunteerServiceSessionOpened': {
      const { sessionId, assignmentId, target, openedAt } = event.data;
      return { ...sessions, [sessionId]: { sessionId, assignmentId, target, openedAt, checkedInAt: null, checkedOutAt: null } };
    }
    case 'VolunteerCheckedIn': {
      const session = sessions[event.data.sessionId];
      return session ? { ...sessions, [session.sessionId]: { ...session, checkedInAt: event.data.checkedInAt } } : sessions;
    }
    case 'VolunteerCheckedOut': {
      const session = sessions[event.data.sessionId];
      return session ? { ...sessions, [session.sessionId]: { ...session, checkedOutAt: event.data.checkedOutAt } } : sessions;
    }
    default:
      return sessions;
  }
}
