import { beijingWallClockInstant } from '../shared/calendar.js';
import { hasText, isRecord } from '../shared/command-shape.js';
import type { Decider } from '../shared/decider.js';
import { conflict, forbidden, invalid, notFound, ruleBroken } from '../shared/domain-error.js';
import type { CommunityFacts } from '../shared/facts.js';
import { AREA_LEVELS, type Area, levelOutsideScope, SERVICE_CATEGORIES } from '../shared/values.js';
import type {
  GrantReviewerFacts, GrantRoundCommand, ScoreGrantApplicationData, SubmitGrantApplicationData, WithdrawGrantApplicationData,
} from './grant-round.commands.js';
import type {
  GrantApplicationSubmittedData, GrantCriterionScore, GrantRoundEvent, GrantRoundOpenedData, GrantRoundAwardedData,
} from './grant-round.events.js';
import { decideAppointReviewer, decideOpenGrantRound } from './grant-round.opening.js';
import { rankAndAward } from './grant-round.ranking.js';
import { applicationsLackingReviews, decideRecuse, reviewsRequiredOf } from './grant-round.reviews.js';

export interface GrantApplicationRecord extends GrantApplicationSubmittedData {
  readonly withdrawn: boolean;
  /** reviewerNumber -> that reviewer's scores. */
  readonly reviews: Readonly<Record<number, { readonly scores: readonly GrantCriterionScore[]; readonly totalScore: number }>>;
  /** Numbers of the reviewers who stood aside from it (回避). */
  readonly recusals: readonly number[];
}

export interface GrantRoundRecord extends GrantRoundOpenedData {
  readonly status: 'open' | 'closed' | 'awarded';
  /** reviewerAccount -> number and declared ties. */
  readonly reviewers: Readonly<Record<string, { readonly reviewerNumber: number; readonly declaredTies: readonly string[] }>>;
  readonly applications: Readonly<Record<string, GrantApplicationRecord>>;
  readonly award: GrantRoundAwardedData | null;
}

export type GrantRoundState = { readonly status: 'absent' } | GrantRoundRecord;

export const MAX_BUDGET_LINES = 30;
export const MAX_APPLICATION_COMMUNITIES = 20;

const standing = (round: GrantRoundRecord): GrantApplicationRecord[] =>
  Object.values(round.applications).filter((application) => !application.withdrawn).sort((a, b) => a.sequence - b.sequence);

/** The levels every community shares, from the city down; '' from the first level where they differ. */
const commonArea = (communities: readonly CommunityFacts[]): Area => {
  const area: Record<keyof Area, string> = { city: '', district: '', street: '', community: '' };
  for (const level of AREA_LEVELS) {
    const codes = new Set(communities.map((community) => community.area[level]));
    if (codes.size !== 1) break;
    area[level] = [...codes][0]!;
  }
  return area;
};

const applicationsClosed = (round: GrantRoundRecord, now: Date): boolean =>
  round.status !== 'open' || now >= beijingWallClockInstant(round.applicationDeadline)!;

