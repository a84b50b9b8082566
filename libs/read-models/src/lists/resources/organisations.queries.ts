import { notFound, type Area } from '#domain';
import type { Page } from '../../framework/cursor.js';
import { PROJECTS_LIST } from '../projects/projects.tables.js';
import type { ReadModelTables } from '../read-model-tables.js';
import { areaOf, fromJson } from '../shared/columns.js';
import { listPage, whenTrue, type Consistency, type ListQuery, type ListShape, type ReadSide } from '../shared/list-query.js';
import { inCategory } from './resource-categories.js';
import { RESOURCES_LIST, type OrganisationRow } from './resources.tables.js';

export interface OrganisationItem {
  organisationId: string;
  name: string;
  kind: string;
  area: Area;
  communityBased: boolean;
  serviceCategories: string[];
  status: string;
  grade: number;
  latestInspection: { result: string; year: number | null };
  capacity: number;
  activeContracts: number;
  remainingCapacity: number;
  stationContracts: number;
  /** Rule 11 at a glance: registered and its latest inspection not failed. */
  mayBid: boolean;
}

export interface OrganisationDetail extends OrganisationItem {
  unifiedSocialCreditCode: string;
  budgetFunded: boolean;
  statusReason: string | null;
  gradeYear: number | null;
  contractedProjects: { projectId: string; title: string; status: string }[];
}

export interface OrganisationsFilter {
  category?: string;
  status?: string;
  kind?: string;
  withCapacity?: boolean;
  mayBid?: boolean;
}

const organisationsList: ListShape<ReadModelTables, 'organisations', OrganisationsFilter, OrganisationItem> = {
  table: 'organisations',
  owners: { organisation: 'organisation_id' },
  projections: [RESOURCES_LIST],
  order: { list: 'organisations', sort: 'registered_at', id: 'organisation_id', direction: 'desc' },
  filters: {
    category: inCategory('organisation', 'organisations.organisation_id'),
    status: 'status',
    kind: 'kind',
    withCapacity: whenTrue((select) => select.where((eb) => eb('capacity', '>', eb.ref('active_contracts')))),
    // Rule 11: registered and its latest inspection not failed.
    mayBid: whenTrue((select) => select.where('status', '=', 'registered').where('latest_inspection', '!=', 'failed')),
  },
  toItem: toOrganisationItem,
};

/** Organisations, their standing and their capacity for contracts. */
export const organisationsQueries = (reads: ReadSide<ReadModelTables>) => ({
  organisations(query: ListQuery<OrganisationsFilter> = {}): Promise<Page<OrganisationItem>> {
    return listPage(reads, organisationsList, query);
  },

  async organisation(organisationId: string, consistency: Consistency = {}): Promise<OrganisationDetail> {
    await reads.consistent(consistency, [RESOURCES_LIST, PROJECTS_LIST]);
    const row = await reads.db.selectFrom('organisations').selectAll().where('organisation_id', '=', organisationId).executeTakeFirst();
    if (!row) throw notFound('ORGANISATION_NOT_FOUND', 'No such organisation', { organisationId });
    const projects = await reads.db
      .selectFrom('projects')
      .select(['project_id', 'title', 'status'])
      .where('contractor_organisation_id', '=', organisationId)
      .orderBy('signed_at')
      .orderBy('project_id')
      .execute();
    return {
      ...toOrganisationItem(row),
      unifiedSocialCreditCode: row.unified_social_credit_code,
      budgetFunded: row.budget_funded === 1,
      statusReason: row.status_reason,
      gradeYear: row.grade_year,
      contractedProjects: projects.map((project) => ({ projectId: project.project_id, title: project.title, status: project.status })),
    };
  },
});

export type OrganisationsQueries = ReturnType<typeof organisationsQueries>;

function toOrganisationItem(row: OrganisationRow): OrganisationItem {
  return {
    organisationId: row.organisation_id,
    name: row.name,
    kind: row.kind,
    area: areaOf(row),
    communityBased: row.community_based === 1,
    serviceCategories: fromJson<string[]>(row.service_categories),
    status: row.status,
    grade: row.grade,
    latestInspection: { result: row.latest_inspection, year: row.latest_inspection_year },
    capacity: row.capacity,
    activeContracts: row.active_contracts,
    remainingCapacity: Math.max(0, row.capacity - row.active_contracts),
    stationContracts: row.station_contracts,
    mayBid: row.status === 'registered' && row.latest_inspection !== 'failed',
  };
}
