import { sql } from 'kysely';
import type { Area } from '#domain';
import type { Page, PageRequest } from '../../framework/cursor.js';
import { PROJECTS_LIST } from '../projects/projects.tables.js';
import type { ReadModelTables } from '../read-model-tables.js';
import { ADMINISTRATIVE_LEVELS, areaOf, type AreaColumns } from '../shared/columns.js';
import type { AreaFilter, Consistency, ReadSide } from '../shared/list-query.js';
import { paginate, type KeysetOrder } from '../shared/paginate.js';
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

/** Whose pending entries a coordinator is shown (libs/application coordinatedHoursScope): the same rule as who may confirm them. */
export interface PendingHoursQuery extends AreaFilter, PageRequest, Consistency {
  /** The coordinator's area: the volunteer's area lies inside it. */
  within: AreaFilter;
  /** An organisation: only entries on projects it is contracted for (the project's contractor now, as the command loads it). */
  contractorOrganisationId?: string;
}

/** A pending entry with the volunteer it belongs to (the path to confirm or decline it). */
export type PendingHoursItem = VolunteerHourEntryItem & { volunteerId: string; volunteerArea: Area };

const PENDING_ORDER: KeysetOrder = { list: 'pending-hours', sort: 'served_on', id: 'pending_key', direction: 'asc' };

/** Self-reported hours awaiting their coordinator, oldest service date first, across the volunteers of an area. */
export const pendingHoursQueries = (reads: ReadSide<ReadModelTables>) => ({
  async pendingHours(query: PendingHoursQuery): Promise<Page<PendingHoursItem>> {
    await reads.consistent(query, [RESOURCES_LIST, PROJECTS_LIST]);
    const db = reads.db;
    let inner = db
      .selectFrom('volunteer_hour_entries as e')
      .innerJoin('volunteers as v', 'v.volunteer_id', 'e.volunteer_id')
      .selectAll('e')
      .select(['v.city', 'v.district', 'v.street', 'v.community'])
      // An entry's key is (volunteer, source, entry id); only self-reported entries are ever pending.
      .select(sql<string>`e.volunteer_id || '/' || e.entry_id`.as('pending_key'))
      .where('e.status', '=', 'pending');
    for (const level of ADMINISTRATIVE_LEVELS) {
      for (const code of [query.within[level], query[level]]) if (code) inner = inner.where(`v.${level}`, '=', code);
    }
    if (query.contractorOrganisationId !== undefined) {
      const contracted = db.selectFrom('projects').select('project_id').where('contractor_organisation_id', '=', query.contractorOrganisationId);
      inner = inner.where('e.target_kind', '=', 'project').where('e.target_id', 'in', contracted);
    }
    const select = db.selectFrom(inner.as('p')).selectAll();
    return paginate(select, PENDING_ORDER, query, (row) => {
      const entry = row as unknown as VolunteerHourEntryRow & AreaColumns;
      return { ...toEntryItem(entry), volunteerId: entry.volunteer_id, volunteerArea: areaOf(entry) };
    });
  },
});

export type PendingHoursQueries = ReturnType<typeof pendingHoursQueries>;
