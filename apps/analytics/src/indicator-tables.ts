import type Database from 'better-sqlite3';
import type { IntegrationEventEnvelope } from '#messaging';

/**
 * The analytics consumer's own state, built only from the public contract: one row per community,
 * organisation, social worker, volunteer, need, donation, donation match, delivery, rating and
 * project, elder on a register and home visit, holding just what the indicators read. Every row carries the four area codes, so any
 * administrative level filters with one equality.
 */
const AREA = 'city TEXT NOT NULL, district TEXT NOT NULL, street TEXT NOT NULL, community TEXT NOT NULL';

const TABLES: Record<string, string> = {
  communities: `community_id TEXT PRIMARY KEY, ${AREA}, kind TEXT NOT NULL, residents INTEGER NOT NULL, households INTEGER NOT NULL`,
  organisations: `organisation_id TEXT PRIMARY KEY, ${AREA}, status TEXT NOT NULL`,
  // grade: the certified grade (assistant, intermediate, senior), null until certified.
  social_workers: `social_worker_id TEXT PRIMARY KEY, ${AREA}, qualified INTEGER NOT NULL, status TEXT NOT NULL, grade TEXT`,
  volunteers: `volunteer_id TEXT PRIMARY KEY, ${AREA}, status TEXT NOT NULL, hours_logged REAL NOT NULL`,
  needs: `need_id TEXT PRIMARY KEY, ${AREA}, status TEXT NOT NULL, first_match_seconds INTEGER, stale INTEGER NOT NULL DEFAULT 0`,
  // resource: money, goods or venue_time; in-kind value is reported apart from money.
  donations: `donation_id TEXT PRIMARY KEY, ${AREA}, balance_fen INTEGER NOT NULL, expired INTEGER NOT NULL, resource TEXT NOT NULL`,
  donation_matches: `match_id TEXT PRIMARY KEY, ${AREA}, amount_fen INTEGER NOT NULL, disbursed_fen INTEGER NOT NULL, released INTEGER NOT NULL, resource TEXT NOT NULL`,
  deliveries: `delivery_id TEXT PRIMARY KEY, ${AREA}, social_worker_hours REAL NOT NULL, beneficiaries INTEGER NOT NULL`,
  ratings: `rating_id TEXT PRIMARY KEY, ${AREA}, rating TEXT NOT NULL, score REAL NOT NULL`,
  // kind and station_level find street stations; price_fen is the contract price once contracted.
  projects: `project_id TEXT PRIMARY KEY, ${AREA}, status TEXT NOT NULL, contracted INTEGER NOT NULL, kind TEXT NOT NULL, station_level TEXT, price_fen INTEGER`,
  // 特殊困难老年人 on a register, and the months each was seen at home (one row per visit; met 0 for not_met).
  elders: `elder_id TEXT PRIMARY KEY, ${AREA}, status TEXT NOT NULL`,
  home_visits: `visit_id TEXT PRIMARY KEY, ${AREA}, elder_id TEXT NOT NULL, visit_month TEXT NOT NULL, met INTEGER NOT NULL`,
};

/**
 * Columns added after a store was first created, appended in the order TABLES lists them: a store
 * from before gets them empty (rows it already holds count as uncertified, not a station, no price
 * until the consumer group is reset and the stream recounted).
 */
const ADDED_COLUMNS: Record<string, string[]> = {
  social_workers: ['grade TEXT'],
  projects: ["kind TEXT NOT NULL DEFAULT ''", 'station_level TEXT', 'price_fen INTEGER'],
};

