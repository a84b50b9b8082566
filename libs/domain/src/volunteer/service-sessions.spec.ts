import { describe, it } from '@jest/globals';
import { DeciderSpecification } from '../testing/decider-spec.js';
import type { SessionCodeClaims, VolunteerCommand } from './volunteer.commands.js';
import type { VolunteerAssignmentTarget, VolunteerEvent } from './volunteer.events.js';
import { volunteerDecider } from './volunteer.decider.js';

/** 扫码签到签退 (issue 13 item 1): sessions, check-in, check-out, hours derived from the pair. */
const spec = DeciderSpecification.for(volunteerDecider);
const volunteerId = 'vol-7';
const area = { city: 'xiamen', district: 'huli', street: 'jiangtou', community: 'jiangtou-1' };
const target: VolunteerAssignmentTarget = { kind: 'project', projectId: 'project-1' };
// 09:00 Beijing on 2026-03-02 is 01:00Z.
const AT_NINE = '2026-03-02T01:00:00.000Z';
const at = (iso: string) => ({ now: new Date(iso) });

const history: VolunteerEvent[] = [
  { type: 'VolunteerRegistered', data: { volunteerId, personRef: 'person-7', area, registeredOn: '2026-01-10' } },
  { type: 'VolunteerAvailabilityDeclared', data: { volunteerId, hoursPerWeek: 20, windows: [] } },
  { type: 'VolunteerAssigned', data: { volunteerId, assignmentId: 'a-1', target, hoursPerWeek: 10, assignedOn: '2026-02-01' } },
  { type: 'VolunteerAssigned', data: { volunteerId, assignmentId: 'a-2', target: { kind: 'need', needId: 'need-1' }, hoursPerWeek: 5, assignedOn: '2026-02-01' } },
];
const opened = (sessionId = 's-1', assignmentId = 'a-1', openedAt = AT_NINE): VolunteerEvent => ({
  type: 'VolunteerServiceSessionOpened',
  data: { volunteerId, sessionId, assignmentId, target: assignmentId === 'a-1' ? target : { kind: 'need', needId: 'need-1' }, openedAt },
});
const checkedIn = (sessionId = 's-1', checkedInAt = AT_NINE, assignmentId = 'a-1'): VolunteerEvent => ({
  type: 'VolunteerCheckedIn',
  data: { volunteerId, sessionId, assignmentId, checkedInAt },
});
const code = (overrides: Partial<SessionCodeClaims> = {}): SessionCodeClaims => ({ sessionId: 's-1', volunteerId, expiresAt: '2026-03-02T23:59:00.000Z', ...overrides });
const open = (sessionId = 's-1', assignmentId = 'a-1'): VolunteerCommand => ({ type: 'OpenServiceSession', data: { volunteerId, assignmentId, sessionId } });
const checkIn = (claims = code(), sessionId = 's-1'): VolunteerCommand => ({ type: 'CheckInVolunteer', data: { volunteerId, sessionId, code: claims } });
const checkOut = (claims = code(), sessionId = 's-1', maxHoursPerDay?: number): VolunteerCommand => ({
  type: 'CheckOutVolunteer',
  data: { volunteerId, sessionId, code: claims, ...(maxHoursPerDay === undefined ? {} : { maxHoursPerDay }) },
});

