import { sql, type Kysely } from 'kysely';
import { invalid } from '#domain';
import { selectAt } from '../../framework/temporal/as-of-select.js';
import type { ReadModelTables } from '../read-model-tables.js';
import { homeVisitRate, type HomeVisitRate } from './home-visits.js';
import { workforceAndPurchase } from './workforce-and-purchase.js';
import { ADMINISTRATIVE_LEVELS, type AdministrativeLevel } from '../shared/columns.js';

/** Held by standing matches in the area (matched, disbursed so far), and not yet allocated of what was pledged there. */
export interface FundFigures {
  matchedFen: number;
  disbursedFen: number;
  unallocatedFen: number;
}

export interface Indicators {
  level: AdministrativeLevel;
  code: string;
  population: { communities: number; urbanCommunities: number; ruralCommunities: number; residents: number; households: number };
  socialWorkers: {
    /** Active social workers based in the area (district-based ones count from district level up). */
    active: number;
    qualified: number;
    per1000Residents: number | null;
    perCommunity: number | null;
    /** Seed 003: 1.0 per 1,000 residents by 2025. */
    targetPer1000Residents: number;
    /** Seed 003: >= 3 per urban community, >= 1 per rural one (weighted by the area's mix). */
    targetPerCommunity: number | null;
    /** Active social workers certified at each grade (社会工作者职业水平, seed 001/004). */
    certifiedByGrade: CertifiedByGrade;
  };
  organisations: {
    /** Registered (not suspended or deregistered) organisations in the area. */
    registered: number;
    perCommunity: number | null;
    /** Seeds 002/003: >= 10 per urban community, >= 5 per rural one (weighted by the area's mix). */
    targetPerCommunity: number | null;
  };
  volunteers: {
    active: number;
    shareOfResidents: number | null;
    targetShare: number;
    /** Seed 002's 13 % street by street: each street of the area, with its residents and active volunteers. */
    byStreet: StreetVolunteers[];
  };
  /** Seed 004 (Jinan: 161 streets, one station each): streets of the area with a street station under contract. */
  stations: StationCoverage;
  /** Government purchase of services (政府购买服务): projects contracted so far and their contract prices. */
  purchasedContracts: PurchasedContracts;
  /** 特殊困难老年人月探访率 (seed 003 column 3, target 100 %): this month so far, or the as-of day's month. */
  homeVisits: HomeVisitRate;
  needs: {
    listed: number;
    open: number;
    matched: number;
    fulfilled: number;
    withdrawn: number;
    /**
     * Open needs nobody reconfirmed within NEED_STALE_AFTER_DAYS (需求失效). They stay in the
     * denominator of fulfilledShare: a need that went quiet is not a need met, and dropping it would
     * flatter the share.
     */
    stale: number;
    /** Fulfilled among needs listed and not withdrawn (stale ones included, as not fulfilled). */
    fulfilledShare: number | null;
    timeToFirstMatch: { needs: number; meanHours: number | null; medianHours: number | null };
  };
  /** Money and in-kind gifts (goods, venue time at appraised value) apart: an appraisal is not cash. */
  funds: { money: FundFigures; inKind: FundFigures };
  serviceHours: { socialWorkers: number; volunteers: number; deliveries: number };
  beneficiariesServed: number;
  satisfaction: { ratings: number; good: number; bad: number; goodShare: number | null; averageScore: number | null };
  projects: { designed: number; contracted: number; completed: number; terminated: number };
}

export interface CertifiedByGrade {
  assistant: number;
  intermediate: number;
  senior: number;
}

export interface StreetVolunteers {
  street: string;
  residents: number;
  active: number;
  shareOfResidents: number | null;
}

export interface StationCoverage {
  streets: number;
  streetsWithStation: number;
  coverage: number | null;
  /** One street station per street: 1.0. */
  target: number;
}

export interface PurchasedContracts {
  contracts: number;
  valueFen: number;
}

const SOCIAL_WORKERS_PER_1000_TARGET = 1.0;
const VOLUNTEER_SHARE_TARGET = 0.13;

const ratio = (numerator: number, denominator: number, digits = 4): number | null =>
  denominator > 0 ? Math.round((numerator / denominator) * 10 ** digits) / 10 ** digits : null;

const hours = (seconds: number | null): number | null => (seconds === null ? null : Math.round((seconds / 3600) * 100) / 100);

const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

export function parseLevel(level: string): AdministrativeLevel {
  if (!(ADMINISTRATIVE_LEVELS as readonly string[]).includes(level)) {
    throw invalid('UNKNOWN_ADMINISTRATIVE_LEVEL', `Level must be one of ${ADMINISTRATIVE_LEVELS.join(', ')}`, { level });
  }
  return level as AdministrativeLevel;
}

/**
 * The DOMAIN.md indicators for one area, computed from the list tables at query time (no cache
 * to drift). Ratios are null where their denominator is zero.
 */
