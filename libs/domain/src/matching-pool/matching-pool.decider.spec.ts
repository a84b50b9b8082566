import { describe, expect, it } from '@jest/globals';
import { foldEvents } from '../shared/decider.js';
import { DeciderSpecification, TEST_ACTOR } from '../testing/decider-spec.js';
import type { DonationTarget } from '../donation/donation.events.js';
import type { MatchingPoolCommand, PledgeMatchingPoolData } from './matching-pool.commands.js';
import type { GiftMatchedData, MatchingPoolEvent, MatchingPoolPledgedData, PoolGift, UnmatchedReason } from './matching-pool.events.js';
import { matchedForDonor, matchedForTarget, matchingPoolDecider, ratioMatchFen, type MatchingPoolRecord } from './matching-pool.decider.js';

const spec = DeciderSpecification.for(matchingPoolDecider);
const poolId = 'pool-99';
const sponsorAccount = 'https://id.example#xm-tech';
const sponsor = { ...TEST_ACTOR, id: 'xm-tech', issuer: 'https://id.example', role: 'donor' };
const huli = { city: 'xiamen', district: 'huli', street: 'jiangtou', community: 'taishan' };
const siming = { city: 'xiamen', district: 'siming', street: 'zhonghua', community: 'dazhong' };
const elderlyNeed: DonationTarget = { kind: 'need', needId: 'need-1', category: 'elderly_care', area: huli };
const otherNeed: DonationTarget = { kind: 'need', needId: 'need-2', category: 'elderly_care', area: huli };
const childNeed: DonationTarget = { kind: 'need', needId: 'need-3', category: 'child_welfare', area: huli };
const needInSiming: DonationTarget = { kind: 'need', needId: 'need-4', category: 'elderly_care', area: siming };
const project: DonationTarget = { kind: 'project', projectId: 'project-1', categories: ['child_welfare', 'elderly_care'], area: huli };

// 99 公益日: 2026-09-07 00:00 to 2026-09-10 00:00 Beijing = 2026-09-06T16:00Z to 2026-09-09T16:00Z.
const IN_WINDOW = '2026-09-07T02:00:00.000Z';
const pledgeData: PledgeMatchingPoolData = {
  poolId,
  sponsor: { kind: 'enterprise', displayName: '厦门某科技有限公司' },
  pledgedFen: 1_000_000,
  ratio: { gift: 1, match: 1 },
  perDonorCapFen: 20_000,
  perTargetCapFen: 300_000,
  opensAt: '2026-09-07T00:00',
  closesAt: '2026-09-10T00:00',
  area: { city: 'xiamen', district: 'huli', street: '', community: '' },
};
const pledgedData: MatchingPoolPledgedData = { ...pledgeData, ownerAccount: sponsorAccount, categories: null };
const pledged = (overrides: Partial<MatchingPoolPledgedData> = {}): MatchingPoolEvent => ({ type: 'MatchingPoolPledged', data: { ...pledgedData, ...overrides } });
const pledge = (overrides: Partial<PledgeMatchingPoolData> = {}): MatchingPoolCommand => ({ type: 'PledgeMatchingPool', data: { ...pledgeData, ...overrides } });

const gift = (matchId: string, amountFen: number, overrides: Partial<PoolGift> = {}): PoolGift => ({
  donationId: 'don-1',
  matchId,
  donorAccount: 'https://id.example#resident-a',
  donorKind: 'resident',
  resource: 'money',
  target: elderlyNeed,
  amountFen,
  givenAt: IN_WINDOW,
  ...overrides,
});
const matchGift = (value: PoolGift): MatchingPoolCommand => ({ type: 'MatchGift', data: { poolId, gift: value } });
const reverse = (matchId: string, donationId = 'don-1'): MatchingPoolCommand => ({ type: 'ReverseGiftMatch', data: { poolId, donationId, matchId, reason: '捐赠已撤回' } });

