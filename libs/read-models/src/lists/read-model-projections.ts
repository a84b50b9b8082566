import type { ProjectionCheckpointsTable } from '../framework/checkpoints.js';
import type { AnyProjection } from '../framework/projection.js';
import { NeedsListProjection, type NeedsListTables } from './needs/needs-list.projection.js';
import { ProjectsListProjection, type ProjectsListTables } from './projects/projects-list.projection.js';
import { ResourcesListProjection, type ResourcesListTables } from './resources/resources-list.projection.js';

/** Every table the read models hold: the three public lists and the checkpoints. */
export type ReadModelTables = NeedsListTables & ResourcesListTables & ProjectsListTables & ProjectionCheckpointsTable;

export const NEEDS_LIST = 'needs-list';
export const RESOURCES_LIST = 'resources-list';
export const PROJECTS_LIST = 'projects-list';

/** The projections the projector runs: the three lists (居民需求清单, 服务资源清单, 民生项目清单). */
export function createReadModelProjections(): AnyProjection[] {
  return [new NeedsListProjection(), new ResourcesListProjection(), new ProjectsListProjection()];
}
