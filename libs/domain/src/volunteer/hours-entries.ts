/**
 * Hours entries of one volunteer (issue 13 item 1): "self-reported hours wait for a coordinator's
 * confirmation before they count". Each typed entry has an id; the volunteer's own are `pending`
 * until its coordinator (the committee or office of its area, or the contractor of the project the
 * assignment serves) confirms or declines them; hours typed by a coordinator are `confirmed` at
 * once, and hours derived from a check-out (service-sessions.ts) never wait. Only counted hours
 * (confirmed and session-derived) fill a day; a day's claims, pending ones included, never pass the
 * platform's daily maximum.
 */
import { hasText } from '../shared/command-shape.js';
import type { DecisionContext } from '../shared/decider.js';
import { conflict, invalid, notFound, ruleBroken } from '../shared/domain-error.js';
import type { Area, IsoDate } from '../shared/values.js';
import type { ConfirmVolunteerHoursData, DeclineVolunteerHoursData, LogVolunteerHoursData } from './volunteer.commands.js';
import type { LoggedHoursStatus, VolunteerAssignmentTarget, VolunteerEvent } from './volunteer.events.js';

export type HoursEntryStatus = LoggedHoursStatus | 'declined';

export interface HoursEntry {
  readonly entryId: string;
  readonly assignmentId: string;
  readonly target: VolunteerAssignmentTarget;
  readonly hours: number;
  readonly servedOn: IsoDate;
  readonly status: HoursEntryStatus;
}

/** What the hours rules read of the volunteer. */
export interface HoursVolunteer {
  readonly volunteerId: string;
  readonly area: Area;
  readonly hoursEntries: Readonly<Record<string, HoursEntry>>;
  /** Counted hours per Beijing date: confirmed entries and check-outs. */
  readonly hoursByDate: Readonly<Record<IsoDate, number>>;
}

const HOURS_IN_A_DAY = 24;
// Logged hours are decimals (2.5 h); their sums carry binary rounding noise.
const HOURS_EPSILON = 1e-9;

/** The role that reports its own hours; every other role allowed to log them coordinates the volunteer. */
const SELF_REPORTING_ROLE = 'volunteer';

const pendingHoursOn = (volunteer: HoursVolunteer, servedOn: IsoDate): number =>
  Object.values(volunteer.hoursEntries).reduce((sum, entry) => (entry.status === 'pending' && entry.servedOn === servedOn ? sum + entry.hours : sum), 0);

const assertDayHolds = (volunteer: HoursVolunteer, servedOn: IsoDate, alreadyClaimed: number, hours: number, configuredMax: number | undefined): void => {
  const maxHoursPerDay = Math.min(HOURS_IN_A_DAY, configuredMax ?? HOURS_IN_A_DAY);
  if (alreadyClaimed + hours > maxHoursPerDay + HOURS_EPSILON) {
    throw ruleBroken('VOLUNTEER_DAILY_HOURS_EXCEEDED', `Volunteer ${volunteer.volunteerId} would log more than ${maxHoursPerDay} hours on ${servedOn}`, {
      volunteerId: volunteer.volunteerId,
      servedOn,
      loggedHours: alreadyClaimed,
      requestedHours: hours,
      maxHoursPerDay,
    });
  }
};

/**
 * A new entry, once the assignment and date are known to be valid. One person's day, whatever the
 * assignments: counted hours and the entries still waiting together stay within the daily maximum.
 */
export function logHours(
  volunteer: HoursVolunteer,
  assignment: { readonly assignmentId: string; readonly target: VolunteerAssignmentTarget },
  data: LogVolunteerHoursData,
  context: DecisionContext,
): VolunteerEvent[] {
  const { entryId, hours, servedOn } = data;
  if (!hasText(entryId)) throw invalid('VOLUNTEER_HOURS_ENTRY_ID_REQUIRED', 'An hours entry needs an id');
  const existing = volunteer.hoursEntries[entryId];
  if (existing) {
    // A retried log is a no-op; the same id for other hours is a bug upstream.
    if (existing.assignmentId === assignment.assignmentId && existing.hours === hours && existing.servedOn === servedOn) return [];
    throw conflict('VOLUNTEER_HOURS_ENTRY_ALREADY_EXISTS', `Hours entry ${entryId} already exists with other terms`, { entryId });
  }
  const claimed = (volunteer.hoursByDate[servedOn] ?? 0) + pendingHoursOn(volunteer, servedOn);
  assertDayHolds(volunteer, servedOn, claimed, hours, data.maxHoursPerDay);
  const status: LoggedHoursStatus = context.actor.role === SELF_REPORTING_ROLE ? 'pending' : 'confirmed';
  return [
    {
      type: 'VolunteerHoursLogged',
      data: { volunteerId: volunteer.volunteerId, entryId, status, assignmentId: assignment.assignmentId, target: assignment.target, hours, servedOn, area: volunteer.area },
    },
  ];
}

