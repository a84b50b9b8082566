import { describe, expect, it } from '@jest/globals';
import { compareApplications, rankAndAward, type RankedApplication } from './grant-round.ranking.js';

const app = (applicationId: string, scoreSum: number, reviews: number, requestedFen: number, sequence: number): RankedApplication => ({
  applicationId, organisationId: `org-${applicationId}`, sequence, requestedFen, scoreSum, reviews, reviewsRequired: reviews,
});

describe('公益创投 ranking and award (a pure function)', () => {
  it('ranks by the exact mean score, not by the rounded one', () => {
    // 200/3 = 66.667 against 133/2 = 66.5: both read 66.67 / 66.5; the exact comparison puts a first.
    const a = app('a', 200, 3, 1_000, 2);
    const b = app('b', 133, 2, 1_000, 1);
    expect(rankAndAward([b, a], 10_000, 60).ranking.map((entry) => entry.applicationId)).toEqual(['a', 'b']);
    // 160/2 and 240/3 are the same mean, 80: equal before the tie-breaks.
    expect(Math.sign(compareApplications(app('x', 160, 2, 500, 1), app('y', 240, 3, 500, 1)))).toBe(0);
  });

  it('breaks an equal mean by the smaller request, then by the earlier submission', () => {
    const big = app('big', 160, 2, 5_000, 1);
    const small = app('small', 240, 3, 3_000, 3);
    const early = app('early', 80, 1, 3_000, 2);
    expect(rankAndAward([big, small, early], 100_000, 60).ranking.map((entry) => [entry.applicationId, entry.rank])).toEqual([
      ['early', 1], ['small', 2], ['big', 3],
    ]);
  });

  it('funds whole requests down the ranking within the budget, passing over one the budget left cannot cover', () => {
    const { ranking, awardedFen } = rankAndAward(
      [app('first', 90, 1, 6_000, 1), app('second', 85, 1, 5_000, 2), app('third', 80, 1, 4_000, 3), app('fourth', 70, 1, 1_000, 4)],
      10_000,
      60,
    );
    expect(ranking.map((entry) => [entry.applicationId, entry.outcome, entry.awardedFen])).toEqual([
      ['first', 'funded', 6_000],
      ['second', 'over_remaining_budget', 0],
      ['third', 'funded', 4_000],
      ['fourth', 'over_remaining_budget', 0],
    ]);
    expect(awardedFen).toBe(10_000);
  });

  it('never funds an application below the passing score, however much budget is left', () => {
    const { ranking, awardedFen } = rankAndAward([app('good', 120, 2, 1_000, 1), app('weak', 119, 2, 1_000, 2)], 1_000_000, 60);
    expect(ranking.map((entry) => [entry.applicationId, entry.outcome, entry.meanScore])).toEqual([
      ['good', 'funded', 60],
      ['weak', 'below_passing_score', 59.5],
    ]);
    expect(awardedFen).toBe(1_000);
  });

  it('keeps every award inside the budget for any scores (randomised)', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648);
    for (let round = 0; round < 200; round++) {
      const budget = 1 + (next() % 50_000);
      const applications = Array.from({ length: 1 + (next() % 12) }, (_, index) => {
        const reviews = 1 + (next() % 5);
        return app(`a${index}`, next() % (100 * reviews + 1), reviews, 1 + (next() % budget), index + 1);
      });
      const { ranking, awardedFen } = rankAndAward(applications, budget, 60);
      expect(awardedFen).toBeLessThanOrEqual(budget);
      expect(ranking.reduce((sum, entry) => sum + entry.awardedFen, 0)).toBe(awardedFen);
      // Deterministic: any order in, the same ranking out.
      expect(rankAndAward([...applications].reverse(), budget, 60).ranking).toEqual(ranking);
    }
  });
});
