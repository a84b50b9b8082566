import type Database from 'better-sqlite3';

export const ADMINISTRATIVE_LEVELS = ['city', 'district', 'street', 'community'] as const;
export type AdministrativeLevel = (typeof ADMINISTRATIVE_LEVELS)[number];

/**
 * The DOMAIN.md indicators for one city, district, street or community, as this consumer computes
 * them from the public event stream. Ratios are null where their denominator is zero. The figures
 * are meant to equal the product's own (ReadModelQueries.indicators): a test holds them to it.
 */
/** Held by standing matches in the area, and not yet allocated of what was pledged there. */
export interface FundFigures {
  matchedFen: number;
  disbursedFen: number;
  unallocatedFen: number;
}

export interface AreaIndicators {
  level: AdministrativeLevel;
  code: string;
  population: { communities: number; urbanCommunities: number; ruralCommunities: number; residents: number; households: number };
  socialWorkers: {
    active: number;
    qualified: number;
    per1000Residents: number | null;
    perCommunity: number | null;
    targetPer1000Residents: number;
    targetPerCommunity: number | null;
    certifiedByGrade: { assistant: number; intermediate: number; senior: number };
  };
  organisations: { registered: number; perCommunity: number | null; targetPerCommunity: number | null };
  volunteers: {
    active: number;
    shareOfResidents: number | null;
    targetShare: number;
    byStreet: { street: string; residents: number; active: number; shareOfResidents: number | null }[];
  };
  stations: { streets: number; streetsWithStation: number; coverage: number | null; target: number };
  purchasedContracts: { contracts: number; valueFen: number };
  /** Seed 003 col. 3: elderly people in special difficulty on a register, and those seen at home in `month` (target 100 %). */
  homeVisits: { month: string; registered: number; visited: number; rate: number | null; target: number };
  needs: {
    listed: number;
    open: number;
    matched: number;
    fulfilled: number;
    withdrawn: number;
    /** Open needs marked stale and not reconfirmed (NeedMarkedStale): still in fulfilledShare's denominator. */
    stale: number;
    fulfilledShare: number | null;
    timeToFirstMatch: { needs: number; meanHours: number | null; medianHours: number | null };
  };
  /** Money and in-kind gifts (goods, venue time at appraised value) apart, as the read models report them. */
  funds: { money: FundFigures; inKind: FundFigures };
  serviceHours: { socialWorkers: number; volunteers: number; deliveries: number };
  beneficiariesServed: number;
  satisfaction: { ratings: number; good: number; bad: number; goodShare: number | null; averageScore: number | null };
  projects: { designed: number; contracted: number; completed: number; terminated: number };
}

/** Seed 003: 1.0 social worker per 1,000 residents by 2025. */
const SOCIAL_WORKERS_PER_1000_TARGET = 1.0;
/** Seed 002: registered volunteers 13 % of residents. */
const VOLUNTEER_SHARE_TARGET = 0.13;
/** Seed 003: >= 3 social workers per urban community, >= 1 per rural one. */
const SOCIAL_WORKERS_PER_COMMUNITY = { urban: 3, rural: 1 };
/** Seeds 002/003: >= 10 social organisations per urban community, >= 5 per rural one. */
const ORGANISATIONS_PER_COMMUNITY = { urban: 10, rural: 5 };
/** Seed 004: one social-work station per street. */
const STATION_COVERAGE_TARGET = 1.0;
/** Seed 003 column 3: every elderly person in special difficulty visited every month. */
const HOME_VISIT_RATE_TARGET = 1.0;

export class UnknownLevelError extends Error {
  readonly code = 'UNKNOWN_ADMINISTRATIVE_LEVEL';
  constructor(readonly level: string) {
    super(`Level must be one of ${ADMINISTRATIVE_LEVELS.join(', ')}`);
    this.name = 'UnknownLevelError';
  }
}

export const isAdministrativeLevel = (level: string): level is AdministrativeLevel => (ADMINISTRATIVE_LEVELS as readonly string[]).includes(level);

const ratio = (numerator: number, denominator: number, digits = 4): number | null =>
  denominator > 0 ? Math.round((numerator / denominator) * 10 ** digits) / 10 ** digits : null;

const toHours = (seconds: number): number => Math.round((seconds / 3600) * 100) / 100;
const twoDecimals = (value: number): number => Math.round(value * 100) / 100;
const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

type Row = Record<string, unknown>;

