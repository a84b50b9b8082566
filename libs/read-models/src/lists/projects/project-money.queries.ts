import { MATCHING_POOLS } from '../matching-pools/matching-pools.projection.js';
import type { ReadModelTables } from '../read-model-tables.js';
import type { Consistency, ReadSide } from '../shared/list-query.js';
import { PROJECTS_LIST } from './projects.tables.js';

/** The streams that hold a project's money: the donations ever matched to it and the pools told of those gifts. */
export interface ProjectMoneyStreams {
  readonly donationIds: string[];
  readonly poolIds: string[];
}

export interface ProjectMoneyQueries {
  /**
   * Which donation and pool streams name the project (released matches included: their release is
   * a fact of the report too). An index only: the report's figures are read from those streams.
   */
  projectMoneyStreams(projectId: string, consistency?: Consistency): Promise<ProjectMoneyStreams>;
}

export const projectMoneyQueries = (reads: ReadSide<ReadModelTables>): ProjectMoneyQueries => ({
  async projectMoneyStreams(projectId, consistency = {}) {
    await reads.consistent(consistency, [PROJECTS_LIST, MATCHING_POOLS]);
    const donations = await reads.db.selectFrom('project_fundings').select('donation_id').distinct().where('project_id', '=', projectId).orderBy('donation_id').execute();
    const donationIds = donations.map((row) => row.donation_id);
    if (donationIds.length === 0) return { donationIds, poolIds: [] };
    const pools = await reads.db
      .selectFrom('matching_pool_gifts')
      .select('pool_id')
      .distinct()
      .where('target_kind', '=', 'project')
      .where('target_id', '=', projectId)
      .where('donation_id', 'in', donationIds)
      .orderBy('pool_id')
      .execute();
    return { donationIds, poolIds: pools.map((row) => row.pool_id) };
  },
});
