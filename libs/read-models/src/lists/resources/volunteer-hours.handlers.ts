import type { VolunteerAssignmentTarget, VolunteerCheckedOutData, VolunteerHoursConfirmedData, VolunteerHoursDeclinedData, VolunteerHoursLoggedData } from '#domain';
import type { RecordedEvent } from '#event-store';
import { roundHours } from '../shared/columns.js';
import { setVolunteer, volunteer, type ResourcesTrx } from './resource-rows.js';
import type { VolunteerHourEntryRow } from './resources.tables.js';

/**
 * Hours served (issue 13 item 1): every entry in volunteer_hour_entries with its status, and the
 * counted ones (confirmed, and check-outs) on the volunteer and its assignment. Self-reported hours
 * wait as `pending` and count only when VolunteerHoursConfirmed arrives; declined ones never count.
 */
export const onVolunteerHours = {
  VolunteerHoursLogged: async (event: RecordedEvent<VolunteerHoursLoggedData>, trx: ResourcesTrx) => {
    const logged = event.data;
    const { actor } = event.metadata;
    const counted = logged.status === 'confirmed';
    // Typed by one who may confirm: the typing is the confirmation. (A volunteer's v1 hours counted before
    // confirmation existed: confirmed, by nobody.)
    const confirmer = counted && actor.role !== 'volunteer' ? actor : null;
    // Who typed the hours is on the fact's envelope: anyone but the volunteer or its committee is flagged.
    const flagged = !SELF_OR_COMMITTEE.includes(actor.role);
    await insertEntry(trx, event, {
      source: actor.role === 'volunteer' ? 'self_reported' : 'coordinator',
      entry_id: logged.entryId,
      status: logged.status,
      flagged: flagged ? 1 : 0,
      logged_by_id: actor.id,
      logged_by_role: actor.role,
      decided_by_id: confirmer?.id ?? null,
      decided_by_role: confirmer?.role ?? null,
      decided_at: confirmer ? event.metadata.occurredAt : null,
    });
    if (counted) await addServedHours(trx, event, flagged);
  },

  VolunteerHoursConfirmed: async (event: RecordedEvent<VolunteerHoursConfirmedData>, trx: ResourcesTrx) => {
    await decide(trx, event, 'confirmed', null);
    // Only the volunteer's own hours wait for confirmation, and those are never flagged.
    await addServedHours(trx, event, false);
  },

  VolunteerHoursDeclined: async (event: RecordedEvent<VolunteerHoursDeclinedData>, trx: ResourcesTrx) => {
    await decide(trx, event, 'declined', event.data.reason);
  },

  // 扫码签到签退: hours derived from the check-in and check-out count at once, like confirmed ones.
  VolunteerCheckedOut: async (event: RecordedEvent<VolunteerCheckedOutData>, trx: ResourcesTrx) => {
    await insertEntry(trx, event, {
      source: 'session',
      entry_id: event.data.sessionId,
      status: 'confirmed',
      flagged: 0,
      logged_by_id: null,
      logged_by_role: null,
      decided_by_id: null,
      decided_by_role: null,
      decided_at: null,
    });
    await addServedHours(trx, event, false);
  },
};

/** Roles whose hand-typed hours count without a flag: the volunteer, and the committee that coordinates it in its area. */
const SELF_OR_COMMITTEE: readonly string[] = ['volunteer', 'community_committee'];

type ServedFact = { volunteerId: string; assignmentId: string; target: VolunteerAssignmentTarget; hours: number; servedOn: string };

const insertEntry = async (
  trx: ResourcesTrx,
  event: RecordedEvent<ServedFact>,
  entry: Pick<VolunteerHourEntryRow, 'source' | 'entry_id' | 'status' | 'flagged' | 'logged_by_id' | 'logged_by_role' | 'decided_by_id' | 'decided_by_role' | 'decided_at'>,
) => {
  const { volunteerId, assignmentId, target, hours, servedOn } = event.data;
  await trx
    .insertInto('volunteer_hour_entries')
    .values({
      ...entry,
      volunteer_id: volunteerId,
      assignment_id: assignmentId,
      target_kind: target.kind,
      target_id: target.kind === 'need' ? target.needId : target.projectId,
      hours,
      served_on: servedOn,
      logged_at: event.metadata.occurredAt,
      decline_reason: null,
    })
    .execute();
};

const decide = async (trx: ResourcesTrx, event: RecordedEvent<{ volunteerId: string; entryId: string }>, status: 'confirmed' | 'declined', reason: string | null) => {
  await trx
    .updateTable('volunteer_hour_entries')
    .set({ status, decided_by_id: event.metadata.actor.id, decided_by_role: event.metadata.actor.role, decided_at: event.metadata.occurredAt, decline_reason: reason })
    .where('volunteer_id', '=', event.data.volunteerId)
    .where('source', '!=', 'session')
    .where('entry_id', '=', event.data.entryId)
    .execute();
};

/** Counted hours on an assignment (confirmed, or derived from a check-out), on the volunteer and the assignment. */
async function addServedHours(trx: ResourcesTrx, event: RecordedEvent<ServedFact>, flagged: boolean): Promise<void> {
  const row = await volunteer(trx, event);
  const served = event.data;
  const assignment = await trx.selectFrom('volunteer_assignments').select('hours_logged').where('assignment_id', '=', served.assignmentId).executeTakeFirst();
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
