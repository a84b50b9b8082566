import { notFound } from '#domain';
import type { Page, PageRequest } from '../../framework/cursor.js';
import type { ReadModelTables } from '../read-model-tables.js';
import { listPage, type Consistency, type ListShape, type ReadSide, type RowScope } from '../shared/list-query.js';
import { toBidItem, type BidItem } from './projects.items.js';
import { PROJECTS_LIST } from './projects.tables.js';

export interface BidsFilter {
  projectId?: string;
  organisationId?: string;
  status?: string;
}

const bidsList: ListShape<ReadModelTables, 'project_bids', BidsFilter, BidItem> = {
  table: 'project_bids',
  projections: [PROJECTS_LIST],
  order: { list: 'bids', sort: 'submitted_at', id: 'bid_id', direction: 'asc' },
  // A bid is placed by its project, not on its own: no area columns.
  byArea: false,
  owners: { organisation: 'organisation_id' },
  filters: { projectId: 'project_id', organisationId: 'organisation_id', status: 'status' },
  toItem: toBidItem,
};

/** Bids on projects put out for purchase, in the order they were submitted. */
export const bidsQueries = (reads: ReadSide<ReadModelTables>) => ({
  bids(query: PageRequest & Consistency & BidsFilter & { scope?: RowScope } = {}): Promise<Page<BidItem>> {
    return listPage(reads, bidsList, query);
  },

  async bid(bidId: string, consistency: Consistency = {}): Promise<BidItem> {
    await reads.consistent(consistency, [PROJECTS_LIST]);
    const row = await reads.db.selectFrom('project_bids').selectAll().where('bid_id', '=', bidId).executeTakeFirst();
    if (!row) throw notFound('BID_NOT_FOUND', 'No such bid', { bidId });
    return toBidItem(row);
  },
});

export type BidsQueries = ReturnType<typeof bidsQueries>;
