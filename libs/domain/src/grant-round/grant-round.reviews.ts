import { conflict, forbidden, invalid, notFound } from '../shared/domain-error.js';
import type { RecuseGrantReviewerData } from './grant-round.commands.js';
import { GRANT_RECUSAL_REASONS, type GrantApplicationSubmittedData, type GrantRoundEvent } from './grant-round.events.js';

/**
 * 评审 completeness: how many reviews an application needs before the round is awarded, and 回避
 * (a reviewer standing aside from one application). A serious review is not one expert's opinion:
 * the award waits until every standing application has the reviews the round requires.
 */

/** The reviews a round requires by default, when it states none: three experts, or fewer if fewer can score the application. */
export const DEFAULT_REVIEWS_REQUIRED = 3;

/** What completeness reads of a round (the decider's GrantRoundRecord). */
interface ReviewedRound {
  readonly roundId: string;
  readonly status: 'open' | 'closed' | 'awarded';
  readonly reviewsRequired: number | null;
  readonly reviewers: Readonly<Record<string, { readonly reviewerNumber: number; readonly declaredTies: readonly string[] }>>;
  readonly applications: Readonly<Record<string, ReviewedApplication>>;
}
interface ReviewedApplication extends Pick<GrantApplicationSubmittedData, 'applicationId' | 'organisation'> {
  readonly withdrawn: boolean;
  readonly reviews: Readonly<Record<number, unknown>>;
  /** Numbers of the reviewers who stood aside from it. */
  readonly recusals: readonly number[];
}

/**
 * The reviews `application` needs: the round's stated number; else min(3, the reviewers who may score
 * it: appointed, not recused from it, not tied to its applicant by their own declaration), and at
 * least one (no application is awarded unread; appoint another reviewer when every one stood aside).
 */
export const reviewsRequiredOf = (round: ReviewedRound, application: ReviewedApplication): number => {
  if (round.reviewsRequired !== null) return round.reviewsRequired;
  const eligible = Object.values(round.reviewers).filter(
    (reviewer) => !application.recusals.includes(reviewer.reviewerNumber) && !reviewer.declaredTies.includes(application.organisation.organisationId),
  ).length;
  return Math.max(1, Math.min(DEFAULT_REVIEWS_REQUIRED, eligible));
};

/** The standing applications with fewer reviews than required, in submission order: what the award waits for. */
export const applicationsLackingReviews = (round: ReviewedRound): { applicationId: string; reviews: number; required: number }[] =>
  Object.values(round.applications)
    .filter((application) => !application.withdrawn)
    .map((application) => ({ applicationId: application.applicationId, reviews: Object.keys(application.reviews).length, required: reviewsRequiredOf(round, application) }))
    .filter((entry) => entry.reviews < entry.required);

/**
 * 回避: an appointed reviewer stands aside from one standing application, before it scores it and
 * before the award, giving a reason code. Its own choice: a reviewer the decider refused as tied
 * (REVIEWER_TIED_TO_APPLICANT) records it this way, and so does one with a tie the system cannot know.
 */
export const decideRecuse = (round: ReviewedRound, data: RecuseGrantReviewerData): GrantRoundEvent[] => {
  if (round.status === 'awarded') throw conflict('GRANT_ROUND_ALREADY_AWARDED', 'The round is awarded: its reviews are final');
  const reviewer = Object.hasOwn(round.reviewers, data.reviewerAccount) ? round.reviewers[data.reviewerAccount] : undefined;
  if (!reviewer) throw forbidden('NOT_A_REVIEWER', 'Only a reviewer appointed to the round stands aside from its applications');
  const application = Object.hasOwn(round.applications, data.applicationId) ? round.applications[data.applicationId] : undefined;
  if (!application) throw notFound('GRANT_APPLICATION_NOT_FOUND', 'No such application in this round', { applicationId: data.applicationId });
  if (application.withdrawn) throw conflict('GRANT_APPLICATION_WITHDRAWN', 'The application was withdrawn', { applicationId: data.applicationId });
  if (typeof data.reason !== 'string' || !Object.hasOwn(GRANT_RECUSAL_REASONS, data.reason)) {
    throw invalid('RECUSAL_REASON_INVALID', `A recusal gives one of ${Object.keys(GRANT_RECUSAL_REASONS).join(', ')}`, { received: data.reason });
  }
  if (Object.hasOwn(application.reviews, reviewer.reviewerNumber)) throw conflict('ALREADY_SCORED', 'You have scored this application: a score stands', { applicationId: data.applicationId });
  if (application.recusals.includes(reviewer.reviewerNumber)) throw conflict('ALREADY_RECUSED', 'You have already stood aside from this application', { applicationId: data.applicationId });
  return [{ type: 'GrantReviewerRecused', data: { roundId: round.roundId, applicationId: application.applicationId, reviewerNumber: reviewer.reviewerNumber, reason: data.reason } }];
};