const decideSubmit = (round: GrantRoundRecord, data: SubmitGrantApplicationData, now: Date): GrantRoundEvent[] => {
  if (applicationsClosed(round, now)) throw conflict('APPLICATIONS_CLOSED', 'The round takes no more applications', { applicationDeadline: round.applicationDeadline });
  if (Object.hasOwn(round.applications, data.applicationId)) throw conflict('GRANT_APPLICATION_ALREADY_EXISTS', 'This application was already submitted');
  const organisation = data.organisation;
  // Rules 7 and 11 (seed 004, 000), as for a purchase: a budget-funded mass organisation is not eligible; a failed inspection or exit bars it.
  if (organisation.kind === 'mass_organisation' && organisation.budgetFunded) {
    throw ruleBroken('APPLICANT_NOT_ELIGIBLE', 'Mass organisations funded by the budget are not eligible', { rule: 7 });
  }
  if (organisation.status !== 'registered' || organisation.latestInspection === 'failed') {
    throw ruleBroken('ORGANISATION_NOT_IN_GOOD_STANDING', 'An organisation that failed its annual inspection, or is suspended or deregistered, cannot apply', { rule: 11 });
  }
  if (standing(round).some((application) => application.organisation.organisationId === organisation.organisationId)) {
    throw conflict('APPLICATION_ALREADY_SUBMITTED', 'The organisation already has an application in this round: withdraw it to submit another');
  }
  const design = isRecord(data.design) ? data.design : null;
  if (!design || !hasText(design.title) || !hasText(design.summary)) throw invalid('GRANT_DESIGN_INVALID', 'A project design has a title and a summary');
  if (!Object.hasOwn(SERVICE_CATEGORIES, design.category)) throw invalid('GRANT_DESIGN_INVALID', 'The design names a known service category', { category: design.category });
  if (!Number.isSafeInteger(design.beneficiaries) || design.beneficiaries < 1) throw invalid('GRANT_DESIGN_INVALID', 'Beneficiaries are a whole number above 0');
  const lines = Array.isArray(design.budgetLines) ? design.budgetLines : [];
  const linesShaped = lines.length >= 1 && lines.length <= MAX_BUDGET_LINES && lines.every((line: unknown) => isRecord(line) && hasText(line.item) && Number.isSafeInteger(line.amountFen) && (line.amountFen as number) > 0);
  if (!linesShaped) throw invalid('BUDGET_LINES_INVALID', `A budget is 1-${MAX_BUDGET_LINES} lines, each an item and whole fen above 0`);
  const requestedFen = lines.reduce((sum, line) => sum + line.amountFen, 0);
  if (!Number.isSafeInteger(requestedFen) || requestedFen > round.budgetFen) {
    throw ruleBroken('ROUND_BUDGET_EXCEEDED', "An application asks for no more than the round's whole budget", { requestedFen, budgetFen: round.budgetFen });
  }
  const communities = data.communities;
  if (communities.length < 1 || communities.length > MAX_APPLICATION_COMMUNITIES) throw invalid('GRANT_DESIGN_INVALID', `A project serves 1-${MAX_APPLICATION_COMMUNITIES} communities`);
  for (const community of communities) {
    const level = levelOutsideScope(round.area, community.area);
    if (level) throw ruleBroken('COMMUNITY_OUTSIDE_ROUND_AREA', "The project serves communities in the round's area", { communityId: community.communityId, level });
  }
  return [
    {
      type: 'GrantApplicationSubmitted',
      data: {
        roundId: round.roundId,
        applicationId: data.applicationId,
        sequence: Object.keys(round.applications).length + 1,
        organisation: { organisationId: organisation.organisationId, name: organisation.name },
        design: {
          title: design.title.trim(),
          category: design.category,
          summary: design.summary.trim(),
          communityIds: [...new Set(communities.map((community) => community.communityId))],
          beneficiaries: design.beneficiaries,
          budgetLines: lines.map((line) => ({ item: line.item.trim(), amountFen: line.amountFen })),
        },
        requestedFen,
        area: commonArea(communities),
      },
    },
  ];
};

const applicationOf = (round: GrantRoundRecord, applicationId: string): GrantApplicationRecord => {
  // Own keys only: an id such as 'constructor' names no application.
  const application = Object.hasOwn(round.applications, applicationId) ? round.applications[applicationId] : undefined;
  if (!application) throw notFound('GRANT_APPLICATION_NOT_FOUND', 'No such application in this round', { applicationId });
  if (application.withdrawn) throw conflict('GRANT_APPLICATION_WITHDRAWN', 'The application was withdrawn', { applicationId });
  return application;
};

const decideWithdraw = (round: GrantRoundRecord, data: WithdrawGrantApplicationData): GrantRoundEvent[] => {
  if (round.status === 'awarded') throw conflict('GRANT_ROUND_ALREADY_AWARDED', 'The round is awarded: its applications stand');
  const application = applicationOf(round, data.applicationId);
  if (!hasText(data.reason)) throw invalid('REASON_REQUIRED', 'A withdrawal says why');
  return [{ type: 'GrantApplicationWithdrawn', data: { roundId: round.roundId, applicationId: application.applicationId, organisationId: application.organisation.organisationId, reason: data.reason.trim() } }];
};

const decideClose = (round: GrantRoundRecord, now: Date): GrantRoundEvent[] => {
  if (round.status !== 'open') throw conflict('APPLICATIONS_ALREADY_CLOSED', 'Applications to this round are already closed');
  // Every organisation keeps the whole period it was promised: no early close.
  if (now < beijingWallClockInstant(round.applicationDeadline)!) {
    throw conflict('APPLICATION_DEADLINE_NOT_REACHED', 'Applications close at the deadline the round stated, not before', { applicationDeadline: round.applicationDeadline });
  }
  return [{ type: 'GrantApplicationsClosed', data: { roundId: round.roundId, applications: standing(round).length } }];
};

/**
 * 回避: why a reviewer may not score an applicant, from what the system knows: the reviewer acts for the
 * applicant (its token's organisation), the social worker its token is linked to is employed by the
 * applicant, or the reviewer declared a tie to it when appointed. Null: no tie.
 */
export const reviewerTie = (reviewer: GrantReviewerFacts, declaredTies: readonly string[], applicantId: string): 'own_organisation' | 'employer' | 'declared' | null => {
  if (reviewer.organisationId === applicantId) return 'own_organisation';
  if (reviewer.employerOrganisationId === applicantId) return 'employer';
  if (declaredTies.includes(applicantId)) return 'declared';
  return null;
};

