import type {
  VolunteerAssignedData,
  VolunteerAssignmentEndedData,
  VolunteerAssignmentTarget,
  VolunteerAvailabilityDeclaredData,
  VolunteerDeregisteredData,
  VolunteerEvent,
  VolunteerHoursLoggedData,
  VolunteerHoursConfirmedData,
  VolunteerHoursDeclinedData,
  VolunteerServiceSessionOpenedData,
  VolunteerCheckedInData,
  VolunteerCheckedOutData,
  VolunteerRegisteredData,
  VolunteerSkillsDeclaredData,
} from '#domain';
import { published, type ContractDecision } from './integration-event.js';
import { area, categories, date, enumOf, id, instant, integer, number, object, tagged } from './json-schema.js';

export const target = () => tagged('kind', { need: { needId: id() }, project: { projectId: id() } }, 'What the volunteer serves: one need, or a project');

export const toTarget = (value: VolunteerAssignmentTarget) =>
  value.kind === 'need' ? { kind: 'need' as const, needId: value.needId } : { kind: 'project' as const, projectId: value.projectId };

/**
 * An hours entry with its id and status: the data of hours-logged.v2, and the very shape the release
 * of commit e756440 published as hours-logged.v1 (until fa89817 restored v1's first shape).
 */
export const hoursEntryData = () =>
  object({
    volunteerId: id(),
    entryId: id('The hours entry a later hours-confirmed or hours-declined names'),
    status: enumOf(['pending', 'confirmed'], 'pending: waits for the coordinator; confirmed: counts now'),
    assignmentId: id(),
    target: target(),
    hours: number(0),
    servedOn: date(),
    area: area('The volunteer’s community'),
  });

/**
 * A volunteer is a person: only the pseudonymous volunteerId travels. Skills are free text and
 * weekly availability windows describe a person's routine, so both stay inside (their counts go out).
 */
