import type { Kysely, SelectQueryBuilder } from 'kysely';
import { addMonths, chinaDateOf, chinaMonthEnd, chinaMonthOf, isStationStaffed, nextMonth, notFound, STATION_WEEKLY_HOURS, type Area } from '#domain';
import type { ReadModelDatabase } from '../database/read-model-database.js';
import type { Page, PageRequest } from '../framework/cursor.js';
import { PollingPositionWaiter, type PositionWaiter } from '../framework/wait-for-position.js';
import type { NeedMatchRow, NeedRow } from '../lists/needs/needs-list.projection.js';
import type { ProjectBidRow, ProjectRow } from '../lists/projects/projects-list.projection.js';
import { NEEDS_LIST, PROJECTS_LIST, RESOURCES_LIST, type ReadModelTables } from '../lists/read-model-projections.js';
import type {
  CommunityRow,
  DonationMatchRow,
  DonationRow,
  OrganisationRow,
  SocialWorkerRow,
  VolunteerAssignmentRow,
  VolunteerRow,
} from '../lists/resources/resources-list.projection.js';
import { areaOf, fromJson } from '../lists/shared/columns.js';
import { computeIndicators, type Indicators } from './indicators.js';
import { paginate } from './paginate.js';

/** Read-your-writes: answer only once the read models include this global position. */
export interface Consistency {
  minPosition?: number;
}

export interface AreaFilter {
  city?: string;
  district?: string;
  street?: string;
  community?: string;
}

export type ListQuery<Filter> = Filter & AreaFilter & PageRequest & Consistency;

export interface ReadModelQueriesOptions {
  /** The runner in this process, or (default) polling of the checkpoint table. */
  waiter?: PositionWaiter;
  /** Longest read-your-writes wait; ProjectionTimeoutError after it. Default 5 s. */
  waitTimeoutMs?: number;
  /** Reports owed are counted against this clock. */
  clock?: () => Date;
}

// ---- items -------------------------------------------------------------------------------------

export interface NeedListItem {
  needId: string;
  communityId: string;
  area: Area;
  title: string;
  category: string;
  urgency: string;
  status: string;
  beneficiaries: number;
  hoursPerWeek: number | null;
  amountFen: number | null;
  listedAt: string;
  firstMatchedAt: string | null;
  /** Seconds from listing to first match; null while unmatched. */
  timeToFirstMatchSeconds: number | null;
  matches: number;
  matchedAmountFen: number;
  matchedHoursPerWeek: number;
  coveringProjectIds: string[];
  fulfilledAt: string | null;
  withdrawn: boolean;
}

export interface NeedMatchItem {
  matchId: string;
  needId: string;
  resource: { kind: string; id: string };
  amountFen: number | null;
  hoursPerWeek: number | null;
  firstMatch: boolean;
  category: string;
  area: Area;
  listedAt: string;
  matchedAt: string;
}

export interface NeedDetail extends NeedListItem {
  description: string;
  /** Pseudonymous; resolve through the vault only for users allowed to see the person. */
  beneficiaryRef: string;
  requiredSkills: string[];
  window: { from: string; to: string } | null;
  source: string;
  verifiedAt: string | null;
  coveredAt: string | null;
  withdrawnAt: string | null;
  withdrawalReason: string | null;
  matchList: NeedMatchItem[];
}

export interface ProjectListItem {
  projectId: string;
  title: string;
  kind: string;
  stationLevel: string | null;
  area: Area;
  categories: string[];
  status: string;
  budgetFen: number;
  contractPriceFen: number | null;
  contractor: { organisationId: string; name: string | null } | null;
  fundingMatchedFen: number;
  /** What the project costs (contract price once signed, else budget) minus the charity money matched to it. */
  fundingGapFen: number;
  deliveries: number;
  deliveredHours: number;
  socialWorkerHours: number;
  volunteerHours: number;
  beneficiariesServed: number;
  satisfaction: { good: number; bad: number; ratings: number; averageScore: number | null };
  reports: { filed: number; overdue: number };
  staff: { count: number; qualified: number; meetsStationRule: boolean | null };
  designedAt: string;
  signedAt: string | null;
  endsAt: string | null;
}

export interface OwedReport {
  kind: 'monthly_brief' | 'mid_term' | 'final';
  period: string;
  dueAt: string;
}

export interface BidItem {
  bidId: string;
  projectId: string;
  organisationId: string;
  organisationKind: string;
  priceFen: number;
  proposal: string;
  status: string;
  submittedAt: string;
  withdrawnAt: string | null;
}

export interface StationWeekItem {
  socialWorkerId: string;
  weekOf: string;
  hours: number;
  /** Rule 2: station staff serve at least 24 hours a week in the communities. */
  meetsRule2: boolean;
}

