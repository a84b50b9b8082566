import {
  volunteerDecider, type AssignVolunteerData, type ConfirmVolunteerHoursData, type DeclineVolunteerHoursData, type LogVolunteerHoursData, type OpenServiceSessionData,
  type RegisterVolunteerData, type VolunteerAssignmentTarget, type VolunteerCommand,
} from '#domain';
import { commandTable } from '../command-handling/command-table.js';
import type { VolunteerState } from '#domain';
import { areaOfRecord } from '../authority/areas.js';
import type { AuthorityRule } from '../authority/authority.js';
import { accountOf, type AreaScope, type AuthenticatedActor } from '../identity/actor.js';

/** RegisterVolunteer as a caller sends it: the community by id; the volunteer is placed in its area. */
export type RegisterVolunteerInput = { type: 'RegisterVolunteer'; data: Omit<RegisterVolunteerData, 'area'> & { communityId: string } };
/** AssignVolunteer as a caller sends it: the need or project by kind and id; it must exist. */
export type AssignVolunteerInput = {
  type: 'AssignVolunteer';
  data: Omit<AssignVolunteerData, 'target'> & { target: { kind: VolunteerAssignmentTarget['kind']; id: string } };
};
/** LogVolunteerHours as a caller sends it: the daily maximum is the platform's (VOLUNTEER_MAX_HOURS_PER_DAY), not the caller's. */
export type LogVolunteerHoursInput = { type: 'LogVolunteerHours'; data: Omit<LogVolunteerHoursData, 'maxHoursPerDay'> };
/** Confirm and decline as the coordinator sends them: the coordinating organisation and the daily maximum are the service's. */
export type ConfirmVolunteerHoursInput = { type: 'ConfirmVolunteerHours'; data: Pick<ConfirmVolunteerHoursData, 'volunteerId' | 'entryId'> };
export type DeclineVolunteerHoursInput = { type: 'DeclineVolunteerHours'; data: Omit<DeclineVolunteerHoursData, 'coordinatingOrganisationId'> };
/** OpenServiceSession as a caller sends it: the coordinating organisation is loaded. */
export type OpenServiceSessionInput = { type: 'OpenServiceSession'; data: Omit<OpenServiceSessionData, 'coordinatingOrganisationId'> };
/** Check-in and check-out as the volunteer's app sends them: the code as scanned; its signature is checked before the decision. */
export type CheckInVolunteerInput = { type: 'CheckInVolunteer'; data: { volunteerId: string; sessionId: string; code: string } };
export type CheckOutVolunteerInput = { type: 'CheckOutVolunteer'; data: { volunteerId: string; sessionId: string; code: string } };
export type VolunteerCommandInput =
  | RegisterVolunteerInput
  | AssignVolunteerInput
  | LogVolunteerHoursInput
  | ConfirmVolunteerHoursInput
  | DeclineVolunteerHoursInput
  | OpenServiceSessionInput
  | CheckInVolunteerInput
  | CheckOutVolunteerInput
  | Exclude<VolunteerCommand, {
    type: 'RegisterVolunteer' | 'AssignVolunteer' | 'LogVolunteerHours' | 'ConfirmVolunteerHours' | 'DeclineVolunteerHours' | 'OpenServiceSession' | 'CheckInVolunteer' | 'CheckOutVolunteer';
  }>;

/**
 * A volunteer acts for itself only (the account that registered it: 实名注册 by the person); the
 * community's committee (the volunteers' coordinator) and the civil-affairs office act in their area.
 */
const ofTheVolunteer: AuthorityRule<unknown, VolunteerState> = {
  roles: ['volunteer', 'community_committee', 'civil_affairs_bureau'],
  area: (_command, { state }) => areaOfRecord(state, (volunteer) => volunteer.area),
  // The account that registered itself, or the account its issuer links to this record (claim `person`).
  own: {
    volunteer: (_command, { state, createdBy }, actor) =>
      createdBy === accountOf(actor) || (actor.personId !== undefined && state.status !== 'absent' && state.volunteerId === actor.personId),
  },
  ownHides: ['volunteer'],
};

/**
 * The volunteer's coordinator: the committee or civil-affairs office of its area, or the organisation
 * contracted for the project the assignment serves (loaded into the command as coordinatingOrganisationId).
 * Never the volunteer itself: it does not open its own sessions nor confirm its own hours.
 */
const byTheCoordinator: AuthorityRule<{ data: { coordinatingOrganisationId?: string | null } }, VolunteerState> = {
  roles: ['community_committee', 'civil_affairs_bureau', 'social_organisation'],
  area: ofTheVolunteer.area,
  own: {
    social_organisation: ({ data }, _facts, actor) => actor.organisationId !== undefined && data.coordinatingOrganisationId === actor.organisationId,
  },
};

