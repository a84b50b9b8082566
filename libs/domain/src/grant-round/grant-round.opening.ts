import { beijingWallClockInstant } from '../shared/calendar.js';
import { hasText, isRecord, requireArea } from '../shared/command-shape.js';
import { accountOf, type DecisionContext } from '../shared/decider.js';
import { conflict, invalid } from '../shared/domain-error.js';
import type { AppointGrantReviewerData, OpenGrantRoundData } from './grant-round.commands.js';
import { GRANT_FUNDER_KINDS, type GrantCriterion, type GrantRoundEvent } from './grant-round.events.js';

/** A review's total is out of 100: the criteria's points (分值) are their weights and sum to it. */
export const GRANT_TOTAL_POINTS = 100;
export const MAX_GRANT_CRITERIA = 10;
export const MAX_GRANT_REVIEWERS = 15;

const isPositiveFen = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value > 0;

const requireCriteria = (value: unknown): GrantCriterion[] => {
  const list = Array.isArray(value) ? value : null;
  const shaped =
    list !== null &&
    list.length >= 1 &&
    list.length <= MAX_GRANT_CRITERIA &&
    list.every((item) => isRecord(item) && hasText(item.name) && Number.isInteger(item.points) && (item.points as number) >= 1);
  if (!shaped) throw invalid('GRANT_CRITERIA_INVALID', `Criteria are 1-${MAX_GRANT_CRITERIA} items, each a name and whole points above 0`);
  const criteria = list.map((item, index) => ({ criterionId: `c${index + 1}`, name: (item.name as string).trim(), points: item.points as number }));
  const total = criteria.reduce((sum, criterion) => sum + criterion.points, 0);
  if (total !== GRANT_TOTAL_POINTS) {
    throw invalid('GRANT_CRITERIA_INVALID', `The criteria's points are their weights and sum to ${GRANT_TOTAL_POINTS}`, { total });
  }
  if (new Set(criteria.map((criterion) => criterion.name)).size !== criteria.length) throw invalid('GRANT_CRITERIA_INVALID', 'Each criterion is named once');
  return criteria;
};

