/**
 * Challenges to an award (质疑), as stored facts: lodged by a bidder within the standstill period, then
 * dismissed (the award stands) or upheld (the award falls and bidding reopens).
 */
import type { Area, IsoInstant } from '../shared/values.js';

/** 质疑的答复: upheld (the award falls and bidding reopens) or dismissed with reasons. */
export const CHALLENGE_OUTCOMES = ['upheld', 'dismissed'] as const;
export type ChallengeOutcome = (typeof CHALLENGE_OUTCOMES)[number];

/** 质疑: a bidder of the purchase contests the award within the standstill period. */
export interface ChallengeLodgedData {
  readonly projectId: string;
  readonly challengeId: string;
  /** The challenging bidder. */
  readonly organisationId: string;
  /** The award contested. */
  readonly awardedBidId: string;
  readonly grounds: string;
  readonly area: Area;
  readonly lodgedAt: IsoInstant;
}

/** 质疑不成立: the award stands; the contract may be signed once the period is over and no other challenge is open. */
export interface ChallengeDismissedData {
  readonly projectId: string;
  readonly challengeId: string;
  readonly organisationId: string;
  readonly reasons: string;
  readonly area: Area;
  readonly answeredAt: IsoInstant;
}

/**
 * 质疑成立: the award is cancelled and bidding reopens until `biddingDeadline`. Every standing bid
 * stands (only its bidder withdraws it); other challenges of the fallen award lapse with it.
 */
export interface ChallengeUpheldData {
  readonly projectId: string;
  readonly challengeId: string;
  readonly organisationId: string;
  readonly reasons: string;
  readonly area: Area;
  readonly cancelledAward: { readonly bidId: string; readonly organisationId: string };
  readonly lapsedChallengeIds: readonly string[];
  readonly biddingDeadline: IsoInstant;
  readonly answeredAt: IsoInstant;
}
