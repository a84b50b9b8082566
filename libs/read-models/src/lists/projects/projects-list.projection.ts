import type { Transaction } from 'kysely';
import type {
  BiddingClosedData,
  BidSubmittedData,
  BidWithdrawnData,
  ContractEvaluatedData,
  ContractTerminatedData,
  DonationMatchedData,
  DonationMatchReleasedData,
  OrganisationContractedData,
  ProjectCompletedData,
  ProjectDesignedData,
  ProjectPublishedForPurchaseData,
  ProjectStaffAssignedData,
  ProjectStaffReleasedData,
  ReportFiledData,
  ServiceDeliveredData,
  ServiceRatedData,
  StaffOnPostConfirmedData,
} from '#domain';
import type { RecordedEvent } from '#event-store';
import { projectionTables, type Projection } from '../../framework/projection.js';
import { addAreaColumns, areaColumns, flag, roundHours, toJson, type AreaColumns } from '../shared/columns.js';

/** 民生项目清单: projects with their bids, staff, deliveries, weekly station hours, ratings and reports. */
export interface ProjectsListTables {
  projects: ProjectRow;
  project_categories: { project_id: string; category: string };
  project_bids: ProjectBidRow;
  project_staff: ProjectStaffRow;
  project_deliveries: ProjectDeliveryRow;
  station_weekly_hours: StationWeeklyHoursRow;
  project_ratings: ProjectRatingRow;
  project_reports: ProjectReportRow;
  project_evaluations: ProjectEvaluationRow;
  project_fundings: ProjectFundingRow;
}

export type ProjectListStatus = 'designed' | 'published' | 'bidding_closed' | 'contracted' | 'terminated' | 'completed';

export interface ProjectRow extends AreaColumns {
  project_id: string;
  title: string;
  kind: string;
  station_level: string | null;
  categories: string;
  need_ids: string;
  budget_fen: number;
  period_start: string;
  period_months: number;
  requirements: string;
  designed_at: string;
  status: ProjectListStatus;
  published_at: string | null;
  bid_deadline: string | null;
  minimum_grade: number | null;
  bids_submitted: number;
  bids_withdrawn: number;
  bidding_closed_at: string | null;
  contract_bid_id: string | null;
  contractor_organisation_id: string | null;
  contractor_name: string | null;
  contract_price_fen: number | null;
  contract_term_months: number | null;
  settlement_method: string | null;
  signed_at: string | null;
  staff_on_post_deadline: string | null;
  ends_at: string | null;
  staff_on_post_at: string | null;
  staff_count: number;
  staff_qualified: number;
  /** Charity money matched to the project (DonationMatched with a project target). */
  funding_matched_fen: number;
  deliveries_count: number;
  /** Sum of the deliveries' durations. */
  delivered_hours: number;
  social_worker_hours: number;
  volunteer_hours: number;
  beneficiaries_served: number;
  ratings_good: number;
  ratings_bad: number;
  ratings_count: number;
  score_sum: number;
  reports_filed: number;
  monthly_briefs_filed: number;
  mid_term_filed: number;
  final_filed: number;
  latest_evaluation_year: number | null;
  latest_evaluation_grade: string | null;
  latest_evaluation_score: number | null;
  terminated_at: string | null;
  termination_reason: string | null;
  completed_at: string | null;
}

export type BidStatus = 'submitted' | 'withdrawn' | 'standing' | 'won' | 'lost';

export interface ProjectBidRow {
  bid_id: string;
  project_id: string;
  organisation_id: string;
  organisation_kind: string;
  price_fen: number;
  proposal: string;
  status: BidStatus;
  submitted_at: string;
  withdrawn_at: string | null;
}

export interface ProjectStaffRow {
  project_id: string;
  social_worker_id: string;
  organisation_id: string;
  qualified: number;
  grade: string | null;
  active: number;
  assigned_at: string;
  released_at: string | null;
  release_reason: string | null;
}

export interface ProjectDeliveryRow extends AreaColumns {
  delivery_id: string;
  project_id: string;
  project_kind: string;
  organisation_id: string;
  community_id: string;
  category: string;
  service_item: string;
  hours: number;
  social_worker_hours: number;
  volunteer_hours: number;
  social_workers: number;
  volunteers: number;
  beneficiaries: number;
  delivered_on: string;
  week_of: string;
}