export interface ProjectDetail extends ProjectListItem {
  needIds: string[];
  period: { start: string; months: number };
  requirements: string;
  publishedAt: string | null;
  bidDeadline: string | null;
  minimumGrade: number | null;
  bidsSubmitted: number;
  bidsWithdrawn: number;
  contract: {
    bidId: string;
    termMonths: number | null;
    settlementMethod: string | null;
    staffOnPostDeadline: string | null;
    staffOnPostAt: string | null;
  } | null;
  staffMembers: { socialWorkerId: string; organisationId: string; qualified: boolean; grade: string | null; active: boolean; assignedAt: string; releasedAt: string | null }[];
  reportsFiled: { reportId: string; kind: string; period: string; filedAt: string }[];
  reportsOwed: OwedReport[];
  evaluations: { year: number; grade: string; score: number; continues: boolean; evaluatedAt: string }[];
  fundings: { matchId: string; donationId: string; amountFen: number; released: boolean; matchedAt: string }[];
  terminatedAt: string | null;
  terminationReason: string | null;
  completedAt: string | null;
}

export interface VolunteerItem {
  volunteerId: string;
  area: Area;
  status: string;
  skills: string[];
  categories: string[];
  hoursPerWeek: { declared: number; assigned: number; remaining: number };
  activeAssignments: number;
  hoursLogged: number;
  registeredOn: string;
  lastServedOn: string | null;
}

export interface VolunteerDetail extends VolunteerItem {
  personRef: string;
  availabilityWindows: { weekday: number; from: string; to: string }[];
  assignments: { assignmentId: string; target: { kind: string; id: string }; hoursPerWeek: number; assignedOn: string; endedOn: string | null; hoursLogged: number }[];
}

export interface SocialWorkerItem {
  socialWorkerId: string;
  baseLevel: string;
  area: Area;
  status: string;
  grade: string | null;
  hasSocialWorkDegree: boolean;
  qualified: boolean;
  employerOrganisationId: string | null;
  assignedHoursPerWeek: number;
  activeProjects: number;
}

export interface SocialWorkerDetail extends SocialWorkerItem {
  personRef: string;
  certifiedOn: string | null;
  assignments: { projectId: string; hoursPerWeek: number }[];
}

export interface DonationItem {
  donationId: string;
  donor: { kind: string; name: string };
  resource: string;
  description: string;
  area: Area;
  pledgedFen: number;
  matchedFen: number;
  disbursedFen: number;
  refundedFen: number;
  /** Unallocated balance. */
  balanceFen: number;
  earmark: { category: string | null; district: string | null; street: string | null; community: string | null } | null;
  status: string;
  expiresOn: string | null;
  autoMatch: boolean;
  pledgedAt: string;
}

export interface DonationMatchItem {
  matchId: string;
  donationId: string;
  target: { kind: string; id: string };
  category: string;
  area: Area;
  amountFen: number;
  disbursedFen: number;
  automatic: boolean;
  released: boolean;
  matchedAt: string;
}

export interface DonationDetail extends DonationItem {
  receiptNumber: string | null;
  /** Fen the receipt states now: refunds of receipted money correct it (DonationReceiptCorrected). null: not receipted. */
  receiptedFen: number | null;
  /** True when a refund took back everything the receipt stated. */
  receiptVoided: boolean;
  matches: DonationMatchItem[];
}

export interface OrganisationItem {
  organisationId: string;
  name: string;
  kind: string;
  area: Area;
  communityBased: boolean;
  serviceCategories: string[];
  status: string;
  grade: number;
  latestInspection: { result: string; year: number | null };
  capacity: number;
  activeContracts: number;
  remainingCapacity: number;
  stationContracts: number;
  /** Rule 11 at a glance: registered and its latest inspection not failed. */
  mayBid: boolean;
}

export interface OrganisationDetail extends OrganisationItem {
  unifiedSocialCreditCode: string;
  budgetFunded: boolean;
  statusReason: string | null;
  gradeYear: number | null;
  contractedProjects: { projectId: string; title: string; status: string }[];
}

export interface CommunityItem {
  communityId: string;
  name: string;
  area: Area;
  kind: string;
  residents: number;
  households: number;
}

// ---- queries -----------------------------------------------------------------------------------

const DEFAULT_WAIT_MS = 5000;

/**
 * The three public lists and their details, with filters (area, category, status), keyset
 * pagination and read-your-writes. Details of unknown ids throw DomainError not_found.
 */
export class ReadModelQueries {
  private readonly db: Kysely<ReadModelTables>;
  private readonly waiter: PositionWaiter;
  private readonly waitTimeoutMs: number;
  private readonly clock: () => Date;

  constructor(database: ReadModelDatabase, options: ReadModelQueriesOptions = {}) {
    this.db = database.db as Kysely<ReadModelTables>;
    this.waiter = options.waiter ?? new PollingPositionWaiter(database.db);
    this.waitTimeoutMs = options.waitTimeoutMs ?? DEFAULT_WAIT_MS;
    this.clock = options.clock ?? (() => new Date());
  }

  // -- needs list --------------------------------------------------------------------------------

