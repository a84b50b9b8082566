import type { AreaColumns } from '../shared/columns.js';

/** The projection's name: its checkpoint's key, and what read-your-writes waits for. */
export const RESOURCES_LIST = 'resources-list';

/**
 * 服务资源清单: what the five forces bring. Communities (the platform), organisations and their
 * capacity, social workers, volunteers and their free hours, donations with their unallocated
 * balance (venue time donations are the venues list).
 */
export interface ResourcesListTables {
  communities: CommunityRow;
  organisations: OrganisationRow;
  social_workers: SocialWorkerRow;
  volunteers: VolunteerRow;
  volunteer_assignments: VolunteerAssignmentRow;
  /** Every hours entry of every volunteer: typed ones with their confirmation, and the check-outs. */
  volunteer_hour_entries: VolunteerHourEntryRow;
  /** Categories of organisations and volunteers, one row each, so a category filter uses an index. */
  resource_categories: { resource_kind: 'organisation' | 'volunteer'; resource_id: string; category: string };
  donations: DonationRow;
  donation_matches: DonationMatchRow;
  /** 特殊困难老年人名册: who the monthly home-visit rate divides by (seed 003 column 3). */
  elders: ElderRow;
  home_visits: HomeVisitRow;
  /** 公益创投 grants: money a round awarded, earmarked to the funded project (issue 13 item 8). */
  grants: GrantRow;
}

export interface CommunityRow extends AreaColumns {
  community_id: string;
  name: string;
  kind: string;
  residents: number;
  households: number;
  registered_at: string;
}

export interface OrganisationRow extends AreaColumns {
  organisation_id: string;
  name: string;
  kind: string;
  unified_social_credit_code: string;
  budget_funded: number;
  /** 1 when it is seated in one community; district-wide organisations have street and community ''. */
  community_based: number;
  service_categories: string;
  capacity: number;
  active_contracts: number;
  station_contracts: number;
  status: string;
  status_reason: string | null;
  latest_inspection: 'none' | 'passed' | 'failed';
  latest_inspection_year: number | null;
  grade: number;
  grade_year: number | null;
  registered_at: string;
}

export interface SocialWorkerRow extends AreaColumns {
  social_worker_id: string;
  person_ref: string;
  /** 'community' (a post in one community) or 'district' (the general station); district bases leave street/community ''. */
  base_level: string;
  has_social_work_degree: number;
  grade: string | null;
  certified_on: string | null;
  /** Rule 1: a degree or a national certificate. */
  qualified: number;
  employer_organisation_id: string | null;
  /** JSON object projectId -> weekly hours. */
  assignments: string;
  assigned_hours_per_week: number;
  active_projects: number;
  status: string;
  registered_at: string;
}

export interface VolunteerRow extends AreaColumns {
  volunteer_id: string;
  person_ref: string;
  registered_on: string;
  status: string;
  skills: string;
  categories: string;
  hours_per_week_declared: number;
  availability_windows: string;
  hours_per_week_assigned: number;
  hours_per_week_remaining: number;
  active_assignments: number;
  hours_logged: number;
  /** Of hours_logged, those entered by someone other than the volunteer or its committee (a flag for review). */
  hours_flagged: number;
  last_served_on: string | null;
  registered_at: string;
}

export interface VolunteerAssignmentRow {
  assignment_id: string;
  volunteer_id: string;
  target_kind: string;
  target_id: string;
  hours_per_week: number;
  assigned_on: string;
  ended_on: string | null;
  hours_logged: number;
}

/**
 * One entry of hours served. `source`: self_reported (typed by the volunteer, waits for its
 * coordinator), coordinator (typed by a committee or office, counted at once; flagged unless the
 * committee typed them) or session (a check-out; entry_id is the session's id). Only `confirmed` counts.
 */
export interface VolunteerHourEntryRow {
  volunteer_id: string;
  source: 'self_reported' | 'coordinator' | 'session';
  entry_id: string;
  assignment_id: string;
  target_kind: string;
  target_id: string;
  hours: number;
  served_on: string;
  status: 'pending' | 'confirmed' | 'declined';
  flagged: number;
  logged_by_id: string | null;
  logged_by_role: string | null;
  logged_at: string;
  /** Who confirmed or declined it: the coordinator who typed it, for a coordinator's entry; null for a session. */
  decided_by_id: string | null;
  decided_by_role: string | null;
  decided_at: string | null;
  decline_reason: string | null;
}

export type DonationListStatus = 'open' | 'allocated' | 'expired' | 'refunded';

export interface DonationRow extends AreaColumns {
  donation_id: string;
  donor_kind: string;
  donor_name: string;
  donor_ref: string | null;
  resource: string;
  description: string;
  pledged_fen: number;
  /** Held by matches still standing (released matches give it back). */
  matched_fen: number;
  disbursed_fen: number;
  refunded_fen: number;
  /** Unallocated balance: what matching may still use (rule 12). */
  balance_fen: number;
  earmarked: number;
  earmark_category: string | null;
  earmark_district: string | null;
  earmark_street: string | null;
  earmark_community: string | null;
  expires_on: string | null;
  auto_match: number;
  status: DonationListStatus;
  receipt_number: string | null;
  /** Fen the receipt states now, after refunds corrected it; null while not receipted. */
  receipted_fen: number | null;
  /** 1 when a refund took back everything receipted. */
  receipt_voided: number;
  pledged_at: string;
}

/** A donation's match, placed where it went (the target's area) for funds-matched indicators. */
export interface DonationMatchRow extends AreaColumns {
  match_id: string;
  donation_id: string;
  target_kind: string;
  target_id: string;
  category: string;
  resource: string;
  donor_kind: string;
  amount_fen: number;
  disbursed_fen: number;
  automatic: number;
  released: number;
  matched_at: string;
  released_at: string | null;
}

export interface ElderRow extends AreaColumns {
  elder_id: string;
  person_ref: string;
  /** JSON list of circumstances (living_alone, empty_nest...). */
  circumstances: string;
  status: 'registered' | 'removed';
  registered_at: string;
  removed_at: string | null;
}

/** One home visit; `met` 0 for an attempt that did not see the person (not a visit for the rate). */
export interface HomeVisitRow extends AreaColumns {
  visit_id: string;
  elder_id: string;
  visited_on: string;
  /** YYYY-MM of visited_on: the month the visit counts for. */
  visit_month: string;
  met: number;
  outcome: string;
  visitor_kind: string;
  recorded_at: string;
}

/**
 * A grant a 公益创投 round awarded: a funding resource earmarked to one funded application (its
 * project), with its funder; filed where the project serves.
 */
export interface GrantRow extends AreaColumns {
  /** `<roundId>:<applicationId>`. */
  grant_id: string;
  round_id: string;
  round_title: string;
  funder_kind: string;
  funder_name: string;
  application_id: string;
  organisation_id: string;
  organisation_name: string;
  project_title: string;
  category: string;
  amount_fen: number;
  awarded_at: string;
}