const requireScores = (round: GrantRoundRecord, scores: unknown): GrantCriterionScore[] => {
  const list = Array.isArray(scores) ? scores : null;
  const byCriterion = new Map<string, unknown>();
  for (const item of list ?? []) if (isRecord(item) && typeof item.criterionId === 'string') byCriterion.set(item.criterionId, item.score);
  const named = round.criteria.map((criterion) => criterion.criterionId);
  if (!list || list.length !== named.length || byCriterion.size !== named.length || !named.every((id) => byCriterion.has(id))) {
    throw invalid('SCORES_INCOMPLETE', 'Give one score for each of the round\'s criteria, by criterionId', { criteria: named });
  }
  return round.criteria.map((criterion) => {
    const score = byCriterion.get(criterion.criterionId);
    if (!Number.isInteger(score) || (score as number) < 0 || (score as number) > criterion.points) {
      throw invalid('SCORE_OUT_OF_RANGE', `A score for ${criterion.name} is a whole number 0-${criterion.points}`, { criterionId: criterion.criterionId, points: criterion.points });
    }
    return { criterionId: criterion.criterionId, score: score as number };
  });
};

const decideScore = (round: GrantRoundRecord, data: ScoreGrantApplicationData, now: Date): GrantRoundEvent[] => {
  if (round.status === 'open') throw conflict('APPLICATIONS_STILL_OPEN', 'Reviewers score once applications are closed');
  if (round.status === 'awarded') throw conflict('GRANT_ROUND_ALREADY_AWARDED', 'The round is awarded: scores are final');
  const reviewer = Object.hasOwn(round.reviewers, data.reviewer.account) ? round.reviewers[data.reviewer.account] : undefined;
  if (!reviewer) throw forbidden('NOT_A_REVIEWER', 'Only a reviewer appointed to the round scores its applications');
  const application = applicationOf(round, data.applicationId);
  const tie = reviewerTie(data.reviewer, reviewer.declaredTies, application.organisation.organisationId);
  if (tie) {
    throw ruleBroken('REVIEWER_TIED_TO_APPLICANT', 'A reviewer tied to the applicant does not score its application (回避): record your recusal instead', { tie, applicationId: application.applicationId });
  }
  if (application.recusals.includes(reviewer.reviewerNumber)) throw ruleBroken('REVIEWER_RECUSED', 'You stood aside from this application (回避): you do not score it', { applicationId: application.applicationId });
  if (Object.hasOwn(application.reviews, reviewer.reviewerNumber)) throw conflict('ALREADY_SCORED', 'You have already scored this application');
  if (reviewPeriodOver(round, now)) throw conflict('REVIEW_PERIOD_OVER', 'The review deadline has passed', { reviewDeadline: round.reviewDeadline });
  const scores = requireScores(round, data.scores);
  return [
    {
      type: 'GrantApplicationScored',
      data: {
        roundId: round.roundId,
        applicationId: application.applicationId,
        reviewerNumber: reviewer.reviewerNumber,
        scores,
        totalScore: scores.reduce((sum, entry) => sum + entry.score, 0),
      },
    },
  ];
};

const reviewPeriodOver = (round: GrantRoundRecord, now: Date): boolean => now >= beijingWallClockInstant(round.reviewDeadline)!;

