import { beijingWallClockInstant } from '../shared/calendar.js';
import type { Decider } from '../shared/decider.js';
import { conflict, invalid, notFound } from '../shared/domain-error.js';
import type { Fen } from '../shared/values.js';
import type { DonationTarget } from '../donation/donation.events.js';
import type { MatchingPoolCommand, ReverseGiftMatchData, TopUpMatchingPoolData } from './matching-pool.commands.js';
import type { MatchingPoolEvent, MatchingPoolPledgedData, MatchLimit, PoolGift, UnmatchedReason } from './matching-pool.events.js';
import { decidePledgeMatchingPool } from './matching-pool.pledge.js';

/** What the pool remembers of each gift it was told of: the key of idempotency and of reversal. */
export interface PoolGiftRecord {
  readonly key: string;
  readonly outcome: 'matched' | 'unmatched' | 'reversed';
  readonly donorAccount: string;
  readonly target: DonationTarget;
  /** What the pool gave (0 when unmatched; what it gave before a reversal). */
  readonly matchFen: Fen;
  /** Why an unmatched gift drew nothing; null otherwise. */
  readonly reason: UnmatchedReason | null;
  /** After this entry: matched for the donor and for the target (carried by the facts; unmatched entries copy nothing). */
  readonly donorMatchedFen: Fen;
  readonly targetMatchedFen: Fen;
}

/**
 * Every outcome, newest first, as an immutable list: folding a giving day of thousands of gifts costs
 * O(1) per fact (copying a map per fact would cost O(n) each, O(n^2) per load); a decision walks it once.
 */
export interface PoolLedger {
  readonly entry: PoolGiftRecord;
  readonly earlier: PoolLedger | null;
}

export interface MatchingPoolRecord extends MatchingPoolPledgedData {
  readonly status: 'pledged';
  /** pledgedFen less the running matches: never below 0, whatever the order of gifts. */
  readonly balanceFen: Fen;
  readonly ledger: PoolLedger | null;
  /** When the sponsor closed the pool early (MatchingPoolClosed); null while it runs to closesAt. */
  readonly closedAt: string | null;
}

export type MatchingPoolState = { readonly status: 'absent' } | MatchingPoolRecord;

/** The newest ledger entry that satisfies `test`, or null. */
const latest = (ledger: PoolLedger | null, test: (entry: PoolGiftRecord) => boolean): PoolGiftRecord | null => {
  for (let node = ledger; node !== null; node = node.earlier) if (test(node.entry)) return node.entry;
  return null;
};

/** The gift as the pool last recorded it (matched, unmatched, reversed), or null when never told. */
export const poolGiftOf = (pool: MatchingPoolRecord, donationId: string, matchId: string): PoolGiftRecord | null => {
  const key = giftKeyOf(donationId, matchId);
  return latest(pool.ledger, (entry) => entry.key === key);
};

/** Running matches for one donor account, all its gifts together. */
export const matchedForDonor = (pool: MatchingPoolRecord, donorAccount: string): Fen =>
  latest(pool.ledger, (entry) => entry.outcome !== 'unmatched' && entry.donorAccount === donorAccount)?.donorMatchedFen ?? 0;

/** Running matches for one need or project. */
export const matchedForTarget = (pool: MatchingPoolRecord, target: DonationTarget): Fen => {
  const key = targetKeyOf(target);
  return latest(pool.ledger, (entry) => entry.outcome !== 'unmatched' && targetKeyOf(entry.target) === key)?.targetMatchedFen ?? 0;
};

/** The gifts, oldest first, each as it stands now (one walk: for views and reports). */
export const poolGifts = (pool: MatchingPoolRecord): PoolGiftRecord[] => {
  const seen = new Set<string>();
  const gifts: PoolGiftRecord[] = [];
  for (let node = pool.ledger; node !== null; node = node.earlier) {
    if (seen.has(node.entry.key)) continue;
    seen.add(node.entry.key);
    gifts.push(node.entry);
  }
  return gifts.reverse();
};

export const giftKeyOf = (donationId: string, matchId: string): string => `${donationId}/${matchId}`;
export const targetKeyOf = (target: DonationTarget): string => (target.kind === 'need' ? `need:${target.needId}` : `project:${target.projectId}`);

/** floor(giftFen * match / gift) in exact integer arithmetic: a large gift never loses a fen to floating point. */
export const ratioMatchFen = (giftFen: Fen, ratio: { gift: number; match: number }): Fen =>
  Number((BigInt(giftFen) * BigInt(ratio.match)) / BigInt(ratio.gift));

/** Is the gift's target in the pool's area and categories? An empty level of the pool's area allows any. */
const inScope = (pool: MatchingPoolRecord, target: DonationTarget): boolean => {
  const levels = ['city', 'district', 'street', 'community'] as const;
  if (!levels.every((level) => pool.area[level] === '' || pool.area[level] === target.area[level])) return false;
  if (pool.categories === null) return true;
  const categories = target.kind === 'need' ? [target.category] : target.categories;
  return categories.some((category) => pool.categories!.includes(category));
};

