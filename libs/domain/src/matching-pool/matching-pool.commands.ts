import type { DomainCommand } from '../shared/decider.js';
import type { Area, Fen, ServiceCategory } from '../shared/values.js';
import type { MatchRatio, PoolGift, PoolSponsorKind } from './matching-pool.events.js';

export interface PledgeMatchingPoolData {
  readonly poolId: string;
  readonly sponsor: { readonly kind: PoolSponsorKind; readonly displayName: string };
  readonly pledgedFen: Fen;
  readonly ratio: MatchRatio;
  readonly perDonorCapFen: Fen;
  readonly perTargetCapFen: Fen;
  /** Beijing wall-clock 'YYYY-MM-DDTHH:mm'. */
  readonly opensAt: string;
  readonly closesAt: string;
  readonly area: Area;
  readonly categories?: readonly ServiceCategory[] | null;
}

/** Sent by the matching-gifts policy for each gift it learns of; the same gift sent again records nothing. */
export interface MatchGiftData {
  readonly poolId: string;
  readonly gift: PoolGift;
}

/** Sent by the policy when a gift is released from its need or project. */
export interface ReverseGiftMatchData {
  readonly poolId: string;
  readonly donationId: string;
  readonly matchId: string;
  readonly reason: string;
}

/** The sponsor raises its pool while the window has not ended. */
export interface TopUpMatchingPoolData {
  readonly poolId: string;
  readonly amountFen: Fen;
}

/** The sponsor ends its pool's window now. */
export interface CloseMatchingPoolData {
  readonly poolId: string;
}

export type PledgeMatchingPool = DomainCommand<'PledgeMatchingPool', PledgeMatchingPoolData>;
export type MatchGift = DomainCommand<'MatchGift', MatchGiftData>;
export type ReverseGiftMatch = DomainCommand<'ReverseGiftMatch', ReverseGiftMatchData>;

export type TopUpMatchingPool = DomainCommand<'TopUpMatchingPool', TopUpMatchingPoolData>;
export type CloseMatchingPool = DomainCommand<'CloseMatchingPool', CloseMatchingPoolData>;

export type MatchingPoolCommand = PledgeMatchingPool | MatchGift | ReverseGiftMatch | TopUpMatchingPool | CloseMatchingPool;
