import { describe, expect, it } from '@jest/globals';
import { domainEventRegistry } from '../event-schemas.js';
import { foldEvents } from '../shared/decider.js';
import { DeciderSpecification } from '../testing/decider-spec.js';
import type { VolunteerCommand } from './volunteer.commands.js';
import type { VolunteerAssignmentTarget, VolunteerEvent } from './volunteer.events.js';
import { volunteerDecider, type VolunteerRecord } from './volunteer.decider.js';

/** Self-reported hours wait for the coordinator's confirmation before they count (issue 13 item 1). */
const spec = DeciderSpecification.for(volunteerDecider);
const volunteerId = 'vol-9';
const area = { city: 'xiamen', district: 'siming', street: 'zhonghua', community: 'zhonghua-1' };
const target: VolunteerAssignmentTarget = { kind: 'project', projectId: 'project-1' };
const asVolunteer = { actor: { id: 'vol-9-account', role: 'volunteer' } };
const asCommittee = { actor: { id: 'committee-1', role: 'community_committee' } };

const history: VolunteerEvent[] = [
  { type: 'VolunteerRegistered', data: { volunteerId, personRef: 'person-9', area, registeredOn: '2026-01-10' } },
  { type: 'VolunteerAvailabilityDeclared', data: { volunteerId, hoursPerWeek: 20, windows: [] } },
  { type: 'VolunteerAssigned', data: { volunteerId, assignmentId: 'a-1', target, hoursPerWeek: 10, assignedOn: '2026-02-01' } },
];
const log = (entryId: string, hours: number, servedOn = '2026-02-14', maxHoursPerDay?: number): VolunteerCommand => ({
  type: 'LogVolunteerHours',
  data: { volunteerId, entryId, assignmentId: 'a-1', hours, servedOn, ...(maxHoursPerDay === undefined ? {} : { maxHoursPerDay }) },
});
const logged = (entryId: string, hours: number, status: 'pending' | 'confirmed', servedOn = '2026-02-14'): VolunteerEvent => ({
  type: 'VolunteerHoursLogged',
  data: { volunteerId, entryId, status, assignmentId: 'a-1', target, hours, servedOn, area },
});
const confirm = (entryId: string, maxHoursPerDay?: number): VolunteerCommand => ({
  type: 'ConfirmVolunteerHours',
  data: { volunteerId, entryId, ...(maxHoursPerDay === undefined ? {} : { maxHoursPerDay }) },
});
const confirmed = (entryId: string, hours: number, servedOn = '2026-02-14'): VolunteerEvent => ({
  type: 'VolunteerHoursConfirmed',
  data: { volunteerId, entryId, assignmentId: 'a-1', target, hours, servedOn, area },
});
const decline = (entryId: string, reason: string): VolunteerCommand => ({ type: 'DeclineVolunteerHours', data: { volunteerId, entryId, reason } });
const declined = (entryId: string, hours: number, reason: string): VolunteerEvent => ({
  type: 'VolunteerHoursDeclined',
  data: { volunteerId, entryId, assignmentId: 'a-1', hours, servedOn: '2026-02-14', reason },
});
const countedOn = (events: VolunteerEvent[], date: string) => (foldEvents(volunteerDecider, events) as VolunteerRecord).hoursByDate[date] ?? 0;