export const volunteerContract = {
  VolunteerRegistered: published(
    'volunteer',
    'registered',
    'A volunteer registered under real name (the name stays in the vault)',
    object({ volunteerId: id(), area: area('The volunteer’s community'), registeredOn: date() }),
    (data: VolunteerRegisteredData) => ({ volunteerId: data.volunteerId, area: { ...data.area }, registeredOn: data.registeredOn }),
  ),
  VolunteerSkillsDeclared: published(
    'volunteer',
    'skills-declared',
    'The volunteer declared the categories they serve in (replaces the previous declaration)',
    object({ volunteerId: id(), categories: categories(), skills: integer(0, 'How many skills were declared; their wording is not published') }),
    (data: VolunteerSkillsDeclaredData) => ({ volunteerId: data.volunteerId, categories: [...data.categories], skills: data.skills.length }),
  ),
  VolunteerAvailabilityDeclared: published(
    'volunteer',
    'availability-declared',
    'The volunteer declared the most hours a week they serve (0 pauses them)',
    object({ volunteerId: id(), hoursPerWeek: number(0), windows: integer(0, 'How many weekly windows were declared; their times are not published') }),
    (data: VolunteerAvailabilityDeclaredData) => ({ volunteerId: data.volunteerId, hoursPerWeek: data.hoursPerWeek, windows: data.windows.length }),
  ),
  VolunteerAssigned: published(
    'volunteer',
    'assigned',
    'The volunteer was assigned to a need or a project',
    object({ volunteerId: id(), assignmentId: id(), target: target(), hoursPerWeek: number(0), assignedOn: date() }),
    (data: VolunteerAssignedData) => ({
      volunteerId: data.volunteerId,
      assignmentId: data.assignmentId,
      target: toTarget(data.target),
      hoursPerWeek: data.hoursPerWeek,
      assignedOn: data.assignedOn,
    }),
  ),
  VolunteerAssignmentEnded: published(
    'volunteer',
    'assignment-ended',
    'An assignment of the volunteer ended',
    object({ volunteerId: id(), assignmentId: id(), target: target(), hoursPerWeek: number(0, 'The weekly hours freed'), endedOn: date() }),
    (data: VolunteerAssignmentEndedData) => ({
      volunteerId: data.volunteerId,
      assignmentId: data.assignmentId,
      target: toTarget(data.target),
      hoursPerWeek: data.hoursPerWeek,
      endedOn: data.endedOn,
    }),
  ),
  // v1 as first published (its shape is frozen): hours served. Since self-reported hours wait for
  // the coordinator, v1 carries only the hours that count when logged; a volunteer's own report
  // reaches v1 consumers once confirmed, as hours-confirmed.v1. v2 (volunteer.contract.v2.ts) carries
  // every entry with its entryId and status.
  VolunteerHoursLogged: published(
    'volunteer',
    'hours-logged',
    'The volunteer served some hours on an assignment',
    object({ volunteerId: id(), assignmentId: id(), target: target(), hours: number(0), servedOn: date(), area: area('The volunteer’s community') }),
    (data: VolunteerHoursLoggedData) => ({
      volunteerId: data.volunteerId,
      assignmentId: data.assignmentId,
      target: toTarget(data.target),
      hours: data.hours,
      servedOn: data.servedOn,
      area: { ...data.area },
    }),
    {
      publishes: (data: VolunteerHoursLoggedData) => data.status === 'confirmed',
      // The topic still holds what the release of e756440 wrote under this type; a consumer replaying
      // it must read those messages, so the published schema says so (README "Shapes an earlier release wrote").
      earlierShapes: [
        {
          description:
            'Deprecated: written only by the release of commit e756440 (before v2 existed); the current producer never writes it. ' +
            'Every hours entry, with its id and status. `confirmed`: the hours count (as the first shape\'s do); `pending`: they do not ' +
            'count here, the hours-confirmed.v1 that may follow counts them (a declined entry never counts)',
          dataSchema: hoursEntryData(),
        },
      ],
    },
  ),
  VolunteerHoursConfirmed: published(
    'volunteer',
    'hours-confirmed',
    'The coordinator confirmed hours the volunteer reported: from now on they count as served',
    object({ volunteerId: id(), entryId: id(), assignmentId: id(), target: target(), hours: number(0), servedOn: date(), area: area('The volunteer’s community') }),
    (data: VolunteerHoursConfirmedData) => ({
      volunteerId: data.volunteerId,
      entryId: data.entryId,
      assignmentId: data.assignmentId,
      target: toTarget(data.target),
      hours: data.hours,
      servedOn: data.servedOn,
      area: { ...data.area },
    }),
  ),
  VolunteerHoursDeclined: published(
    'volunteer',
    'hours-declined',
    'The coordinator declined hours the volunteer reported: they never count (the reason is free text and stays inside)',
    object({ volunteerId: id(), entryId: id(), assignmentId: id(), hours: number(0), servedOn: date() }),
    (data: VolunteerHoursDeclinedData) => ({
      volunteerId: data.volunteerId,
      entryId: data.entryId,
      assignmentId: data.assignmentId,
      hours: data.hours,
      servedOn: data.servedOn,
    }),
  ),
  VolunteerServiceSessionOpened: published(
    'volunteer',
    'service-session-opened',
    'A coordinator opened a service session (扫码签到签退) for one assignment of the volunteer',
    object({ volunteerId: id(), sessionId: id(), assignmentId: id(), target: target(), openedAt: instant() }),
    (data: VolunteerServiceSessionOpenedData) => ({
      volunteerId: data.volunteerId,
      sessionId: data.sessionId,
      assignmentId: data.assignmentId,
      target: toTarget(data.target),
      openedAt: data.openedAt,
    }),
  ),
  VolunteerCheckedIn: published(
    'volunteer',
    'checked-in',
    'The volunteer checked in to a service session with the coordinator’s code',
    object({ volunteerId: id(), sessionId: id(), assignmentId: id(), checkedInAt: instant() }),
    (data: VolunteerCheckedInData) => ({ volunteerId: data.volunteerId, sessionId: data.sessionId, assignmentId: data.assignmentId, checkedInAt: data.checkedInAt }),
  ),
  VolunteerCheckedOut: published(
    'volunteer',
    'checked-out',
    'The volunteer checked out; the hours served are derived from the check-in and check-out (never typed), on the Beijing date of the check-in',
    object({
      volunteerId: id(),
      sessionId: id(),
      assignmentId: id(),
      target: target(),
      checkedInAt: instant(),
      checkedOutAt: instant(),
      hours: number(0),
      servedOn: date(),
      area: area('The volunteer’s community'),
    }),
    (data: VolunteerCheckedOutData) => ({
      volunteerId: data.volunteerId,
      sessionId: data.sessionId,
      assignmentId: data.assignmentId,
      target: toTarget(data.target),
      checkedInAt: data.checkedInAt,
      checkedOutAt: data.checkedOutAt,
      hours: data.hours,
      servedOn: data.servedOn,
      area: { ...data.area },
    }),
  ),
  VolunteerDeregistered: published(
    'volunteer',
    'deregistered',
    'The volunteer left the register',
    object({ volunteerId: id() }),
    (data: VolunteerDeregisteredData) => ({ volunteerId: data.volunteerId }),
  ),
} as const satisfies Record<VolunteerEvent['type'], ContractDecision>;
