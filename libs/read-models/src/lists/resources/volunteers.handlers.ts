import type {
  VolunteerAssignedData,
  VolunteerAssignmentEndedData,
  VolunteerAvailabilityDeclaredData,
  VolunteerDeregisteredData,
  VolunteerHoursLoggedData,
  VolunteerCheckedOutData,
  VolunteerRegisteredData,
  VolunteerSkillsDeclaredData,
} from '#domain';
import type { RecordedEvent } from '#event-store';
import { areaColumns, roundHours, toJson } from '../shared/columns.js';
import { volunteer, setVolunteer, replaceCategories, type ResourcesTrx } from './resource-rows.js';

/** Volunteers: skills, declared and assigned hours, hours served. */
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

  // Who typed the hours is on the fact's envelope: anyone but the volunteer or its committee is flagged.
  VolunteerHoursLogged: (event: RecordedEvent<VolunteerHoursLoggedData>, trx: ResourcesTrx) =>
    addServedHours(trx, event, !SELF_OR_COORDINATOR.includes(event.metadata.actor.role)),

  // 扫码签到签退: hours derived from the check-in and check-out count as served like logged ones.
  VolunteerCheckedOut: (event: RecordedEvent<VolunteerCheckedOutData>, trx: ResourcesTrx) => addServedHours(trx, event, false),

  VolunteerDeregistered: async (event: RecordedEvent<VolunteerDeregisteredData>, trx: ResourcesTrx) => {
    const row = await volunteer(trx, event);
    await setVolunteer(trx, row.volunteer_id, { status: 'deregistered', hours_per_week_remaining: 0 });
  },
};

/** Roles whose hand-typed hours count without a flag: the volunteer, and the committee that coordinates it in its area. */
const SELF_OR_COORDINATOR: readonly string[] = ['volunteer', 'community_committee'];

/** Hours served on an assignment (logged by hand or derived from a check-out), on the volunteer and the assignment. */
async function addServedHours(
  trx: ResourcesTrx,
  event: RecordedEvent<{ volunteerId: string; assignmentId: string; hours: number; servedOn: string }>,
  flagged: boolean,
): Promise<void> {
  const row = await volunteer(trx, event);
  const served = event.data;
  const assignment = await trx
    .selectFrom('volunteer_assignments')
    .select('hours_logged')
    .where('assignment_id', '=', served.assignmentId)
    .executeTakeFirst();
  if (assignment) {
    await trx
      .updateTable('volunteer_assignments')
      .set({ hours_logged: roundHours(assignment.hours_logged + served.hours) })
      .where('assignment_id', '=', served.assignmentId)
      .execute();
  }
  await setVolunteer(trx, row.volunteer_id, {
    hours_logged: roundHours(row.hours_logged + served.hours),
    hours_flagged: flagged ? roundHours(row.hours_flagged + served.hours) : row.hours_flagged,
    last_served_on: row.last_served_on === null || served.servedOn > row.last_served_on ? served.servedOn : row.last_served_on,
  });
}
