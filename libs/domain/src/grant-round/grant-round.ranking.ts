import type { Fen } from '../shared/values.js';
import type { GrantRankingEntry } from './grant-round.events.js';

/** What the ranking reads of one standing application. */
export interface RankedApplication {
  readonly applicationId: string;
  readonly organisationId: string;
  /** Submission order. */
  readonly sequence: number;
  readonly requestedFen: Fen;
  /** Sum of its reviews' totals (each out of 100), and how many reviews. */
  readonly scoreSum: number;
  readonly reviews: number;
  /** The reviews the round required of it (recorded beside `reviews`). */
  readonly reviewsRequired: number;
}

/**
 * Higher mean score first, compared exactly (a.sum / a.n vs b.sum / b.n as a.sum * b.n vs b.sum * a.n,
 * no rounding); on equal means the smaller request first (the budget then funds more projects); then
 * the earlier submission.
 */
export const compareApplications = (a: RankedApplication, b: RankedApplication): number =>
  b.scoreSum * a.reviews - a.scoreSum * b.reviews || a.requestedFen - b.requestedFen || a.sequence - b.sequence;

const meanOf = (application: RankedApplication): number => Math.round((application.scoreSum * 100) / application.reviews) / 100;

/**
 * 立项 from the scores, a pure function: rank every scored application (compareApplications), then walk
 * the ranking once, funding each application that reaches the passing score with its whole request
 * while the budget left covers it; one it does not cover is passed over and the walk goes on, so a
 * smaller request further down may still be funded. No application is funded in part; the sum of the
 * awards never exceeds the budget.
 */
export const rankAndAward = (applications: readonly RankedApplication[], budgetFen: Fen, passingScore: number): { ranking: GrantRankingEntry[]; awardedFen: Fen } => {
  let leftFen = budgetFen;
  const ranking = [...applications].sort(compareApplications).map((application, index): GrantRankingEntry => {
    const passes = application.reviews > 0 && application.scoreSum >= passingScore * application.reviews;
    const funded = passes && application.requestedFen <= leftFen;
    if (funded) leftFen -= application.requestedFen;
    return {
      rank: index + 1,
      applicationId: application.applicationId,
      organisationId: application.organisationId,
      reviews: application.reviews,
      reviewsRequired: application.reviewsRequired,
      scoreSum: application.scoreSum,
      meanScore: application.reviews > 0 ? meanOf(application) : 0,
      requestedFen: application.requestedFen,
      awardedFen: funded ? application.requestedFen : 0,
      outcome: funded ? 'funded' : passes ? 'over_remaining_budget' : 'below_passing_score',
    };
  });
  return { ranking, awardedFen: budgetFen - leftFen };
};
