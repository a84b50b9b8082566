import type { ReadModelTables } from '../read-model-tables.js';
import type { Consistency, ReadSide } from '../shared/list-query.js';
import { RESOURCES_LIST, type VolunteerHourEntryRow } from './resources.tables.js';

/** One entry of a volunteer's hours as its record's readers see it (GET /volunteers/:id/hours). */
export interface VolunteerHourEntryItem {
  entryId: string;
  /** self_reported: typed by the volunteer; coordinator: typed by its committee or office; session: a check-out. */
  source: VolunteerHourEntryRow['source'];
  /** pending: waits for the coordinator and does not count; confirmed: counts; declined: never counts. */
  status: VolunteerHourEntryRow['status'];
  assignmentId: string;
  target: { kind: string; id: string };
  hours: number;
  /** The Beijing date served. */
  date: string;
  loggedAt: string;
  loggedBy: { id: string; role: string } | null;
  /** Typed by someone other than the volunteer or its committee (an office, say): to be checked. */
  flagged: boolean;
  /** Who confirmed it (or typed it with the authority to); null for a session and for a v1 entry counted before confirmation existed. */
  confirmedBy: { id: string; role: string; at: string } | null;
  declinedBy: { id: string; role: string; at: string; reason: string } | null;
}

const actorOf = (id: string | null, role: string | null) => (id !== null && role !== null ? { id, role } : null);

const toEntryItem = (row: VolunteerHourEntryRow): VolunteerHourEntryItem => {
  const decider = actorOf(row.decided_by_id, row.decided_by_role);
  const decided = decider && row.decided_at !== null ? { ...decider, at: row.decided_at } : null;
  return {
    entryId: row.entry_id,
    source: row.source,
    status: row.status,
    assignmentId: row.assignment_id,
    target: { kind: row.target_kind, id: row.target_id },
    hours: row.hours,
    date: row.served_on,
    loggedAt: row.logged_at,
    loggedBy: actorOf(row.logged_by_id, row.logged_by_role),
    flagged: row.flagged === 1,
    confirmedBy: row.status === 'confirmed' ? decided : null,
    declinedBy: row.status === 'declined' && decided ? { ...decided, reason: row.decline_reason ?? '' } : null,
  };
};

/** A volunteer's hours entries, newest service date first (a volunteer has at most a few hundred a year). */
export const volunteerHoursQueries = (reads: ReadSide<ReadModelTables>) => ({
  async volunteerHourEntries(volunteerId: string, consistency: Consistency = {}): Promise<VolunteerHourEntryItem[]> {
    await reads.consistent(consistency, [RESOURCES_LIST]);
    const rows = await reads.db
      .selectFrom('volunteer_hour_entries')
      .selectAll()
      .where('volunteer_id', '=', volunteerId)
      .orderBy('served_on', 'desc')
      .orderBy('logged_at', 'desc')
      .orderBy('entry_id')
      .execute();
    return rows.map(toEntryItem);
  },
});

export type VolunteerHoursQueries = ReturnType<typeof volunteerHoursQueries>;
