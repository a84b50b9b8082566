import type { Kysely } from 'kysely';
import { notFound, STATION_WEEKLY_HOURS } from '#domain';
import type { Page } from '../../framework/cursor.js';
import type { ReadModelTables } from '../read-model-tables.js';
import { fromJson } from '../shared/columns.js';
import { endOfBeijingDay } from '../../framework/temporal/as-of-day.js';
import { listPage, whenTrue, type Consistency, type ListQuery, type ListShape, type ReadSide } from '../shared/list-query.js';
import { toChallengeItem, toProjectItem, type ProjectDetail, type ProjectListItem, type StationWeekItem } from './projects.items.js';
import { PROJECTS_LIST, type ProjectRow, type ProjectsListTables } from './projects.tables.js';
import { reportsOwedFor } from './reports-owed.js';

export interface ProjectsFilter {
  category?: string;
  status?: string;
  kind?: string;
  contractorOrganisationId?: string;
  withFundingGap?: boolean;
  /** Awards not yet signed whose standstill ends by this instant (a "challenge period ending" notice). */
  standstillEndsBy?: string;
}

/** An announced award whose standstill (质疑期) has not yet let a contract be signed. */
export interface StandstillEnding {
  readonly projectId: string;
  readonly bidId: string;
  readonly awardedOrganisationId: string;
  /** The last Beijing working day of the period (YYYY-MM-DD) and the instant it ends (UTC). */
  readonly lastDay: string;
  readonly endsAt: string;
}

/**
 * Every unsigned award (公示期 or 质疑中) whose standstill ends by `until`, soonest first: the
 * webhooks' "challenge period ending" notices (issue 13 items 3 and 6).
 */
export async function standstillsEndingBy(db: Kysely<ProjectsListTables>, until: Date): Promise<StandstillEnding[]> {
  const rows = await db
    .selectFrom('projects')
    .select(['project_id', 'award_bid_id', 'award_organisation_id', 'standstill_last_day', 'standstill_ends_at'])
    .where('status', 'in', ['awarded', 'challenged'])
    .where('standstill_ends_at', '<=', until.toISOString())
    .orderBy('standstill_ends_at')
    .orderBy('project_id')
    .execute();
  return rows.flatMap((row) =>
    row.award_bid_id && row.award_organisation_id && row.standstill_last_day && row.standstill_ends_at
      ? [{ projectId: row.project_id, bidId: row.award_bid_id, awardedOrganisationId: row.award_organisation_id, lastDay: row.standstill_last_day, endsAt: row.standstill_ends_at }]
      : [],
  );
}

/** Rows first: an item's overdue reports need one more query over the whole page. */
const projectsList: ListShape<ReadModelTables, 'projects', ProjectsFilter, ProjectRow> = {
  table: 'projects',
  owners: { contractor: 'contractor_organisation_id' },
  projections: [PROJECTS_LIST],
  order: { list: 'projects', sort: 'designed_at', id: 'project_id', direction: 'desc' },
  filters: {
    category: (select, category) =>
      select.where((eb) =>
        eb.exists(
          eb
            .selectFrom('project_categories')
            .select('project_categories.project_id')
            .whereRef('project_categories.project_id', '=', 'projects.project_id')
            .where('project_categories.category', '=', category),
        ),
      ),
    status: 'status',
    kind: 'kind',
    contractorOrganisationId: 'contractor_organisation_id',
    // ISO instants compare as text only in one form: the stored ones are UTC 'Z'.
    standstillEndsBy: (select, by) =>
      select.where('standstill_ends_at', '<=', new Date(by).toISOString()).where('status', 'in', ['awarded', 'challenged']),
    withFundingGap: whenTrue((select) =>
      select.where((eb) => eb(eb.fn.coalesce('contract_price_fen', 'budget_fen'), '>', eb(eb.ref('funding_matched_fen'), '+', eb.ref('funding_pool_fen')))),
    ),
  },
  toItem: (row) => row,
  asOf: true,
};

/** 民生项目清单: projects with their funding gap, delivery, staff, ratings and reports owed. */
export const projectsQueries = (reads: ReadSide<ReadModelTables>) => ({
  async projects(query: ListQuery<ProjectsFilter> = {}): Promise<Page<ProjectListItem>> {
    const page = await listPage(reads, projectsList, query);
    // As of a date, reports are owed as of the end of that day, counted against the briefs filed by then.
    const day = query.asOf ?? null;
    const at = day === null ? reads.clock() : endOfBeijingDay(day, reads.clock());
    const owed = await reportsOwedFor(reads.db, page.items, at, day);
    return { nextCursor: page.nextCursor, items: page.items.map((row) => toProjectItem(row, owed.get(row.project_id)?.length ?? 0, at)) };
  },

  async project(projectId: string, consistency: Consistency = {}): Promise<ProjectDetail> {
    await reads.consistent(consistency, [PROJECTS_LIST]);
    const { db } = reads;
    const row = await db.selectFrom('projects').selectAll().where('project_id', '=', projectId).executeTakeFirst();
    if (!row) throw notFound('PROJECT_NOT_FOUND', 'No such project', { projectId });
    const [staff, reports, evaluations, fundings, challenges, owed] = await Promise.all([
      db.selectFrom('project_staff').selectAll().where('project_id', '=', projectId).orderBy('assigned_at').orderBy('social_worker_id').execute(),
      db.selectFrom('project_reports').selectAll().where('project_id', '=', projectId).orderBy('filed_at').orderBy('report_id').execute(),
      db.selectFrom('project_evaluations').selectAll().where('project_id', '=', projectId).orderBy('year').execute(),
      db.selectFrom('project_fundings').selectAll().where('project_id', '=', projectId).orderBy('matched_at').orderBy('match_id').execute(),
      db.selectFrom('project_challenges').selectAll().where('project_id', '=', projectId).orderBy('lodged_at').orderBy('challenge_id').execute(),
      reportsOwedFor(db, [row], reads.clock()),
    ]);
    const reportsOwed = owed.get(projectId) ?? [];
    return {
      ...toProjectItem(row, reportsOwed.length, reads.clock()),
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
      challengeLog: challenges.map(toChallengeItem),
      terminatedAt: row.terminated_at,
      terminationReason: row.termination_reason,
      completedAt: row.completed_at,
    };
  },

  /** Rule 2 per station social worker and week, newest week first. */
  async stationWeeklyHours(projectId: string, options: Consistency & { weekOf?: string } = {}): Promise<StationWeekItem[]> {
    await reads.consistent(options, [PROJECTS_LIST]);
    let select = reads.db.selectFrom('station_weekly_hours').selectAll().where('project_id', '=', projectId);
    if (options.weekOf) select = select.where('week_of', '=', options.weekOf);
    const rows = await select.orderBy('week_of', 'desc').orderBy('social_worker_id').execute();
    return rows.map((row) => ({
      socialWorkerId: row.social_worker_id,
      weekOf: row.week_of,
      hours: row.hours,
      meetsRule2: row.hours >= STATION_WEEKLY_HOURS,
    }));
  },
});

export type ProjectsQueries = ReturnType<typeof projectsQueries>;
