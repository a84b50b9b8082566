import type { GiftLeftUnmatchedData, GiftMatchedData, GiftMatchReversedData, MatchingPoolClosedData, MatchingPoolEvent, MatchingPoolPledgedData, MatchingPoolToppedUpData } from '#domain';
import { POOL_SPONSOR_KINDS, UNMATCHED_REASONS } from '#domain';
import { donationTargetSchema, toDonationTarget } from './donation.contract.js';
import { published, type ContractDecision } from './integration-event.js';
import { area, categories, donorKind, enumOf, fen, id, instant, integer, nullable, object } from './json-schema.js';

const target = () => donationTargetSchema('The need or project the gift went to, and its match with it');

const wallClock = (description: string) => ({ type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}$', description });

/**
 * 配捐. Published without any account: not the sponsor's pledging account, not a gift's donor account
 * (the per-donor cap is kept inside), nor the per-donor running sum, which would let a consumer tie
 * one donor's gifts together; no sponsor name and no reversal reason (free text).
 */
export const matchingPoolContract = {
  MatchingPoolPledged: published(
    'matching-pool',
    'pledged',
    'An enterprise or foundation pledged a matching pool: ratio, caps per donor and per need or project, a Beijing time window',
    object({
      poolId: id(),
      sponsorKind: enumOf(POOL_SPONSOR_KINDS, 'Kind of sponsoring organisation; never who'),
      pledgedFen: fen(),
      ratio: object({ gift: integer(1, 'Fen given'), match: integer(1, 'Fen the pool adds for them') }, 'match fen per gift fen, rounded down'),
      perDonorCapFen: fen('The most the pool gives for one donor in the window'),
      perTargetCapFen: fen('The most the pool gives to one need or project'),
      opensAt: wallClock('Beijing wall-clock time the window opens (inclusive)'),
      closesAt: wallClock('Beijing wall-clock time the window closes (exclusive)'),
      area: area('Gifts to needs and projects in this area; empty levels allow any'),
      categories: nullable(categories('Only these categories; null: any')),
    }),
    (data: MatchingPoolPledgedData) => ({
      poolId: data.poolId,
      sponsorKind: data.sponsor.kind,
      pledgedFen: data.pledgedFen,
      ratio: { gift: data.ratio.gift, match: data.ratio.match },
      perDonorCapFen: data.perDonorCapFen,
      perTargetCapFen: data.perTargetCapFen,
      opensAt: data.opensAt,
      closesAt: data.closesAt,
      area: { ...data.area },
      categories: data.categories ? [...data.categories] : null,
    }),
  ),
  GiftMatched: published(
    'matching-pool',
    'gift-matched',
    "A gift (a donation's match to a need or project) drew its match from the pool, in whole or cut by a cap or the balance",
    object({
      poolId: id(),
      donationId: id(),
      matchId: id('The donation match that is the gift'),
      donorKind: donorKind(),
      target: target(),
      giftFen: fen(),
      givenAt: instant('When the gift was made'),
      ratioFen: fen('What the ratio alone gives'),
      matchFen: fen('What the pool gave'),
      limitedBy: nullable(enumOf(['donor_cap', 'target_cap', 'pool_balance'], 'The limit that cut the match')),
      balanceFen: fen('Pool balance after the match'),
      targetMatchedFen: fen('Matched to this need or project from the pool, after the match'),
    }),
    (data: GiftMatchedData) => ({
      poolId: data.poolId,
      donationId: data.donationId,
      matchId: data.matchId,
      donorKind: data.donorKind,
      target: toDonationTarget(data.target),
      giftFen: data.giftFen,
      givenAt: data.givenAt,
      ratioFen: data.ratioFen,
      matchFen: data.matchFen,
      limitedBy: data.limitedBy,
      balanceFen: data.balanceFen,
      targetMatchedFen: data.targetMatchedFen,
    }),
  ),
  GiftLeftUnmatched: published(
    'matching-pool',
    'gift-left-unmatched',
    'A gift the pool was told of drew nothing, with the reason (exhausted, a cap reached, outside the window or scope, the sponsor’s own)',
    object({
      poolId: id(),
      donationId: id(),
      matchId: id(),
      target: target(),
      giftFen: fen(),
      givenAt: instant('When the gift was made'),
      unmatchedReason: enumOf(Object.keys(UNMATCHED_REASONS), 'Why nothing was matched (a code, never free text)'),
    }),
    (data: GiftLeftUnmatchedData) => ({
      poolId: data.poolId,
      donationId: data.donationId,
      matchId: data.matchId,
      target: toDonationTarget(data.target),
      giftFen: data.giftFen,
      givenAt: data.givenAt,
      unmatchedReason: data.reason,
    }),
  ),
  GiftMatchReversed: published(
    'matching-pool',
    'gift-match-reversed',
    'A matched gift was released from its need or project: its match went back to the pool',
    object({
      poolId: id(),
      donationId: id(),
      matchId: id(),
      target: target(),
      matchFen: fen('Returned to the pool'),
      balanceFen: fen('Pool balance after the reversal'),
      targetMatchedFen: fen('Matched to this need or project from the pool, after the reversal'),
    }),
    (data: GiftMatchReversedData) => ({
      poolId: data.poolId,
      donationId: data.donationId,
      matchId: data.matchId,
      target: toDonationTarget(data.target),
      matchFen: data.matchFen,
      balanceFen: data.balanceFen,
      targetMatchedFen: data.targetMatchedFen,
    }),
  ),
  // New types of v1 (a new fact, no published schema changed).
  MatchingPoolToppedUp: published(
    'matching-pool',
    'topped-up',
    'The sponsor raised its pool: more to match with, the same window and caps',
    object({ poolId: id(), amountFen: fen('Added to the pool'), pledgedFen: fen('The pool’s pledge after the top-up'), balanceFen: fen('Pool balance after the top-up') }),
    (data: MatchingPoolToppedUpData) => ({ poolId: data.poolId, amountFen: data.amountFen, pledgedFen: data.pledgedFen, balanceFen: data.balanceFen }),
  ),
  MatchingPoolClosed: published(
    'matching-pool',
    'closed',
    'The sponsor closed its pool before the window ended: gifts from then on are not matched (outside_window); matches made stand',
    object({ poolId: id(), closedAt: instant('When the pool closed'), balanceFen: fen('Left unmatched: stays with the sponsor') }),
    (data: MatchingPoolClosedData) => ({ poolId: data.poolId, closedAt: data.closedAt, balanceFen: data.balanceFen }),
  ),
} as const satisfies Record<MatchingPoolEvent['type'], ContractDecision>;
