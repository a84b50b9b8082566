import { notFound, type Area } from '#domain';
import type { Page } from '../../framework/cursor.js';
import type { ReadModelTables } from '../read-model-tables.js';
import { areaOf, fromJson } from '../shared/columns.js';
import { listPage, type Consistency, type ListQuery, type ListShape, type ReadSide } from '../shared/list-query.js';
import { inCategory } from './resource-categories.js';
import { RESOURCES_LIST, type VolunteerAssignmentRow, type VolunteerRow } from './resources.tables.js';

export interface VolunteerItem {
  volunteerId: string;
  area: Area;
  status: string;
  skills: string[];
  categories: string[];
  hoursPerWeek: { declared: number; assigned: number; remaining: number };
  activeAssignments: number;
  hoursLogged: number;
  /** Of hoursLogged, hours typed by someone other than the volunteer or its committee (e.g. an office): to be checked. */
  hoursFlagged: number;
  registeredOn: string;
  lastServedOn: string | null;
}

export interface VolunteerDetail extends VolunteerItem {
  personRef: string;
  availabilityWindows: { weekday: number; from: string; to: string }[];
  assignments: { assignmentId: string; target: { kind: string; id: string }; hoursPerWeek: number; assignedOn: string; endedOn: string | null; hoursLogged: number }[];
}

export interface VolunteersFilter {
  category?: string;
  status?: string;
  minRemainingHours?: number;
}

const volunteersList: ListShape<ReadModelTables, 'volunteers', VolunteersFilter, VolunteerItem> = {
  table: 'volunteers',
  owners: { volunteer: 'volunteer_id' },
  projections: [RESOURCES_LIST],
  order: { list: 'volunteers', sort: 'registered_at', id: 'volunteer_id', direction: 'desc' },
  filters: {
    category: inCategory('volunteer', 'volunteers.volunteer_id'),
    status: 'status',
    minRemainingHours: (select, hours) => select.where('hours_per_week_remaining', '>=', hours),
  },
  toItem: toVolunteerItem,
};

/** Volunteers and the weekly hours they still have free. */
export const volunteersQueries = (reads: ReadSide<ReadModelTables>) => ({
  volunteers(query: ListQuery<VolunteersFilter> = {}): Promise<Page<VolunteerItem>> {
    return listPage(reads, volunteersList, query);
  },

  async volunteer(volunteerId: string, consistency: Consistency = {}): Promise<VolunteerDetail> {
    await reads.consistent(consistency, [RESOURCES_LIST]);
    const row = await reads.db.selectFrom('volunteers').selectAll().where('volunteer_id', '=', volunteerId).executeTakeFirst();
    if (!row) throw notFound('VOLUNTEER_NOT_FOUND', 'No such volunteer', { volunteerId });
    const assignments = await reads.db
      .selectFrom('volunteer_assignments')
      .selectAll()
      .where('volunteer_id', '=', volunteerId)
      .orderBy('assigned_on')
      .orderBy('assignment_id')
      .execute();
    return {
      ...toVolunteerItem(row),
      personRef: row.person_ref,
      availabilityWindows: fromJson(row.availability_windows),
      assignments: assignments.map(toAssignment),
    };
  },
});

export type VolunteersQueries = ReturnType<typeof volunteersQueries>;

function toVolunteerItem(row: VolunteerRow): VolunteerItem {
  return {
    volunteerId: row.volunteer_id,
    area: areaOf(row),
    status: row.status,
    skills: fromJson<string[]>(row.skills),
    categories: fromJson<string[]>(row.categories),
    hoursPerWeek: { declared: row.hours_per_week_declared, assigned: row.hours_per_week_assigned, remaining: row.hours_per_week_remaining },
    activeAssignments: row.active_assignments,
    hoursLogged: row.hours_logged,
    hoursFlagged: row.hours_flagged,
    registeredOn: row.registered_on,
    lastServedOn: row.last_served_on,
  };
}

function toAssignment(row: VolunteerAssignmentRow) {
  return {
    assignmentId: row.assignment_id,
    target: { kind: row.target_kind, id: row.target_id },
    hoursPerWeek: row.hours_per_week,
    assignedOn: row.assigned_on,
    endedOn: row.ended_on,
    hoursLogged: row.hours_logged,
  };
}