const requirePendingEntry = (volunteer: HoursVolunteer, entryId: string): HoursEntry => {
  const entry = volunteer.hoursEntries[entryId];
  if (!entry) throw notFound('VOLUNTEER_HOURS_ENTRY_NOT_FOUND', `Volunteer ${volunteer.volunteerId} has no hours entry ${entryId}`, { entryId });
  if (entry.status === 'confirmed') throw conflict('VOLUNTEER_HOURS_ALREADY_CONFIRMED', `Hours entry ${entryId} is already confirmed`, { entryId });
  if (entry.status === 'declined') throw conflict('VOLUNTEER_HOURS_ALREADY_DECLINED', `Hours entry ${entryId} was declined`, { entryId });
  return entry;
};

/** The coordinator confirms: the hours count from now on, if the day still holds them (a check-out may have come since). */
export function confirmHours(volunteer: HoursVolunteer, data: ConfirmVolunteerHoursData): VolunteerEvent[] {
  const entry = requirePendingEntry(volunteer, data.entryId);
  assertDayHolds(volunteer, entry.servedOn, volunteer.hoursByDate[entry.servedOn] ?? 0, entry.hours, data.maxHoursPerDay);
  const { entryId, assignmentId, target, hours, servedOn } = entry;
  return [{ type: 'VolunteerHoursConfirmed', data: { volunteerId: volunteer.volunteerId, entryId, assignmentId, target, hours, servedOn, area: volunteer.area } }];
}

/** The coordinator declines, saying why: the hours never count and free their day. */
export function declineHours(volunteer: HoursVolunteer, data: DeclineVolunteerHoursData): VolunteerEvent[] {
  const reason = typeof data.reason === 'string' ? data.reason.trim() : '';
  if (reason === '') throw invalid('VOLUNTEER_HOURS_DECLINE_REASON_REQUIRED', 'Say why the hours are declined; the volunteer reads it');
  const entry = requirePendingEntry(volunteer, data.entryId);
  const { entryId, assignmentId, hours, servedOn } = entry;
  return [{ type: 'VolunteerHoursDeclined', data: { volunteerId: volunteer.volunteerId, entryId, assignmentId, hours, servedOn, reason } }];
}

const addHours = (hoursByDate: Readonly<Record<IsoDate, number>>, servedOn: IsoDate, hours: number) => ({ ...hoursByDate, [servedOn]: (hoursByDate[servedOn] ?? 0) + hours });

const withStatus = (entries: Readonly<Record<string, HoursEntry>>, entryId: string, status: HoursEntryStatus) =>
  entries[entryId] ? { ...entries, [entryId]: { ...entries[entryId], status } } : entries;

/** The entries and counted hours after one of their facts. */
export function evolveHours<Volunteer extends HoursVolunteer>(volunteer: Volunteer, event: VolunteerEvent): Volunteer {
  switch (event.type) {
    case 'VolunteerHoursLogged': {
      const { entryId, assignmentId, target, hours, servedOn, status } = event.data;
      const hoursEntries = { ...volunteer.hoursEntries, [entryId]: { entryId, assignmentId, target, hours, servedOn, status } };
      return { ...volunteer, hoursEntries, hoursByDate: status === 'confirmed' ? addHours(volunteer.hoursByDate, servedOn, hours) : volunteer.hoursByDate };
    }
    case 'VolunteerHoursConfirmed':
      return {
        ...volunteer,
        hoursEntries: withStatus(volunteer.hoursEntries, event.data.entryId, 'confirmed'),
        hoursByDate: addHours(volunteer.hoursByDate, event.data.servedOn, event.data.hours),
      };
    case 'VolunteerHoursDeclined':
      return { ...volunteer, hoursEntries: withStatus(volunteer.hoursEntries, event.data.entryId, 'declined') };
    default:
      return volunteer;
  }
}
