import { describe, expect, it } from '@jest/globals';
import { foldEvents } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';
import { DeciderSpecification } from '../testing/decider-spec.js';
import type { VolunteerCommand } from './volunteer.commands.js';
import type { VolunteerAssignmentTarget, VolunteerEvent, VolunteerRegistered } from './volunteer.events.js';
import { toVolunteerFacts, volunteerAvailableHours, volunteerDecider } from './volunteer.decider.js';

const spec = DeciderSpecification.for(volunteerDecider);
const volunteerId = 'vol-0815';
// DEFAULT_TEST_NOW is 2026-03-01T08:00Z, i.e. 2026-03-01 16:00 in Beijing.
const today = '2026-03-01';
const area = { city: 'dongguan', district: 'dongcheng', street: 'dongcheng-st', community: 'zhuyuan' };
const needTarget: VolunteerAssignmentTarget = { kind: 'need', needId: 'need-1' };
const projectTarget: VolunteerAssignmentTarget = { kind: 'project', projectId: 'project-1' };

const registered: VolunteerRegistered = { type: 'VolunteerRegistered', data: { volunteerId, personRef: 'person-v1', area, registeredOn: '2026-01-10' } };
const available = (hoursPerWeek: number): VolunteerEvent => ({ type: 'VolunteerAvailabilityDeclared', data: { volunteerId, hoursPerWeek, windows: [] } });
const assigned = (assignmentId: string, target: VolunteerAssignmentTarget, hoursPerWeek: number, assignedOn = '2026-02-01'): VolunteerEvent => ({
  type: 'VolunteerAssigned',
  data: { volunteerId, assignmentId, target, hoursPerWeek, assignedOn },
});
const ended = (assignmentId: string, target: VolunteerAssignmentTarget, hoursPerWeek: number, endedOn = today, reason: string | null = null): VolunteerEvent => ({
  type: 'VolunteerAssignmentEnded',
  data: { volunteerId, assignmentId, target, hoursPerWeek, endedOn, reason },
});
const deregistered: VolunteerEvent = { type: 'VolunteerDeregistered', data: { volunteerId, reason: null } };

const assign = (assignmentId: string, target: VolunteerAssignmentTarget, hoursPerWeek: number): VolunteerCommand => ({
  type: 'AssignVolunteer',
  data: { volunteerId, assignmentId, target, hoursPerWeek },
});
const declareAvailability = (hoursPerWeek: number, windows: { weekday: number; from: string; to: string }[] = []): VolunteerCommand => ({
  type: 'DeclareVolunteerAvailability',
  data: { volunteerId, hoursPerWeek, windows },
});
/** Entries are named by what they log, so a command and the fact it makes share the id. */
const entryOf = (assignmentId: string, hours: number, servedOn: string) => `e-${assignmentId}-${servedOn}-${hours}`;
const logHours = (assignmentId: string, hours: number, servedOn: string, maxHoursPerDay?: number): VolunteerCommand => ({
  type: 'LogVolunteerHours',
  data: { volunteerId, entryId: entryOf(assignmentId, hours, servedOn), assignmentId, hours, servedOn, ...(maxHoursPerDay === undefined ? {} : { maxHoursPerDay }) },
});
// The spec's actor is an office: the hours it types are confirmed at once (hours-entries.spec.ts has the volunteer's own).
const logged = (assignmentId: string, target: VolunteerAssignmentTarget, hours: number, servedOn: string): VolunteerEvent => ({
  type: 'VolunteerHoursLogged',
  data: { volunteerId, entryId: entryOf(assignmentId, hours, servedOn), status: 'confirmed', assignmentId, target, hours, servedOn, area },
});

