import { chinaMonthOf, notFound, type Area } from '#domain';
import type { Page } from '../../framework/cursor.js';
import { computeIndicators, type Indicators } from '../indicators/indicators.js';
import { NEEDS_LIST } from '../needs/needs.tables.js';
import { PROJECTS_LIST } from '../projects/projects.tables.js';
import type { ReadModelTables } from '../read-model-tables.js';
import { areaOf } from '../shared/columns.js';
import { listPage, type Consistency, type ListQuery, type ListShape, type ReadSide } from '../shared/list-query.js';
import { RESOURCES_LIST, type CommunityRow } from './resources.tables.js';

export interface CommunityItem {
  communityId: string;
  name: string;
  area: Area;
  kind: string;
  residents: number;
  households: number;
}

export interface CommunitiesFilter {
  kind?: string;
}

const communitiesList: ListShape<ReadModelTables, 'communities', CommunitiesFilter, CommunityItem> = {
  table: 'communities',
  projections: [RESOURCES_LIST],
  order: { list: 'communities', sort: 'community_id', id: 'community_id', direction: 'asc' },
  filters: { kind: 'kind' },
  toItem: toCommunityItem,
};

/** Communities, the platform of the five forces; a community's detail carries its indicators. */
export const communitiesQueries = (reads: ReadSide<ReadModelTables>) => ({
  communities(query: ListQuery<CommunitiesFilter> = {}): Promise<Page<CommunityItem>> {
    return listPage(reads, communitiesList, query);
  },

  async community(communityId: string, consistency: Consistency = {}): Promise<CommunityItem & { indicators: Indicators }> {
    await reads.consistent(consistency, [RESOURCES_LIST, NEEDS_LIST, PROJECTS_LIST]);
    const row = await reads.db.selectFrom('communities').selectAll().where('community_id', '=', communityId).executeTakeFirst();
    if (!row) throw notFound('COMMUNITY_NOT_FOUND', 'No such community', { communityId });
    return { ...toCommunityItem(row), indicators: await computeIndicators(reads.db, 'community', row.community, null, chinaMonthOf(reads.clock())) };
  },
});

export type CommunitiesQueries = ReturnType<typeof communitiesQueries>;

function toCommunityItem(row: CommunityRow): CommunityItem {
  return {
    communityId: row.community_id,
    name: row.name,
    area: areaOf(row),
    kind: row.kind,
    residents: row.residents,
    households: row.households,
  };
}
