import type {
  VolunteerAssignedData,
  VolunteerAssignmentEndedData,
  VolunteerAvailabilityDeclaredData,
  VolunteerDeregisteredData,
  VolunteerRegisteredData,
  VolunteerSkillsDeclaredData,
} from '#domain';
import type { RecordedEvent } from '#event-store';
import { areaColumns, roundHours, toJson } from '../shared/columns.js';
import { volunteer, setVolunteer, replaceCategories, type ResourcesTrx } from './resource-rows.js';

/** Volunteers: skills, declared and assigned hours (hours served: volunteer-hours.handlers.ts). */
export const onVolunteers = {
  VolunteerRegistered: async (event: RecordedEvent<VolunteerRegisteredData>, trx: ResourcesTrx) => {
    const registered = event.data;
    await trx
      .insertInto('volunteers')
      .values({
        volunteer_id: registered.volunteerId,
        person_ref: registered.personRef,
        ...areaColumns(registered.area),
        registered_on: registered.registeredOn,
        status: 'active',
        skills: '[]',
        categories: '[]',
        hours_per_week_declared: 0,
        availability_windows: '[]',
        hours_per_week_assigned: 0,
        hours_per_week_remaining: 0,
        active_assignments: 0,
        hours_logged: 0,
        hours_flagged: 0,
        last_served_on: null,
        registered_at: event.metadata.occurredAt,
      })
      .execute();
  },

  VolunteerSkillsDeclared: async (event: RecordedEvent<VolunteerSkillsDeclaredData>, trx: ResourcesTrx) => {
    const row = await volunteer(trx, event);
    await setVolunteer(trx, row.volunteer_id, { skills: toJson(event.data.skills), categories: toJson(event.data.categories) });
    await replaceCategories(trx, 'volunteer', row.volunteer_id, event.data.categories);
  },

  VolunteerAvailabilityDeclared: async (event: RecordedEvent<VolunteerAvailabilityDeclaredData>, trx: ResourcesTrx) => {
    const row = await volunteer(trx, event);
    await setVolunteer(trx, row.volunteer_id, {
      hours_per_week_declared: event.data.hoursPerWeek,
      availability_windows: toJson(event.data.windows),
      hours_per_week_remaining: row.status === 'active' ? Math.max(0, roundHours(event.data.hoursPerWeek - row.hours_per_week_assigned)) : 0,
    });
  },

  VolunteerAssigned: async (event: RecordedEvent<VolunteerAssignedData>, trx: ResourcesTrx) => {
    const row = await volunteer(trx, event);
    const assigned = event.data;
    await trx
      .insertInto('volunteer_assignments')
      .values({
        assignment_id: assigned.assignmentId,
        volunteer_id: assigned.volunteerId,
        target_kind: assigned.target.kind,
        target_id: assigned.target.kind === 'need' ? assigned.target.needId : assigned.target.projectId,
        hours_per_week: assigned.hoursPerWeek,
        assigned_on: assigned.assignedOn,
        ended_on: null,
        hours_logged: 0,
      })
      .execute();
    const hoursAssigned = roundHours(row.hours_per_week_assigned + assigned.hoursPerWeek);
    await setVolunteer(trx, row.volunteer_id, {
      hours_per_week_assigned: hoursAssigned,
      hours_per_week_remaining: Math.max(0, roundHours(row.hours_per_week_declared - hoursAssigned)),
      active_assignments: row.active_assignments + 1,
    });
  },

  VolunteerAssignmentEnded: async (event: RecordedEvent<VolunteerAssignmentEndedData>, trx: ResourcesTrx) => {
    const row = await volunteer(trx, event);
    await trx
      .updateTable('volunteer_assignments')
      .set({ ended_on: event.data.endedOn })
      .where('assignment_id', '=', event.data.assignmentId)
      .execute();
    const hoursAssigned = Math.max(0, roundHours(row.hours_per_week_assigned - event.data.hoursPerWeek));
    await setVolunteer(trx, row.volunteer_id, {
      hours_per_week_assigned: hoursAssigned,
      hours_per_week_remaining:
        row.status === 'active' ? Math.max(0, roundHours(row.hours_per_week_declared - hoursAssigned)) : 0,
      active_assignments: Math.max(0, row.active_assignments - 1),
    });
  },

  VolunteerDeregistered: async (event: RecordedEvent<VolunteerDeregisteredData>, trx: ResourcesTrx) => {
    const row = await volunteer(trx, event);
    await setVolunteer(trx, row.volunteer_id, { status: 'deregistered', hours_per_week_remaining: 0 });
  },
};
