import type { DomainEvent } from '../shared/decider.js';
import type { Area, Fen, IsoInstant, ServiceCategory } from '../shared/values.js';
import type { DonatedResource, DonationTarget, DonorKind } from '../donation/donation.events.js';

/** Who may sponsor a matching pool (配捐方): an organisation, never a resident. */
export const POOL_SPONSOR_KINDS = ['enterprise', 'community_foundation', 'charity_federation', 'charity_base', 'other'] as const satisfies readonly DonorKind[];
export type PoolSponsorKind = (typeof POOL_SPONSOR_KINDS)[number];

/**
 * How much the pool gives per gift: `match` fen for every `gift` fen (1:1 is {gift: 1, match: 1}; 1:2,
 * the pool doubling each gift, is {gift: 1, match: 2}). Whole numbers: the match of a gift is
 * floor(giftFen * match / gift), rounded down to the fen, so the pool never gives a fraction of a fen.
 */
export interface MatchRatio {
  readonly gift: number;
  readonly match: number;
}

/** A gift as the pool sees it: one match of a donation to a need or project (the donation's DonationMatched). */
export interface PoolGift {
  readonly donationId: string;
  /** The donation's match id: with the donation id, the gift's key in the pool. */
  readonly matchId: string;
  /** The account that pledged the donation (accountOf): one donor however many gifts it splits its giving into. */
  readonly donorAccount: string;
  readonly donorKind: DonorKind;
  readonly resource: DonatedResource;
  readonly target: DonationTarget;
  readonly amountFen: Fen;
  /** When the gift was made (the DonationMatched's occurredAt): the window is checked against it, not against when the pool learns of it. */
  readonly givenAt: IsoInstant;
}

export interface MatchingPoolPledgedData {
  readonly poolId: string;
  readonly sponsor: { readonly kind: PoolSponsorKind; readonly displayName: string };
  /** The pledging account (accountOf): its own gifts are never matched. Withheld from the public contract. */
  readonly ownerAccount: string;
  readonly pledgedFen: Fen;
  readonly ratio: MatchRatio;
  /** The most the pool gives for one donor's gifts in the window, all of them together. */
  readonly perDonorCapFen: Fen;
  /** The most the pool gives to one need or one project. */
  readonly perTargetCapFen: Fen;
  /** Beijing wall-clock 'YYYY-MM-DDTHH:mm', inclusive. */
  readonly opensAt: string;
  /** Beijing wall-clock 'YYYY-MM-DDTHH:mm', exclusive: a gift at that minute is outside. */
  readonly closesAt: string;
  /** Gifts to needs and projects in this area (city, and narrower levels where given; '' means any). */
  readonly area: Area;
  /** Only needs or projects of these categories; null: any. */
  readonly categories: readonly ServiceCategory[] | null;
}

/** Which limit cut a match below what the ratio gives. */
export type MatchLimit = 'donor_cap' | 'target_cap' | 'pool_balance';

export interface GiftMatchedData {
  readonly poolId: string;
  readonly donationId: string;
  readonly matchId: string;
  readonly donorAccount: string;
  readonly donorKind: DonorKind;
  readonly target: DonationTarget;
  readonly giftFen: Fen;
  readonly givenAt: IsoInstant;
  /** What the ratio alone gives (rounded down). */
  readonly ratioFen: Fen;
  /** What the pool gives: ratioFen, or less when a limit cut it. */
  readonly matchFen: Fen;
  readonly limitedBy: MatchLimit | null;
  /** The pool's balance after this match. */
  readonly balanceFen: Fen;
  /** Matched for this donor, and for this target, after this match. */
  readonly donorMatchedFen: Fen;
  readonly targetMatchedFen: Fen;
}

/** Why a gift the pool was told of draws nothing. */
export const UNMATCHED_REASONS = {
  pool_exhausted: '配捐池已用完',
  donor_cap_reached: '该捐赠人的配捐已达上限',
  target_cap_reached: '该需求或项目的配捐已达上限',
  outside_window: '不在配捐时段内',
  pool_owner_gift: '配捐方自己的捐赠不配捐',
  outside_pool_scope: '不在配捐范围（区域或类别）内',
  not_money: '物资和场地不配捐',
  below_one_fen: '按比例不足 1 分',
} as const;
export type UnmatchedReason = keyof typeof UNMATCHED_REASONS;

export interface GiftLeftUnmatchedData {
  readonly poolId: string;
  readonly donationId: string;
  readonly matchId: string;
  readonly donorAccount: string;
  readonly target: DonationTarget;
  readonly giftFen: Fen;
  readonly givenAt: IsoInstant;
  readonly reason: UnmatchedReason;
}

/** The gift was released (the donor took it back from the need or project): its match returns to the pool. */
export interface GiftMatchReversedData {
  readonly poolId: string;
  readonly donationId: string;
  readonly matchId: string;
  readonly donorAccount: string;
  readonly target: DonationTarget;
  /** Returned to the pool. */
  readonly matchFen: Fen;
  readonly balanceFen: Fen;
  readonly donorMatchedFen: Fen;
  readonly targetMatchedFen: Fen;
  readonly reason: string;
}

/** The sponsor raised the pool (补充配捐): more to match with, the same window and caps. */
export interface MatchingPoolToppedUpData {
  readonly poolId: string;
  readonly amountFen: Fen;
  /** The pool's pledge and balance after the top-up. */
  readonly pledgedFen: Fen;
  readonly balanceFen: Fen;
}

/**
 * The sponsor closed the pool before its window ended: a gift made from now on is outside the window
 * (GiftLeftUnmatched outside_window); the matches made stand, and a released one still gives back.
 */
export interface MatchingPoolClosedData {
  readonly poolId: string;
  readonly closedAt: IsoInstant;
  /** What was left unmatched: it stays with the sponsor. */
  readonly balanceFen: Fen;
}

export type MatchingPoolPledged = DomainEvent<'MatchingPoolPledged', MatchingPoolPledgedData>;
export type MatchingPoolToppedUp = DomainEvent<'MatchingPoolToppedUp', MatchingPoolToppedUpData>;
export type MatchingPoolClosed = DomainEvent<'MatchingPoolClosed', MatchingPoolClosedData>;
export type GiftMatched = DomainEvent<'GiftMatched', GiftMatchedData>;
export type GiftLeftUnmatched = DomainEvent<'GiftLeftUnmatched', GiftLeftUnmatchedData>;
export type GiftMatchReversed = DomainEvent<'GiftMatchReversed', GiftMatchReversedData>;

export type MatchingPoolEvent = MatchingPoolPledged | GiftMatched | GiftLeftUnmatched | GiftMatchReversed | MatchingPoolToppedUp | MatchingPoolClosed;

/** Stored type name -> current schemaVersion. */
export const matchingPoolEventTypes = {
  MatchingPoolPledged: 1,
  GiftMatched: 1,
  GiftLeftUnmatched: 1,
  GiftMatchReversed: 1,
  MatchingPoolToppedUp: 1,
  MatchingPoolClosed: 1,
} as const satisfies Record<MatchingPoolEvent['type'], number>;