describe('volunteer decider', () => {
  describe('RegisterVolunteer', () => {
    const register: VolunteerCommand = { type: 'RegisterVolunteer', data: registered.data };

    it('registers a volunteer under a pseudonymous person reference', () => {
      spec.given([]).when(register).then([registered]);
    });

    it('refuses to register twice, without a person reference, or with a future date', () => {
      spec.given([registered]).when(register).thenThrows('VOLUNTEER_ALREADY_EXISTS');
      spec.given([]).when({ type: 'RegisterVolunteer', data: { ...registered.data, personRef: '' } }).thenThrows('PERSON_REF_REQUIRED');
      spec.given([]).when({ type: 'RegisterVolunteer', data: { ...registered.data, registeredOn: '2026-03-02' } }).thenThrows('REGISTRATION_DATE_INVALID');
    });

    // JSON callers break the declared types: a volunteer is a person, placed in a whole area.
    it('refuses a registration without a person or without a complete area', () => {
      const registerWith = (data: Record<string, unknown>): VolunteerCommand => ({ type: 'RegisterVolunteer', data: { ...registered.data, ...data } as never });
      spec.given([]).when(registerWith({ personRef: undefined })).thenThrows('PERSON_REF_REQUIRED');
      spec.given([]).when(registerWith({ personRef: { id: 'p' } })).thenThrows('PERSON_REF_REQUIRED');
      spec.given([]).when(registerWith({ area: [area] })).thenThrows('AREA_INVALID');
      spec.given([]).when(registerWith({ area: { ...area, street: '' } })).thenThrows('AREA_INVALID', { missing: ['street'] });
    });

    it('refuses an assignment without a target, or to a target without an id', () => {
      const assignTo = (target: unknown): VolunteerCommand => ({ type: 'AssignVolunteer', data: { volunteerId, assignmentId: 'a-1', target: target as never, hoursPerWeek: 2 } });
      spec.given([registered, available(10)]).when(assignTo(undefined)).thenThrows('ASSIGNMENT_TARGET_INVALID');
      spec.given([registered, available(10)]).when(assignTo({ kind: 'need' })).thenThrows('ASSIGNMENT_TARGET_INVALID');
      spec.given([registered, available(10)]).when(assignTo({ kind: 'street', streetId: 's' })).thenThrows('ASSIGNMENT_TARGET_INVALID');
    });

    it('refuses skills, categories or windows that are not lists', () => {
      spec
        .given([registered])
        .when({ type: 'DeclareVolunteerSkills', data: { volunteerId, skills: 'cooking' as never, categories: [] } })
        .thenThrows('VOLUNTEER_SKILLS_INVALID');
      spec
        .given([registered])
        .when({ type: 'DeclareVolunteerSkills', data: { volunteerId, skills: [], categories: ['knitting'] as never } })
        .thenThrows('UNKNOWN_SERVICE_CATEGORY');
      spec.given([registered]).when(declareAvailability(4, { weekday: 1 } as never)).thenThrows('AVAILABILITY_WINDOW_INVALID');
    });
  });

  describe('DeclareVolunteerSkills', () => {
    const declare = (skills: string[], categories: ('elderly_care' | 'mental_health')[]): VolunteerCommand => ({
      type: 'DeclareVolunteerSkills',
      data: { volunteerId, skills, categories },
    });

    it('declares skills, trimmed and without repeats', () => {
      spec.given([registered]).when(declare([' 心理咨询 ', '理发', '理发', ''], ['mental_health', 'elderly_care'])).then([
        { type: 'VolunteerSkillsDeclared', data: { volunteerId, skills: ['心理咨询', '理发'], categories: ['mental_health', 'elderly_care'] } },
      ]);
    });

    it('records nothing when the same skills are declared in another order', () => {
      spec
        .given([registered, { type: 'VolunteerSkillsDeclared', data: { volunteerId, skills: ['心理咨询', '理发'], categories: ['mental_health'] } }])
        .when(declare(['理发', '心理咨询'], ['mental_health']))
        .then([]);
    });

    it('refuses a deregistered or unknown volunteer', () => {
      spec.given([registered, deregistered]).when(declare(['理发'], [])).thenThrows('VOLUNTEER_DEREGISTERED');
      spec.given([]).when(declare(['理发'], [])).thenThrows('VOLUNTEER_NOT_FOUND');
    });
  });

  describe('DeclareVolunteerAvailability', () => {
    const saturdayMorning = { weekday: 6, from: '08:30', to: '12:30' };

    it('declares weekly hours within the declared windows', () => {
      spec.given([registered]).when(declareAvailability(4, [saturdayMorning])).then([
        { type: 'VolunteerAvailabilityDeclared', data: { volunteerId, hoursPerWeek: 4, windows: [saturdayMorning] } },
      ]);
    });

    it('records nothing for the same declaration again', () => {
      spec
        .given([registered, { type: 'VolunteerAvailabilityDeclared', data: { volunteerId, hoursPerWeek: 4, windows: [saturdayMorning] } }])
        .when(declareAvailability(4, [saturdayMorning]))
        .then([]);
    });

    it('refuses more hours than the windows hold', () => {
      spec.given([registered]).when(declareAvailability(5, [saturdayMorning])).thenThrows('AVAILABILITY_HOURS_EXCEED_WINDOWS', { windowHours: 4 });
    });

    it('refuses malformed or overlapping windows', () => {
      spec.given([registered]).when(declareAvailability(2, [{ weekday: 8, from: '08:00', to: '10:00' }])).thenThrows('AVAILABILITY_WINDOW_INVALID');
      spec.given([registered]).when(declareAvailability(2, [{ weekday: 1, from: '10:00', to: '08:00' }])).thenThrows('AVAILABILITY_WINDOW_INVALID');
      spec.given([registered]).when(declareAvailability(2, [{ weekday: 1, from: '8:00', to: '10:00' }])).thenThrows('AVAILABILITY_WINDOW_INVALID');
      spec
        .given([registered])
        .when(declareAvailability(2, [{ weekday: 6, from: '09:00', to: '11:00' }, saturdayMorning]))
        .thenThrows('AVAILABILITY_WINDOW_INVALID');
    });

    it('refuses negative or impossible weekly hours', () => {
      spec.given([registered]).when(declareAvailability(-1)).thenThrows('AVAILABILITY_HOURS_INVALID');
      spec.given([registered]).when(declareAvailability(169)).thenThrows('AVAILABILITY_HOURS_INVALID');
    });

    it('refuses fewer hours than running assignments take', () => {
      spec
        .given([registered, available(10), assigned('a-1', needTarget, 6)])
        .when(declareAvailability(5))
        .thenThrows('AVAILABILITY_BELOW_ASSIGNED_HOURS', { declaredHoursPerWeek: 5, assignedHoursPerWeek: 6 });
    });

    it('refuses a deregistered or unknown volunteer', () => {
      spec.given([registered, deregistered]).when(declareAvailability(4)).thenThrows('VOLUNTEER_DEREGISTERED');
      spec.given([]).when(declareAvailability(4)).thenThrows('VOLUNTEER_NOT_FOUND');
    });
  });

  describe('AssignVolunteer', () => {
    it('assigns a volunteer to a need from today', () => {
      spec.given([registered, available(6)]).when(assign('a-1', needTarget, 4)).then([assigned('a-1', needTarget, 4, today)]);
    });

    it('assigns up to exactly the declared hours across assignments', () => {
      spec.given([registered, available(6), assigned('a-1', needTarget, 4)]).when(assign('a-2', projectTarget, 2)).then([assigned('a-2', projectTarget, 2, today)]);
    });

    it('never assigns beyond the declared hours', () => {
      spec
        .given([registered, available(6), assigned('a-1', needTarget, 4)])
        .when(assign('a-2', projectTarget, 3))
        .thenThrows('VOLUNTEER_HOURS_EXCEEDED', { declaredHoursPerWeek: 6, available: 2, requested: 3 });
    });

    it('never assigns a volunteer who has declared no availability', () => {
      spec.given([registered]).when(assign('a-1', needTarget, 1)).thenThrows('VOLUNTEER_HOURS_EXCEEDED', { available: 0, requested: 1 });
    });

    it('frees the hours of an ended assignment', () => {
      spec
        .given([registered, available(6), assigned('a-1', needTarget, 6), ended('a-1', needTarget, 6)])
        .when(assign('a-2', projectTarget, 6))
        .then([assigned('a-2', projectTarget, 6, today)]);
    });

    it('is idempotent for the same assignment id and terms, and refuses the id for other terms', () => {
      spec.given([registered, available(6), assigned('a-1', needTarget, 4)]).when(assign('a-1', needTarget, 4)).then([]);
      spec.given([registered, available(6), assigned('a-1', needTarget, 4)]).when(assign('a-1', projectTarget, 4)).thenThrows('VOLUNTEER_ASSIGNMENT_ALREADY_EXISTS');
    });

    it('refuses a second running assignment to the same need', () => {
      spec.given([registered, available(10), assigned('a-1', needTarget, 2)]).when(assign('a-2', needTarget, 2)).thenThrows('VOLUNTEER_ALREADY_ASSIGNED', {
        assignmentId: 'a-1',
      });
    });

    it('refuses non-positive hours, a deregistered or an unknown volunteer', () => {
      spec.given([registered, available(6)]).when(assign('a-1', needTarget, 0)).thenThrows('HOURS_PER_WEEK_INVALID');
      spec.given([registered, available(6), deregistered]).when(assign('a-1', needTarget, 1)).thenThrows('VOLUNTEER_DEREGISTERED');
      spec.given([]).when(assign('a-1', needTarget, 1)).thenThrows('VOLUNTEER_NOT_FOUND');
    });
  });

  describe('EndVolunteerAssignment', () => {
    const end = (assignmentId: string, reason?: string): VolunteerCommand => ({
      type: 'EndVolunteerAssignment',
      data: { volunteerId, assignmentId, ...(reason === undefined ? {} : { reason }) },
    });

    it('ends an assignment today and frees its hours', () => {
      spec.given([registered, available(6), assigned('a-1', needTarget, 4)]).when(end('a-1', '需求已满足')).then([ended('a-1', needTarget, 4, today, '需求已满足')]);
      const state = foldEvents(volunteerDecider, [registered, available(6), assigned('a-1', needTarget, 4), ended('a-1', needTarget, 4)]);
      expect(volunteerAvailableHours(state)).toBe(6);
    });

    it('records nothing when it already ended', () => {
      spec.given([registered, available(6), assigned('a-1', needTarget, 4), ended('a-1', needTarget, 4)]).when(end('a-1')).then([]);
    });

    it('refuses an unknown assignment or volunteer', () => {
      spec.given([registered]).when(end('a-9')).thenThrows('VOLUNTEER_ASSIGNMENT_NOT_FOUND');
      spec.given([]).when(end('a-1')).thenThrows('VOLUNTEER_NOT_FOUND');
    });
  });

  describe('LogVolunteerHours', () => {
    const history = [registered, available(6), assigned('a-1', needTarget, 4, '2026-02-01')];

    it('logs hours served with the target and the volunteer area', () => {
      spec.given(history).when(logHours('a-1', 2.5, '2026-02-14')).then([logged('a-1', needTarget, 2.5, '2026-02-14')]);
    });

    it('a day has 24 hours across all assignments: 24 + 24 + 24 + 10 on one date is refused after the first 24', () => {
      const twoAssignments = [registered, available(10), assigned('a-1', needTarget, 4, '2026-02-01'), assigned('a-2', projectTarget, 4, '2026-02-01')];
      spec
        .given([...twoAssignments, logged('a-1', needTarget, 24, '2026-02-14')])
        .when(logHours('a-2', 24, '2026-02-14'))
        .thenThrows('VOLUNTEER_DAILY_HOURS_EXCEEDED', { servedOn: '2026-02-14', loggedHours: 24, requestedHours: 24, maxHoursPerDay: 24 });
      spec
        .given([...twoAssignments, logged('a-1', needTarget, 14, '2026-02-14')])
        .when(logHours('a-2', 10, '2026-02-14'))
        .then([logged('a-2', projectTarget, 10, '2026-02-14')]);
      // Another date has its own 24 hours.
      spec.given([...twoAssignments, logged('a-1', needTarget, 24, '2026-02-14')]).when(logHours('a-2', 10, '2026-02-15')).then([logged('a-2', projectTarget, 10, '2026-02-15')]);
    });

    it('a configured daily maximum below 24 answers with its limit', () => {
      spec
        .given([...history, logged('a-1', needTarget, 8, '2026-02-14')])
        .when(logHours('a-1', 4.5, '2026-02-14', 12))
        .thenThrows('VOLUNTEER_DAILY_HOURS_EXCEEDED', { loggedHours: 8, requestedHours: 4.5, maxHoursPerDay: 12 });
      // A configuration above what a day holds never lets more than 24 through.
      spec.given([...history, logged('a-1', needTarget, 20, '2026-02-14')]).when(logHours('a-1', 5, '2026-02-14', 30)).thenThrows('VOLUNTEER_DAILY_HOURS_EXCEEDED', { maxHoursPerDay: 24 });
    });

    it('logs hours served before the assignment ended, even after deregistration', () => {
      spec
        .given([...history, ended('a-1', needTarget, 4, '2026-02-20', 'volunteer_deregistered'), deregistered])
        .when(logHours('a-1', 3, '2026-02-20'))
        .then([logged('a-1', needTarget, 3, '2026-02-20')]);
    });

    it('refuses hours served after the assignment ended or before it started', () => {
      spec.given([...history, ended('a-1', needTarget, 4, '2026-02-20')]).when(logHours('a-1', 3, '2026-02-21')).thenThrows('VOLUNTEER_ASSIGNMENT_ENDED');
      spec.given(history).when(logHours('a-1', 3, '2026-01-31')).thenThrows('SERVED_BEFORE_ASSIGNMENT');
    });

    it('refuses a future service date and impossible hours', () => {
      spec.given(history).when(logHours('a-1', 3, '2026-03-02')).thenThrows('SERVED_ON_INVALID');
      spec.given(history).when(logHours('a-1', 0, '2026-02-14')).thenThrows('VOLUNTEER_HOURS_INVALID');
      spec.given(history).when(logHours('a-1', 25, '2026-02-14')).thenThrows('VOLUNTEER_HOURS_INVALID');
    });

    it('refuses an unknown assignment or volunteer', () => {
      spec.given(history).when(logHours('a-2', 1, '2026-02-14')).thenThrows('VOLUNTEER_ASSIGNMENT_NOT_FOUND');
      spec.given([]).when(logHours('a-1', 1, '2026-02-14')).thenThrows('VOLUNTEER_NOT_FOUND');
    });
  });

  describe('DeregisterVolunteer', () => {
    const deregister: VolunteerCommand = { type: 'DeregisterVolunteer', data: { volunteerId } };

    it('ends every running assignment, then deregisters', () => {
      spec
        .given([registered, available(6), assigned('a-1', needTarget, 2), assigned('a-2', projectTarget, 2), ended('a-1', needTarget, 2, '2026-02-10')])
        .when({ type: 'DeregisterVolunteer', data: { volunteerId, reason: '搬家' } })
        .then([ended('a-2', projectTarget, 2, today, 'volunteer_deregistered'), { type: 'VolunteerDeregistered', data: { volunteerId, reason: '搬家' } }]);
    });

    it('deregisters a volunteer without assignments', () => {
      spec.given([registered]).when(deregister).then([deregistered]);
    });

    it('refuses to deregister twice or an unknown volunteer', () => {
      spec.given([registered, deregistered]).when(deregister).thenThrows('VOLUNTEER_DEREGISTERED');
      spec.given([]).when(deregister).thenThrows('VOLUNTEER_NOT_FOUND');
    });
  });

  describe('toVolunteerFacts', () => {
    it('exposes status, skills and community', () => {
      const state = foldEvents(volunteerDecider, [registered, { type: 'VolunteerSkillsDeclared', data: { volunteerId, skills: ['理发'], categories: ['elderly_care'] } }]);
      expect(toVolunteerFacts(state)).toEqual({ volunteerId, status: 'active', skills: ['理发'], community: 'zhuyuan' });
      expect(toVolunteerFacts(foldEvents(volunteerDecider, [registered, deregistered])).status).toBe('deregistered');
      expect(() => toVolunteerFacts(volunteerDecider.initialState())).toThrow(DomainError);
    });

    it('a deregistered volunteer has no hours to give', () => {
      expect(volunteerAvailableHours(foldEvents(volunteerDecider, [registered, available(6)]))).toBe(6);
      expect(volunteerAvailableHours(foldEvents(volunteerDecider, [registered, available(6), deregistered]))).toBe(0);
    });
  });
});
