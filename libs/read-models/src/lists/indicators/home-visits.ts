import type { Kysely } from 'kysely';
import { selectAt } from '../../framework/temporal/as-of-select.js';
import type { ReadModelTables } from '../read-model-tables.js';
import type { AdministrativeLevel } from '../shared/columns.js';

/** Seed 003 column 3: every elderly person in special difficulty visited every month. */
export const HOME_VISIT_RATE_TARGET = 1.0;

/** 特殊困难老年人月探访率 for one Beijing calendar month. */
export interface HomeVisitRate {
  /** YYYY-MM: the month of the as-of day, or the current month. */
  month: string;
  /** On the register of the area's communities (ElderInDifficultyRegistered, not removed). */
  registered: number;
  /** Of them, seen at home at least once in the month so far (a visit whose outcome is not `not_met`). */
  visited: number;
  /** visited / registered; null without anyone on the register. */
  rate: number | null;
  target: number;
}

const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

/**
 * The monthly home-visit rate of an area, now or as of the end of a Beijing day: both the register
 * and the visits are read as they stood then, so a visit recorded later for that month is not counted
 * as of that day (what the log knew), and someone who left the register before it is not owed a visit.
 */
export async function homeVisitRate(db: Kysely<ReadModelTables>, level: AdministrativeLevel, code: string, asOf: string | null, month: string): Promise<HomeVisitRate> {
  const seen = selectAt(db, 'home_visits', asOf).select('home_visits.elder_id').where('home_visits.visit_month', '=', month).where('home_visits.met', '=', 1);
  const row = (await selectAt(db, 'elders', asOf)
    .select((eb) => [
      eb.fn.countAll<number>().as('registered'),
      eb.fn.sum<number>(eb.case().when('elders.elder_id', 'in', seen).then(1).else(0).end()).as('visited'),
    ])
    .where(`elders.${level}`, '=', code)
    .where('elders.status', '=', 'registered')
    .executeTakeFirstOrThrow()) as { registered: unknown; visited: unknown };
  const registered = num(row.registered);
  const visited = num(row.visited);
  return { month, registered, visited, rate: registered > 0 ? Math.round((visited / registered) * 10_000) / 10_000 : null, target: HOME_VISIT_RATE_TARGET };
}
