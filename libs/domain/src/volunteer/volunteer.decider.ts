import { chinaDateOf, EARLIEST_DATE, isCalendarDate } from '../shared/calendar.js';
import { EVERY_LEVEL, hasText, isRecord, requireArea, requireList, requireText } from '../shared/command-shape.js';
import type { Decider } from '../shared/decider.js';
import { conflict, invalid, notFound, ruleBroken } from '../shared/domain-error.js';
import type { VolunteerFacts } from '../shared/facts.js';
import { SERVICE_CATEGORIES, type Area, type IsoDate, type ServiceCategory } from '../shared/values.js';
import type { VolunteerCommand } from './volunteer.commands.js';
import type { AvailabilityWindow, VolunteerAssignmentTarget, VolunteerEvent } from './volunteer.events.js';
import { checkIn, checkOut, evolveSessions, openServiceSession, type ServiceSession } from './service-sessions.js';
import { confirmHours, declineHours, evolveHours, logHours, type HoursEntry } from './hours-entries.js';

export interface VolunteerAssignment {
  readonly assignmentId: string;
  readonly target: VolunteerAssignmentTarget;
  readonly hoursPerWeek: number;
  readonly assignedOn: IsoDate;
  /** null while the assignment runs. */
  readonly endedOn: IsoDate | null;
}

export interface VolunteerRecord {
  readonly status: 'active' | 'deregistered';
  readonly volunteerId: string;
  readonly personRef: string;
  readonly area: Area;
  readonly registeredOn: IsoDate;
  readonly skills: readonly string[];
  readonly categories: readonly ServiceCategory[];
  /** null until declared: an undeclared volunteer has no hours to give. */
  readonly availability: { readonly hoursPerWeek: number; readonly windows: readonly AvailabilityWindow[] } | null;
  readonly assignments: Readonly<Record<string, VolunteerAssignment>>;
  /** Counted hours (confirmed entries and check-outs) per Beijing date, across all assignments: one person's day holds at most 24. */
  readonly hoursByDate: Readonly<Record<IsoDate, number>>;
  /** Typed hours by entry id, with their confirmation status (hours-entries.ts). */
  readonly hoursEntries: Readonly<Record<string, HoursEntry>>;
  /** 扫码签到签退: service sessions by id (service-sessions.ts). */
  readonly sessions: Readonly<Record<string, ServiceSession>>;
}

export type VolunteerState = { readonly status: 'absent' } | VolunteerRecord;

const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
export const HOURS_IN_A_DAY = 24;
const HOURS_IN_A_WEEK = 7 * HOURS_IN_A_DAY;
const minutesOf = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

const activeAssignments = (volunteer: VolunteerRecord): VolunteerAssignment[] =>
  Object.values(volunteer.assignments).filter((assignment) => assignment.endedOn === null);

const assignedHoursOf = (volunteer: VolunteerRecord): number =>
  activeAssignments(volunteer).reduce((sum, assignment) => sum + assignment.hoursPerWeek, 0);

/** Weekly hours a volunteer can still be assigned: declared minus what running assignments take. */
export const volunteerAvailableHours = (state: VolunteerState): number =>
  state.status !== 'active' ? 0 : Math.max(0, (state.availability?.hoursPerWeek ?? 0) - assignedHoursOf(state));

const sameTarget = (a: VolunteerAssignmentTarget, b: VolunteerAssignmentTarget): boolean =>
  a.kind === 'need' ? b.kind === 'need' && a.needId === b.needId : b.kind === 'project' && a.projectId === b.projectId;

const sameMembers = <T>(a: readonly T[], b: readonly T[]): boolean => a.length === b.length && a.every((item) => b.includes(item));

/** A need or a project, by its id: hours logged against anything else could not be placed. */
/** An assignment ends: by the coordinator (their reason, or none) or because the volunteer deregistered. */
const assignmentEnded = (volunteerId: string, assignment: VolunteerAssignment, endedOn: IsoDate, reason: string | null): VolunteerEvent => ({
  type: 'VolunteerAssignmentEnded',
  data: { volunteerId, assignmentId: assignment.assignmentId, target: assignment.target, hoursPerWeek: assignment.hoursPerWeek, endedOn, reason },
});

const requireAssignmentTarget = (target: unknown): VolunteerAssignmentTarget => {
  if (isRecord(target) && target.kind === 'need' && hasText(target.needId)) return { kind: 'need', needId: target.needId };
  if (isRecord(target) && target.kind === 'project' && hasText(target.projectId)) return { kind: 'project', projectId: target.projectId };
  throw invalid('ASSIGNMENT_TARGET_INVALID', 'A volunteer is assigned to a need (needId) or a project (projectId)');
};