export async function computeIndicators(
  db: Kysely<ReadModelTables>,
  levelName: string,
  code: string,
  /** As of the end of this Beijing day (the lists' temporal projections); null: now. */
  asOf: string | null,
  /** The Beijing month (YYYY-MM) the home-visit rate is for: the as-of day's, or today's. */
  month: string,
): Promise<Indicators> {
  const level = parseLevel(levelName);
  // The same queries read today's tables or, as of a date, the rows valid at its end under the same names.
  const from = (table: keyof ReadModelTables & string) => selectAt(db, table, asOf);
  // Every list table carries the four area codes: one equality filters any level.

  const [population, socialWorkers, organisations, volunteers, needs, firstMatch, funds, unallocated, deliveries, satisfaction, projects, workforce, homeVisits] =
    await Promise.all([
      from('communities')
        .select((eb) => [
          eb.fn.countAll<number>().as('communities'),
          eb.fn.sum<number>(sql`case when kind = 'urban' then 1 else 0 end`).as('urban'),
          eb.fn.sum<number>('residents').as('residents'),
          eb.fn.sum<number>('households').as('households'),
        ])
        .where(level, '=', code)
        .executeTakeFirstOrThrow(),
      from('social_workers')
        .select((eb) => [eb.fn.countAll<number>().as('active'), eb.fn.sum<number>('qualified').as('qualified')])
        .where(level, '=', code)
        .where('status', '=', 'active')
        .executeTakeFirstOrThrow(),
      organisationsIn(db, level, code, asOf),
      from('volunteers')
        // Active volunteers are counted; hours served stay served when a volunteer leaves.
        .select((eb) => [
          eb.fn.sum<number>(sql`case when status = 'active' then 1 else 0 end`).as('active'),
          eb.fn.sum<number>('hours_logged').as('hours'),
        ])
        .where(level, '=', code)
        .executeTakeFirstOrThrow(),
      from('needs')
        .select((eb) => [
          eb.fn.countAll<number>().as('listed'),
          eb.fn.sum<number>(sql`case when status in ('fulfilled', 'withdrawn') then 0 else 1 end`).as('open'),
          eb.fn.sum<number>(sql`case when first_matched_at is null then 0 else 1 end`).as('matched'),
          eb.fn.sum<number>(sql`case when status = 'fulfilled' then 1 else 0 end`).as('fulfilled'),
          eb.fn.sum<number>(sql`case when status = 'withdrawn' then 1 else 0 end`).as('withdrawn'),
          eb.fn.sum<number>(sql`case when stale = 1 and status not in ('fulfilled', 'withdrawn') then 1 else 0 end`).as('stale'),
        ])
        .where(level, '=', code)
        .executeTakeFirstOrThrow(),
      timeToFirstMatch(db, level, code, asOf),
      from('donation_matches')
        .select([
          sql<number>`sum(case when resource = 'money' then amount_fen else 0 end)`.as('money_matched'),
          sql<number>`sum(case when resource = 'money' then disbursed_fen else 0 end)`.as('money_disbursed'),
          sql<number>`sum(case when resource = 'money' then 0 else amount_fen end)`.as('in_kind_matched'),
          sql<number>`sum(case when resource = 'money' then 0 else disbursed_fen end)`.as('in_kind_disbursed'),
        ])
        .where(level, '=', code)
        .where('released', '=', 0)
        .executeTakeFirstOrThrow(),
      from('donations')
        .select([
          sql<number>`sum(case when resource = 'money' then balance_fen else 0 end)`.as('money'),
          sql<number>`sum(case when resource = 'money' then 0 else balance_fen end)`.as('in_kind'),
        ])
        .where(level, '=', code)
        .where('status', '!=', 'expired')
        .executeTakeFirstOrThrow(),
      from('project_deliveries')
        .select((eb) => [
          eb.fn.countAll<number>().as('deliveries'),
          eb.fn.sum<number>('social_worker_hours').as('social_worker_hours'),
          eb.fn.sum<number>('beneficiaries').as('beneficiaries'),
        ])
        .where(level, '=', code)
        .executeTakeFirstOrThrow(),
      from('project_ratings')
        .select((eb) => [
          eb.fn.countAll<number>().as('ratings'),
          eb.fn.sum<number>(sql`case when rating = 'good' then 1 else 0 end`).as('good'),
          eb.fn.sum<number>(sql`case when rating = 'bad' then 1 else 0 end`).as('bad'),
          eb.fn.sum<number>('score').as('score_sum'),
        ])
        .where(level, '=', code)
        .executeTakeFirstOrThrow(),
      from('projects')
        .select((eb) => [
          eb.fn.countAll<number>().as('designed'),
          eb.fn.sum<number>(sql`case when signed_at is null then 0 else 1 end`).as('contracted'),
          eb.fn.sum<number>(sql`case when status = 'completed' then 1 else 0 end`).as('completed'),
          eb.fn.sum<number>(sql`case when status = 'terminated' then 1 else 0 end`).as('terminated'),
        ])
        .where(level, '=', code)
        .executeTakeFirstOrThrow(),
      workforceAndPurchase(db, level, code, asOf),
      homeVisitRate(db, level, code, asOf, month),
    ]);

  const communities = num(population.communities);
  const urban = num(population.urban);
  const rural = communities - urban;
  const residents = num(population.residents);
  const activeSocialWorkers = num(socialWorkers.active);
  const registeredOrganisations = num(organisations);
  const activeVolunteers = num(volunteers.active);
  const listed = num(needs.listed);
  const withdrawn = num(needs.withdrawn);
  const fulfilled = num(needs.fulfilled);
  const ratings = num(satisfaction.ratings);
  const good = num(satisfaction.good);

  return {
    level,
    code,
    population: {
      communities,
      urbanCommunities: urban,
      ruralCommunities: rural,
      residents,
      households: num(population.households),
    },
    socialWorkers: {
      active: activeSocialWorkers,
      qualified: num(socialWorkers.qualified),
      per1000Residents: ratio(activeSocialWorkers * 1000, residents),
      perCommunity: ratio(activeSocialWorkers, communities),
      targetPer1000Residents: SOCIAL_WORKERS_PER_1000_TARGET,
      targetPerCommunity: ratio(3 * urban + 1 * rural, communities),
      certifiedByGrade: workforce.certifiedByGrade,
    },
    organisations: {
      registered: registeredOrganisations,
      perCommunity: ratio(registeredOrganisations, communities),
      targetPerCommunity: ratio(10 * urban + 5 * rural, communities),
    },
    volunteers: {
      active: activeVolunteers,
      shareOfResidents: ratio(activeVolunteers, residents),
      targetShare: VOLUNTEER_SHARE_TARGET,
      byStreet: workforce.volunteersByStreet,
    },
    stations: workforce.stations,
    purchasedContracts: workforce.purchasedContracts,
    homeVisits,
    needs: {
      listed,
      open: num(needs.open),
      matched: num(needs.matched),
      fulfilled,
      withdrawn,
      stale: num(needs.stale),
      fulfilledShare: ratio(fulfilled, listed - withdrawn),
      timeToFirstMatch: firstMatch,
    },
    funds: {
      money: { matchedFen: num(funds.money_matched), disbursedFen: num(funds.money_disbursed), unallocatedFen: num(unallocated.money) },
      inKind: { matchedFen: num(funds.in_kind_matched), disbursedFen: num(funds.in_kind_disbursed), unallocatedFen: num(unallocated.in_kind) },
    },
    serviceHours: {
      socialWorkers: Math.round(num(deliveries.social_worker_hours) * 100) / 100,
      volunteers: Math.round(num(volunteers.hours) * 100) / 100,
      deliveries: num(deliveries.deliveries),
    },
    beneficiariesServed: num(deliveries.beneficiaries),
    satisfaction: {
      ratings,
      good,
      bad: num(satisfaction.bad),
      goodShare: ratio(good, ratings),
      averageScore: ratio(num(satisfaction.score_sum), ratings, 2),
    },
    projects: {
      designed: num(projects.designed),
      contracted: num(projects.contracted),
      completed: num(projects.completed),
      terminated: num(projects.terminated),
    },
  };
}