describe('service sessions (扫码签到签退)', () => {
  it('opens a session for a running assignment; the same id again records nothing, for another assignment it is refused', () => {
    spec.given(history).when(open(), at(AT_NINE)).then([opened()]);
    spec.given([...history, opened()]).when(open()).then([]);
    spec.given([...history, opened()]).when(open('s-1', 'a-2')).thenThrows('SERVICE_SESSION_ALREADY_EXISTS');
    spec.given(history).when(open('s-1', 'a-9')).thenThrows('VOLUNTEER_ASSIGNMENT_NOT_FOUND');
    const ended: VolunteerEvent = { type: 'VolunteerAssignmentEnded', data: { volunteerId, assignmentId: 'a-1', target, hoursPerWeek: 10, endedOn: '2026-02-20', reason: null } };
    spec.given([...history, ended]).when(open()).thenThrows('VOLUNTEER_ASSIGNMENT_ENDED');
  });

  it('checks in with a valid code, and a repeated scan records nothing', () => {
    spec.given([...history, opened()]).when(checkIn(), at(AT_NINE)).then([checkedIn()]);
    spec.given([...history, opened(), checkedIn()]).when(checkIn(), at('2026-03-02T01:05:00.000Z')).then([]);
  });

  it('refuses a code that expired or belongs to another session or volunteer', () => {
    spec.given([...history, opened()]).when(checkIn(code({ expiresAt: '2026-03-02T00:59:59.999Z' })), at(AT_NINE)).thenThrows('SESSION_CODE_EXPIRED');
    spec.given([...history, opened(), opened('s-2')]).when(checkIn(code({ sessionId: 's-2' })), at(AT_NINE)).thenThrows('SESSION_CODE_MISMATCH');
    spec.given([...history, opened()]).when(checkIn(code({ volunteerId: 'vol-other' })), at(AT_NINE)).thenThrows('SESSION_CODE_MISMATCH');
    spec.given([...history, opened()]).when(checkIn(code(), 's-9'), at(AT_NINE)).thenThrows('SERVICE_SESSION_NOT_FOUND');
  });

  it('refuses overlapping sessions of one person: a second check-in while the first is open', () => {
    spec
      .given([...history, opened(), opened('s-2', 'a-2'), checkedIn()])
      .when(checkIn(code({ sessionId: 's-2' }), 's-2'), at('2026-03-02T02:00:00.000Z'))
      .thenThrows('VOLUNTEER_SESSION_OVERLAP', { openSessionId: 's-1' });
  });

  it('refuses a check-out before the check-in', () => {
    spec.given([...history, opened()]).when(checkOut(), at(AT_NINE)).thenThrows('CHECK_OUT_BEFORE_CHECK_IN');
  });

  it('derives the hours from the pair, on the Beijing date of the check-in; a repeated check-out records nothing', () => {
    const out: VolunteerEvent = {
      type: 'VolunteerCheckedOut',
      data: {
        volunteerId, sessionId: 's-1', assignmentId: 'a-1', target, checkedInAt: AT_NINE, checkedOutAt: '2026-03-02T03:30:00.000Z', hours: 2.5, servedOn: '2026-03-02', area,
      },
    };
    spec.given([...history, opened(), checkedIn()]).when(checkOut(), at('2026-03-02T03:30:00.000Z')).then([out]);
    spec.given([...history, opened(), checkedIn(), out]).when(checkOut(), at('2026-03-02T04:00:00.000Z')).then([]);
    // Checked out: the session takes no new check-in, and the next session may begin.
    spec.given([...history, opened(), checkedIn(), out]).when(checkIn(), at('2026-03-02T04:00:00.000Z')).thenThrows('SERVICE_SESSION_CLOSED');
    spec
      .given([...history, opened(), checkedIn(), out, opened('s-2', 'a-2')])
      .when(checkIn(code({ sessionId: 's-2' }), 's-2'), at('2026-03-02T04:00:00.000Z'))
      .then([checkedIn('s-2', '2026-03-02T04:00:00.000Z', 'a-2')]);
  });

  it('refuses more than the daily maximum, counting hours logged by hand the same day, and never more than 24 h', () => {
    const logged = (status: 'pending' | 'confirmed'): VolunteerEvent => ({
      type: 'VolunteerHoursLogged',
      data: { volunteerId, entryId: 'e-1', status, assignmentId: 'a-2', target: { kind: 'need', needId: 'need-1' }, hours: 10, servedOn: '2026-03-02', area },
    });
    spec
      .given([...history, logged('confirmed'), opened(), checkedIn()])
      .when(checkOut(code(), 's-1', 12), at('2026-03-02T04:00:00.000Z'))
      .thenThrows('VOLUNTEER_DAILY_HOURS_EXCEEDED', { loggedHours: 10, requestedHours: 3, maxHoursPerDay: 12 });
    // Hours still waiting for the coordinator do not fill the day: the clock's hours are recorded (the claim is checked when confirmed).
    spec
      .given([...history, logged('pending'), opened(), checkedIn()])
      .when(checkOut(code(), 's-1', 12), at('2026-03-02T04:00:00.000Z'))
      .then([
        {
          type: 'VolunteerCheckedOut',
          data: {
            volunteerId, sessionId: 's-1', assignmentId: 'a-1', target, checkedInAt: AT_NINE, checkedOutAt: '2026-03-02T04:00:00.000Z', hours: 3, servedOn: '2026-03-02', area,
          },
        },
      ]);
    spec
      .given([...history, opened(), checkedIn()])
      .when(checkOut(code({ expiresAt: '2026-03-05T00:00:00.000Z' })), at('2026-03-03T02:00:00.000Z'))
      .thenThrows('VOLUNTEER_DAILY_HOURS_EXCEEDED', { requestedHours: 25 });
  });
});
