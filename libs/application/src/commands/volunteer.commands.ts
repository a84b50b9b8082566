import {
  volunteerDecider, type AssignVolunteerData, type LogVolunteerHoursData, type RegisterVolunteerData, type VolunteerAssignmentTarget,
  type VolunteerCommand,
} from '#domain';
import { commandTable } from '../command-handling/command-table.js';

/** RegisterVolunteer as a caller sends it: the community by id; the volunteer is placed in its area. */
export type RegisterVolunteerInput = { type: 'RegisterVolunteer'; data: Omit<RegisterVolunteerData, 'area'> & { communityId: string } };
/** AssignVolunteer as a caller sends it: the need or project by kind and id; it must exist. */
export type AssignVolunteerInput = {
  type: 'AssignVolunteer';
  data: Omit<AssignVolunteerData, 'target'> & { target: { kind: VolunteerAssignmentTarget['kind']; id: string } };
};
/** LogVolunteerHours as a caller sends it: the daily maximum is the platform's (VOLUNTEER_MAX_HOURS_PER_DAY), not the caller's. */
export type LogVolunteerHoursInput = { type: 'LogVolunteerHours'; data: Omit<LogVolunteerHoursData, 'maxHoursPerDay'> };
export type VolunteerCommandInput =
  | RegisterVolunteerInput
  | AssignVolunteerInput
  | LogVolunteerHoursInput
  | Exclude<VolunteerCommand, { type: 'RegisterVolunteer' | 'AssignVolunteer' | 'LogVolunteerHours' }>;

/** 志愿者: registered under real name, skills and availability declared, assigned, hours logged. */
export const volunteerCommands = commandTable<VolunteerCommandInput>()(volunteerDecider, {
  RegisterVolunteer: async ({ communityId, ...data }, { facts }) => ({
    type: 'RegisterVolunteer', data: { ...data, area: (await facts.community(communityId)).area },
  }),
  AssignVolunteer: async ({ target, ...data }, { facts }) => {
    // An assignment to a need or project that does not exist would log hours nobody can place.
    const assigned: VolunteerAssignmentTarget =
      target.kind === 'need'
        ? { kind: 'need', needId: (await facts.need(target.id)).needId }
        : { kind: 'project', projectId: (await facts.project(target.id)).projectId };
    return { type: 'AssignVolunteer', data: { ...data, target: assigned } };
  },
  LogVolunteerHours: (data, { settings }) => ({ type: 'LogVolunteerHours', data: { ...data, maxHoursPerDay: settings.volunteerMaxHoursPerDay } }),
});