const decideAward = (round: GrantRoundRecord, now: Date): GrantRoundEvent[] => {
  if (round.status === 'open') throw conflict('APPLICATIONS_STILL_OPEN', 'A round is awarded after its applications are closed and scored');
  if (round.status === 'awarded') throw conflict('GRANT_ROUND_ALREADY_AWARDED', 'The round is already awarded');
  // 评审 completeness: before the review deadline the award waits for every standing application's required
  // reviews (grant-round.reviews.ts). After it no review can come (scoring and appointing are refused), so
  // waiting would hold the round forever: the award proceeds on the reviews present and records the shortfall.
  const lacking = applicationsLackingReviews(round);
  if (lacking.length > 0 && !reviewPeriodOver(round, now)) {
    throw ruleBroken('REVIEWS_INCOMPLETE', `Every standing application needs its required reviews before the award; ${lacking.length} lack some`, {
      applications: lacking, applicationIds: lacking.map((entry) => entry.applicationId), reviewDeadline: round.reviewDeadline,
    });
  }
  const reviewed = standing(round).map((application) => ({ application, totals: Object.values(application.reviews).map((review) => review.totalScore), required: reviewsRequiredOf(round, application) }));
  // An application no one scored is not ranked: it cannot be funded, or even placed, on no score.
  const unreviewed = reviewed.filter((entry) => entry.totals.length === 0).map(({ application, required }) => ({
    applicationId: application.applicationId, organisationId: application.organisation.organisationId, reviewsRequired: required,
  }));
  const ranked = reviewed.filter((entry) => entry.totals.length > 0).map(({ application, totals, required }) => ({
    applicationId: application.applicationId,
    organisationId: application.organisation.organisationId,
    sequence: application.sequence,
    requestedFen: application.requestedFen,
    scoreSum: totals.reduce((sum, total) => sum + total, 0),
    reviews: totals.length,
    reviewsRequired: required,
  }));
  const { ranking, awardedFen } = rankAndAward(ranked, round.budgetFen, round.passingScore);
  const awards = ranking
    .filter((entry) => entry.outcome === 'funded')
    .map((entry) => {
      const application = round.applications[entry.applicationId]!;
      return {
        applicationId: entry.applicationId,
        organisationId: entry.organisationId,
        organisationName: application.organisation.name,
        projectTitle: application.design.title,
        category: application.design.category,
        area: application.area,
        amountFen: entry.awardedFen,
      };
    });
  return [{ type: 'GrantRoundAwarded', data: { roundId: round.roundId, title: round.title, funder: round.funder, ranking, awards, awardedFen, unawardedFen: round.budgetFen - awardedFen, unreviewed } }];
};

/** 公益创投 (issue 13 item 8): the round's stream decides its applications, scores and award. */
export const grantRoundDecider: Decider<GrantRoundState, GrantRoundCommand, GrantRoundEvent> = {
  streamPrefix: 'grantround',
  initialState: () => ({ status: 'absent' }),

  decide(command, state, context) {
    if (command.type === 'OpenGrantRound') return decideOpenGrantRound(command.data, state.status !== 'absent', context);
    if (state.status === 'absent') throw notFound('GRANT_ROUND_NOT_FOUND', `Grant round ${command.data.roundId} was never opened`, { roundId: command.data.roundId });
    switch (command.type) {
      case 'AppointGrantReviewer':
        return decideAppointReviewer(state, command.data, context.now);
      case 'SubmitGrantApplication':
        return decideSubmit(state, command.data, context.now);
      case 'WithdrawGrantApplication':
        return decideWithdraw(state, command.data);
      case 'CloseGrantApplications':
        return decideClose(state, context.now);
      case 'ScoreGrantApplication':
        return decideScore(state, command.data, context.now);
      case 'RecuseGrantReviewer':
        return decideRecuse(state, command.data);
      case 'AwardGrantRound':
        return decideAward(state, context.now);
      default: {
        const unknownCommand: never = command;
        throw invalid('UNKNOWN_COMMAND', `Unknown grant round command ${(unknownCommand as { type: string }).type}`);
      }
    }
  },

  evolve(state, event) {
    // A round opened before reviewsRequired was stated takes the default (null).
    if (event.type === 'GrantRoundOpened') return { ...event.data, reviewsRequired: event.data.reviewsRequired ?? null, status: 'open', reviewers: {}, applications: {}, award: null };
    if (state.status === 'absent') return state;
    switch (event.type) {
      case 'GrantReviewerAppointed': {
        const { reviewerAccount, reviewerNumber, declaredTies } = event.data;
        return { ...state, reviewers: { ...state.reviewers, [reviewerAccount]: { reviewerNumber, declaredTies } } };
      }
      case 'GrantApplicationSubmitted':
        return { ...state, applications: { ...state.applications, [event.data.applicationId]: { ...event.data, withdrawn: false, reviews: {}, recusals: [] } } };
      case 'GrantApplicationWithdrawn': {
        const application = state.applications[event.data.applicationId];
        return application ? { ...state, applications: { ...state.applications, [application.applicationId]: { ...application, withdrawn: true } } } : state;
      }
      case 'GrantApplicationsClosed':
        return { ...state, status: 'closed' };
      case 'GrantApplicationScored': {
        const { applicationId, reviewerNumber, scores, totalScore } = event.data;
        const application = state.applications[applicationId];
        if (!application) return state;
        const reviews = { ...application.reviews, [reviewerNumber]: { scores, totalScore } };
        return { ...state, applications: { ...state.applications, [applicationId]: { ...application, reviews } } };
      }
      case 'GrantReviewerRecused': {
        const application = state.applications[event.data.applicationId];
        if (!application) return state;
        return { ...state, applications: { ...state.applications, [application.applicationId]: { ...application, recusals: [...application.recusals, event.data.reviewerNumber] } } };
      }
      case 'GrantRoundAwarded':
        return { ...state, status: 'awarded', award: event.data };
      default:
        return state;
    }
  },
};
