import { reviewsRequiredOf, type GrantRoundRecord } from '#domain';

const twoDecimals = (value: number): number => Math.round(value * 100) / 100;

/**
 * A round as its stream says it now: each application with its reviews counted (never who scored) and
 * the mean score per criterion; the ranking and awards once published. `withScores` false (the public
 * form, before the award) leaves the scores out: they are the funder's until the result is published.
 */
export const grantRoundView = (round: GrantRoundRecord, withScores: boolean) => {
  const scoresShown = withScores || round.status === 'awarded';
  return {
    roundId: round.roundId,
    title: round.title,
    funder: { ...round.funder },
    area: { ...round.area },
    criteria: round.criteria.map((criterion) => ({ ...criterion })),
    budgetFen: round.budgetFen,
    passingScore: round.passingScore,
    applicationDeadline: round.applicationDeadline,
    reviewDeadline: round.reviewDeadline,
    status: round.status,
    reviewers: Object.keys(round.reviewers).length,
    /** As the round stated it; null: the default, min(3, eligible reviewers) per application. */
    reviewsRequired: round.reviewsRequired,
    applications: Object.values(round.applications)
      .sort((a, b) => a.sequence - b.sequence)
      .map((application) => {
        const reviews = Object.values(application.reviews);
        const mean = (sum: number) => (reviews.length === 0 ? null : twoDecimals(sum / reviews.length));
        return {
          applicationId: application.applicationId,
          sequence: application.sequence,
          organisation: { ...application.organisation },
          design: { ...application.design, communityIds: [...application.design.communityIds], budgetLines: application.design.budgetLines.map((line) => ({ ...line })) },
          requestedFen: application.requestedFen,
          area: { ...application.area },
          status: application.withdrawn ? 'withdrawn' : 'standing',
          reviews: reviews.length,
          // What the award waits for (grant-round.reviews.ts); how many stood aside, never who.
          reviewsRequired: reviewsRequiredOf(round, application),
          recusals: application.recusals.length,
          meanScore: scoresShown ? mean(reviews.reduce((sum, review) => sum + review.totalScore, 0)) : null,
          criterionMeans: scoresShown
            ? round.criteria.map((criterion) => ({
                criterionId: criterion.criterionId,
                name: criterion.name,
                points: criterion.points,
                mean: mean(reviews.reduce((sum, review) => sum + (review.scores.find((entry) => entry.criterionId === criterion.criterionId)?.score ?? 0), 0)),
              }))
            : null,
        };
      }),
    ranking: round.award ? round.award.ranking.map((entry) => ({ ...entry })) : null,
    awards: round.award ? round.award.awards.map((award) => ({ ...award, area: { ...award.area } })) : null,
    awardedFen: round.award?.awardedFen ?? null,
    unawardedFen: round.award?.unawardedFen ?? null,
    // Awarded after the review deadline: the applications no one scored (not ranked); [] when every one was.
    unreviewed: round.award ? (round.award.unreviewed ?? []).map((entry) => ({ ...entry })) : null,
  };
};

export type GrantRoundView = ReturnType<typeof grantRoundView>;