  async needs(query: ListQuery<{ category?: string; status?: string; urgency?: string }> = {}): Promise<Page<NeedListItem>> {
    await this.consistent(query, [NEEDS_LIST]);
    let select = withArea(this.db.selectFrom('needs').selectAll(), query);
    if (query.category) select = select.where('category', '=', query.category);
    if (query.status) select = select.where('status', '=', query.status as NeedRow['status']);
    if (query.urgency) select = select.where('urgency', '=', query.urgency);
    return paginate(select, { list: 'needs', sort: 'listed_at', id: 'need_id', direction: 'desc' }, query, toNeedItem);
  }

  async need(needId: string, consistency: Consistency = {}): Promise<NeedDetail> {
    await this.consistent(consistency, [NEEDS_LIST]);
    const row = await this.db.selectFrom('needs').selectAll().where('need_id', '=', needId).executeTakeFirst();
    if (!row) throw notFound('NEED_NOT_FOUND', 'No such need', { needId });
    const matches = await this.db.selectFrom('need_matches').selectAll().where('need_id', '=', needId).orderBy('matched_at').orderBy('match_id').execute();
    return {
      ...toNeedItem(row),
      description: row.description,
      beneficiaryRef: row.beneficiary_ref,
      requiredSkills: fromJson<string[]>(row.required_skills),
      window: row.window_from && row.window_to ? { from: row.window_from, to: row.window_to } : null,
      source: row.source,
      verifiedAt: row.verified_at,
      coveredAt: row.covered_at,
      withdrawnAt: row.withdrawn_at,
      withdrawalReason: row.withdrawal_reason,
      matchList: matches.map(toNeedMatchItem),
    };
  }

  /** Matches of needs with resources, newest first; filter by need, resource, area or category. */
  async needMatches(
    query: ListQuery<{ needId?: string; resourceKind?: string; resourceId?: string; category?: string }> = {},
  ): Promise<Page<NeedMatchItem>> {
    await this.consistent(query, [NEEDS_LIST]);
    let select = withArea(this.db.selectFrom('need_matches').selectAll(), query);
    if (query.needId) select = select.where('need_id', '=', query.needId);
    if (query.resourceKind) select = select.where('resource_kind', '=', query.resourceKind);
    if (query.resourceId) select = select.where('resource_id', '=', query.resourceId);
    if (query.category) select = select.where('category', '=', query.category);
    return paginate(select, { list: 'need-matches', sort: 'matched_at', id: 'match_id', direction: 'desc' }, query, toNeedMatchItem);
  }

  async needMatch(matchId: string, consistency: Consistency = {}): Promise<NeedMatchItem> {
    await this.consistent(consistency, [NEEDS_LIST]);
    const row = await this.db.selectFrom('need_matches').selectAll().where('match_id', '=', matchId).executeTakeFirst();
    if (!row) throw notFound('MATCH_NOT_FOUND', 'No such match', { matchId });
    return toNeedMatchItem(row);
  }

  // -- projects list -----------------------------------------------------------------------------

  async projects(
    query: ListQuery<{ category?: string; status?: string; kind?: string; contractorOrganisationId?: string; withFundingGap?: boolean }> = {},
  ): Promise<Page<ProjectListItem>> {
    await this.consistent(query, [PROJECTS_LIST]);
    let select = withArea(this.db.selectFrom('projects').selectAll(), query);
    if (query.category) {
      const category = query.category;
      select = select.where((eb) =>
        eb.exists(
          eb
            .selectFrom('project_categories')
            .select('project_categories.project_id')
            .whereRef('project_categories.project_id', '=', 'projects.project_id')
            .where('project_categories.category', '=', category),
        ),
      );
    }
    if (query.status) select = select.where('status', '=', query.status as ProjectRow['status']);
    if (query.kind) select = select.where('kind', '=', query.kind);
    if (query.contractorOrganisationId) select = select.where('contractor_organisation_id', '=', query.contractorOrganisationId);
    if (query.withFundingGap) {
      select = select.where((eb) => eb(eb.fn.coalesce('contract_price_fen', 'budget_fen'), '>', eb.ref('funding_matched_fen')));
    }
    const page = await paginate(select, { list: 'projects', sort: 'designed_at', id: 'project_id', direction: 'desc' }, query, (row) => row);
    const owed = await this.reportsOwedFor(page.items);
    return { nextCursor: page.nextCursor, items: page.items.map((row) => toProjectItem(row, owed.get(row.project_id)?.length ?? 0)) };
  }

