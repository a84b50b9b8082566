import { notFound, type Area } from '#domain';
import type { Page } from '../../framework/cursor.js';
import type { ReadModelTables } from '../read-model-tables.js';
import { areaOf, fromJson } from '../shared/columns.js';
import { listPage, type Consistency, type ListQuery, type ListShape, type ReadSide } from '../shared/list-query.js';
import { RESOURCES_LIST, type SocialWorkerRow } from './resources.tables.js';

export interface SocialWorkerItem {
  socialWorkerId: string;
  baseLevel: string;
  area: Area;
  status: string;
  grade: string | null;
  hasSocialWorkDegree: boolean;
  qualified: boolean;
  employerOrganisationId: string | null;
  assignedHoursPerWeek: number;
  activeProjects: number;
}

export interface SocialWorkerDetail extends SocialWorkerItem {
  personRef: string;
  certifiedOn: string | null;
  assignments: { projectId: string; hoursPerWeek: number }[];
}

export interface SocialWorkersFilter {
  status?: string;
  grade?: string;
  qualified?: boolean;
  employerOrganisationId?: string;
  baseLevel?: string;
}

const socialWorkersList: ListShape<ReadModelTables, 'social_workers', SocialWorkersFilter, SocialWorkerItem> = {
  table: 'social_workers',
  owners: { employer: 'employer_organisation_id' },
  projections: [RESOURCES_LIST],
  order: { list: 'social-workers', sort: 'registered_at', id: 'social_worker_id', direction: 'desc' },
  filters: {
    status: 'status',
    grade: 'grade',
    // qualified=false asks for the unqualified ones: unlike a switch, false filters too.
    qualified: (select, qualified) => select.where('qualified', '=', qualified ? 1 : 0),
    employerOrganisationId: 'employer_organisation_id',
    baseLevel: 'base_level',
  },
  toItem: toSocialWorkerItem,
};

/** Social workers, their qualification and the hours their projects hold. */
export const socialWorkersQueries = (reads: ReadSide<ReadModelTables>) => ({
  socialWorkers(query: ListQuery<SocialWorkersFilter> = {}): Promise<Page<SocialWorkerItem>> {
    return listPage(reads, socialWorkersList, query);
  },

  async socialWorker(socialWorkerId: string, consistency: Consistency = {}): Promise<SocialWorkerDetail> {
    await reads.consistent(consistency, [RESOURCES_LIST]);
    const row = await reads.db.selectFrom('social_workers').selectAll().where('social_worker_id', '=', socialWorkerId).executeTakeFirst();
    if (!row) throw notFound('SOCIAL_WORKER_NOT_FOUND', 'No such social worker', { socialWorkerId });
    return {
      ...toSocialWorkerItem(row),
      personRef: row.person_ref,
      certifiedOn: row.certified_on,
      assignments: Object.entries(fromJson<Record<string, number>>(row.assignments)).map(([projectId, hoursPerWeek]) => ({ projectId, hoursPerWeek })),
    };
  },
});

export type SocialWorkersQueries = ReturnType<typeof socialWorkersQueries>;

function toSocialWorkerItem(row: SocialWorkerRow): SocialWorkerItem {
  return {
    socialWorkerId: row.social_worker_id,
    baseLevel: row.base_level,
    area: areaOf(row),
    status: row.status,
    grade: row.grade,
    hasSocialWorkDegree: row.has_social_work_degree === 1,
    qualified: row.qualified === 1,
    employerOrganisationId: row.employer_organisation_id,
    assignedHoursPerWeek: row.assigned_hours_per_week,
    activeProjects: row.active_projects,
  };
}