/** Inside [opensAt, closesAt) in Beijing time, and before the pool was closed early, judged by when the gift was made. */
export const withinWindow = (pool: Pick<MatchingPoolPledgedData, 'opensAt' | 'closesAt'> & { readonly closedAt?: string | null }, givenAt: string): boolean => {
  const given = Date.parse(givenAt);
  const closedEarly = pool.closedAt ? given >= Date.parse(pool.closedAt) : false;
  return given >= beijingWallClockInstant(pool.opensAt)!.getTime() && given < beijingWallClockInstant(pool.closesAt)!.getTime() && !closedEarly;
};

/** The most a pool may hold, pledge and top-ups together (the API's amount limit). */
export const POOL_MAX_FEN = 100_000_000_000;

/** A pool takes a top-up or a close only while its window has not ended (closesAt, or an earlier close). */
const stillRunning = (pool: MatchingPoolRecord, now: Date): void => {
  if (pool.closedAt) throw conflict('POOL_CLOSED', 'The pool was closed', { closedAt: pool.closedAt });
  if (now.getTime() >= beijingWallClockInstant(pool.closesAt)!.getTime()) throw conflict('POOL_WINDOW_ENDED', 'The pool\'s window has ended', { closesAt: pool.closesAt });
};

const decideTopUp = (pool: MatchingPoolRecord, data: TopUpMatchingPoolData, now: Date): MatchingPoolEvent[] => {
  const amountFen = data.amountFen;
  if (typeof amountFen !== 'number' || !Number.isInteger(amountFen) || amountFen <= 0 || pool.pledgedFen + amountFen > POOL_MAX_FEN) {
    throw invalid('POOL_TOP_UP_INVALID', `A top-up is a whole number of fen above 0, the pool at most ${POOL_MAX_FEN} fen`, { amountFen, pledgedFen: pool.pledgedFen });
  }
  stillRunning(pool, now);
  return [{ type: 'MatchingPoolToppedUp', data: { poolId: pool.poolId, amountFen, pledgedFen: pool.pledgedFen + amountFen, balanceFen: pool.balanceFen + amountFen } }];
};

const decideClose = (pool: MatchingPoolRecord, now: Date): MatchingPoolEvent[] => {
  if (pool.closedAt) throw conflict('POOL_ALREADY_CLOSED', 'The pool is already closed', { closedAt: pool.closedAt });
  stillRunning(pool, now);
  return [{ type: 'MatchingPoolClosed', data: { poolId: pool.poolId, closedAt: now.toISOString(), balanceFen: pool.balanceFen } }];
};

/** Why an eligible gift draws nothing, or what it draws and which limit cut it. */
const limitedMatch = (pool: MatchingPoolRecord, gift: PoolGift, ratioFen: Fen): { matchFen: Fen; limitedBy: MatchLimit | null } => {
  const limits: [MatchLimit, Fen][] = [
    ['pool_balance', pool.balanceFen],
    ['donor_cap', pool.perDonorCapFen - matchedForDonor(pool, gift.donorAccount)],
    ['target_cap', pool.perTargetCapFen - matchedForTarget(pool, gift.target)],
  ];
  let matchFen = ratioFen;
  let limitedBy: MatchLimit | null = null;
  for (const [limit, room] of limits) {
    if (room < matchFen) [matchFen, limitedBy] = [Math.max(room, 0), limit];
  }
  return { matchFen, limitedBy };
};

const NOTHING_LEFT: Record<MatchLimit, UnmatchedReason> = { pool_balance: 'pool_exhausted', donor_cap: 'donor_cap_reached', target_cap: 'target_cap_reached' };

/** Every gift the pool is told of is decided: matched (in part or whole) or left unmatched with its reason. */
const decideMatchGift = (pool: MatchingPoolRecord, gift: PoolGift): MatchingPoolEvent[] => {
  // The same gift told again (a redelivered fact, the API's eager run and the projector's) records nothing.
  if (poolGiftOf(pool, gift.donationId, gift.matchId)) return [];
  const { poolId } = pool;
  const unmatched = (reason: UnmatchedReason): MatchingPoolEvent[] => [
    {
      type: 'GiftLeftUnmatched',
      data: { poolId, donationId: gift.donationId, matchId: gift.matchId, donorAccount: gift.donorAccount, target: gift.target, giftFen: gift.amountFen, givenAt: gift.givenAt, reason },
    },
  ];
  if (gift.resource !== 'money') return unmatched('not_money');
  if (gift.donorAccount === pool.ownerAccount) return unmatched('pool_owner_gift');
  if (!withinWindow(pool, gift.givenAt)) return unmatched('outside_window');
  if (!inScope(pool, gift.target)) return unmatched('outside_pool_scope');
  const ratioFen = ratioMatchFen(gift.amountFen, pool.ratio);
  if (ratioFen === 0) return unmatched('below_one_fen');
  const { matchFen, limitedBy } = limitedMatch(pool, gift, ratioFen);
  if (matchFen === 0) return unmatched(NOTHING_LEFT[limitedBy!]);
  return [
    {
      type: 'GiftMatched',
      data: {
        poolId,
        donationId: gift.donationId,
        matchId: gift.matchId,
        donorAccount: gift.donorAccount,
        donorKind: gift.donorKind,
        target: gift.target,
        giftFen: gift.amountFen,
        givenAt: gift.givenAt,
        ratioFen,
        matchFen,
        limitedBy,
        balanceFen: pool.balanceFen - matchFen,
        donorMatchedFen: matchedForDonor(pool, gift.donorAccount) + matchFen,
        targetMatchedFen: matchedForTarget(pool, gift.target) + matchFen,
      },
    },
  ];
};

