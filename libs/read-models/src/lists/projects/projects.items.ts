import { isStationStaffed, type Area } from '#domain';
import { areaOf, fromJson, numberOrNull } from '../shared/columns.js';
import type { ProjectBidRow, ProjectChallengeRow, ProjectRow } from './projects.tables.js';
import type { OwedReport } from './reports-owed.js';

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
  /** Charity money matched to the project (donations), fen. */
  fundingMatchedFen: number;
  /** 配捐: what matching pools gave for the gifts to the project (less reversals), fen. */
  fundingPoolMatchedFen: number;
  /** What the project costs (contract price once signed, else budget) minus the charity money matched to it and the pools' matches. */
  fundingGapFen: number;
  deliveries: number;
  deliveredHours: number;
  socialWorkerHours: number;
  volunteerHours: number;
  beneficiariesServed: number;
  satisfaction: { good: number; bad: number; ratings: number; averageScore: number | null };
  reports: { filed: number; overdue: number };
  staff: { count: number; qualified: number; meetsStationRule: boolean | null };
  /**
   * The award announced and not cancelled (中标公示), with its standstill (质疑期): `standstillRunning`
   * while bidders may still challenge, as of the read. Null before an award and after one is cancelled.
   */
  award: {
    bidId: string;
    organisationId: string;
    name: string | null;
    priceFen: number;
    announcedAt: string;
    standstillLastDay: string;
    standstillEndsAt: string;
    standstillRunning: boolean;
  } | null;
  challenges: { lodged: number; open: number };
  designedAt: string;
  signedAt: string | null;
  endsAt: string | null;
}

export interface ChallengeItem {
  challengeId: string;
  organisationId: string;
  awardedBidId: string;
  grounds: string;
  status: string;
  lodgedAt: string;
  answeredAt: string | null;
  reasons: string | null;
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
  /** 质疑 and the bureau's answers, oldest first. */
  challengeLog: ChallengeItem[];
  terminatedAt: string | null;
  terminationReason: string | null;
  completedAt: string | null;
}

const awardOf = (row: ProjectRow, now: Date): ProjectListItem['award'] =>
  row.award_bid_id === null || row.award_organisation_id === null || row.standstill_ends_at === null
    ? null
    : {
        bidId: row.award_bid_id,
        organisationId: row.award_organisation_id,
        name: row.award_organisation_name,
        priceFen: Number(row.award_price_fen),
        announcedAt: row.awarded_at ?? '',
        standstillLastDay: row.standstill_last_day ?? '',
        standstillEndsAt: row.standstill_ends_at,
        standstillRunning: now.getTime() < Date.parse(row.standstill_ends_at),
      };

export const toChallengeItem = (row: ProjectChallengeRow): ChallengeItem => ({
  challengeId: row.challenge_id,
  organisationId: row.organisation_id,
  awardedBidId: row.awarded_bid_id,
  grounds: row.grounds,
  status: row.status,
  lodgedAt: row.lodged_at,
  answeredAt: row.answered_at,
  reasons: row.reasons,
});

/** `now` decides whether an award's standstill is still running (the list is read as of then). */
export function toProjectItem(row: ProjectRow, reportsOverdue: number, now: Date): ProjectListItem {
  const cost = Number(row.contract_price_fen ?? row.budget_fen);
  const matched = Number(row.funding_matched_fen);
  const pooled = Number(row.funding_pool_fen);
  return {
    projectId: row.project_id,
    title: row.title,
    kind: row.kind,
    stationLevel: row.station_level,
    area: areaOf(row),
    categories: fromJson<string[]>(row.categories),
    status: row.status,
    budgetFen: Number(row.budget_fen),
    contractPriceFen: numberOrNull(row.contract_price_fen),
    contractor: row.contractor_organisation_id ? { organisationId: row.contractor_organisation_id, name: row.contractor_name } : null,
    fundingMatchedFen: matched,
    fundingPoolMatchedFen: pooled,
    fundingGapFen: Math.max(0, cost - matched - pooled),
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
    award: awardOf(row, now),
    challenges: { lodged: row.challenges_lodged, open: row.challenges_open },
    designedAt: row.designed_at,
    signedAt: row.signed_at,
    endsAt: row.ends_at,
  };
}

export function toBidItem(row: ProjectBidRow): BidItem {
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

/** A project as the notice board shows it (a purchase notice): the list item with its period, requirements and bidding terms; no bids, staff, reports, evaluations or fundings. */
export type ProjectPublicForm = ProjectListItem & Pick<ProjectDetail, 'period' | 'requirements' | 'publishedAt' | 'bidDeadline' | 'minimumGrade'>;

export const projectPublicForm = (detail: ProjectDetail): ProjectPublicForm => {
  const {
    needIds: _n, bidsSubmitted: _bs, bidsWithdrawn: _bw, contract: _c, staffMembers: _s, reportsFiled: _rf, reportsOwed: _ro, evaluations: _e, fundings: _f, challengeLog: _cl,
    terminatedAt: _ta, terminationReason: _tr, completedAt: _ca, ...notice
  } = detail;
  return notice;
};