const matched = (value: PoolGift, result: Pick<GiftMatchedData, 'matchFen' | 'balanceFen' | 'donorMatchedFen' | 'targetMatchedFen'> & Partial<GiftMatchedData>): MatchingPoolEvent => ({
  type: 'GiftMatched',
  data: {
    poolId,
    donationId: value.donationId,
    matchId: value.matchId,
    donorAccount: value.donorAccount,
    donorKind: value.donorKind,
    target: value.target,
    giftFen: value.amountFen,
    givenAt: value.givenAt,
    ratioFen: result.matchFen,
    limitedBy: null,
    ...result,
  },
});
const unmatched = (value: PoolGift, reason: UnmatchedReason): MatchingPoolEvent => ({
  type: 'GiftLeftUnmatched',
  data: { poolId, donationId: value.donationId, matchId: value.matchId, donorAccount: value.donorAccount, target: value.target, giftFen: value.amountFen, givenAt: value.givenAt, reason },
});

describe('matching pool: pledge', () => {
  it('records the pool with its ratio, caps, Beijing window and the pledging account as owner', () => {
    spec.given([]).when(pledge(), { actor: sponsor }).then([pledged()]);
  });

  it('is pledged by an organisation only, never a resident', () => {
    spec.given([]).when(pledge({ sponsor: { kind: 'resident' as never, displayName: '匿名' } }), { actor: sponsor }).thenThrows('POOL_SPONSOR_KIND_INVALID');
  });

  it('refuses a ratio that is not two whole numbers from 1 to 100', () => {
    for (const ratio of [{ gift: 0, match: 1 }, { gift: 1, match: 1.5 }, { gift: 1, match: 101 }, null]) {
      spec.given([]).when(pledge({ ratio: ratio as never }), { actor: sponsor }).thenThrows('MATCH_RATIO_INVALID');
    }
  });

  it('refuses amounts and caps that are not whole fen above 0', () => {
    spec.given([]).when(pledge({ pledgedFen: 0 }), { actor: sponsor }).thenThrows('POOL_AMOUNT_INVALID');
    spec.given([]).when(pledge({ perDonorCapFen: 10.5 }), { actor: sponsor }).thenThrows('POOL_CAP_INVALID');
    spec.given([]).when(pledge({ perTargetCapFen: -1 }), { actor: sponsor }).thenThrows('POOL_CAP_INVALID');
  });

  it('refuses a window that is not Beijing wall-clock text, closes before it opens, or has closed', () => {
    spec.given([]).when(pledge({ opensAt: '2026-09-07T00:00+08:00' }), { actor: sponsor }).thenThrows('POOL_WINDOW_INVALID');
    spec.given([]).when(pledge({ closesAt: '2026-02-30T00:00' }), { actor: sponsor }).thenThrows('POOL_WINDOW_INVALID');
    spec.given([]).when(pledge({ closesAt: '2026-09-07T00:00' }), { actor: sponsor }).thenThrows('POOL_WINDOW_INVALID');
    spec.given([]).when(pledge({ opensAt: '2026-02-01T00:00', closesAt: '2026-03-01T16:00' }), { actor: sponsor }).thenThrows('POOL_WINDOW_PAST');
  });

  it('is pledged once', () => {
    spec.given([pledged()]).when(pledge(), { actor: sponsor }).thenThrows('MATCHING_POOL_ALREADY_EXISTS');
  });
});

describe('matching pool: the ratio, in whole fen rounded down', () => {
  it('1:1 gives the gift again; 1:2 doubles it; 2:1 halves it, dropping the odd fen', () => {
    expect(ratioMatchFen(10_001, { gift: 1, match: 1 })).toBe(10_001);
    expect(ratioMatchFen(10_001, { gift: 1, match: 2 })).toBe(20_002);
    expect(ratioMatchFen(10_001, { gift: 2, match: 1 })).toBe(5_000);
    expect(ratioMatchFen(Number.MAX_SAFE_INTEGER, { gift: 3, match: 1 })).toBe(3_002_399_751_580_330);
  });

  it('matches a gift by the pool ratio', () => {
    const value = gift('m-1', 5_001);
    spec.given([pledged({ ratio: { gift: 2, match: 1 } })]).when(matchGift(value)).then([
      matched(value, { matchFen: 2_500, balanceFen: 997_500, donorMatchedFen: 2_500, targetMatchedFen: 2_500 }),
    ]);
  });

  it('leaves a gift too small for one fen of match unmatched', () => {
    const value = gift('m-1', 1);
    spec.given([pledged({ ratio: { gift: 2, match: 1 } })]).when(matchGift(value)).then([unmatched(value, 'below_one_fen')]);
  });
});

