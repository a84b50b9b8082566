import type { AreaColumns } from '../shared/columns.js';

/** The projection's name: its checkpoint's key, and what read-your-writes waits for. */
export const PROJECTS_LIST = 'projects-list';

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
  project_challenges: ProjectChallengeRow;
}

/** 'awarded' 公示期 (or waiting to sign once it ran), 'challenged' 质疑中. */
export type ProjectListStatus = 'designed' | 'published' | 'bidding_closed' | 'awarded' | 'challenged' | 'contracted' | 'terminated' | 'completed';

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
  award_bid_id: string | null;
  award_organisation_id: string | null;
  award_organisation_name: string | null;
  award_price_fen: number | null;
  awarded_at: string | null;
  standstill_last_day: string | null;
  /** The deadline a notification of the challenge period ending keys on (midnight Beijing after the last day). */
  standstill_ends_at: string | null;
  challenges_lodged: number;
  challenges_open: number;
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
  /** 配捐: what matching pools gave for the gifts to the project (GiftMatched less GiftMatchReversed). */
  funding_pool_fen: number;
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

export type BidStatus = 'submitted' | 'withdrawn' | 'standing' | 'awarded' | 'won' | 'lost';

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

export type ProjectChallengeStatus = 'open' | 'upheld' | 'dismissed' | 'lapsed';

/** 质疑: each challenge of an award and the bureau's answer. */
export interface ProjectChallengeRow {
  challenge_id: string;
  project_id: string;
  organisation_id: string;
  awarded_bid_id: string;
  grounds: string;
  status: ProjectChallengeStatus;
  lodged_at: string;
  answered_at: string | null;
  reasons: string | null;
}