export const createIndicatorTables = (db: Database.Database): void => {
  for (const [table, columns] of Object.entries(TABLES)) {
    db.exec(`CREATE TABLE IF NOT EXISTS ${table} (${columns})`);
    const present = new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((column) => column.name));
    for (const column of ADDED_COLUMNS[table] ?? []) if (!present.has(column.split(' ')[0]!)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column}`);
    for (const level of ['district', 'street', 'community']) db.exec(`CREATE INDEX IF NOT EXISTS ${table}_by_${level} ON ${table} (${level})`);
  }
  // A database made before needs could go stale gains the column (issue 13: 需求失效).
  const needColumns = db.prepare('PRAGMA table_info(needs)').all() as { name: string }[];
  if (!needColumns.some((column) => column.name === 'stale')) db.exec('ALTER TABLE needs ADD COLUMN stale INTEGER NOT NULL DEFAULT 0');
};

interface Area {
  city: string;
  district: string;
  street: string;
  community: string;
}

const areaOf = (area: Area) => ({ city: area.city, district: area.district, street: area.street, community: area.community });

/** Sums of hours keep two decimals, as the product's lists do. */
const roundHours = (hours: number): number => Math.round(hours * 100) / 100;

const secondsBetween = (fromIso: string, toIso: string): number => Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000));

type Handler = (db: Database.Database, data: never) => void;

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** Runs `sql` with named parameters; each statement is prepared once per connection. */
const run = (db: Database.Database, sql: string, parameters: Record<string, string | number | null>) => {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare(sql)));
  return statement.run(parameters);
};

const setStatus = (table: string, key: string, idField: string) => (status: string) => (db: Database.Database, data: Record<string, string>) =>
  run(db, `UPDATE ${table} SET status = @status WHERE ${key} = @id`, { status, id: data[idField]! });

const organisationStatus = setStatus('organisations', 'organisation_id', 'organisationId');
const projectStatus = setStatus('projects', 'project_id', 'projectId');
const needStatus = setStatus('needs', 'need_id', 'needId');

/**
 * What each integration event changes. Types the indicators do not read (bids, reports, staff
 * assignments...) are absent: they are recorded as processed and change nothing else. Rows are
 * inserted once (`ON CONFLICT DO NOTHING`): a replayed registration never resets a total.
 */
const HANDLERS: Record<string, Handler> = {
  'wushe.community.registered.v1': (db, data: { communityId: string; area: Area; kind: string; residents: number; households: number }) =>
    run(
      db,
      `INSERT INTO communities VALUES (@communityId, @city, @district, @street, @community, @kind, @residents, @households)
       ON CONFLICT DO NOTHING`,
      { communityId: data.communityId, ...areaOf(data.area), kind: data.kind, residents: data.residents, households: data.households },
    ),
  'wushe.community.population-updated.v1': (db, data: { communityId: string; residents: number; households: number }) =>
    run(db, 'UPDATE communities SET residents = @residents, households = @households WHERE community_id = @communityId', {
      residents: data.residents,
      households: data.households,
      communityId: data.communityId,
    }),

  // District-wide organisations carry only their district: '' for the levels below and for the city.
  'wushe.organisation.registered.v1': (db, data: { organisationId: string; district: string; area: Area | null }) =>
    run(
      db,
      `INSERT INTO organisations VALUES (@organisationId, @city, @district, @street, @community, 'registered') ON CONFLICT DO NOTHING`,
      {
        organisationId: data.organisationId,
        city: data.area?.city ?? '',
        district: data.district,
        street: data.area?.street ?? '',
        community: data.area?.community ?? '',
      },
    ),
  'wushe.organisation.suspended.v1': organisationStatus('suspended'),
  'wushe.organisation.reinstated.v1': organisationStatus('registered'),
  'wushe.organisation.deregistered.v1': organisationStatus('deregistered'),

  'wushe.social-worker.registered.v1': (
    db,
    data: { socialWorkerId: string; hasSocialWorkDegree: boolean; base: { level: 'community'; area: Area } | { level: 'district'; city: string; district: string } },
  ) =>
    run(
      db,
      `INSERT INTO social_workers VALUES (@socialWorkerId, @city, @district, @street, @community, @qualified, 'active', NULL) ON CONFLICT DO NOTHING`,
      {
        socialWorkerId: data.socialWorkerId,
        ...(data.base.level === 'community' ? areaOf(data.base.area) : { city: data.base.city, district: data.base.district, street: '', community: '' }),
        qualified: data.hasSocialWorkDegree ? 1 : 0,
      },
    ),
  'wushe.social-worker.certified.v1': (db, data: { socialWorkerId: string; grade: string }) =>
    run(db, 'UPDATE social_workers SET qualified = 1, grade = @grade WHERE social_worker_id = @socialWorkerId', { socialWorkerId: data.socialWorkerId, grade: data.grade }),
  'wushe.social-worker.deregistered.v1': (db, data: { socialWorkerId: string }) =>
    run(db, "UPDATE social_workers SET status = 'deregistered' WHERE social_worker_id = @socialWorkerId", { socialWorkerId: data.socialWorkerId }),

  'wushe.volunteer.registered.v1': (db, data: { volunteerId: string; area: Area }) =>
    run(db, `INSERT INTO volunteers VALUES (@volunteerId, @city, @district, @street, @community, 'active', 0) ON CONFLICT DO NOTHING`, {
      volunteerId: data.volunteerId,
      ...areaOf(data.area),
    }),
  // v1 carries only hours that count when logged; a volunteer's own report counts when hours-confirmed follows.
  // The topic also holds the shape the release of e756440 wrote (the schema's deprecated alternative, with entryId
  // and status): replayed, a 'confirmed' entry counts and a 'pending' one does not (its confirmation counts it, a
  // declined one never does).
  'wushe.volunteer.hours-logged.v1': (db, data: { volunteerId: string; hours: number; status?: 'pending' | 'confirmed' }) =>
    data.status === 'pending' ? undefined : addVolunteerHours(db, data),
  'wushe.volunteer.hours-confirmed.v1': (db, data: { volunteerId: string; hours: number }) => addVolunteerHours(db, data),
  // 扫码签到签退: hours derived from the check-in and check-out are hours served like logged ones.
  'wushe.volunteer.checked-out.v1': (db, data: { volunteerId: string; hours: number }) => addVolunteerHours(db, data),
  'wushe.volunteer.deregistered.v1': (db, data: { volunteerId: string }) =>
    run(db, "UPDATE volunteers SET status = 'deregistered' WHERE volunteer_id = @volunteerId", { volunteerId: data.volunteerId }),

  'wushe.need.listed.v1': (db, data: { needId: string; area: Area }) =>
    run(db, `INSERT INTO needs VALUES (@needId, @city, @district, @street, @community, 'open', NULL, 0) ON CONFLICT DO NOTHING`, {
      needId: data.needId,
      ...areaOf(data.area),
    }),
  // The first match seen ends the need's time to first match.
  'wushe.need.matched.v1': (db, data: { needId: string; listedAt: string; matchedAt: string }) =>
    run(db, 'UPDATE needs SET first_match_seconds = @seconds WHERE need_id = @needId AND first_match_seconds IS NULL', {
      seconds: secondsBetween(data.listedAt, data.matchedAt),
      needId: data.needId,
    }),
  // 需求失效: stale until reconfirmed.
  'wushe.need.marked-stale.v1': (db, data: { needId: string }) => run(db, 'UPDATE needs SET stale = 1 WHERE need_id = @needId', { needId: data.needId }),
  'wushe.need.reconfirmed.v1': (db, data: { needId: string }) => run(db, 'UPDATE needs SET stale = 0 WHERE need_id = @needId', { needId: data.needId }),
  'wushe.need.fulfilled.v1': needStatus('fulfilled'),
  'wushe.need.withdrawn.v1': needStatus('withdrawn'),

  'wushe.donation.pledged.v1': (db, data: { donationId: string; area: Area; amountFen: number; resource: string }) =>
    run(db, 'INSERT INTO donations VALUES (@donationId, @city, @district, @street, @community, @amountFen, 0, @resource) ON CONFLICT DO NOTHING', {
      donationId: data.donationId,
      ...areaOf(data.area),
      amountFen: data.amountFen,
      resource: data.resource,
    }),
  // A match counts where its money went: the target's area.
  'wushe.donation.matched.v1': (db, data: { donationId: string; matchId: string; target: { area: Area }; amountFen: number; balanceFen: number; resource: string }) => {
    run(db, 'INSERT INTO donation_matches VALUES (@matchId, @city, @district, @street, @community, @amountFen, 0, 0, @resource) ON CONFLICT DO NOTHING', {
      matchId: data.matchId,
      ...areaOf(data.target.area),
      amountFen: data.amountFen,
      resource: data.resource,
    });
    run(db, 'UPDATE donations SET balance_fen = @balanceFen WHERE donation_id = @donationId', { balanceFen: data.balanceFen, donationId: data.donationId });
  },
  'wushe.donation.match-released.v1': (db, data: { donationId: string; matchId: string; balanceFen: number }) => {
    run(db, 'UPDATE donation_matches SET released = 1 WHERE match_id = @matchId', { matchId: data.matchId });
    run(db, 'UPDATE donations SET balance_fen = @balanceFen WHERE donation_id = @donationId', { balanceFen: data.balanceFen, donationId: data.donationId });
  },
  'wushe.donation.disbursed.v1': (db, data: { matchId: string; disbursedFen: number }) =>
    run(db, 'UPDATE donation_matches SET disbursed_fen = @disbursedFen WHERE match_id = @matchId', { disbursedFen: data.disbursedFen, matchId: data.matchId }),
  'wushe.donation.refunded.v1': (db, data: { donationId: string; balanceFen: number }) =>
    run(db, 'UPDATE donations SET balance_fen = @balanceFen WHERE donation_id = @donationId', { balanceFen: data.balanceFen, donationId: data.donationId }),
  'wushe.donation.expired.v1': (db, data: { donationId: string }) =>
    run(db, 'UPDATE donations SET expired = 1 WHERE donation_id = @donationId', { donationId: data.donationId }),

  'wushe.project.designed.v1': (db, data: { projectId: string; area: Area; kind: string; stationLevel: string | null }) =>
    run(db, `INSERT INTO projects VALUES (@projectId, @city, @district, @street, @community, 'designed', 0, @kind, @stationLevel, NULL) ON CONFLICT DO NOTHING`, {
      projectId: data.projectId,
      ...areaOf(data.area),
      kind: data.kind,
      stationLevel: data.stationLevel,
    }),
  'wushe.project.published-for-purchase.v1': projectStatus('published'),
  'wushe.project.bidding-closed.v1': projectStatus('bidding_closed'),
  'wushe.project.organisation-contracted.v1': (db, data: { projectId: string; priceFen: number }) =>
    run(db, "UPDATE projects SET status = 'contracted', contracted = 1, price_fen = @priceFen WHERE project_id = @projectId", {
      projectId: data.projectId,
      priceFen: data.priceFen,
    }),
  'wushe.project.contract-terminated.v1': projectStatus('terminated'),
  'wushe.project.completed.v1': projectStatus('completed'),
  'wushe.project.service-delivered.v1': (
    db,
    data: { deliveryId: string; area: Area; hoursBySocialWorker: { hours: number }[]; beneficiaries: number },
  ) =>
    run(db, 'INSERT INTO deliveries VALUES (@deliveryId, @city, @district, @street, @community, @hours, @beneficiaries) ON CONFLICT DO NOTHING', {
      deliveryId: data.deliveryId,
      ...areaOf(data.area),
      hours: roundHours(data.hoursBySocialWorker.reduce((total, served) => total + served.hours, 0)),
      beneficiaries: data.beneficiaries,
    }),
  'wushe.project.service-rated.v1': (db, data: { ratingId: string; area: Area; rating: string; score: number }) =>
    run(db, 'INSERT INTO ratings VALUES (@ratingId, @city, @district, @street, @community, @rating, @score) ON CONFLICT DO NOTHING', {
      ratingId: data.ratingId,
      ...areaOf(data.area),
      rating: data.rating,
      score: data.score,
    }),

  'wushe.elder.registered.v1': (db, data: { elderId: string; area: Area }) =>
    run(db, `INSERT INTO elders VALUES (@elderId, @city, @district, @street, @community, 'registered') ON CONFLICT DO NOTHING`, { elderId: data.elderId, ...areaOf(data.area) }),
  'wushe.elder.home-visit-recorded.v1': (db, data: { visitId: string; elderId: string; area: Area; visitedOn: string; outcome: string }) =>
    run(db, 'INSERT INTO home_visits VALUES (@visitId, @city, @district, @street, @community, @elderId, @month, @met) ON CONFLICT DO NOTHING', {
      visitId: data.visitId,
      ...areaOf(data.area),
      elderId: data.elderId,
      month: data.visitedOn.slice(0, 7),
      met: data.outcome === 'not_met' ? 0 : 1,
    }),
  'wushe.elder.removed.v1': (db, data: { elderId: string }) => run(db, "UPDATE elders SET status = 'removed' WHERE elder_id = @elderId", { elderId: data.elderId }),
};

/** Applies one validated integration event to the tables (inside the caller's transaction). */
export const applyToIndicatorTables = (db: Database.Database, event: IntegrationEventEnvelope): void => {
  HANDLERS[event.type]?.(db, event.data as never);
};

/** Hours a volunteer served (logged, or derived from a check-out). */
function addVolunteerHours(db: Database.Database, data: { volunteerId: string; hours: number }): void {
  const row = db.prepare('SELECT hours_logged FROM volunteers WHERE volunteer_id = @volunteerId').get({ volunteerId: data.volunteerId }) as
    | { hours_logged: number }
    | undefined;
  if (row) run(db, 'UPDATE volunteers SET hours_logged = @hours WHERE volunteer_id = @volunteerId', { hours: roundHours(row.hours_logged + data.hours), volunteerId: data.volunteerId });
}
