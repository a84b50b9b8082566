import type {
  BiddingClosedData,
  BidSubmittedData,
  BidWithdrawnData,
  ProjectDesignedData,
  ProjectPublishedForPurchaseData,
} from '#domain';
import type { RecordedEvent } from '#event-store';
import { areaColumns, toJson } from '../shared/columns.js';
import { NO_AWARD } from './award-and-challenges.handlers.js';
import { requireProject, updateProject, type ProjectsTrx } from './project-row.js';

/** The purchase phase: a project designed, published for purchase, bid on, bidding closed. */
export const onPurchase = {
  ProjectDesigned: async (event: RecordedEvent<ProjectDesignedData>, trx: ProjectsTrx) => {
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
        ...NO_AWARD,
        challenges_lodged: 0,
        challenges_open: 0,
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
        funding_pool_fen: 0,
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

  ProjectPublishedForPurchase: async (event: RecordedEvent<ProjectPublishedForPurchaseData>, trx: ProjectsTrx) => {
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

  BidSubmitted: async (event: RecordedEvent<BidSubmittedData>, trx: ProjectsTrx) => {
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

  BidWithdrawn: async (event: RecordedEvent<BidWithdrawnData>, trx: ProjectsTrx) => {
    const project = await requireProject(trx, event);
    await trx
      .updateTable('project_bids')
      .set({ status: 'withdrawn', withdrawn_at: event.data.withdrawnAt })
      .where('bid_id', '=', event.data.bidId)
      .execute();
    await updateProject(trx, event.data.projectId, { bids_withdrawn: project.bids_withdrawn + 1 });
  },

  BiddingClosed: async (event: RecordedEvent<BiddingClosedData>, trx: ProjectsTrx) => {
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
};
