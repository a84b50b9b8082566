import { chinaMonthOf } from '#domain';
import { parseAsOf } from '../../framework/temporal/as-of-day.js';
import { asOfProjectionName } from '../../framework/temporal/temporal-projection.js';
import { NEEDS_LIST } from '../needs/needs.tables.js';
import { PROJECTS_LIST } from '../projects/projects.tables.js';
import type { ReadModelTables } from '../read-model-tables.js';
import { RESOURCES_LIST } from '../resources/resources.tables.js';
import { ADMINISTRATIVE_LEVELS, type AdministrativeLevel } from '../shared/columns.js';
import type { AsOf, Consistency, ReadSide } from '../shared/list-query.js';
import { computeIndicators, parseLevel, type Indicators } from './indicators.js';

const LISTS = [RESOURCES_LIST, NEEDS_LIST, PROJECTS_LIST];

/** Where an area sits in the tree, broadest first: what a reader's scope is compared with. */
export type AreaPath = { city: string; district?: string; street?: string; community?: string };

/** Indicators read all three lists, so read-your-writes waits for all three. */
export const indicatorsQueries = (reads: ReadSide<ReadModelTables>) => ({
  /**
   * DOMAIN.md indicators for one community, street, district or city, computed from the lists now,
   * or as of the end of a Beijing day (`asOf`, from the lists' temporal projections).
   * 400 UNKNOWN_ADMINISTRATIVE_LEVEL, AS_OF_NOT_A_DATE, AS_OF_IN_FUTURE.
   */
  async indicators(level: string, code: string, options: Consistency & AsOf = {}): Promise<Indicators> {
    if (options.asOf === undefined) {
      await reads.consistent(options, LISTS);
      return computeIndicators(reads.db, level, code, null, chinaMonthOf(reads.clock()));
    }
    const day = parseAsOf(options.asOf, reads.clock());
    await reads.consistent(options, LISTS.map(asOfProjectionName));
    return computeIndicators(reads.db, level, code, day, day.slice(0, 7));
  },

  /**
   * The path of the area a level and code name, read from the communities registered in it (a
   * street is known by its communities); null when no community lies there.
   */
  async areaPath(levelName: string, code: string): Promise<AreaPath | null> {
    const level: AdministrativeLevel = parseLevel(levelName);
    const row = await reads.db.selectFrom('communities').select(['city', 'district', 'street', 'community']).where(level, '=', code).limit(1).executeTakeFirst();
    if (!row) return null;
    const depth = ADMINISTRATIVE_LEVELS.indexOf(level);
    const [city, district, street, community] = ADMINISTRATIVE_LEVELS.map((each) => row[each]);
    return { city: city!, ...(depth >= 1 ? { district } : {}), ...(depth >= 2 ? { street } : {}), ...(depth >= 3 ? { community } : {}) };
  },
});

export type IndicatorsQueries = ReturnType<typeof indicatorsQueries>;