/** 公益创投: a bureau or a charitable organisation opens a round: criteria and points, budget, two Beijing deadlines. */
export const decideOpenGrantRound = (data: OpenGrantRoundData, alreadyOpened: boolean, context: DecisionContext): GrantRoundEvent[] => {
  const { roundId } = data;
  if (alreadyOpened) throw conflict('GRANT_ROUND_ALREADY_EXISTS', `Grant round ${roundId} is already open`, { roundId });
  const title = hasText(data.title) ? data.title.trim() : '';
  if (title === '') throw invalid('GRANT_ROUND_TITLE_REQUIRED', 'A round has a title');
  const funder = isRecord(data.funder) ? data.funder : null;
  if (!funder || !Object.hasOwn(GRANT_FUNDER_KINDS, funder.kind as string)) {
    throw invalid('GRANT_FUNDER_INVALID', `A round is funded by ${Object.keys(GRANT_FUNDER_KINDS).join(', ')}`, { kind: funder?.kind });
  }
  // The bureau funds as the bureau; a charity base's token funds as a charitable organisation, never as the bureau.
  const byBureau = context.actor.role === 'civil_affairs_bureau';
  if ((byBureau && funder.kind !== 'civil_affairs_bureau') || (context.actor.role === 'charity_base' && funder.kind === 'civil_affairs_bureau')) {
    throw invalid('GRANT_FUNDER_INVALID', "The funder's kind is the opener's: a bureau funds as civil_affairs_bureau, a charity as a charitable organisation", { kind: funder.kind });
  }
  if (!hasText(funder.name)) throw invalid('GRANT_FUNDER_INVALID', "Give the funder's name");
  const area = requireArea('AREA_INVALID', data.area, ['city']);
  const criteria = requireCriteria(data.criteria);
  if (!isPositiveFen(data.budgetFen)) throw invalid('GRANT_BUDGET_INVALID', 'The budget is whole fen above 0', { received: data.budgetFen });
  if (!Number.isInteger(data.passingScore) || data.passingScore < 0 || data.passingScore > GRANT_TOTAL_POINTS) {
    throw invalid('PASSING_SCORE_INVALID', `The passing score is a whole number 0-${GRANT_TOTAL_POINTS}`, { received: data.passingScore });
  }
  const applicationsEnd = beijingWallClockInstant(data.applicationDeadline);
  const reviewsEnd = beijingWallClockInstant(data.reviewDeadline);
  if (!applicationsEnd || !reviewsEnd || reviewsEnd <= applicationsEnd) {
    throw invalid('GRANT_DEADLINES_INVALID', "Deadlines are Beijing wall-clock 'YYYY-MM-DDTHH:mm', the review deadline after the application deadline");
  }
  const reviewsRequired = data.reviewsRequired ?? null;
  if (reviewsRequired !== null && (!Number.isInteger(reviewsRequired) || reviewsRequired < 1 || reviewsRequired > MAX_GRANT_REVIEWERS)) {
    throw invalid('REVIEWS_REQUIRED_INVALID', `Reviews required per application is a whole number 1-${MAX_GRANT_REVIEWERS}, or omitted for the default`, { received: reviewsRequired });
  }
  if (applicationsEnd <= context.now) throw invalid('GRANT_DEADLINES_INVALID', 'The application deadline has passed', { applicationDeadline: data.applicationDeadline });
  return [
    {
      type: 'GrantRoundOpened',
      data: {
        roundId,
        title,
        funder: { kind: funder.kind as OpenGrantRoundData['funder']['kind'], name: (funder.name as string).trim() },
        ownerAccount: accountOf(context.actor),
        area,
        criteria,
        budgetFen: data.budgetFen,
        passingScore: data.passingScore,
        applicationDeadline: data.applicationDeadline,
        reviewDeadline: data.reviewDeadline,
        reviewsRequired,
      },
    },
  ];
};

/** An appointment names the reviewer's account and the organisations it declares ties to (回避申报). */
export const decideAppointReviewer = (
  round: { roundId: string; status: string; reviewDeadline: string; reviewers: Readonly<Record<string, unknown>> },
  data: AppointGrantReviewerData,
  now: Date,
): GrantRoundEvent[] => {
  if (round.status === 'awarded') throw conflict('GRANT_ROUND_ALREADY_AWARDED', 'The round is awarded: no reviewer joins it', { roundId: round.roundId });
  // A reviewer appointed after the deadline could never score, yet would raise what every application requires.
  if (now >= beijingWallClockInstant(round.reviewDeadline)!) {
    throw conflict('REVIEW_PERIOD_OVER', 'The review deadline has passed: no reviewer joins the round', { reviewDeadline: round.reviewDeadline });
  }
  if (!hasText(data.reviewerAccount)) throw invalid('REVIEWER_REQUIRED', "Name the reviewer's account");
  const ties = Array.isArray(data.declaredTies) ? data.declaredTies : null;
  if (!ties || !ties.every(hasText)) throw invalid('DECLARED_TIES_INVALID', 'Declared ties are a list of organisation ids');
  if (Object.hasOwn(round.reviewers, data.reviewerAccount)) throw conflict('REVIEWER_ALREADY_APPOINTED', 'This reviewer is already appointed to the round');
  const count = Object.keys(round.reviewers).length;
  if (count >= MAX_GRANT_REVIEWERS) throw conflict('TOO_MANY_REVIEWERS', `A round has at most ${MAX_GRANT_REVIEWERS} reviewers`);
  return [
    {
      type: 'GrantReviewerAppointed',
      data: { roundId: round.roundId, reviewerNumber: count + 1, reviewerAccount: data.reviewerAccount, declaredTies: [...new Set(ties.map((tie) => tie.trim()))] },
    },
  ];
};