/** A released gift gives its match back: balance, the donor's and the target's usage, as one fact. */
const decideReverse = (pool: MatchingPoolRecord, data: ReverseGiftMatchData): MatchingPoolEvent[] => {
  const reason = typeof data.reason === 'string' ? data.reason.trim() : '';
  if (reason === '') throw invalid('REASON_REQUIRED', 'A reversal says why');
  const gift = poolGiftOf(pool, data.donationId, data.matchId);
  // Nothing matched, or already given back: nothing to reverse.
  if (!gift || gift.outcome !== 'matched') return [];
  return [
    {
      type: 'GiftMatchReversed',
      data: {
        poolId: pool.poolId,
        donationId: data.donationId,
        matchId: data.matchId,
        donorAccount: gift.donorAccount,
        target: gift.target,
        matchFen: gift.matchFen,
        balanceFen: pool.balanceFen + gift.matchFen,
        donorMatchedFen: matchedForDonor(pool, gift.donorAccount) - gift.matchFen,
        targetMatchedFen: matchedForTarget(pool, gift.target) - gift.matchFen,
        reason,
      },
    },
  ];
};

/**
 * 配捐 (issue 13 item 2): the pool's stream is where its balance is decided, so its cap holds under any
 * race: every gift's match is decided on the state the previous one left (AggregateStore serialises a
 * stream within a process and re-decides on a conflict between processes).
 */
export const matchingPoolDecider: Decider<MatchingPoolState, MatchingPoolCommand, MatchingPoolEvent> = {
  streamPrefix: 'matchingpool',
  initialState: () => ({ status: 'absent' }),

  decide(command, state, context) {
    if (command.type === 'PledgeMatchingPool') return decidePledgeMatchingPool(command.data, state.status !== 'absent', context);
    if (state.status === 'absent') throw notFound('MATCHING_POOL_NOT_FOUND', `Matching pool ${command.data.poolId} was never pledged`, { poolId: command.data.poolId });
    switch (command.type) {
      case 'MatchGift':
        return decideMatchGift(state, command.data.gift);
      case 'ReverseGiftMatch':
        return decideReverse(state, command.data);
      case 'TopUpMatchingPool':
        return decideTopUp(state, command.data, context.now);
      case 'CloseMatchingPool':
        return decideClose(state, context.now);
      default: {
        const unknownCommand: never = command;
        throw invalid('UNKNOWN_COMMAND', `Unknown matching pool command ${(unknownCommand as { type: string }).type}`);
      }
    }
  },

  evolve(state, event) {
    if (event.type === 'MatchingPoolPledged') return { ...event.data, status: 'pledged', balanceFen: event.data.pledgedFen, ledger: null, closedAt: null };
    if (state.status === 'absent') return state;
    const record = (entry: Omit<PoolGiftRecord, 'key'> & { donationId: string; matchId: string }): PoolLedger => {
      const { donationId, matchId, ...rest } = entry;
      return { entry: { key: giftKeyOf(donationId, matchId), ...rest }, earlier: state.ledger };
    };
    switch (event.type) {
      case 'GiftMatched': {
        const { donationId, matchId, donorAccount, target, matchFen, balanceFen, donorMatchedFen, targetMatchedFen } = event.data;
        return { ...state, balanceFen, ledger: record({ donationId, matchId, outcome: 'matched', donorAccount, target, matchFen, reason: null, donorMatchedFen, targetMatchedFen }) };
      }
      case 'GiftLeftUnmatched': {
        const { donationId, matchId, donorAccount, target, reason } = event.data;
        return { ...state, ledger: record({ donationId, matchId, outcome: 'unmatched', donorAccount, target, matchFen: 0, reason, donorMatchedFen: 0, targetMatchedFen: 0 }) };
      }
      case 'GiftMatchReversed': {
        const { donationId, matchId, donorAccount, target, matchFen, balanceFen, donorMatchedFen, targetMatchedFen } = event.data;
        return { ...state, balanceFen, ledger: record({ donationId, matchId, outcome: 'reversed', donorAccount, target, matchFen, reason: null, donorMatchedFen, targetMatchedFen }) };
      }
      case 'MatchingPoolToppedUp':
        return { ...state, pledgedFen: event.data.pledgedFen, balanceFen: event.data.balanceFen };
      case 'MatchingPoolClosed':
        return { ...state, closedAt: event.data.closedAt };
      default:
        return state;
    }
  },
};
