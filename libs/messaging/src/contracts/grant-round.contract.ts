import type {
  GrantApplicationScoredData, GrantApplicationsClosedData, GrantApplicationSubmittedData, GrantApplicationWithdrawnData, GrantReviewerAppointedData, GrantReviewerRecusedData,
  GrantRoundAwardedData, GrantRoundEvent, GrantRoundOpenedData,
} from '#domain';
import { GRANT_FUNDER_KINDS, GRANT_OUTCOMES, GRANT_RECUSAL_REASONS } from '#domain';
import { published, type ContractDecision } from './integration-event.js';
import { area, arrayOf, category, enumOf, fen, id, integer, nullable, number, object } from './json-schema.js';

const wallClock = (description: string) => ({ type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}$', description });
const funderKind = () => enumOf(Object.keys(GRANT_FUNDER_KINDS), 'Kind of funder; never its name');
const reviewerNumber = () => integer(1, "The reviewer's number within the round: never who");

/**
 * 公益创投. Published without any account or name: not the opener's account, not a reviewer's account
 * (a reviewer is its number within the round) nor the organisations it declared ties to (who a person is
 * tied to), no titles, criterion names, summaries, budget line items or withdrawal reasons (free text).
 */
export const grantRoundContract = {
  GrantRoundOpened: published(
    'grant-round',
    'opened',
    'A civil-affairs bureau or a charitable organisation opened a 公益创投 round: criteria points, budget, passing score, Beijing deadlines',
    object({
      roundId: id(),
      funderKind: funderKind(),
      area: area('Projects serving communities in this area apply; empty levels allow any'),
      criteria: arrayOf(object({ criterionId: id(), points: integer(1, 'Points (分值): the weight and the highest score') }), 'In order; points sum to 100'),
      budgetFen: fen('The whole budget'),
      passingScore: integer(0, 'Least mean score (of 100) to be funded', 100),
      applicationDeadline: wallClock('Beijing wall-clock time applications close (exclusive)'),
      reviewDeadline: wallClock('Beijing wall-clock time reviews close (exclusive)'),
    }),
    (data: GrantRoundOpenedData) => ({
      roundId: data.roundId,
      funderKind: data.funder.kind,
      area: { ...data.area },
      criteria: data.criteria.map(({ criterionId, points }) => ({ criterionId, points })),
      budgetFen: data.budgetFen,
      passingScore: data.passingScore,
      applicationDeadline: data.applicationDeadline,
      reviewDeadline: data.reviewDeadline,
    }),
  ),
  GrantReviewerAppointed: published(
    'grant-round',
    'reviewer-appointed',
    'A reviewer (评审专家) was appointed to a round, known outside by its number',
    object({ roundId: id(), reviewerNumber: reviewerNumber(), declaredTies: integer(0, 'How many organisations the reviewer declared a tie to (never which)') }),
    (data: GrantReviewerAppointedData) => ({ roundId: data.roundId, reviewerNumber: data.reviewerNumber, declaredTies: data.declaredTies.length }),
  ),
  GrantApplicationSubmitted: published(
    'grant-round',
    'application-submitted',
    'An organisation applied to a round with a project design: category, communities, beneficiaries and the amount requested',
    object({
      roundId: id(),
      applicationId: id(),
      sequence: integer(1, 'Submission order in the round'),
      organisationId: id(),
      category: category(),
      communityIds: arrayOf(id(), 'The communities the project serves'),
      beneficiaries: integer(1),
      budgetLines: integer(1, 'How many budget lines (their items are not published)'),
      requestedFen: fen('The sum of the budget lines'),
      area: area('Where the project serves: the levels its communities share'),
    }),
    (data: GrantApplicationSubmittedData) => ({
      roundId: data.roundId,
      applicationId: data.applicationId,
      sequence: data.sequence,
      organisationId: data.organisation.organisationId,
      category: data.design.category,
      communityIds: [...data.design.communityIds],
      beneficiaries: data.design.beneficiaries,
      budgetLines: data.design.budgetLines.length,
      requestedFen: data.requestedFen,
      area: { ...data.area },
    }),
  ),
  GrantApplicationWithdrawn: published(
    'grant-round',
    'application-withdrawn',
    'An organisation withdrew its application; its scores no longer count',
    object({ roundId: id(), applicationId: id(), organisationId: id() }),
    (data: GrantApplicationWithdrawnData) => ({ roundId: data.roundId, applicationId: data.applicationId, organisationId: data.organisationId }),
  ),
  GrantApplicationsClosed: published(
    'grant-round',
    'applications-closed',
    'Applications to a round closed at its deadline; reviewers score from now',
    object({ roundId: id(), applications: integer(0, 'Standing applications') }),
    (data: GrantApplicationsClosedData) => ({ roundId: data.roundId, applications: data.applications }),
  ),
  GrantApplicationScored: published(
    'grant-round',
    'application-scored',
    "One reviewer's scores of one application, per criterion",
    object({
      roundId: id(),
      applicationId: id(),
      reviewerNumber: reviewerNumber(),
      scores: arrayOf(object({ criterionId: id(), score: integer(0) })),
      totalScore: integer(0, 'Out of 100', 100),
    }),
    (data: GrantApplicationScoredData) => ({
      roundId: data.roundId,
      applicationId: data.applicationId,
      reviewerNumber: data.reviewerNumber,
      scores: data.scores.map(({ criterionId, score }) => ({ criterionId, score })),
      totalScore: data.totalScore,
    }),
  ),
  GrantReviewerRecused: published(
    'grant-round',
    'reviewer-recused',
    'A reviewer stood aside from one application (回避): it never scores it; the application needs its reviews from the others',
    object({
      roundId: id(),
      applicationId: id(),
      reviewerNumber: reviewerNumber(),
      reasonCode: enumOf(Object.keys(GRANT_RECUSAL_REASONS), 'Why, as a code (conflict_of_interest, employment, kinship, involvement, other); never free text'),
    }),
    (data: GrantReviewerRecusedData) => ({ roundId: data.roundId, applicationId: data.applicationId, reviewerNumber: data.reviewerNumber, reasonCode: data.reason }),
  ),
  GrantRoundAwarded: published(
    'grant-round',
    'awarded',
    'A round was awarded from its scores (立项): the ranking, and the grants within the budget, each earmarked to a funded project',
    object({
      roundId: id(),
      funderKind: funderKind(),
      ranking: arrayOf(
        object({
          rank: integer(1),
          applicationId: id(),
          organisationId: id(),
          reviews: integer(0),
          reviewsRequired: nullable(integer(1, 'Reviews the round required of it; above reviews only when awarded after the review deadline; null on an award made before this was recorded')),
          scoreSum: integer(0, "Sum of the reviews' totals"),
          meanScore: number(0, 'scoreSum / reviews, two decimals'),
          requestedFen: fen(),
          awardedFen: fen(),
          outcome: enumOf(Object.keys(GRANT_OUTCOMES), 'funded, below_passing_score or over_remaining_budget'),
        }),
      ),
      awards: arrayOf(object({ applicationId: id(), organisationId: id(), category: category(), area: area(), amountFen: fen() }), 'The grants'),
      awardedFen: fen(),
      unawardedFen: fen('Budget left unawarded'),
      unreviewed: arrayOf(
        object({ applicationId: id(), organisationId: id(), reviewsRequired: integer(1) }),
        'Standing applications no reviewer scored by the review deadline: not ranked, not funded',
      ),
    }),
    (data: GrantRoundAwardedData) => ({
      roundId: data.roundId,
      funderKind: data.funder.kind,
      ranking: data.ranking.map((entry) => ({ ...entry, reviewsRequired: entry.reviewsRequired ?? null })),
      awards: data.awards.map(({ applicationId, organisationId, category: awardCategory, area: awardArea, amountFen }) => ({
        applicationId, organisationId, category: awardCategory, area: { ...awardArea }, amountFen,
      })),
      awardedFen: data.awardedFen,
      unawardedFen: data.unawardedFen,
      unreviewed: (data.unreviewed ?? []).map(({ applicationId, organisationId, reviewsRequired }) => ({ applicationId, organisationId, reviewsRequired })),
    }),
  ),
} as const satisfies Record<GrantRoundEvent['type'], ContractDecision>;