/** The level is a column name: only the four known ones ever reach the SQL. */
const queries = (level: AdministrativeLevel) => ({
  population: `SELECT count(*) AS communities, sum(CASE WHEN kind = 'urban' THEN 1 ELSE 0 END) AS urban,
                 sum(residents) AS residents, sum(households) AS households FROM communities WHERE ${level} = @code`,
  socialWorkers: `SELECT count(*) AS active, sum(qualified) AS qualified FROM social_workers WHERE ${level} = @code AND status = 'active'`,
  // District-wide organisations have no city code: at city level they count through the districts of the city's communities.
  organisations:
    level === 'city'
      ? `SELECT count(*) AS registered FROM organisations WHERE status = 'registered'
           AND (city = @code OR district IN (SELECT district FROM communities WHERE city = @code))`
      : `SELECT count(*) AS registered FROM organisations WHERE status = 'registered' AND ${level} = @code`,
  // Active volunteers are counted; hours served stay served when a volunteer leaves.
  volunteers: `SELECT sum(CASE WHEN status = 'active' THEN 1 ELSE 0 END) AS active, sum(hours_logged) AS hours FROM volunteers WHERE ${level} = @code`,
  needs: `SELECT count(*) AS listed,
            sum(CASE WHEN status IN ('fulfilled', 'withdrawn') THEN 0 ELSE 1 END) AS open,
            sum(CASE WHEN first_match_seconds IS NULL THEN 0 ELSE 1 END) AS matched,
            sum(CASE WHEN status = 'fulfilled' THEN 1 ELSE 0 END) AS fulfilled,
            sum(CASE WHEN status = 'withdrawn' THEN 1 ELSE 0 END) AS withdrawn,
            sum(CASE WHEN stale = 1 AND status NOT IN ('fulfilled', 'withdrawn') THEN 1 ELSE 0 END) AS stale,
            sum(first_match_seconds) AS first_match_seconds
          FROM needs WHERE ${level} = @code`,
  firstMatchMiddle: `SELECT first_match_seconds AS seconds FROM needs WHERE ${level} = @code AND first_match_seconds IS NOT NULL
                     ORDER BY first_match_seconds LIMIT @limit OFFSET @offset`,
  funds: `SELECT sum(CASE WHEN resource = 'money' THEN amount_fen ELSE 0 END) AS money_matched,
            sum(CASE WHEN resource = 'money' THEN disbursed_fen ELSE 0 END) AS money_disbursed,
            sum(CASE WHEN resource = 'money' THEN 0 ELSE amount_fen END) AS in_kind_matched,
            sum(CASE WHEN resource = 'money' THEN 0 ELSE disbursed_fen END) AS in_kind_disbursed
          FROM donation_matches WHERE ${level} = @code AND released = 0`,
  unallocated: `SELECT sum(CASE WHEN resource = 'money' THEN balance_fen ELSE 0 END) AS money,
                  sum(CASE WHEN resource = 'money' THEN 0 ELSE balance_fen END) AS in_kind
                FROM donations WHERE ${level} = @code AND expired = 0`,
  deliveries: `SELECT count(*) AS deliveries, sum(social_worker_hours) AS hours, sum(beneficiaries) AS beneficiaries FROM deliveries WHERE ${level} = @code`,
  satisfaction: `SELECT count(*) AS ratings, sum(CASE WHEN rating = 'good' THEN 1 ELSE 0 END) AS good,
                   sum(CASE WHEN rating = 'bad' THEN 1 ELSE 0 END) AS bad, sum(score) AS score_sum FROM ratings WHERE ${level} = @code`,
  grades: `SELECT grade, count(*) AS count FROM social_workers WHERE ${level} = @code AND status = 'active' AND grade IS NOT NULL GROUP BY grade`,
  residentsByStreet: `SELECT street, sum(residents) AS residents FROM communities WHERE ${level} = @code GROUP BY street`,
  volunteersByStreet: `SELECT street, count(*) AS active FROM volunteers WHERE ${level} = @code AND status = 'active' GROUP BY street`,
  // A street station counts while its contract is in force, for the street it serves.
  stations: `SELECT count(DISTINCT street) AS covered FROM projects WHERE kind = 'social_work_station' AND station_level = 'street'
               AND status = 'contracted' AND street IN (SELECT street FROM communities WHERE ${level} = @code)`,
  purchased: `SELECT count(*) AS contracts, sum(price_fen) AS value_fen FROM projects WHERE ${level} = @code AND contracted = 1`,
  homeVisits: `SELECT count(*) AS registered,
                 sum(CASE WHEN elder_id IN (SELECT elder_id FROM home_visits WHERE visit_month = @month AND met = 1) THEN 1 ELSE 0 END) AS visited
               FROM elders WHERE ${level} = @code AND status = 'registered'`,
  projects: `SELECT count(*) AS designed, sum(contracted) AS contracted,
               sum(CASE WHEN status = 'completed' THEN 1 ELSE 0 END) AS completed,
               sum(CASE WHEN status = 'terminated' THEN 1 ELSE 0 END) AS terminated FROM projects WHERE ${level} = @code`,
});