  async project(projectId: string, consistency: Consistency = {}): Promise<ProjectDetail> {
    await this.consistent(consistency, [PROJECTS_LIST]);
    const row = await this.db.selectFrom('projects').selectAll().where('project_id', '=', projectId).executeTakeFirst();
    if (!row) throw notFound('PROJECT_NOT_FOUND', 'No such project', { projectId });
    const [staff, reports, evaluations, fundings, owed] = await Promise.all([
      this.db.selectFrom('project_staff').selectAll().where('project_id', '=', projectId).orderBy('assigned_at').orderBy('social_worker_id').execute(),
      this.db.selectFrom('project_reports').selectAll().where('project_id', '=', projectId).orderBy('filed_at').orderBy('report_id').execute(),
      this.db.selectFrom('project_evaluations').selectAll().where('project_id', '=', projectId).orderBy('year').execute(),
      this.db.selectFrom('project_fundings').selectAll().where('project_id', '=', projectId).orderBy('matched_at').orderBy('match_id').execute(),
      this.reportsOwedFor([row]),
    ]);
    const reportsOwed = owed.get(projectId) ?? [];
    return {
      ...toProjectItem(row, reportsOwed.length),
      needIds: fromJson<string[]>(row.need_ids),
      period: { start: row.period_start, months: row.period_months },
      requirements: row.requirements,
      publishedAt: row.published_at,
      bidDeadline: row.bid_deadline,
      minimumGrade: row.minimum_grade,
      bidsSubmitted: row.bids_submitted,
      bidsWithdrawn: row.bids_withdrawn,
      contract: row.contract_bid_id
        ? {
            bidId: row.contract_bid_id,
            termMonths: row.contract_term_months,
            settlementMethod: row.settlement_method,
            staffOnPostDeadline: row.staff_on_post_deadline,
            staffOnPostAt: row.staff_on_post_at,
          }
        : null,
      staffMembers: staff.map((member) => ({
        socialWorkerId: member.social_worker_id,
        organisationId: member.organisation_id,
        qualified: member.qualified === 1,
        grade: member.grade,
        active: member.active === 1,
        assignedAt: member.assigned_at,
        releasedAt: member.released_at,
      })),
      reportsFiled: reports.map((report) => ({ reportId: report.report_id, kind: report.kind, period: report.period, filedAt: report.filed_at })),
      reportsOwed,
      evaluations: evaluations.map((evaluation) => ({
        year: evaluation.year,
        grade: evaluation.grade,
        score: evaluation.score,
        continues: evaluation.continues === 1,
        evaluatedAt: evaluation.evaluated_at,
      })),
      fundings: fundings.map((funding) => ({
        matchId: funding.match_id,
        donationId: funding.donation_id,
        amountFen: Number(funding.amount_fen),
        released: funding.released === 1,
        matchedAt: funding.matched_at,
      })),
      terminatedAt: row.terminated_at,
      terminationReason: row.termination_reason,
      completedAt: row.completed_at,
    };
  }

  async bids(query: PageRequest & Consistency & { projectId?: string; organisationId?: string; status?: string } = {}): Promise<Page<BidItem>> {
    await this.consistent(query, [PROJECTS_LIST]);
    let select = this.db.selectFrom('project_bids').selectAll();
    if (query.projectId) select = select.where('project_id', '=', query.projectId);
    if (query.organisationId) select = select.where('organisation_id', '=', query.organisationId);
    if (query.status) select = select.where('status', '=', query.status as ProjectBidRow['status']);
    return paginate(select, { list: 'bids', sort: 'submitted_at', id: 'bid_id', direction: 'asc' }, query, toBidItem);
  }

  async bid(bidId: string, consistency: Consistency = {}): Promise<BidItem> {
    await this.consistent(consistency, [PROJECTS_LIST]);
    const row = await this.db.selectFrom('project_bids').selectAll().where('bid_id', '=', bidId).executeTakeFirst();
    if (!row) throw notFound('BID_NOT_FOUND', 'No such bid', { bidId });
    return toBidItem(row);
  }

  /** Rule 2 per station social worker and week, newest week first. */
  async stationWeeklyHours(projectId: string, options: Consistency & { weekOf?: string } = {}): Promise<StationWeekItem[]> {
    await this.consistent(options, [PROJECTS_LIST]);
    let select = this.db.selectFrom('station_weekly_hours').selectAll().where('project_id', '=', projectId);
    if (options.weekOf) select = select.where('week_of', '=', options.weekOf);
    const rows = await select.orderBy('week_of', 'desc').orderBy('social_worker_id').execute();
    return rows.map((row) => ({
      socialWorkerId: row.social_worker_id,
      weekOf: row.week_of,
      hours: row.hours,
      meetsRule2: row.hours >= STATION_WEEKLY_HOURS,
    }));
  }

  // -- resources list ----------------------------------------------------------------------------

  async volunteers(
    query: ListQuery<{ category?: string; status?: string; minRemainingHours?: number }> = {},
  ): Promise<Page<VolunteerItem>> {
    await this.consistent(query, [RESOURCES_LIST]);
    let select = withArea(this.db.selectFrom('volunteers').selectAll(), query);
    if (query.category) {
      const category = query.category;
      select = select.where((eb) =>
        eb.exists(
          eb
            .selectFrom('resource_categories')
            .select('resource_categories.resource_id')
            .where('resource_categories.resource_kind', '=', 'volunteer')
            .whereRef('resource_categories.resource_id', '=', 'volunteers.volunteer_id')
            .where('resource_categories.category', '=', category),
        ),
      );
    }
    if (query.status) select = select.where('status', '=', query.status);
    if (query.minRemainingHours !== undefined) select = select.where('hours_per_week_remaining', '>=', query.minRemainingHours);
    return paginate(select, { list: 'volunteers', sort: 'registered_at', id: 'volunteer_id', direction: 'desc' }, query, toVolunteerItem);
  }

