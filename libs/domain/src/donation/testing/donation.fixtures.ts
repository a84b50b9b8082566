/** The donation decider's specs share these: one donation, its targets, and its commands and events as tests write them. */
import { DeciderSpecification } from '../../testing/decider-spec.js';
import type { DonationCommand, PledgeDonationData } from '../donation.commands.js';
import type { DonationEvent, DonationPledged, DonationPledgedData, DonationTarget } from '../donation.events.js';
import { donationDecider } from '../donation.decider.js';

export const spec = DeciderSpecification.for(donationDecider);
export const donationId = 'don-2026-0001';
// DEFAULT_TEST_NOW is 2026-03-01T08:00Z, i.e. 2026-03-01 16:00 in Beijing.
export const xiamenHuli = { city: 'xiamen', district: 'huli', street: 'jiangtou', community: 'taishan' };
export const xiamenSiming = { city: 'xiamen', district: 'siming', street: 'zhonghua', community: 'dazhong' };

export const elderlyNeedInHuli: Extract<DonationTarget, { kind: 'need' }> = { kind: 'need', needId: 'need-1', category: 'elderly_care', area: xiamenHuli };
export const childNeedInHuli: Extract<DonationTarget, { kind: 'need' }> = { kind: 'need', needId: 'need-2', category: 'child_welfare', area: xiamenHuli };
export const elderlyNeedInSiming: Extract<DonationTarget, { kind: 'need' }> = { kind: 'need', needId: 'need-3', category: 'elderly_care', area: xiamenSiming };
export const stationProjectInHuli: Extract<DonationTarget, { kind: 'project' }> = { kind: 'project', projectId: 'project-1', categories: ['child_welfare', 'elderly_care'], area: xiamenHuli };

export const pledgedData: DonationPledgedData = {
  donationId,
  donor: { kind: 'enterprise', displayName: '厦门某科技有限公司', donorRef: null },
  resource: 'money',
  amountFen: 1_000_000,
  description: '助老专项捐款',
  earmark: null,
  area: xiamenHuli,
  expiresOn: null,
  autoMatch: null,
};
export const pledged = (overrides: Partial<DonationPledgedData> = {}): DonationPledged => ({ type: 'DonationPledged', data: { ...pledgedData, ...overrides } });
export const elderlyInHuliEarmark = { category: 'elderly_care' as const, district: 'huli', street: null, community: null };

export const matched = (matchId: string, target: DonationTarget, amountFen: number, balanceFen: number, automatic = false): DonationEvent => ({
  type: 'DonationMatched',
  data: { donationId, matchId, target, amountFen, resource: 'money', donorKind: 'enterprise', automatic, balanceFen },
});
export const disbursed = (matchId: string, target: DonationTarget, amountFen: number, disbursedFen = amountFen): DonationEvent => ({
  type: 'DonationDisbursed',
  data: { donationId, matchId, target, resource: 'money', amountFen, disbursedFen },
});
export const refunded = (amountFen: number, balanceFen: number): DonationEvent => ({ type: 'DonationRefunded', data: { donationId, amountFen, balanceFen, reason: '捐赠方撤回' } });

export const pledge = (overrides: Partial<PledgeDonationData> = {}): DonationCommand => ({
  type: 'PledgeDonation',
  data: {
    donationId,
    donor: { kind: 'enterprise', displayName: '厦门某科技有限公司' },
    resource: 'money',
    amountFen: 1_000_000,
    description: '助老专项捐款',
    area: xiamenHuli,
    ...overrides,
  },
});
export const match = (matchId: string, target: DonationTarget, amountFen: number, automatic?: boolean): DonationCommand => ({
  type: 'MatchDonation',
  data: { donationId, matchId, target, amountFen, ...(automatic === undefined ? {} : { automatic }) },
});
export const disburse = (matchId: string, amountFen: number): DonationCommand => ({ type: 'DisburseDonation', data: { donationId, matchId, amountFen } });
export const release = (matchId: string, reason = '需求已撤回'): DonationCommand => ({ type: 'ReleaseDonationMatch', data: { donationId, matchId, reason } });
export const refund = (amountFen?: number, reason = '捐赠方撤回'): DonationCommand => ({
  type: 'RefundDonation',
  data: { donationId, reason, ...(amountFen === undefined ? {} : { amountFen }) },
});
export const receipt = (receiptNumber: string): DonationCommand => ({ type: 'ReceiptDonation', data: { donationId, receiptNumber } });
export const expire: DonationCommand = { type: 'ExpireDonation', data: { donationId } };