const requireSkills = (skills: readonly string[]): string[] => {
  const listed = requireList('VOLUNTEER_SKILLS_INVALID', skills, 'Skills');
  if (!listed.every((skill) => typeof skill === 'string')) throw invalid('VOLUNTEER_SKILLS_INVALID', 'Skills are free text');
  return [...new Set(listed.map((skill) => skill.trim()).filter((skill) => skill !== ''))];
};

const requireCategories = (categories: readonly ServiceCategory[]): ServiceCategory[] => {
  const listed = requireList('UNKNOWN_SERVICE_CATEGORY', categories, 'Categories');
  const unknown = listed.find((category) => !Object.hasOwn(SERVICE_CATEGORIES, category));
  if (unknown !== undefined) throw invalid('UNKNOWN_SERVICE_CATEGORY', `Unknown service category ${String(unknown)}`, { category: unknown });
  return [...new Set(listed)];
};

const requireVolunteer = (state: VolunteerState, volunteerId: string): VolunteerRecord => {
  if (state.status === 'absent') throw notFound('VOLUNTEER_NOT_FOUND', `Volunteer ${volunteerId} is not registered`, { volunteerId });
  return state;
};

const requireActive = (volunteer: VolunteerRecord): VolunteerRecord => {
  if (volunteer.status === 'deregistered') {
    throw conflict('VOLUNTEER_DEREGISTERED', `Volunteer ${volunteer.volunteerId} is deregistered`, { volunteerId: volunteer.volunteerId });
  }
  return volunteer;
};

const requireAssignment = (volunteer: VolunteerRecord, assignmentId: string): VolunteerAssignment => {
  const assignment = volunteer.assignments[assignmentId];
  if (!assignment) {
    throw notFound('VOLUNTEER_ASSIGNMENT_NOT_FOUND', `Volunteer ${volunteer.volunteerId} has no assignment ${assignmentId}`, { assignmentId });
  }
  return assignment;
};

const assertPastOrToday = (code: string, date: string, now: Date): void => {
  if (!isCalendarDate(date) || date > chinaDateOf(now)) throw invalid(code, `Expected a past or current YYYY-MM-DD date, from ${EARLIEST_DATE}`, { date });
};

const assertWindows = (windows: readonly AvailabilityWindow[], hoursPerWeek: number): void => {
  if (!Array.isArray(windows)) throw invalid('AVAILABILITY_WINDOW_INVALID', 'Availability windows are a list');
  for (const window of windows) {
    const valid =
      isRecord(window as unknown) &&
      Number.isInteger(window.weekday) && window.weekday >= 1 && window.weekday <= 7 && CLOCK_TIME.test(window.from) && CLOCK_TIME.test(window.to) && window.from < window.to;
    if (!valid) throw invalid('AVAILABILITY_WINDOW_INVALID', 'A window is an ISO weekday 1-7 and HH:MM from before to', { window });
  }
  // Overlaps would count the same hour twice against the declared hours.
  const overlapping = windows.find((window, index) =>
    windows.some((other, otherIndex) => otherIndex !== index && other.weekday === window.weekday && other.from < window.to && window.from < other.to),
  );
  if (overlapping) throw invalid('AVAILABILITY_WINDOW_INVALID', 'Availability windows on the same weekday overlap', { window: overlapping });
  if (windows.length === 0) return;
  const windowHours = windows.reduce((sum, window) => sum + (minutesOf(window.to) - minutesOf(window.from)) / 60, 0);
  if (hoursPerWeek > windowHours) {
    throw invalid('AVAILABILITY_HOURS_EXCEED_WINDOWS', 'The declared hours do not fit in the declared windows', { hoursPerWeek, windowHours });
  }
};