  async volunteer(volunteerId: string, consistency: Consistency = {}): Promise<VolunteerDetail> {
    await this.consistent(consistency, [RESOURCES_LIST]);
    const row = await this.db.selectFrom('volunteers').selectAll().where('volunteer_id', '=', volunteerId).executeTakeFirst();
    if (!row) throw notFound('VOLUNTEER_NOT_FOUND', 'No such volunteer', { volunteerId });
    const assignments = await this.db
      .selectFrom('volunteer_assignments')
      .selectAll()
      .where('volunteer_id', '=', volunteerId)
      .orderBy('assigned_on')
      .orderBy('assignment_id')
      .execute();
    return {
      ...toVolunteerItem(row),
      personRef: row.person_ref,
      availabilityWindows: fromJson(row.availability_windows),
      assignments: assignments.map(toAssignment),
    };
  }

  async socialWorkers(
    query: ListQuery<{ status?: string; grade?: string; qualified?: boolean; employerOrganisationId?: string; baseLevel?: string }> = {},
  ): Promise<Page<SocialWorkerItem>> {
    await this.consistent(query, [RESOURCES_LIST]);
    let select = withArea(this.db.selectFrom('social_workers').selectAll(), query);
    if (query.status) select = select.where('status', '=', query.status);
    if (query.grade) select = select.where('grade', '=', query.grade);
    if (query.qualified !== undefined) select = select.where('qualified', '=', query.qualified ? 1 : 0);
    if (query.employerOrganisationId) select = select.where('employer_organisation_id', '=', query.employerOrganisationId);
    if (query.baseLevel) select = select.where('base_level', '=', query.baseLevel);
    return paginate(select, { list: 'social-workers', sort: 'registered_at', id: 'social_worker_id', direction: 'desc' }, query, toSocialWorkerItem);
  }

  async socialWorker(socialWorkerId: string, consistency: Consistency = {}): Promise<SocialWorkerDetail> {
    await this.consistent(consistency, [RESOURCES_LIST]);
    const row = await this.db.selectFrom('social_workers').selectAll().where('social_worker_id', '=', socialWorkerId).executeTakeFirst();
    if (!row) throw notFound('SOCIAL_WORKER_NOT_FOUND', 'No such social worker', { socialWorkerId });
    return {
      ...toSocialWorkerItem(row),
      personRef: row.person_ref,
      certifiedOn: row.certified_on,
      assignments: Object.entries(fromJson<Record<string, number>>(row.assignments)).map(([projectId, hoursPerWeek]) => ({ projectId, hoursPerWeek })),
    };
  }

  /** Donations with their unallocated balance; `category` matches the earmark (unearmarked donations match any). */
  async donations(
    query: ListQuery<{ status?: string; resource?: string; category?: string; withBalance?: boolean }> = {},
  ): Promise<Page<DonationItem>> {
    await this.consistent(query, [RESOURCES_LIST]);
    let select = withArea(this.db.selectFrom('donations').selectAll(), query);
    if (query.status) select = select.where('status', '=', query.status as DonationRow['status']);
    if (query.resource) select = select.where('resource', '=', query.resource);
    if (query.category) {
      const category = query.category;
      select = select.where((eb) => eb.or([eb('earmark_category', 'is', null), eb('earmark_category', '=', category)]));
    }
    if (query.withBalance) select = select.where('balance_fen', '>', 0);
    return paginate(select, { list: 'donations', sort: 'pledged_at', id: 'donation_id', direction: 'desc' }, query, toDonationItem);
  }

  /** The venues list: venue time donated (场地), as pledged donations of resource venue_time. */
  venues(query: ListQuery<{ status?: string; category?: string; withBalance?: boolean }> = {}): Promise<Page<DonationItem>> {
    return this.donations({ ...query, resource: 'venue_time' });
  }

  async donation(donationId: string, consistency: Consistency = {}): Promise<DonationDetail> {
    await this.consistent(consistency, [RESOURCES_LIST]);
    const row = await this.db.selectFrom('donations').selectAll().where('donation_id', '=', donationId).executeTakeFirst();
    if (!row) throw notFound('DONATION_NOT_FOUND', 'No such donation', { donationId });
    const matches = await this.db
      .selectFrom('donation_matches')
      .selectAll()
      .where('donation_id', '=', donationId)
      .orderBy('matched_at')
      .orderBy('match_id')
      .execute();
    return {
      ...toDonationItem(row),
      receiptNumber: row.receipt_number,
      receiptedFen: row.receipted_fen === null ? null : Number(row.receipted_fen),
      receiptVoided: row.receipt_voided === 1,
      matches: matches.map(toDonationMatchItem),
    };
  }