describe('matching pool: the window, in Beijing time, judged by when the gift was made', () => {
  const at = (givenAt: string) => gift('m-edge', 1_000, { givenAt });
  it('matches a gift at the opening minute and one a millisecond before the close', () => {
    for (const givenAt of ['2026-09-06T16:00:00.000Z', '2026-09-09T15:59:59.999Z']) {
      spec.given([pledged()]).when(matchGift(at(givenAt))).then([matched(at(givenAt), { matchFen: 1_000, balanceFen: 999_000, donorMatchedFen: 1_000, targetMatchedFen: 1_000 })]);
    }
  });

  it('leaves unmatched a gift a millisecond before the opening and one at the closing minute', () => {
    for (const givenAt of ['2026-09-06T15:59:59.999Z', '2026-09-09T16:00:00.000Z']) {
      spec.given([pledged()]).when(matchGift(at(givenAt))).then([unmatched(at(givenAt), 'outside_window')]);
    }
  });
});

describe('matching pool: eligibility', () => {
  it('never matches the pool owner its own gift', () => {
    const own = gift('m-own', 1_000, { donorAccount: sponsorAccount, donorKind: 'enterprise' });
    spec.given([pledged()]).when(matchGift(own)).then([unmatched(own, 'pool_owner_gift')]);
  });

  it('matches money only', () => {
    const goods = gift('m-goods', 1_000, { resource: 'goods' });
    spec.given([pledged()]).when(matchGift(goods)).then([unmatched(goods, 'not_money')]);
  });

  it('matches needs and projects in its area and categories only', () => {
    const elsewhere = gift('m-far', 1_000, { target: needInSiming });
    spec.given([pledged()]).when(matchGift(elsewhere)).then([unmatched(elsewhere, 'outside_pool_scope')]);
    const child = gift('m-child', 1_000, { target: childNeed });
    spec.given([pledged({ categories: ['elderly_care'] })]).when(matchGift(child)).then([unmatched(child, 'outside_pool_scope')]);
    const toProject = gift('m-project', 1_000, { target: project });
    spec.given([pledged({ categories: ['elderly_care'] })]).when(matchGift(toProject)).then([
      matched(toProject, { matchFen: 1_000, balanceFen: 999_000, donorMatchedFen: 1_000, targetMatchedFen: 1_000 }),
    ]);
  });

  it('refuses gifts for a pool never pledged', () => {
    spec.given([]).when(matchGift(gift('m-1', 100))).thenThrows('MATCHING_POOL_NOT_FOUND');
  });
});