export const volunteerDecider: Decider<VolunteerState, VolunteerCommand, VolunteerEvent> = {
  streamPrefix: 'volunteer',
  initialState: () => ({ status: 'absent' }),

  decide(command, state, context) {
    if (command.type === 'RegisterVolunteer') {
      const { volunteerId, registeredOn } = command.data;
      if (state.status !== 'absent') throw conflict('VOLUNTEER_ALREADY_EXISTS', `Volunteer ${volunteerId} is already registered`, { volunteerId });
      // Real-name registration: the person is in the vault, the event names them by this ref.
      const personRef = requireText('PERSON_REF_REQUIRED', command.data.personRef, 'A pseudonymous person reference');
      // Service-hour indicators are filed under every level of the volunteer's community.
      const area = requireArea('AREA_INVALID', command.data.area, EVERY_LEVEL);
      assertPastOrToday('REGISTRATION_DATE_INVALID', registeredOn, context.now);
      return [{ type: 'VolunteerRegistered', data: { volunteerId, personRef, area, registeredOn } }];
    }

    const volunteer = requireVolunteer(state, command.data.volunteerId);
    const volunteerId = volunteer.volunteerId;
    const today = chinaDateOf(context.now);
    switch (command.type) {
      case 'DeclareVolunteerSkills': {
        requireActive(volunteer);
        const skills = requireSkills(command.data.skills);
        const categories = requireCategories(command.data.categories);
        if (sameMembers(skills, volunteer.skills) && sameMembers(categories, volunteer.categories)) return [];
        return [{ type: 'VolunteerSkillsDeclared', data: { volunteerId, skills, categories } }];
      }
      case 'DeclareVolunteerAvailability': {
        const { hoursPerWeek, windows } = command.data;
        requireActive(volunteer);
        if (!Number.isFinite(hoursPerWeek) || hoursPerWeek < 0 || hoursPerWeek > HOURS_IN_A_WEEK) {
          throw invalid('AVAILABILITY_HOURS_INVALID', `Hours per week run from 0 to ${HOURS_IN_A_WEEK}`, { hoursPerWeek });
        }
        assertWindows(windows, hoursPerWeek);
        const assignedHoursPerWeek = assignedHoursOf(volunteer);
        if (hoursPerWeek < assignedHoursPerWeek) {
          throw conflict('AVAILABILITY_BELOW_ASSIGNED_HOURS', 'End assignments before declaring fewer hours than they take', {
            declaredHoursPerWeek: hoursPerWeek,
            assignedHoursPerWeek,
          });
        }
        const declared = windows.map(({ weekday, from, to }) => ({ weekday, from, to }));
        const current = volunteer.availability;
        if (current && current.hoursPerWeek === hoursPerWeek && JSON.stringify(current.windows) === JSON.stringify(declared)) return [];
        return [{ type: 'VolunteerAvailabilityDeclared', data: { volunteerId, hoursPerWeek, windows: declared } }];
      }
      case 'AssignVolunteer': {
        const { assignmentId, hoursPerWeek } = command.data;
        const target = requireAssignmentTarget(command.data.target);
        const existing = volunteer.assignments[assignmentId];
        if (existing) {
          // A retried assignment is a no-op; the same id for something else is a bug upstream.
          if (sameTarget(existing.target, target) && existing.hoursPerWeek === hoursPerWeek) return [];
          throw conflict('VOLUNTEER_ASSIGNMENT_ALREADY_EXISTS', `Assignment ${assignmentId} already exists with other terms`, { assignmentId });
        }
        requireActive(volunteer);
        if (!Number.isFinite(hoursPerWeek) || hoursPerWeek <= 0) {
          throw invalid('HOURS_PER_WEEK_INVALID', 'Hours per week are more than 0', { hoursPerWeek });
        }
        const running = activeAssignments(volunteer).find((assignment) => sameTarget(assignment.target, target));
        if (running) {
          throw conflict('VOLUNTEER_ALREADY_ASSIGNED', `Volunteer ${volunteerId} already serves this ${target.kind}`, {
            assignmentId: running.assignmentId,
          });
        }
        const available = volunteerAvailableHours(volunteer);
        if (hoursPerWeek > available) {
          throw ruleBroken('VOLUNTEER_HOURS_EXCEEDED', `Volunteer ${volunteerId} has ${available} of their declared hours a week left`, {
            volunteerId,
            declaredHoursPerWeek: volunteer.availability?.hoursPerWeek ?? 0,
            available,
            requested: hoursPerWeek,
          });
        }
        return [{ type: 'VolunteerAssigned', data: { volunteerId, assignmentId, target, hoursPerWeek, assignedOn: today } }];
      }
      case 'EndVolunteerAssignment': {
        const assignment = requireAssignment(volunteer, command.data.assignmentId);
        if (assignment.endedOn !== null) return [];
        return [assignmentEnded(volunteerId, assignment, today, command.data.reason?.trim() || null)];
      }
      case 'LogVolunteerHours': {
        const { hours, servedOn } = command.data;
        // Hours served before deregistration may still be logged: the end date bounds them.
        const assignment = requireAssignment(volunteer, command.data.assignmentId);
        if (!Number.isFinite(hours) || hours <= 0 || hours > HOURS_IN_A_DAY) {
          throw invalid('VOLUNTEER_HOURS_INVALID', `Hours served in a day are more than 0 and at most ${HOURS_IN_A_DAY}`, { hours });
        }
        assertPastOrToday('SERVED_ON_INVALID', servedOn, context.now);
        if (servedOn < assignment.assignedOn) {
          throw conflict('SERVED_BEFORE_ASSIGNMENT', `Assignment ${assignment.assignmentId} started on ${assignment.assignedOn}`, {
            servedOn,
            assignedOn: assignment.assignedOn,
          });
        }
        if (assignment.endedOn !== null && servedOn > assignment.endedOn) {
          throw conflict('VOLUNTEER_ASSIGNMENT_ENDED', `Assignment ${assignment.assignmentId} ended on ${assignment.endedOn}`, {
            servedOn,
            endedOn: assignment.endedOn,
          });
        }
        return logHours(volunteer, assignment, command.data, context);
      }
      case 'ConfirmVolunteerHours':
        return confirmHours(volunteer, command.data);
      case 'DeclineVolunteerHours':
        return declineHours(volunteer, command.data);
      case 'OpenServiceSession':
        return openServiceSession(volunteer, command.data, context.now);
      case 'CheckInVolunteer':
        return checkIn(volunteer, command.data, context.now);
      case 'CheckOutVolunteer':
        return checkOut(volunteer, command.data, context.now);
      case 'DeregisterVolunteer': {
        requireActive(volunteer);
        const reason = command.data.reason?.trim() || null;
        // Volunteering is voluntary: leaving ends every running assignment, each as its own fact.
        const ended = activeAssignments(volunteer).map((assignment) => assignmentEnded(volunteerId, assignment, today, 'volunteer_deregistered'));
        return [...ended, { type: 'VolunteerDeregistered', data: { volunteerId, reason } }];
      }
      default: {
        const unknownCommand: never = command;
        throw invalid('UNKNOWN_COMMAND', `Unknown volunteer command ${(unknownCommand as { type: string }).type}`);
      }
    }
  },

  evolve(state, event) {
    if (event.type === 'VolunteerRegistered') {
      return { status: 'active', ...event.data, skills: [], categories: [], availability: null, assignments: {}, hoursByDate: {}, hoursEntries: {}, sessions: {} };
    }
    if (state.status === 'absent') return state;
    switch (event.type) {
      case 'VolunteerSkillsDeclared':
        return { ...state, skills: event.data.skills, categories: event.data.categories };
      case 'VolunteerAvailabilityDeclared':
        return { ...state, availability: { hoursPerWeek: event.data.hoursPerWeek, windows: event.data.windows } };
      case 'VolunteerAssigned': {
        const { assignmentId, target, hoursPerWeek, assignedOn } = event.data;
        return { ...state, assignments: { ...state.assignments, [assignmentId]: { assignmentId, target, hoursPerWeek, assignedOn, endedOn: null } } };
      }
      case 'VolunteerAssignmentEnded': {
        const assignment = state.assignments[event.data.assignmentId];
        if (!assignment) return state;
        return { ...state, assignments: { ...state.assignments, [assignment.assignmentId]: { ...assignment, endedOn: event.data.endedOn } } };
      }
      case 'VolunteerHoursLogged':
      case 'VolunteerHoursConfirmed':
      case 'VolunteerHoursDeclined':
        return evolveHours(state, event);
      case 'VolunteerServiceSessionOpened':
      case 'VolunteerCheckedIn':
        return { ...state, sessions: evolveSessions(state.sessions, event) };
      case 'VolunteerCheckedOut': {
        const { servedOn, hours } = event.data;
        return {
          ...state,
          sessions: evolveSessions(state.sessions, event),
          hoursByDate: { ...state.hoursByDate, [servedOn]: (state.hoursByDate[servedOn] ?? 0) + hours },
        };
      }
      case 'VolunteerDeregistered':
        return { ...state, status: 'deregistered' };
      default:
        return state;
    }
  },
};

/** What other aggregates may rely on; the handler calls it only for a volunteer that exists. */
export function toVolunteerFacts(state: VolunteerState): VolunteerFacts {
  if (state.status === 'absent') throw notFound('VOLUNTEER_NOT_FOUND', 'Volunteer is not registered');
  return { volunteerId: state.volunteerId, status: state.status, skills: state.skills, community: state.area.community };
}
