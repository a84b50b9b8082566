import type { AnyProjection } from '../framework/projection.js';
import { DonorGiftsProjection } from './donor-gifts/donor-gifts.projection.js';
import { MatchingPoolsProjection } from './matching-pools/matching-pools.projection.js';
import { GrantRoundsProjection } from './grant-rounds/grant-rounds.projection.js';
import { NeedsListProjection } from './needs/needs.projection.js';
import { ProjectsListProjection } from './projects/projects.projection.js';
import { ResourcesListProjection } from './resources/resources.projection.js';

export { NEEDS_LIST } from './needs/needs.tables.js';
export { PROJECTS_LIST } from './projects/projects.tables.js';
export { RESOURCES_LIST } from './resources/resources.tables.js';
export { DONOR_GIFTS } from './donor-gifts/donor-gifts.projection.js';
export { MATCHING_POOLS } from './matching-pools/matching-pools.projection.js';
export { GRANT_ROUNDS } from './grant-rounds/grant-rounds.projection.js';

/** The projections the projector runs: the three lists (居民需求清单, 服务资源清单, 民生项目清单), each donor's gifts, the matching pools (配捐) and the grant rounds (公益创投). */
export function createReadModelProjections(): AnyProjection[] {
  return [new NeedsListProjection(), new ResourcesListProjection(), new ProjectsListProjection(), new DonorGiftsProjection(), new MatchingPoolsProjection(), new GrantRoundsProjection()];
}