/** Reads the indicators in one read transaction, so they describe one moment of the stream; the home-visit rate is `month`'s (YYYY-MM). */
export const computeAreaIndicators = (db: Database.Database, levelName: string, code: string, month: string): AreaIndicators => {
  if (!isAdministrativeLevel(levelName)) throw new UnknownLevelError(levelName);
  const level = levelName;
  const sql = queries(level);
  const one = (query: string): Row => db.prepare(query).get({ code }) as Row;
  return db.transaction(() => {
    const population = one(sql.population);
    const socialWorkers = one(sql.socialWorkers);
    const organisations = one(sql.organisations);
    const volunteers = one(sql.volunteers);
    const needs = one(sql.needs);
    const funds = one(sql.funds);
    const unallocated = one(sql.unallocated);
    const deliveries = one(sql.deliveries);
    const satisfaction = one(sql.satisfaction);
    const projects = one(sql.projects);
    const all = (query: string): Row[] => db.prepare(query).all({ code }) as Row[];
    const certifiedByGrade = { assistant: 0, intermediate: 0, senior: 0 };
    for (const row of all(sql.grades)) if (String(row.grade) in certifiedByGrade) certifiedByGrade[row.grade as keyof typeof certifiedByGrade] = num(row.count);
    const activeByStreet = new Map(all(sql.volunteersByStreet).map((row) => [String(row.street), num(row.active)]));
    const streets = all(sql.residentsByStreet);
    const byStreet = streets
      .map((row) => {
        const street = String(row.street);
        const active = activeByStreet.get(street) ?? 0;
        return { street, residents: num(row.residents), active, shareOfResidents: ratio(active, num(row.residents)) };
      })
      .sort((left, right) => (left.street < right.street ? -1 : left.street > right.street ? 1 : 0));
    const covered = num(one(sql.stations).covered);
    const purchased = one(sql.purchased);
    const visits = db.prepare(sql.homeVisits).get({ code, month }) as Row;
    const onRegister = num(visits.registered);

    const communities = num(population.communities);
    const urban = num(population.urban);
    const rural = communities - urban;
    const residents = num(population.residents);
    const activeSocialWorkers = num(socialWorkers.active);
    const registeredOrganisations = num(organisations.registered);
    const activeVolunteers = num(volunteers.active);
    const listed = num(needs.listed);
    const withdrawn = num(needs.withdrawn);
    const fulfilled = num(needs.fulfilled);
    const matched = num(needs.matched);
    const ratings = num(satisfaction.ratings);
    const good = num(satisfaction.good);

    let timeToFirstMatch: AreaIndicators['needs']['timeToFirstMatch'] = { needs: 0, meanHours: null, medianHours: null };
    if (matched > 0) {
      // The median from the one or two middle rows.
      const middle = db
        .prepare(sql.firstMatchMiddle)
        .all({ code, limit: matched % 2 === 1 ? 1 : 2, offset: Math.floor((matched - 1) / 2) }) as { seconds: number }[];
      const median = middle.reduce((total, row) => total + num(row.seconds), 0) / middle.length;
      timeToFirstMatch = { needs: matched, meanHours: toHours(num(needs.first_match_seconds) / matched), medianHours: toHours(median) };
    }

    return {
      level,
      code,
      population: { communities, urbanCommunities: urban, ruralCommunities: rural, residents, households: num(population.households) },
      socialWorkers: {
        active: activeSocialWorkers,
        qualified: num(socialWorkers.qualified),
        per1000Residents: ratio(activeSocialWorkers * 1000, residents),
        perCommunity: ratio(activeSocialWorkers, communities),
        targetPer1000Residents: SOCIAL_WORKERS_PER_1000_TARGET,
        targetPerCommunity: ratio(SOCIAL_WORKERS_PER_COMMUNITY.urban * urban + SOCIAL_WORKERS_PER_COMMUNITY.rural * rural, communities),
        certifiedByGrade,
      },
      organisations: {
        registered: registeredOrganisations,
        perCommunity: ratio(registeredOrganisations, communities),
        targetPerCommunity: ratio(ORGANISATIONS_PER_COMMUNITY.urban * urban + ORGANISATIONS_PER_COMMUNITY.rural * rural, communities),
      },
      volunteers: { active: activeVolunteers, shareOfResidents: ratio(activeVolunteers, residents), targetShare: VOLUNTEER_SHARE_TARGET, byStreet },
      stations: { streets: streets.length, streetsWithStation: covered, coverage: ratio(covered, streets.length), target: STATION_COVERAGE_TARGET },
      purchasedContracts: { contracts: num(purchased.contracts), valueFen: num(purchased.value_fen) },
      homeVisits: { month, registered: onRegister, visited: num(visits.visited), rate: ratio(num(visits.visited), onRegister), target: HOME_VISIT_RATE_TARGET },
      needs: {
        listed,
        open: num(needs.open),
        matched,
        fulfilled,
        withdrawn,
        stale: num(needs.stale),
        fulfilledShare: ratio(fulfilled, listed - withdrawn),
        timeToFirstMatch,
      },
      funds: {
        money: { matchedFen: num(funds.money_matched), disbursedFen: num(funds.money_disbursed), unallocatedFen: num(unallocated.money) },
        inKind: { matchedFen: num(funds.in_kind_matched), disbursedFen: num(funds.in_kind_disbursed), unallocatedFen: num(unallocated.in_kind) },
      },
      serviceHours: {
        socialWorkers: twoDecimals(num(deliveries.hours)),
        volunteers: twoDecimals(num(volunteers.hours)),
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
  })();
};