describe('hours entries: self-reported hours wait for the coordinator', () => {
  it('hours the volunteer reports itself are pending and do not count yet; a coordinator typing them counts them at once', () => {
    spec.given(history).when(log('e-1', 3), asVolunteer).then([logged('e-1', 3, 'pending')]);
    spec.given(history).when(log('e-1', 3), asCommittee).then([logged('e-1', 3, 'confirmed')]);
    expect(countedOn([...history, logged('e-1', 3, 'pending')], '2026-02-14')).toBe(0);
    expect(countedOn([...history, logged('e-1', 3, 'confirmed')], '2026-02-14')).toBe(3);
  });

  it('the same entry logged again records nothing; the same id for other hours is refused', () => {
    spec.given([...history, logged('e-1', 3, 'pending')]).when(log('e-1', 3), asVolunteer).then([]);
    spec.given([...history, logged('e-1', 3, 'pending')]).when(log('e-1', 4), asVolunteer).thenThrows('VOLUNTEER_HOURS_ENTRY_ALREADY_EXISTS');
    spec.given(history).when(log(' ', 3), asVolunteer).thenThrows('VOLUNTEER_HOURS_ENTRY_ID_REQUIRED');
  });

  it('confirming a pending entry counts its hours', () => {
    spec.given([...history, logged('e-1', 3, 'pending')]).when(confirm('e-1'), asCommittee).then([confirmed('e-1', 3)]);
    expect(countedOn([...history, logged('e-1', 3, 'pending'), confirmed('e-1', 3)], '2026-02-14')).toBe(3);
  });

  it('declining needs a reason, and the hours never count', () => {
    spec.given([...history, logged('e-1', 3, 'pending')]).when(decline('e-1', ' 当天未到岗 '), asCommittee).then([declined('e-1', 3, '当天未到岗')]);
    spec.given([...history, logged('e-1', 3, 'pending')]).when(decline('e-1', '  '), asCommittee).thenThrows('VOLUNTEER_HOURS_DECLINE_REASON_REQUIRED');
    expect(countedOn([...history, logged('e-1', 3, 'pending'), declined('e-1', 3, '未到岗')], '2026-02-14')).toBe(0);
  });

  it('refuses an unknown entry, and one already confirmed or declined', () => {
    spec.given(history).when(confirm('e-9'), asCommittee).thenThrows('VOLUNTEER_HOURS_ENTRY_NOT_FOUND', { entryId: 'e-9' });
    spec.given(history).when(decline('e-9', '无'), asCommittee).thenThrows('VOLUNTEER_HOURS_ENTRY_NOT_FOUND');
    spec.given([...history, logged('e-1', 3, 'confirmed')]).when(confirm('e-1'), asCommittee).thenThrows('VOLUNTEER_HOURS_ALREADY_CONFIRMED');
    spec.given([...history, logged('e-1', 3, 'pending'), confirmed('e-1', 3)]).when(decline('e-1', '无'), asCommittee).thenThrows('VOLUNTEER_HOURS_ALREADY_CONFIRMED');
    spec.given([...history, logged('e-1', 3, 'pending'), declined('e-1', 3, '无')]).when(confirm('e-1'), asCommittee).thenThrows('VOLUNTEER_HOURS_ALREADY_DECLINED');
  });

  it('a day holds its claims: pending entries count against a new log, so 24 h cannot be claimed twice', () => {
    spec
      .given([...history, logged('e-1', 20, 'pending')])
      .when(log('e-2', 5), asVolunteer)
      .thenThrows('VOLUNTEER_DAILY_HOURS_EXCEEDED', { loggedHours: 20, requestedHours: 5, maxHoursPerDay: 24 });
    // A declined entry frees its day.
    spec.given([...history, logged('e-1', 20, 'pending'), declined('e-1', 20, '不实')]).when(log('e-2', 5), asVolunteer).then([logged('e-2', 5, 'pending')]);
  });

  it('confirming checks the day again: hours counted since (a check-out) may leave no room', () => {
    const checkedOut: VolunteerEvent = {
      type: 'VolunteerCheckedOut',
      data: {
        volunteerId, sessionId: 's-1', assignmentId: 'a-1', target, checkedInAt: '2026-02-14T00:00:00.000Z', checkedOutAt: '2026-02-14T10:00:00.000Z', hours: 10,
        servedOn: '2026-02-14', area,
      },
    };
    spec
      .given([...history, logged('e-1', 4, 'pending'), checkedOut])
      .when(confirm('e-1', 12), asCommittee)
      .thenThrows('VOLUNTEER_DAILY_HOURS_EXCEEDED', { loggedHours: 10, requestedHours: 4, maxHoursPerDay: 12 });
    spec.given([...history, logged('e-1', 2, 'pending'), checkedOut]).when(confirm('e-1', 12), asCommittee).then([confirmed('e-1', 2)]);
  });

  it('v1 hours, logged before confirmation existed, read as confirmed with their eventId as the entry id', () => {
    const v1 = { type: 'VolunteerHoursLogged', schemaVersion: 1, eventId: 'evt-v1', data: { volunteerId, assignmentId: 'a-1', target, hours: 2, servedOn: '2026-02-10', area } };
    expect(domainEventRegistry.upcast(v1).data).toEqual({ ...v1.data, entryId: 'evt-v1', status: 'confirmed' });
    const upcast = domainEventRegistry.upcast(v1) as VolunteerEvent;
    expect(countedOn([...history, upcast], '2026-02-10')).toBe(2);
    spec.given([...history, upcast]).when(confirm('evt-v1'), asCommittee).thenThrows('VOLUNTEER_HOURS_ALREADY_CONFIRMED');
  });
});