describe('matching pool: caps and exhaustion', () => {
  it('caps one donor as one, however many small gifts it splits its giving into', () => {
    const first = gift('m-1', 15_000);
    const second = gift('m-2', 15_000, { donationId: 'don-2', target: otherNeed });
    const third = gift('m-3', 100, { donationId: 'don-3' });
    const afterFirst = matched(first, { matchFen: 15_000, balanceFen: 985_000, donorMatchedFen: 15_000, targetMatchedFen: 15_000 });
    spec.given([pledged()]).when(matchGift(second)).then([
      matched(second, { matchFen: 15_000, balanceFen: 985_000, donorMatchedFen: 15_000, targetMatchedFen: 15_000 }),
    ]);
    spec.given([pledged(), afterFirst]).when(matchGift(second)).then([
      matched(second, { ratioFen: 15_000, matchFen: 5_000, limitedBy: 'donor_cap', balanceFen: 980_000, donorMatchedFen: 20_000, targetMatchedFen: 5_000 }),
    ]);
    const afterSecond = matched(second, { ratioFen: 15_000, matchFen: 5_000, limitedBy: 'donor_cap', balanceFen: 980_000, donorMatchedFen: 20_000, targetMatchedFen: 5_000 });
    spec.given([pledged(), afterFirst, afterSecond]).when(matchGift(third)).then([unmatched(third, 'donor_cap_reached')]);
    // Another donor is not held by the first one's cap.
    const neighbour = gift('m-4', 100, { donationId: 'don-4', donorAccount: 'https://id.example#resident-b' });
    spec.given([pledged(), afterFirst, afterSecond]).when(matchGift(neighbour)).then([
      matched(neighbour, { matchFen: 100, balanceFen: 979_900, donorMatchedFen: 100, targetMatchedFen: 15_100 }),
    ]);
  });

  it('caps one need or project, whoever gives to it', () => {
    const pool = pledged({ perTargetCapFen: 1_500 });
    const a = gift('m-a', 1_000);
    const b = gift('m-b', 1_000, { donationId: 'don-b', donorAccount: 'https://id.example#resident-b' });
    const c = gift('m-c', 1_000, { donationId: 'don-c', donorAccount: 'https://id.example#resident-c' });
    const afterA = matched(a, { matchFen: 1_000, balanceFen: 999_000, donorMatchedFen: 1_000, targetMatchedFen: 1_000 });
    const afterB = matched(b, { ratioFen: 1_000, matchFen: 500, limitedBy: 'target_cap', balanceFen: 998_500, donorMatchedFen: 500, targetMatchedFen: 1_500 });
    spec.given([pool, afterA]).when(matchGift(b)).then([afterB]);
    spec.given([pool, afterA, afterB]).when(matchGift(c)).then([unmatched(c, 'target_cap_reached')]);
  });

  it('gives what is left when the pool runs low, then leaves gifts unmatched as exhausted', () => {
    const pool = pledged({ pledgedFen: 1_500 });
    const a = gift('m-a', 1_000);
    const b = gift('m-b', 1_000, { donationId: 'don-b', donorAccount: 'https://id.example#resident-b', target: otherNeed });
    const c = gift('m-c', 1_000, { donationId: 'don-c', donorAccount: 'https://id.example#resident-c', target: otherNeed });
    const afterA = matched(a, { matchFen: 1_000, balanceFen: 500, donorMatchedFen: 1_000, targetMatchedFen: 1_000 });
    const afterB = matched(b, { ratioFen: 1_000, matchFen: 500, limitedBy: 'pool_balance', balanceFen: 0, donorMatchedFen: 500, targetMatchedFen: 500 });
    spec.given([pool, afterA]).when(matchGift(b)).then([afterB]);
    spec.given([pool, afterA, afterB]).when(matchGift(c)).then([unmatched(c, 'pool_exhausted')]);
  });

  it('records the same gift once, however often it is told', () => {
    const value = gift('m-1', 1_000);
    const first = matched(value, { matchFen: 1_000, balanceFen: 999_000, donorMatchedFen: 1_000, targetMatchedFen: 1_000 });
    spec.given([pledged(), first]).when(matchGift(value)).then([]);
    spec.given([pledged(), unmatched(value, 'outside_window')]).when(matchGift(value)).then([]);
  });
});