  async donationMatches(
    query: ListQuery<{ donationId?: string; targetKind?: string; targetId?: string; category?: string }> = {},
  ): Promise<Page<DonationMatchItem>> {
    await this.consistent(query, [RESOURCES_LIST]);
    let select = withArea(this.db.selectFrom('donation_matches').selectAll(), query);
    if (query.donationId) select = select.where('donation_id', '=', query.donationId);
    if (query.targetKind) select = select.where('target_kind', '=', query.targetKind);
    if (query.targetId) select = select.where('target_id', '=', query.targetId);
    if (query.category) select = select.where('category', '=', query.category);
    return paginate(select, { list: 'donation-matches', sort: 'matched_at', id: 'match_id', direction: 'desc' }, query, toDonationMatchItem);
  }

  async donationMatch(matchId: string, consistency: Consistency = {}): Promise<DonationMatchItem> {
    await this.consistent(consistency, [RESOURCES_LIST]);
    const row = await this.db.selectFrom('donation_matches').selectAll().where('match_id', '=', matchId).executeTakeFirst();
    if (!row) throw notFound('DONATION_MATCH_NOT_FOUND', 'No such donation match', { matchId });
    return toDonationMatchItem(row);
  }

  async organisations(
    query: ListQuery<{ category?: string; status?: string; kind?: string; withCapacity?: boolean; mayBid?: boolean }> = {},
  ): Promise<Page<OrganisationItem>> {
    await this.consistent(query, [RESOURCES_LIST]);
    let select = withArea(this.db.selectFrom('organisations').selectAll(), query);
    if (query.category) {
      const category = query.category;
      select = select.where((eb) =>
        eb.exists(
          eb
            .selectFrom('resource_categories')
            .select('resource_categories.resource_id')
            .where('resource_categories.resource_kind', '=', 'organisation')
            .whereRef('resource_categories.resource_id', '=', 'organisations.organisation_id')
            .where('resource_categories.category', '=', category),
        ),
      );
    }
    if (query.status) select = select.where('status', '=', query.status);
    if (query.kind) select = select.where('kind', '=', query.kind);
    if (query.withCapacity) select = select.where((eb) => eb('capacity', '>', eb.ref('active_contracts')));
    if (query.mayBid) select = select.where('status', '=', 'registered').where('latest_inspection', '!=', 'failed');
    return paginate(select, { list: 'organisations', sort: 'registered_at', id: 'organisation_id', direction: 'desc' }, query, toOrganisationItem);
  }

  async organisation(organisationId: string, consistency: Consistency = {}): Promise<OrganisationDetail> {
    await this.consistent(consistency, [RESOURCES_LIST, PROJECTS_LIST]);
    const row = await this.db.selectFrom('organisations').selectAll().where('organisation_id', '=', organisationId).executeTakeFirst();
    if (!row) throw notFound('ORGANISATION_NOT_FOUND', 'No such organisation', { organisationId });
    const projects = await this.db
      .selectFrom('projects')
      .select(['project_id', 'title', 'status'])
      .where('contractor_organisation_id', '=', organisationId)
      .orderBy('signed_at')
      .orderBy('project_id')
      .execute();
    return {
      ...toOrganisationItem(row),
      unifiedSocialCreditCode: row.unified_social_credit_code,
      budgetFunded: row.budget_funded === 1,
      statusReason: row.status_reason,
      gradeYear: row.grade_year,
      contractedProjects: projects.map((project) => ({ projectId: project.project_id, title: project.title, status: project.status })),
    };
  }

  async communities(query: ListQuery<{ kind?: string }> = {}): Promise<Page<CommunityItem>> {
    await this.consistent(query, [RESOURCES_LIST]);
    let select = withArea(this.db.selectFrom('communities').selectAll(), query);
    if (query.kind) select = select.where('kind', '=', query.kind);
    return paginate(select, { list: 'communities', sort: 'community_id', id: 'community_id', direction: 'asc' }, query, toCommunityItem);
  }

  async community(communityId: string, consistency: Consistency = {}): Promise<CommunityItem & { indicators: Indicators }> {
    await this.consistent(consistency, [RESOURCES_LIST, NEEDS_LIST, PROJECTS_LIST]);
    const row = await this.db.selectFrom('communities').selectAll().where('community_id', '=', communityId).executeTakeFirst();
    if (!row) throw notFound('COMMUNITY_NOT_FOUND', 'No such community', { communityId });
    return { ...toCommunityItem(row), indicators: await computeIndicators(this.db, 'community', row.community) };
  }

  // -- indicators --------------------------------------------------------------------------------

  /** DOMAIN.md indicators for one community, street, district or city, computed from the lists now. */
  async indicators(level: string, code: string, consistency: Consistency = {}): Promise<Indicators> {
    await this.consistent(consistency, [RESOURCES_LIST, NEEDS_LIST, PROJECTS_LIST]);
    return computeIndicators(this.db, level, code);
  }

  // ---------------------------------------------------------------------------------------------

  private async consistent(consistency: Consistency, projections: readonly string[]): Promise<void> {
    if (consistency.minPosition === undefined || consistency.minPosition <= 0) return;
    await this.waiter.waitForPosition(consistency.minPosition, this.waitTimeoutMs, { projections });
  }