/**
 * Organisations registered in the area. District-wide organisations carry only their district:
 * they count from district level up, and at city level through the districts of the city's communities.
 */
async function organisationsIn(db: Kysely<ReadModelTables>, level: AdministrativeLevel, code: string, asOf: string | null): Promise<number> {
  let query = selectAt(db, 'organisations', asOf)
    .select((eb) => eb.fn.countAll<number>().as('registered'))
    .where('status', '=', 'registered');
  if (level === 'city') {
    query = query.where((eb) =>
      eb.or([
        eb('organisations.city', '=', code),
        eb('organisations.district', 'in', selectAt(eb, 'communities', asOf).select('communities.district').where('communities.city', '=', code)),
      ]),
    );
  } else {
    query = query.where(level, '=', code);
  }
  const row = await query.executeTakeFirstOrThrow();
  return num(row.registered);
}

/** Mean and median time from listing to first match, over the area's needs matched so far. */
async function timeToFirstMatch(
  db: Kysely<ReadModelTables>,
  level: AdministrativeLevel,
  code: string,
  asOf: string | null,
): Promise<Indicators['needs']['timeToFirstMatch']> {
  const matched = () => selectAt(db, 'needs', asOf).where(level, '=', code).where('first_match_seconds', 'is not', null);
  const summary = await matched()
    .select((eb) => [eb.fn.countAll<number>().as('needs'), eb.fn.sum<number>('first_match_seconds').as('seconds')])
    .executeTakeFirstOrThrow();
  const count = num(summary.needs);
  if (count === 0) return { needs: 0, meanHours: null, medianHours: null };
  // The median by offset: portable across SQLite and PostgreSQL, one or two rows read.
  const middle = await matched()
    .select('first_match_seconds')
    .orderBy('first_match_seconds')
    .offset(Math.floor((count - 1) / 2))
    .limit(count % 2 === 1 ? 1 : 2)
    .execute();
  const median = middle.reduce((total, row) => total + num(row.first_match_seconds), 0) / middle.length;
  return { needs: count, meanHours: hours(num(summary.seconds) / count), medianHours: hours(median) };
}