/**
 * The read twin of byTheCoordinator, so the pending hours a reader is shown (GET /volunteers/hours/pending) are
 * exactly those it may confirm: the volunteers of its area, and for an organisation only entries on projects it
 * is contracted for. null: the reader decides none (every other role, an organisation token naming no organisation).
 */
export const coordinatedHoursScope = (reader: AuthenticatedActor | undefined): { within: AreaScope; contractorOrganisationId?: string } | null => {
  if (!reader || !byTheCoordinator.roles.includes(reader.role)) return null;
  if (reader.role !== 'social_organisation') return { within: reader.area };
  return reader.organisationId === undefined ? null : { within: reader.area, contractorOrganisationId: reader.organisationId };
};

/** 志愿者: registered under real name, skills and availability declared, assigned, hours logged. */
export const volunteerCommands = commandTable<VolunteerCommandInput>()(volunteerDecider, {
  RegisterVolunteer: async ({ communityId, ...data }, { facts }) => ({
    type: 'RegisterVolunteer', data: { ...data, area: (await facts.community(communityId)).area },
  }),
  AssignVolunteer: async ({ target, ...data }, { facts }) => {
    // An assignment to a need or project that does not exist would log hours nobody can place.
    if (target.kind === 'need') return { type: 'AssignVolunteer', data: { ...data, target: { kind: 'need', needId: (await facts.need(target.id)).needId } } };
    const project = await facts.project(target.id);
    return {
      type: 'AssignVolunteer',
      data: { ...data, target: { kind: 'project', projectId: project.projectId }, coordinatingOrganisationId: project.contractorOrganisationId },
    };
  },
  LogVolunteerHours: (data, { settings }) => ({ type: 'LogVolunteerHours', data: { ...data, maxHoursPerDay: settings.volunteerMaxHoursPerDay } }),
  ConfirmVolunteerHours: async (data, { facts, settings }) => ({
    type: 'ConfirmVolunteerHours',
    data: { ...data, coordinatingOrganisationId: await facts.hoursEntryCoordinator(data.volunteerId, data.entryId), maxHoursPerDay: settings.volunteerMaxHoursPerDay },
  }),
  DeclineVolunteerHours: async (data, { facts }) => ({
    type: 'DeclineVolunteerHours', data: { ...data, coordinatingOrganisationId: await facts.hoursEntryCoordinator(data.volunteerId, data.entryId) },
  }),
  OpenServiceSession: async (data, { facts }) => ({
    type: 'OpenServiceSession', data: { ...data, coordinatingOrganisationId: await facts.assignmentCoordinator(data.volunteerId, data.assignmentId) },
  }),
  CheckInVolunteer: ({ volunteerId, sessionId, code }, { settings }) => ({
    type: 'CheckInVolunteer', data: { volunteerId, sessionId, code: settings.sessionCodes.verify(code) },
  }),
  CheckOutVolunteer: ({ volunteerId, sessionId, code }, { settings }) => ({
    type: 'CheckOutVolunteer', data: { volunteerId, sessionId, code: settings.sessionCodes.verify(code), maxHoursPerDay: settings.volunteerMaxHoursPerDay },
  }),
}, {
  RegisterVolunteer: { roles: ['volunteer', 'community_committee', 'civil_affairs_bureau'], area: ({ data }) => data.area },
  DeclareVolunteerSkills: ofTheVolunteer,
  DeclareVolunteerAvailability: ofTheVolunteer,
  // The contractor's staff coordinate volunteers on the project it runs (not on a community's needs).
  AssignVolunteer: {
    ...ofTheVolunteer,
    roles: [...ofTheVolunteer.roles, 'social_organisation'],
    own: {
      ...ofTheVolunteer.own,
      social_organisation: ({ data }, _facts, actor) => actor.organisationId !== undefined && data.coordinatingOrganisationId === actor.organisationId,
    },
  },
  EndVolunteerAssignment: ofTheVolunteer,
  LogVolunteerHours: ofTheVolunteer,
  DeregisterVolunteer: ofTheVolunteer,
  // Self-reported hours wait for the coordinator (issue 13 item 1).
  ConfirmVolunteerHours: byTheCoordinator,
  DeclineVolunteerHours: byTheCoordinator,
  // 扫码签到签退: the coordinator opens the session; the volunteer alone checks in and out, with the coordinator's code.
  OpenServiceSession: byTheCoordinator,
  CheckInVolunteer: { roles: ['volunteer'], area: ofTheVolunteer.area, own: { volunteer: ofTheVolunteer.own!.volunteer! }, ownHides: ['volunteer'] },
  CheckOutVolunteer: { roles: ['volunteer'], area: ofTheVolunteer.area, own: { volunteer: ofTheVolunteer.own!.volunteer! }, ownHides: ['volunteer'] },
});