describe('matching pool: a released gift gives its match back', () => {
  const value = gift('m-1', 15_000);
  const first = matched(value, { matchFen: 15_000, balanceFen: 985_000, donorMatchedFen: 15_000, targetMatchedFen: 15_000 });
  const reversed: MatchingPoolEvent = {
    type: 'GiftMatchReversed',
    data: { poolId, donationId: 'don-1', matchId: 'm-1', donorAccount: value.donorAccount, target: elderlyNeed, matchFen: 15_000, balanceFen: 1_000_000, donorMatchedFen: 0, targetMatchedFen: 0, reason: '捐赠已撤回' },
  };

  it('returns balance, donor usage and target usage as one fact', () => {
    spec.given([pledged(), first]).when(reverse('m-1')).then([reversed]);
    const state = foldEvents(matchingPoolDecider, [pledged(), first, reversed]) as MatchingPoolRecord;
    expect([state.balanceFen, matchedForDonor(state, value.donorAccount), matchedForTarget(state, elderlyNeed)]).toEqual([1_000_000, 0, 0]);
  });

  it('lets the donor be matched again up to its cap after the reversal', () => {
    const again = gift('m-2', 20_000, { donationId: 'don-2' });
    spec.given([pledged(), first, reversed]).when(matchGift(again)).then([
      matched(again, { matchFen: 20_000, balanceFen: 980_000, donorMatchedFen: 20_000, targetMatchedFen: 20_000 }),
    ]);
  });

  it('reverses nothing for a gift never matched, left unmatched, or already reversed', () => {
    spec.given([pledged()]).when(reverse('m-1')).then([]);
    spec.given([pledged(), unmatched(value, 'pool_exhausted')]).when(reverse('m-1')).then([]);
    spec.given([pledged(), first, reversed]).when(reverse('m-1')).then([]);
    spec.given([pledged(), first, reversed]).when(matchGift(value)).then([]);
  });

  describe('top-up and close (the sponsor, while the window has not ended)', () => {
    const topUp = (amountFen: number): MatchingPoolCommand => ({ type: 'TopUpMatchingPool', data: { poolId, amountFen } });
    const close: MatchingPoolCommand = { type: 'CloseMatchingPool', data: { poolId } };
    const during = { now: new Date(IN_WINDOW) };
    const after = { now: new Date('2026-09-09T16:00:00.000Z') };
    const closedAt = '2026-09-07T03:00:00.000Z';
    const closedEvent: MatchingPoolEvent = { type: 'MatchingPoolClosed', data: { poolId, closedAt, balanceFen: 1_000_000 } };

    it('raises the pledge and the balance by the top-up', () => {
      spec.given([pledged()]).when(topUp(500_000), during).then([{ type: 'MatchingPoolToppedUp', data: { poolId, amountFen: 500_000, pledgedFen: 1_500_000, balanceFen: 1_500_000 } }]);
    });

    it('refuses a top-up that is not whole fen above 0, or one after the window ended or the pool closed', () => {
      for (const amount of [0, -1, 10.5, Number.NaN]) spec.given([pledged()]).when(topUp(amount), during).thenThrows('POOL_TOP_UP_INVALID');
      spec.given([pledged()]).when(topUp(100_000_000_000), during).thenThrows('POOL_TOP_UP_INVALID');
      spec.given([pledged()]).when(topUp(1), after).thenThrows('POOL_WINDOW_ENDED');
      spec.given([pledged(), closedEvent]).when(topUp(1), during).thenThrows('POOL_CLOSED');
    });

    it('closes now: a gift made after the close is outside the window, one made before it is still matched', () => {
      spec.given([pledged()]).when(close, { now: new Date(closedAt) }).then([closedEvent]);
      const late = gift('late', 1_000, { givenAt: '2026-09-07T03:00:00.000Z' });
      spec.given([pledged(), closedEvent]).when(matchGift(late)).then([unmatched(late, 'outside_window')]);
      const early = gift('early', 1_000, { givenAt: '2026-09-07T02:59:59.999Z' });
      spec.given([pledged(), closedEvent]).when(matchGift(early)).then([matched(early, { matchFen: 1_000, balanceFen: 999_000, donorMatchedFen: 1_000, targetMatchedFen: 1_000 })]);
    });

    it('refuses to close twice or after the window ended', () => {
      spec.given([pledged(), closedEvent]).when(close, during).thenThrows('POOL_ALREADY_CLOSED');
      spec.given([pledged()]).when(close, after).thenThrows('POOL_WINDOW_ENDED');
      spec.given([]).when(close, during).thenThrows('MATCHING_POOL_NOT_FOUND');
    });
  });
});
