import type { Kysely } from 'kysely';
import type { ReadModelDatabase } from '../database/read-model-database.js';
import { PollingPositionWaiter, type PositionWaiter } from '../framework/wait-for-position.js';
import { eldersQueries, type EldersQueries } from './resources/elders.queries.js';
import { donorGiftsQueries, type DonorGiftsQueries } from './donor-gifts/donor-gifts.queries.js';
import { indicatorsQueries, type IndicatorsQueries } from './indicators/indicators.queries.js';
import { matchingPoolsQueries, type MatchingPoolsQueries } from './matching-pools/matching-pools.queries.js';
import { grantRoundsQueries, type GrantRoundsQueries } from './grant-rounds/grant-rounds.queries.js';
import { grantsQueries, type GrantsQueries } from './resources/grants.queries.js';
import { needsQueries, type NeedsQueries } from './needs/needs.queries.js';
import { bidsQueries, type BidsQueries } from './projects/bids.queries.js';
import { hoursBeforeEvaluationQueries, type HoursBeforeEvaluationQueries } from './projects/hours-before-evaluation.queries.js';
import { projectsQueries, type ProjectsQueries } from './projects/projects.queries.js';
import { projectMoneyQueries, type ProjectMoneyQueries } from './projects/project-money.queries.js';
import type { ReadModelTables } from './read-model-tables.js';
import { communitiesQueries, type CommunitiesQueries } from './resources/communities.queries.js';
import { donationsQueries, type DonationsQueries } from './resources/donations.queries.js';
import { organisationsQueries, type OrganisationsQueries } from './resources/organisations.queries.js';
import { personRecordsQueries, type PersonRecordsQueries } from './resources/person-records.queries.js';
import { socialWorkersQueries, type SocialWorkersQueries } from './resources/social-workers.queries.js';
import { pendingHoursQueries, type PendingHoursQueries, volunteerHoursQueries, type VolunteerHoursQueries } from './resources/volunteer-hours.queries.js';
import { volunteersQueries, type VolunteersQueries } from './resources/volunteers.queries.js';
import { ReadSide } from './shared/list-query.js';

export interface ReadModelQueriesOptions {
  /** The process's read-your-writes wait (ReadYourWrites); default: polling the checkpoint table. */
  waiter?: PositionWaiter;
  /** Longest read-your-writes wait; ProjectionTimeoutError after it. Default 5 s. */
  waitTimeoutMs?: number;
  /** Reports owed are counted against this clock. */
  clock?: () => Date;
}

const DEFAULT_WAIT_MS = 5000;

// The facade is the union of the per-list queries: callers (controllers, Nest's injection token)
// keep one class, while each list's queries live beside its projection.
export interface ReadModelQueries
  extends NeedsQueries,
    ProjectsQueries,
    ProjectMoneyQueries,
    BidsQueries,
    VolunteersQueries,
    VolunteerHoursQueries,
    HoursBeforeEvaluationQueries,
    SocialWorkersQueries,
    DonationsQueries,
    OrganisationsQueries,
    CommunitiesQueries,
    IndicatorsQueries,
    PersonRecordsQueries,
    DonorGiftsQueries,
    MatchingPoolsQueries,
    GrantRoundsQueries,
    GrantsQueries,
    EldersQueries,
    PendingHoursQueries {}

/**
 * The three public lists and their details, with filters (area, category, status), keyset
 * pagination and read-your-writes. Details of unknown ids throw DomainError not_found.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class ReadModelQueries {
  constructor(database: ReadModelDatabase, options: ReadModelQueriesOptions = {}) {
    const reads = new ReadSide(
      database.db as Kysely<ReadModelTables>,
      options.waiter ?? new PollingPositionWaiter(database.db),
      options.waitTimeoutMs ?? DEFAULT_WAIT_MS,
      options.clock ?? (() => new Date()),
    );
    Object.assign(
      this,
      needsQueries(reads),
      projectsQueries(reads),
      projectMoneyQueries(reads),
      bidsQueries(reads),
      volunteersQueries(reads),
      volunteerHoursQueries(reads),
      hoursBeforeEvaluationQueries(reads),
      socialWorkersQueries(reads),
      donationsQueries(reads),
      organisationsQueries(reads),
      communitiesQueries(reads),
      indicatorsQueries(reads),
      personRecordsQueries(reads),
      eldersQueries(reads),
      pendingHoursQueries(reads),
      donorGiftsQueries(reads),
      matchingPoolsQueries(reads),
      grantRoundsQueries(reads),
      grantsQueries(reads),
    );
  }
}