/** Rule 2 made visible: hours each station social worker served per ISO week (Monday). */
export interface StationWeeklyHoursRow {
  project_id: string;
  social_worker_id: string;
  week_of: string;
  hours: number;
}

export interface ProjectRatingRow extends AreaColumns {
  rating_id: string;
  project_id: string;
  delivery_id: string | null;
  organisation_id: string;
  rating: string;
  score: number;
  rated_at: string;
}

export interface ProjectReportRow {
  report_id: string;
  project_id: string;
  organisation_id: string;
  kind: string;
  period: string;
  summary: string;
  filed_at: string;
}

export interface ProjectEvaluationRow {
  project_id: string;
  year: number;
  organisation_id: string;
  grade: string;
  score: number;
  continues: number;
  evaluated_at: string;
}

export interface ProjectFundingRow {
  match_id: string;
  project_id: string;
  donation_id: string;
  resource: string;
  donor_kind: string;
  amount_fen: number;
  automatic: number;
  released: number;
  matched_at: string;
}

export interface ProjectsListEvents {
  ProjectDesigned: ProjectDesignedData;
  ProjectPublishedForPurchase: ProjectPublishedForPurchaseData;
  BidSubmitted: BidSubmittedData;
  BidWithdrawn: BidWithdrawnData;
  BiddingClosed: BiddingClosedData;
  OrganisationContracted: OrganisationContractedData;
  ProjectStaffAssigned: ProjectStaffAssignedData;
  ProjectStaffReleased: ProjectStaffReleasedData;
  StaffOnPostConfirmed: StaffOnPostConfirmedData;
  ServiceDelivered: ServiceDeliveredData;
  ReportFiled: ReportFiledData;
  ServiceRated: ServiceRatedData;
  ContractEvaluated: ContractEvaluatedData;
  ContractTerminated: ContractTerminatedData;
  ProjectCompleted: ProjectCompletedData;
  DonationMatched: DonationMatchedData;
  DonationMatchReleased: DonationMatchReleasedData;
}

type Trx = Transaction<ProjectsListTables>;

const sum = (values: Readonly<Record<string, number>>): number => roundHours(Object.values(values).reduce((total, hours) => total + hours, 0));

async function requireProject(trx: Trx, event: RecordedEvent<{ projectId: string }>): Promise<ProjectRow> {
  const project = await trx.selectFrom('projects').selectAll().where('project_id', '=', event.data.projectId).executeTakeFirst();
  if (!project) throw new Error(`${event.type} for project ${event.data.projectId}, which was never designed`);
  return project;
}

async function updateProject(trx: Trx, projectId: string, patch: Partial<ProjectRow>): Promise<void> {
  await trx.updateTable('projects').set(patch).where('project_id', '=', projectId).execute();
}

async function recountStaff(trx: Trx, projectId: string): Promise<void> {
  const staff = await trx
    .selectFrom('project_staff')
    .select(['qualified'])
    .where('project_id', '=', projectId)
    .where('active', '=', 1)
    .execute();
  await updateProject(trx, projectId, {
    staff_count: staff.length,
    staff_qualified: staff.filter((member) => member.qualified === 1).length,
  });
}

export class ProjectsListProjection implements Projection<ProjectsListTables, ProjectsListEvents> {
  readonly name = 'projects-list';
  readonly version = 1;