  /** Rule 10: reports a contract in force owes by now and has not filed, per project. */
  private async reportsOwedFor(rows: readonly ProjectRow[]): Promise<Map<string, OwedReport[]>> {
    const contracted = rows.filter((row) => row.status === 'contracted' && row.signed_at && row.ends_at);
    const owed = new Map<string, OwedReport[]>();
    if (contracted.length === 0) return owed;
    const briefs = await this.db
      .selectFrom('project_reports')
      .select(['project_id', 'period'])
      .where('kind', '=', 'monthly_brief')
      .where(
        'project_id',
        'in',
        contracted.map((row) => row.project_id),
      )
      .execute();
    const now = this.clock();
    for (const row of contracted) {
      const filed = new Set(briefs.filter((brief) => brief.project_id === row.project_id).map((brief) => brief.period));
      owed.set(row.project_id, reportsOwed(row, filed, now));
    }
    return owed;
  }
}

/**
 * Mirrors the project aggregate's `reportsDue` (rule 10) over the read model: a monthly brief
 * for each China-local month of the term that has ended, the mid-term report at half the term,
 * the final report at the end.
 */
export function reportsOwed(
  row: Pick<ProjectRow, 'signed_at' | 'ends_at' | 'contract_term_months' | 'mid_term_filed' | 'final_filed'>,
  monthlyBriefsFiled: ReadonlySet<string>,
  now: Date,
): OwedReport[] {
  if (!row.signed_at || !row.ends_at) return [];
  const signedAt = new Date(row.signed_at);
  const endsAt = new Date(row.ends_at);
  const owed: OwedReport[] = [];
  const lastMonth = chinaMonthOf(new Date(endsAt.getTime() - 1));
  for (let month = chinaMonthOf(signedAt); month <= lastMonth; month = nextMonth(month)) {
    const dueAt = chinaMonthEnd(month);
    if (dueAt > now) break;
    if (!monthlyBriefsFiled.has(month)) owed.push({ kind: 'monthly_brief', period: month, dueAt: dueAt.toISOString() });
  }
  const midTermDueAt = addMonths(signedAt, Math.floor((row.contract_term_months ?? 0) / 2));
  if (row.mid_term_filed !== 1 && midTermDueAt <= now) {
    owed.push({ kind: 'mid_term', period: `${chinaDateOf(signedAt)}/${chinaDateOf(midTermDueAt)}`, dueAt: midTermDueAt.toISOString() });
  }
  if (row.final_filed !== 1 && endsAt <= now) {
    owed.push({ kind: 'final', period: `${chinaDateOf(signedAt)}/${chinaDateOf(endsAt)}`, dueAt: endsAt.toISOString() });
  }
  return owed;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function withArea<Query extends SelectQueryBuilder<any, any, any>>(query: Query, area: AreaFilter): Query {
  let filtered = query;
  for (const level of ['city', 'district', 'street', 'community'] as const) {
    const code = area[level];
    if (code) filtered = filtered.where(level, '=', code) as Query;
  }
  return filtered;
}

const money = (value: number | null): number | null => (value === null ? null : Number(value));

function toNeedItem(row: NeedRow): NeedListItem {
  return {
    needId: row.need_id,
    communityId: row.community_id,
    area: areaOf(row),
    title: row.title,
    category: row.category,
    urgency: row.urgency,
    status: row.status,
    beneficiaries: row.beneficiaries,
    hoursPerWeek: row.hours_per_week,
    amountFen: money(row.amount_fen),
    listedAt: row.listed_at,
    firstMatchedAt: row.first_matched_at,
    timeToFirstMatchSeconds: money(row.first_match_seconds),
    matches: row.matches_count,
    matchedAmountFen: Number(row.matched_amount_fen),
    matchedHoursPerWeek: row.matched_hours_per_week,
    coveringProjectIds: fromJson<string[]>(row.project_ids),
    fulfilledAt: row.fulfilled_at,
    withdrawn: row.withdrawn === 1,
  };
}

function toNeedMatchItem(row: NeedMatchRow): NeedMatchItem {
  return {
    matchId: row.match_id,
    needId: row.need_id,
    resource: { kind: row.resource_kind, id: row.resource_id },
    amountFen: money(row.amount_fen),
    hoursPerWeek: row.hours_per_week,
    firstMatch: row.first_match === 1,
    category: row.category,
    area: areaOf(row),
    listedAt: row.listed_at,
    matchedAt: row.matched_at,
  };
}

function toProjectItem(row: ProjectRow, reportsOverdue: number): ProjectListItem {
  const cost = Number(row.contract_price_fen ?? row.budget_fen);
  const matched = Number(row.funding_matched_fen);
  return {
    projectId: row.project_id,
    title: row.title,
    kind: row.kind,
    stationLevel: row.station_level,
    area: areaOf(row),
    categories: fromJson<string[]>(row.categories),
    status: row.status,
    budgetFen: Number(row.budget_fen),
    contractPriceFen: money(row.contract_price_fen),
    contractor: row.contractor_organisation_id ? { organisationId: row.contractor_organisation_id, name: row.contractor_name } : null,
    fundingMatchedFen: matched,
    fundingGapFen: Math.max(0, cost - matched),
    deliveries: row.deliveries_count,
    deliveredHours: row.delivered_hours,
    socialWorkerHours: row.social_worker_hours,
    volunteerHours: row.volunteer_hours,
    beneficiariesServed: row.beneficiaries_served,
    satisfaction: {
      good: row.ratings_good,
      bad: row.ratings_bad,
      ratings: row.ratings_count,
      averageScore: row.ratings_count > 0 ? Math.round((row.score_sum / row.ratings_count) * 100) / 100 : null,
    },
    reports: { filed: row.reports_filed, overdue: reportsOverdue },
    staff: {
      count: row.staff_count,
      qualified: row.staff_qualified,
      meetsStationRule: row.kind === 'social_work_station' ? isStationStaffed(row.staff_count, row.staff_qualified) : null,
    },
    designedAt: row.designed_at,
    signedAt: row.signed_at,
    endsAt: row.ends_at,
  };
}

function toBidItem(row: ProjectBidRow): BidItem {
  return {
    bidId: row.bid_id,
    projectId: row.project_id,
    organisationId: row.organisation_id,
    organisationKind: row.organisation_kind,
    priceFen: Number(row.price_fen),
    proposal: row.proposal,
    status: row.status,
    submittedAt: row.submitted_at,
    withdrawnAt: row.withdrawn_at,
  };
}

function toVolunteerItem(row: VolunteerRow): VolunteerItem {
  return {
    volunteerId: row.volunteer_id,
    area: areaOf(row),
    status: row.status,
    skills: fromJson<string[]>(row.skills),
    categories: fromJson<string[]>(row.categories),
    hoursPerWeek: { declared: row.hours_per_week_declared, assigned: row.hours_per_week_assigned, remaining: row.hours_per_week_remaining },
    activeAssignments: row.active_assignments,
    hoursLogged: row.hours_logged,
    registeredOn: row.registered_on,
    lastServedOn: row.last_served_on,
  };
}

function toAssignment(row: VolunteerAssignmentRow) {
  return {
    assignmentId: row.assignment_id,
    target: { kind: row.target_kind, id: row.target_id },
    hoursPerWeek: row.hours_per_week,
    assignedOn: row.assigned_on,
    endedOn: row.ended_on,
    hoursLogged: row.hours_logged,
  };
}

function toSocialWorkerItem(row: SocialWorkerRow): SocialWorkerItem {
  return {
    socialWorkerId: row.social_worker_id,
    baseLevel: row.base_level,
    area: areaOf(row),
    status: row.status,
    grade: row.grade,
    hasSocialWorkDegree: row.has_social_work_degree === 1,
    qualified: row.qualified === 1,
    employerOrganisationId: row.employer_organisation_id,
    assignedHoursPerWeek: row.assigned_hours_per_week,
    activeProjects: row.active_projects,
  };
}

function toDonationItem(row: DonationRow): DonationItem {
  return {
    donationId: row.donation_id,
    donor: { kind: row.donor_kind, name: row.donor_name },
    resource: row.resource,
    description: row.description,
    area: areaOf(row),
    pledgedFen: Number(row.pledged_fen),
    matchedFen: Number(row.matched_fen),
    disbursedFen: Number(row.disbursed_fen),
    refundedFen: Number(row.refunded_fen),
    balanceFen: Number(row.balance_fen),
    earmark:
      row.earmarked === 1
        ? { category: row.earmark_category, district: row.earmark_district, street: row.earmark_street, community: row.earmark_community }
        : null,
    status: row.status,
    expiresOn: row.expires_on,
    autoMatch: row.auto_match === 1,
    pledgedAt: row.pledged_at,
  };
}

function toDonationMatchItem(row: DonationMatchRow): DonationMatchItem {
  return {
    matchId: row.match_id,
    donationId: row.donation_id,
    target: { kind: row.target_kind, id: row.target_id },
    category: row.category,
    area: areaOf(row),
    amountFen: Number(row.amount_fen),
    disbursedFen: Number(row.disbursed_fen),
    automatic: row.automatic === 1,
    released: row.released === 1,
    matchedAt: row.matched_at,
  };
}

function toOrganisationItem(row: OrganisationRow): OrganisationItem {
  return {
    organisationId: row.organisation_id,
    name: row.name,
    kind: row.kind,
    area: areaOf(row),
    communityBased: row.community_based === 1,
    serviceCategories: fromJson<string[]>(row.service_categories),
    status: row.status,
    grade: row.grade,
    latestInspection: { result: row.latest_inspection, year: row.latest_inspection_year },
    capacity: row.capacity,
    activeContracts: row.active_contracts,
    remainingCapacity: Math.max(0, row.capacity - row.active_contracts),
    stationContracts: row.station_contracts,
    mayBid: row.status === 'registered' && row.latest_inspection !== 'failed',
  };
}

function toCommunityItem(row: CommunityRow): CommunityItem {
  return {
    communityId: row.community_id,
    name: row.name,
    area: areaOf(row),
    kind: row.kind,
    residents: row.residents,
    households: row.households,
  };
}
