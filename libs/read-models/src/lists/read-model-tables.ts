import type { ProjectionCheckpointsTable } from '../framework/checkpoints.js';
import type { DonorGiftsTables } from './donor-gifts/donor-gifts.projection.js';
import type { MatchingPoolsTables } from './matching-pools/matching-pools.projection.js';
import type { GrantRoundsTables } from './grant-rounds/grant-rounds.projection.js';
import type { NeedsListTables } from './needs/needs.tables.js';
import type { ProjectsListTables } from './projects/projects.tables.js';
import type { ResourcesListTables } from './resources/resources.tables.js';

/** Every table the read models hold: the three public lists and the checkpoints. */
export type ReadModelTables = NeedsListTables & ResourcesListTables & ProjectsListTables & DonorGiftsTables & MatchingPoolsTables & GrantRoundsTables & ProjectionCheckpointsTable;
