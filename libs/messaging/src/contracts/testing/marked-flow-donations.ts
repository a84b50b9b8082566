/**
 * The marked flow's gifts: an enterprise's money matched to a need and partly disbursed, a resident's
 * goods (they lapse at the flow's end), and a matching pool (配捐) that matches, reverses, is topped up
 * and closed; the money is receipted and partly refunded. Donors' names and references are marked.
 */
import { chinaDateOf, donationDecider, matchingPoolDecider, needDecider } from '#domain';
import { beijingMinute, DAY, HOUR, type MarkedFlow } from './marked-flow-context.js';
import type { MarkedNeedsAndVolunteers } from './marked-flow-needs-and-volunteers.js';
import type { MarkedRegisters } from './marked-flow-registers.js';

export interface MarkedDonations {
  /** Money, still with a balance: the first project is matched from it later. */
  d1: string;
  /** Goods, expiring a day after the pledge. */
  d2: string;
}

export async function giveDonations(flow: MarkedFlow, { area1, area2 }: MarkedRegisters, { n1 }: MarkedNeedsAndVolunteers): Promise<MarkedDonations> {
  const { send, mark, idOf, advance } = flow;
  const d1 = idOf('don-1');
  const d2 = idOf('don-2');
  await send(donationDecider, d1, {
    type: 'PledgeDonation',
    data: {
      donationId: d1,
      donor: { kind: 'enterprise', displayName: mark('donor-name'), donorRef: mark('donor-ref-enterprise') },
      resource: 'money',
      amountFen: 1_000_000,
      description: mark('donation-description'),
      earmark: { category: 'elderly_care', district: 'SM' },
      area: area1,
      autoMatch: { categories: ['elderly_care'], maxPerNeedFen: 50_000 },
    },
  });
  await send(donationDecider, d2, {
    type: 'PledgeDonation',
    data: {
      donationId: d2,
      donor: { kind: 'resident', displayName: '匿名', donorRef: mark('donor-ref-resident') },
      resource: 'goods',
      amountFen: 20_000,
      description: mark('goods-description'),
      area: area2,
      expiresOn: chinaDateOf(flow.later(DAY)),
    },
  });
  advance(2 * HOUR);
  const n1Facts = { needId: n1, category: 'elderly_care' as const, area: area1 };
  await send(donationDecider, d1, {
    type: 'MatchDonation',
    data: { donationId: d1, matchId: idOf('match-1'), target: { kind: 'need', ...n1Facts }, amountFen: 30_000 },
  });
  await send(needDecider, n1, { type: 'RecordResourceMatch', data: { matchId: idOf('match-1'), resource: { kind: 'donation', id: d1 }, amountFen: 30_000 } });
  await send(donationDecider, d1, { type: 'DisburseDonation', data: { donationId: d1, matchId: idOf('match-1'), amountFen: 10_000 } });

  // 配捐: a pool the policy tells of gift match-1 (matched) and of one the sponsor gave itself (left unmatched); the gift's release reverses it.
  const pool1 = idOf('pool-1');
  await send(matchingPoolDecider, pool1, {
    type: 'PledgeMatchingPool',
    data: {
      poolId: pool1,
      sponsor: { kind: 'community_foundation', displayName: mark('pool-sponsor-name') },
      pledgedFen: 500_000,
      ratio: { gift: 1, match: 1 },
      perDonorCapFen: 20_000,
      perTargetCapFen: 100_000,
      opensAt: beijingMinute(flow.later(-DAY)),
      closesAt: beijingMinute(flow.later(30 * DAY)),
      area: area1,
    },
  });
  // The pledging actor's account is the pool's owner (the flow's actors carry no issuer).
  const sponsorAccount = flow.lastActor();
  const poolGift = (matchId: string, donorAccount: string) => ({
    donationId: d1, matchId, donorAccount, donorKind: 'enterprise' as const, resource: 'money' as const,
    target: { kind: 'need' as const, ...n1Facts }, amountFen: 30_000, givenAt: flow.now().toISOString(),
  });
  await send(matchingPoolDecider, pool1, { type: 'MatchGift', data: { poolId: pool1, gift: poolGift(idOf('match-1'), mark('gift-donor-account')) } });
  await send(matchingPoolDecider, pool1, { type: 'MatchGift', data: { poolId: pool1, gift: poolGift(idOf('match-own'), sponsorAccount) } });
  await send(matchingPoolDecider, pool1, { type: 'ReverseGiftMatch', data: { poolId: pool1, donationId: d1, matchId: idOf('match-1'), reason: mark('gift-reversal-reason') } });
  await send(matchingPoolDecider, pool1, { type: 'TopUpMatchingPool', data: { poolId: pool1, amountFen: 10_000 } });
  await send(matchingPoolDecider, pool1, { type: 'CloseMatchingPool', data: { poolId: pool1 } });

  await send(donationDecider, d1, { type: 'ReceiptDonation', data: { donationId: d1, receiptNumber: mark('receipt-number') } });
  await send(donationDecider, d1, { type: 'RefundDonation', data: { donationId: d1, amountFen: 5_000, reason: mark('refund-reason') } });
  return { d1, d2 };
}