  readonly tables = projectionTables<ProjectsListTables>(
    [
      'projects',
      'project_categories',
      'project_bids',
      'project_staff',
      'project_deliveries',
      'station_weekly_hours',
      'project_ratings',
      'project_reports',
      'project_evaluations',
      'project_fundings',
    ],
    async (db) => {
      await addAreaColumns(
        db.schema
          .createTable('projects')
          .ifNotExists()
          .addColumn('project_id', 'text', (c) => c.primaryKey())
          .addColumn('title', 'text', (c) => c.notNull()),
      )
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('station_level', 'text')
        .addColumn('categories', 'text', (c) => c.notNull())
        .addColumn('need_ids', 'text', (c) => c.notNull())
        .addColumn('budget_fen', 'bigint', (c) => c.notNull())
        .addColumn('period_start', 'text', (c) => c.notNull())
        .addColumn('period_months', 'integer', (c) => c.notNull())
        .addColumn('requirements', 'text', (c) => c.notNull())
        .addColumn('designed_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('published_at', 'text')
        .addColumn('bid_deadline', 'text')
        .addColumn('minimum_grade', 'integer')
        .addColumn('bids_submitted', 'integer', (c) => c.notNull())
        .addColumn('bids_withdrawn', 'integer', (c) => c.notNull())
        .addColumn('bidding_closed_at', 'text')
        .addColumn('contract_bid_id', 'text')
        .addColumn('contractor_organisation_id', 'text')
        .addColumn('contractor_name', 'text')
        .addColumn('contract_price_fen', 'bigint')
        .addColumn('contract_term_months', 'integer')
        .addColumn('settlement_method', 'text')
        .addColumn('signed_at', 'text')
        .addColumn('staff_on_post_deadline', 'text')
        .addColumn('ends_at', 'text')
        .addColumn('staff_on_post_at', 'text')
        .addColumn('staff_count', 'integer', (c) => c.notNull())
        .addColumn('staff_qualified', 'integer', (c) => c.notNull())
        .addColumn('funding_matched_fen', 'bigint', (c) => c.notNull())
        .addColumn('deliveries_count', 'integer', (c) => c.notNull())
        .addColumn('delivered_hours', 'double precision', (c) => c.notNull())
        .addColumn('social_worker_hours', 'double precision', (c) => c.notNull())
        .addColumn('volunteer_hours', 'double precision', (c) => c.notNull())
        .addColumn('beneficiaries_served', 'integer', (c) => c.notNull())
        .addColumn('ratings_good', 'integer', (c) => c.notNull())
        .addColumn('ratings_bad', 'integer', (c) => c.notNull())
        .addColumn('ratings_count', 'integer', (c) => c.notNull())
        .addColumn('score_sum', 'double precision', (c) => c.notNull())
        .addColumn('reports_filed', 'integer', (c) => c.notNull())
        .addColumn('monthly_briefs_filed', 'integer', (c) => c.notNull())
        .addColumn('mid_term_filed', 'integer', (c) => c.notNull())
        .addColumn('final_filed', 'integer', (c) => c.notNull())
        .addColumn('latest_evaluation_year', 'integer')
        .addColumn('latest_evaluation_grade', 'text')
        .addColumn('latest_evaluation_score', 'double precision')
        .addColumn('terminated_at', 'text')
        .addColumn('termination_reason', 'text')
        .addColumn('completed_at', 'text')
        .execute();
      await db.schema.createIndex('projects_by_design').ifNotExists().on('projects').columns(['designed_at', 'project_id']).execute();
      await db.schema.createIndex('projects_by_district').ifNotExists().on('projects').columns(['district', 'status']).execute();
      await db.schema.createIndex('projects_by_street').ifNotExists().on('projects').columns(['street', 'status']).execute();
      await db.schema.createIndex('projects_by_community').ifNotExists().on('projects').columns(['community', 'status']).execute();
      await db.schema.createIndex('projects_by_contractor').ifNotExists().on('projects').columns(['contractor_organisation_id']).execute();

      await db.schema
        .createTable('project_categories')
        .ifNotExists()
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('project_categories_pk', ['project_id', 'category'])
        .execute();
      await db.schema.createIndex('project_categories_by_category').ifNotExists().on('project_categories').columns(['category']).execute();

      await db.schema
        .createTable('project_bids')
        .ifNotExists()
        .addColumn('bid_id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('organisation_id', 'text', (c) => c.notNull())
        .addColumn('organisation_kind', 'text', (c) => c.notNull())
        .addColumn('price_fen', 'bigint', (c) => c.notNull())
        .addColumn('proposal', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('submitted_at', 'text', (c) => c.notNull())
        .addColumn('withdrawn_at', 'text')
        .execute();
      await db.schema.createIndex('project_bids_by_project').ifNotExists().on('project_bids').columns(['project_id', 'submitted_at']).execute();
      await db.schema.createIndex('project_bids_by_organisation').ifNotExists().on('project_bids').columns(['organisation_id']).execute();

      await db.schema
        .createTable('project_staff')
        .ifNotExists()
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('social_worker_id', 'text', (c) => c.notNull())
        .addColumn('organisation_id', 'text', (c) => c.notNull())
        .addColumn('qualified', 'integer', (c) => c.notNull())
        .addColumn('grade', 'text')
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('assigned_at', 'text', (c) => c.notNull())
        .addColumn('released_at', 'text')
        .addColumn('release_reason', 'text')
        .addPrimaryKeyConstraint('project_staff_pk', ['project_id', 'social_worker_id'])
        .execute();

      await addAreaColumns(
        db.schema
          .createTable('project_deliveries')
          .ifNotExists()
          .addColumn('delivery_id', 'text', (c) => c.primaryKey())
          .addColumn('project_id', 'text', (c) => c.notNull())
          .addColumn('project_kind', 'text', (c) => c.notNull())
          .addColumn('organisation_id', 'text', (c) => c.notNull())
          .addColumn('community_id', 'text', (c) => c.notNull())
          .addColumn('category', 'text', (c) => c.notNull())
          .addColumn('service_item', 'text', (c) => c.notNull())
          .addColumn('hours', 'double precision', (c) => c.notNull())
          .addColumn('social_worker_hours', 'double precision', (c) => c.notNull())
          .addColumn('volunteer_hours', 'double precision', (c) => c.notNull())
          .addColumn('social_workers', 'integer', (c) => c.notNull())
          .addColumn('volunteers', 'integer', (c) => c.notNull())
          .addColumn('beneficiaries', 'integer', (c) => c.notNull())
          .addColumn('delivered_on', 'text', (c) => c.notNull())
          .addColumn('week_of', 'text', (c) => c.notNull()),
      ).execute();
      await db.schema.createIndex('project_deliveries_by_project').ifNotExists().on('project_deliveries').columns(['project_id', 'delivered_on']).execute();
      await db.schema.createIndex('project_deliveries_by_district').ifNotExists().on('project_deliveries').columns(['district', 'street', 'community']).execute();

      await db.schema
        .createTable('station_weekly_hours')
        .ifNotExists()
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('social_worker_id', 'text', (c) => c.notNull())
        .addColumn('week_of', 'text', (c) => c.notNull())
        .addColumn('hours', 'double precision', (c) => c.notNull())
        .addPrimaryKeyConstraint('station_weekly_hours_pk', ['project_id', 'week_of', 'social_worker_id'])
        .execute();

      await addAreaColumns(
        db.schema
          .createTable('project_ratings')
          .ifNotExists()
          .addColumn('rating_id', 'text', (c) => c.primaryKey())
          .addColumn('project_id', 'text', (c) => c.notNull())
          .addColumn('delivery_id', 'text')
          .addColumn('organisation_id', 'text', (c) => c.notNull())
          .addColumn('rating', 'text', (c) => c.notNull())
          .addColumn('score', 'double precision', (c) => c.notNull())
          .addColumn('rated_at', 'text', (c) => c.notNull()),
      ).execute();
      await db.schema.createIndex('project_ratings_by_district').ifNotExists().on('project_ratings').columns(['district', 'street', 'community']).execute();

      await db.schema
        .createTable('project_reports')
        .ifNotExists()
        .addColumn('report_id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('organisation_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('filed_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('project_reports_by_project').ifNotExists().on('project_reports').columns(['project_id', 'filed_at']).execute();

      await db.schema
        .createTable('project_evaluations')
        .ifNotExists()
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('organisation_id', 'text', (c) => c.notNull())
        .addColumn('grade', 'text', (c) => c.notNull())
        .addColumn('score', 'double precision', (c) => c.notNull())
        .addColumn('continues', 'integer', (c) => c.notNull())
        .addColumn('evaluated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('project_evaluations_pk', ['project_id', 'year'])
        .execute();

      await db.schema
        .createTable('project_fundings')
        .ifNotExists()
        .addColumn('match_id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('donation_id', 'text', (c) => c.notNull())
        .addColumn('resource', 'text', (c) => c.notNull())
        .addColumn('donor_kind', 'text', (c) => c.notNull())
        .addColumn('amount_fen', 'bigint', (c) => c.notNull())
        .addColumn('automatic', 'integer', (c) => c.notNull())
        .addColumn('released', 'integer', (c) => c.notNull())
        .addColumn('matched_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('project_fundings_by_project').ifNotExists().on('project_fundings').columns(['project_id']).execute();
    },
  );

  readonly on = {
    ProjectDesigned: async (event: RecordedEvent<ProjectDesignedData>, trx: Trx) => {
      const project = event.data;
      await trx
        .insertInto('projects')
        .values({
          project_id: project.projectId,
          title: project.title,
          ...areaColumns(project.area),
          kind: project.kind,
          station_level: project.stationLevel,
          categories: toJson(project.categories),
          need_ids: toJson(project.needIds),
          budget_fen: project.budgetFen,
          period_start: project.period.start,
          period_months: project.period.months,
          requirements: project.requirements,
          designed_at: project.designedAt,
          status: 'designed',
          published_at: null,
          bid_deadline: null,
          minimum_grade: null,
          bids_submitted: 0,
          bids_withdrawn: 0,
          bidding_closed_at: null,
          contract_bid_id: null,
          contractor_organisation_id: null,
          contractor_name: null,
          contract_price_fen: null,
          contract_term_months: null,
          settlement_method: null,
          signed_at: null,
          staff_on_post_deadline: null,
          ends_at: null,
          staff_on_post_at: null,
          staff_count: 0,
          staff_qualified: 0,
          funding_matched_fen: 0,
          deliveries_count: 0,
          delivered_hours: 0,
          social_worker_hours: 0,
          volunteer_hours: 0,
          beneficiaries_served: 0,
          ratings_good: 0,
          ratings_bad: 0,
          ratings_count: 0,
          score_sum: 0,
          reports_filed: 0,
          monthly_briefs_filed: 0,
          mid_term_filed: 0,
          final_filed: 0,
          latest_evaluation_year: null,
          latest_evaluation_grade: null,
          latest_evaluation_score: null,
          terminated_at: null,
          termination_reason: null,
          completed_at: null,
        })
        .execute();
      const categories = [...new Set(project.categories)];
      if (categories.length > 0) {
        await trx
          .insertInto('project_categories')
          .values(categories.map((category) => ({ project_id: project.projectId, category })))
          .execute();
      }
    },

    ProjectPublishedForPurchase: async (event: RecordedEvent<ProjectPublishedForPurchaseData>, trx: Trx) => {
      await requireProject(trx, event);
      // A failed tender is published again: its bidding starts over.
      await updateProject(trx, event.data.projectId, {
        status: 'published',
        published_at: event.data.publishedAt,
        bid_deadline: event.data.deadline,
        minimum_grade: event.data.eligibility.minimumGrade,
        bidding_closed_at: null,
      });
    },

    BidSubmitted: async (event: RecordedEvent<BidSubmittedData>, trx: Trx) => {
      const project = await requireProject(trx, event);
      const bid = event.data;
      await trx
        .insertInto('project_bids')
        .values({
          bid_id: bid.bidId,
          project_id: bid.projectId,
          organisation_id: bid.organisationId,
          organisation_kind: bid.organisationKind,
          price_fen: bid.priceFen,
          proposal: bid.proposal,
          status: 'submitted',
          submitted_at: bid.submittedAt,
          withdrawn_at: null,
        })
        .execute();
      await updateProject(trx, bid.projectId, { bids_submitted: project.bids_submitted + 1 });
    },

    BidWithdrawn: async (event: RecordedEvent<BidWithdrawnData>, trx: Trx) => {
      const project = await requireProject(trx, event);
      await trx
        .updateTable('project_bids')
        .set({ status: 'withdrawn', withdrawn_at: event.data.withdrawnAt })
        .where('bid_id', '=', event.data.bidId)
        .execute();
      await updateProject(trx, event.data.projectId, { bids_withdrawn: project.bids_withdrawn + 1 });
    },

    BiddingClosed: async (event: RecordedEvent<BiddingClosedData>, trx: Trx) => {
      await requireProject(trx, event);
      if (event.data.bidIds.length > 0) {
        await trx
          .updateTable('project_bids')
          .set({ status: 'standing' })
          .where('project_id', '=', event.data.projectId)
          .where('bid_id', 'in', event.data.bidIds)
          .execute();
      }
      await updateProject(trx, event.data.projectId, { status: 'bidding_closed', bidding_closed_at: event.data.closedAt });
    },

    OrganisationContracted: async (event: RecordedEvent<OrganisationContractedData>, trx: Trx) => {
      await requireProject(trx, event);
      const contracted = event.data;
      await trx
        .updateTable('project_bids')
        .set({ status: 'lost' })
        .where('project_id', '=', contracted.projectId)
        .where('status', '=', 'standing')
        .execute();
      await trx.updateTable('project_bids').set({ status: 'won' }).where('bid_id', '=', contracted.bidId).execute();
      await updateProject(trx, contracted.projectId, {
        status: 'contracted',
        contract_bid_id: contracted.bidId,
        contractor_organisation_id: contracted.organisationId,
        contractor_name: contracted.organisationName,
        contract_price_fen: contracted.contract.priceFen,
        contract_term_months: contracted.contract.termMonths,
        settlement_method: contracted.contract.settlementMethod,
        signed_at: contracted.signedAt,
        staff_on_post_deadline: contracted.staffOnPostDeadline,
        ends_at: contracted.endsAt,
      });
    },

    ProjectStaffAssigned: async (event: RecordedEvent<ProjectStaffAssignedData>, trx: Trx) => {
      await requireProject(trx, event);
      const staff = event.data;
      const row = {
        organisation_id: staff.organisationId,
        qualified: flag(staff.qualified),
        grade: staff.grade,
        active: 1,
        assigned_at: staff.assignedAt,
        released_at: null,
        release_reason: null,
      };
      await trx
        .insertInto('project_staff')
        .values({ project_id: staff.projectId, social_worker_id: staff.socialWorkerId, ...row })
        .onConflict((oc) => oc.columns(['project_id', 'social_worker_id']).doUpdateSet(row))
        .execute();
      await recountStaff(trx, staff.projectId);
    },

    ProjectStaffReleased: async (event: RecordedEvent<ProjectStaffReleasedData>, trx: Trx) => {
      await requireProject(trx, event);
      await trx
        .updateTable('project_staff')
        .set({ active: 0, released_at: event.data.releasedAt, release_reason: event.data.reason })
        .where('project_id', '=', event.data.projectId)
        .where('social_worker_id', '=', event.data.socialWorkerId)
        .execute();
      await recountStaff(trx, event.data.projectId);
    },

    StaffOnPostConfirmed: async (event: RecordedEvent<StaffOnPostConfirmedData>, trx: Trx) => {
      await requireProject(trx, event);
      await updateProject(trx, event.data.projectId, { staff_on_post_at: event.data.confirmedAt });
    },

    ServiceDelivered: async (event: RecordedEvent<ServiceDeliveredData>, trx: Trx) => {
      const project = await requireProject(trx, event);
      const delivery = event.data;
      const socialWorkerHours = sum(delivery.hoursBySocialWorker);
      const volunteerHours = sum(delivery.hoursByVolunteer);
      await trx
        .insertInto('project_deliveries')
        .values({
          delivery_id: delivery.deliveryId,
          project_id: delivery.projectId,
          project_kind: delivery.projectKind,
          organisation_id: delivery.organisationId,
          community_id: delivery.communityId,
          ...areaColumns(delivery.area),
          category: delivery.category,
          service_item: delivery.serviceItem,
          hours: delivery.hours,
          social_worker_hours: socialWorkerHours,
          volunteer_hours: volunteerHours,
          social_workers: delivery.socialWorkerIds.length,
          volunteers: delivery.volunteerIds.length,
          beneficiaries: delivery.beneficiaries,
          delivered_on: delivery.deliveredOn,
          week_of: delivery.weekOf,
        })
        .execute();
      if (delivery.projectKind === 'social_work_station') {
        for (const [socialWorkerId, hours] of Object.entries(delivery.hoursBySocialWorker)) {
          const key = { project_id: delivery.projectId, social_worker_id: socialWorkerId, week_of: delivery.weekOf };
          const week = await trx
            .selectFrom('station_weekly_hours')
            .select('hours')
            .where('project_id', '=', key.project_id)
            .where('social_worker_id', '=', key.social_worker_id)
            .where('week_of', '=', key.week_of)
            .executeTakeFirst();
          if (week) {
            await trx
              .updateTable('station_weekly_hours')
              .set({ hours: roundHours(week.hours + hours) })
              .where('project_id', '=', key.project_id)
              .where('social_worker_id', '=', key.social_worker_id)
              .where('week_of', '=', key.week_of)
              .execute();
          } else {
            await trx.insertInto('station_weekly_hours').values({ ...key, hours: roundHours(hours) }).execute();
          }
        }
      }
      await updateProject(trx, delivery.projectId, {
        deliveries_count: project.deliveries_count + 1,
        delivered_hours: roundHours(project.delivered_hours + delivery.hours),
        social_worker_hours: roundHours(project.social_worker_hours + socialWorkerHours),
        volunteer_hours: roundHours(project.volunteer_hours + volunteerHours),
        beneficiaries_served: project.beneficiaries_served + delivery.beneficiaries,
      });
    },

    ReportFiled: async (event: RecordedEvent<ReportFiledData>, trx: Trx) => {
      const project = await requireProject(trx, event);
      const report = event.data;
      await trx
        .insertInto('project_reports')
        .values({
          report_id: report.reportId,
          project_id: report.projectId,
          organisation_id: report.organisationId,
          kind: report.kind,
          period: report.period,
          summary: report.summary,
          filed_at: report.filedAt,
        })
        .execute();
      await updateProject(trx, report.projectId, {
        reports_filed: project.reports_filed + 1,
        monthly_briefs_filed: project.monthly_briefs_filed + (report.kind === 'monthly_brief' ? 1 : 0),
        mid_term_filed: report.kind === 'mid_term' ? 1 : project.mid_term_filed,
        final_filed: report.kind === 'final' ? 1 : project.final_filed,
      });
    },

    ServiceRated: async (event: RecordedEvent<ServiceRatedData>, trx: Trx) => {
      const project = await requireProject(trx, event);
      const rated = event.data;
      await trx
        .insertInto('project_ratings')
        .values({
          rating_id: rated.ratingId,
          project_id: rated.projectId,
          delivery_id: rated.deliveryId,
          organisation_id: rated.organisationId,
          rating: rated.rating,
          score: rated.score,
          ...areaColumns(rated.area),
          rated_at: rated.ratedAt,
        })
        .execute();
      await updateProject(trx, rated.projectId, {
        ratings_good: project.ratings_good + (rated.rating === 'good' ? 1 : 0),
        ratings_bad: project.ratings_bad + (rated.rating === 'bad' ? 1 : 0),
        ratings_count: project.ratings_count + 1,
        score_sum: project.score_sum + rated.score,
      });
    },

    ContractEvaluated: async (event: RecordedEvent<ContractEvaluatedData>, trx: Trx) => {
      const project = await requireProject(trx, event);
      const evaluation = event.data;
      await trx
        .insertInto('project_evaluations')
        .values({
          project_id: evaluation.projectId,
          year: evaluation.year,
          organisation_id: evaluation.organisationId,
          grade: evaluation.grade,
          score: evaluation.score,
          continues: flag(evaluation.continues),
          evaluated_at: evaluation.evaluatedAt,
        })
        .execute();
      if (project.latest_evaluation_year === null || evaluation.year >= project.latest_evaluation_year) {
        await updateProject(trx, evaluation.projectId, {
          latest_evaluation_year: evaluation.year,
          latest_evaluation_grade: evaluation.grade,
          latest_evaluation_score: evaluation.score,
        });
      }
    },

    ContractTerminated: async (event: RecordedEvent<ContractTerminatedData>, trx: Trx) => {
      await requireProject(trx, event);
      await updateProject(trx, event.data.projectId, {
        status: 'terminated',
        terminated_at: event.data.terminatedAt,
        termination_reason: event.data.reason,
      });
    },

    ProjectCompleted: async (event: RecordedEvent<ProjectCompletedData>, trx: Trx) => {
      await requireProject(trx, event);
      await updateProject(trx, event.data.projectId, { status: 'completed', completed_at: event.data.completedAt });
    },

    DonationMatched: async (event: RecordedEvent<DonationMatchedData>, trx: Trx) => {
      const match = event.data;
      if (match.target.kind !== 'project') return;
      const projectId = match.target.projectId;
      const project = await requireProject(trx, { ...event, data: { projectId } });
      await trx
        .insertInto('project_fundings')
        .values({
          match_id: match.matchId,
          project_id: projectId,
          donation_id: match.donationId,
          resource: match.resource,
          donor_kind: match.donorKind,
          amount_fen: match.amountFen,
          automatic: flag(match.automatic),
          released: 0,
          // The event carries no business time of its own: the envelope's is the match's.
          matched_at: event.metadata.occurredAt,
        })
        .execute();
      await updateProject(trx, projectId, { funding_matched_fen: Number(project.funding_matched_fen) + match.amountFen });
    },

    DonationMatchReleased: async (event: RecordedEvent<DonationMatchReleasedData>, trx: Trx) => {
      const released = event.data;
      if (released.target.kind !== 'project') return;
      const projectId = released.target.projectId;
      const project = await requireProject(trx, { ...event, data: { projectId } });
      await trx.updateTable('project_fundings').set({ released: 1 }).where('match_id', '=', released.matchId).execute();
      await updateProject(trx, projectId, { funding_matched_fen: Number(project.funding_matched_fen) - released.amountFen });
    },
  };
}
