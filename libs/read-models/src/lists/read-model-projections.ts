import type { ProjectCheckpointsTable } from '../framework/checkpoints.js';
import type { Projection } from '../framework/projection.js';
import { NeedsListProjection, type NeedsListTables } from './needs/needs-list.projection.js';
import { ProjectsListProjection, type ProjectsListTables } from './projects/projects-list.projection.js';
import { ResourcesListProjection, type ResourcesListTables } from './resources/resources-list.projection.js';

/** Every table the read models hold: the three public lists and the checkpoints. */
export type ReadModelTables = NeedsListTables & ResourcesListTables & ProjectsListTables & ProjectCheckpointsTable;

export const NEEDS_LIST = 'needs-list';
export const RESOURCES_LIST = 'resources-list';
export const PROJECTS_LIST = 'projects-list';

/** The projections the projector runs: the three lists (居民需求清单, 服务资源清单, 民生项目清单). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function createReadModelProjections(): Projection<any, any>[] {
  return [new NeedsListProjection(), new ResourcesListProjection(), new ProjectsListProjection()];
}
