import { NEEDS_LIST } from '../needs/needs.tables.js';
import { PROJECTS_LIST } from '../projects/projects.tables.js';
import type { ReadModelTables } from '../read-model-tables.js';
import { RESOURCES_LIST } from '../resources/resources.tables.js';
import type { Consistency, ReadSide } from '../shared/list-query.js';
import { computeIndicators, type Indicators } from './indicators.js';

/** Indicators read all three lists, so read-your-writes waits for all three. */
export const indicatorsQueries = (reads: ReadSide<ReadModelTables>) => ({
  /** DOMAIN.md indicators for one community, street, district or city, computed from the lists now. */
  async indicators(level: string, code: string, consistency: Consistency = {}): Promise<Indicators> {
    await reads.consistent(consistency, [RESOURCES_LIST, NEEDS_LIST, PROJECTS_LIST]);
    return computeIndicators(reads.db, level, code);
  },
});

export type IndicatorsQueries = ReturnType<typeof indicatorsQueries>;
