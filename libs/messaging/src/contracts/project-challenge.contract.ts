import {
  CHALLENGE_OUTCOMES,
  type ChallengeDismissedData,
  type ChallengeLodgedData,
  type ChallengeUpheldData,
  type ProjectEvent,
} from '#domain';
import { published, type ContractDecision } from './integration-event.js';
import { area, arrayOf, enumOf, id, instant, object } from './json-schema.js';

/** Challenges to an announced award (质疑) and the bureau's answers. */
export const projectChallengeContract = {
  ChallengeLodged: published(
    'project',
    'challenge-lodged',
    'A bidder challenged the award (质疑); the grounds are free text and stay inside',
    object({ projectId: id(), challengeId: id(), organisationId: id(), awardedBidId: id(), area: area(), lodgedAt: instant() }),
    (data: ChallengeLodgedData) => ({
      projectId: data.projectId, challengeId: data.challengeId, organisationId: data.organisationId, awardedBidId: data.awardedBidId, area: { ...data.area }, lodgedAt: data.lodgedAt,
    }),
  ),
  ChallengeDismissed: published(
    'project',
    'challenge-dismissed',
    'The bureau dismissed a challenge: the award stands',
    object({ projectId: id(), challengeId: id(), organisationId: id(), outcome: enumOf(CHALLENGE_OUTCOMES, 'dismissed'), area: area(), answeredAt: instant() }),
    (data: ChallengeDismissedData) => ({
      projectId: data.projectId, challengeId: data.challengeId, organisationId: data.organisationId, outcome: 'dismissed' as const, area: { ...data.area }, answeredAt: data.answeredAt,
    }),
  ),
  ChallengeUpheld: published(
    'project',
    'challenge-upheld',
    'The bureau upheld a challenge: the award is cancelled and bidding reopens until the new deadline; standing bids stand',
    object({
      projectId: id(),
      challengeId: id(),
      organisationId: id(),
      outcome: enumOf(CHALLENGE_OUTCOMES, 'upheld'),
      cancelledBidId: id(),
      cancelledOrganisationId: id(),
      lapsedChallengeIds: arrayOf(id()),
      biddingDeadline: instant(),
      area: area(),
      answeredAt: instant(),
    }),
    (data: ChallengeUpheldData) => ({
      projectId: data.projectId,
      challengeId: data.challengeId,
      organisationId: data.organisationId,
      outcome: 'upheld' as const,
      cancelledBidId: data.cancelledAward.bidId,
      cancelledOrganisationId: data.cancelledAward.organisationId,
      lapsedChallengeIds: [...data.lapsedChallengeIds],
      biddingDeadline: data.biddingDeadline,
      area: { ...data.area },
      answeredAt: data.answeredAt,
    }),
  ),
} as const satisfies Partial<Record<ProjectEvent['type'], ContractDecision>>;
