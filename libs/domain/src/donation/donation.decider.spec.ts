import { describe, expect, it } from '@jest/globals';
import { foldEvents } from '../shared/decider.js';
import { DeciderSpecification } from '../testing/decider-spec.js';
import type { DonationCommand, PledgeDonationData } from './donation.commands.js';
import type { DonationEvent, DonationPledged, DonationPledgedData, DonationTarget } from './donation.events.js';
import { autoMatchAllows, donationBalance, donationDecider, earmarkAllows } from './donation.decider.js';

const spec = DeciderSpecification.for(donationDecider);
const donationId = 'don-2026-0001';
// DEFAULT_TEST_NOW is 2026-03-01T08:00Z, i.e. 2026-03-01 16:00 in Beijing.
const xiamenHuli = { city: 'xiamen', district: 'huli', street: 'jiangtou', community: 'taishan' };
const xiamenSiming = { city: 'xiamen', district: 'siming', street: 'zhonghua', community: 'dazhong' };

const elderlyNeedInHuli: DonationTarget = { kind: 'need', needId: 'need-1', category: 'elderly_care', area: xiamenHuli };
const childNeedInHuli: DonationTarget = { kind: 'need', needId: 'need-2', category: 'child_welfare', area: xiamenHuli };
const elderlyNeedInSiming: DonationTarget = { kind: 'need', needId: 'need-3', category: 'elderly_care', area: xiamenSiming };
const stationProjectInHuli: DonationTarget = { kind: 'project', projectId: 'project-1', categories: ['child_welfare', 'elderly_care'], area: xiamenHuli };

const pledgedData: DonationPledgedData = {
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
const pledged = (overrides: Partial<DonationPledgedData> = {}): DonationPledged => ({ type: 'DonationPledged', data: { ...pledgedData, ...overrides } });
const elderlyInHuliEarmark = { category: 'elderly_care' as const, district: 'huli', street: null, community: null };

const matched = (matchId: string, target: DonationTarget, amountFen: number, balanceFen: number, automatic = false): DonationEvent => ({
  type: 'DonationMatched',
  data: { donationId, matchId, target, amountFen, resource: 'money', donorKind: 'enterprise', automatic, balanceFen },
});
const disbursed = (matchId: string, target: DonationTarget, amountFen: number, disbursedFen = amountFen): DonationEvent => ({
  type: 'DonationDisbursed',
  data: { donationId, matchId, target, resource: 'money', amountFen, disbursedFen },
});
const refunded = (amountFen: number, balanceFen: number): DonationEvent => ({ type: 'DonationRefunded', data: { donationId, amountFen, balanceFen, reason: '捐赠方撤回' } });

const pledge = (overrides: Partial<PledgeDonationData> = {}): DonationCommand => ({
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
const match = (matchId: string, target: DonationTarget, amountFen: number, automatic?: boolean): DonationCommand => ({
  type: 'MatchDonation',
  data: { donationId, matchId, target, amountFen, ...(automatic === undefined ? {} : { automatic }) },
});
const disburse = (matchId: string, amountFen: number): DonationCommand => ({ type: 'DisburseDonation', data: { donationId, matchId, amountFen } });
const release = (matchId: string, reason = '需求已撤回'): DonationCommand => ({ type: 'ReleaseDonationMatch', data: { donationId, matchId, reason } });
const refund = (amountFen?: number, reason = '捐赠方撤回'): DonationCommand => ({
  type: 'RefundDonation',
  data: { donationId, reason, ...(amountFen === undefined ? {} : { amountFen }) },
});
const receipt = (receiptNumber: string): DonationCommand => ({ type: 'ReceiptDonation', data: { donationId, receiptNumber } });
const expire: DonationCommand = { type: 'ExpireDonation', data: { donationId } };

describe('donation decider', () => {
  describe('PledgeDonation', () => {
    it('pledges money from an enterprise under its name', () => {
      spec.given([]).when(pledge()).then([pledged()]);
    });

    it('pledges an earmarked donation with expiry and auto-match consent, normalising absent fields to null', () => {
      spec
        .given([])
        .when(pledge({ earmark: { category: 'elderly_care', district: 'huli' }, expiresOn: '2026-06-30', autoMatch: { maxPerNeedFen: 200_000 } }))
        .then([pledged({ earmark: elderlyInHuliEarmark, expiresOn: '2026-06-30', autoMatch: { categories: null, maxPerNeedFen: 200_000 } })]);
    });

    it('treats an earmark that restricts nothing as no earmark', () => {
      spec.given([]).when(pledge({ earmark: { district: '', category: null } })).then([pledged()]);
    });

    it('shows a resident donor as 匿名 and keeps only the vault reference', () => {
      spec
        .given([])
        .when(pledge({ donor: { kind: 'resident', displayName: '匿名', donorRef: 'person-d1' }, resource: 'goods', amountFen: 30_000, description: '轮椅 1 台' }))
        .then([pledged({ donor: { kind: 'resident', displayName: '匿名', donorRef: 'person-d1' }, resource: 'goods', amountFen: 30_000, description: '轮椅 1 台' })]);
    });

    it("refuses a resident's name, and a missing name", () => {
      spec.given([]).when(pledge({ donor: { kind: 'resident', displayName: '张三', donorRef: 'person-d1' } })).thenThrows('DONOR_NAME_IS_PERSONAL_DATA');
      spec.given([]).when(pledge({ donor: { kind: 'charity_federation', displayName: ' ' } })).thenThrows('DONOR_NAME_REQUIRED');
    });

    it('refuses goods or venue time without a description', () => {
      spec.given([]).when(pledge({ resource: 'venue_time', description: '' })).thenThrows('DONATION_DESCRIPTION_REQUIRED');
    });

    it('refuses an amount that is not whole fen above 0', () => {
      spec.given([]).when(pledge({ amountFen: 0 })).thenThrows('DONATION_AMOUNT_INVALID');
      spec.given([]).when(pledge({ amountFen: 10.5 })).thenThrows('DONATION_AMOUNT_INVALID');
    });

    it('refuses an expiry in the past, but accepts today', () => {
      spec.given([]).when(pledge({ expiresOn: '2026-02-28' })).thenThrows('DONATION_EXPIRY_INVALID');
      spec.given([]).when(pledge({ expiresOn: '2026-03-01' })).then([pledged({ expiresOn: '2026-03-01' })]);
    });

    it('refuses auto-match consent to no category or with a non-positive cap', () => {
      spec.given([]).when(pledge({ autoMatch: { categories: [] } })).thenThrows('AUTO_MATCH_CATEGORIES_EMPTY');
      spec.given([]).when(pledge({ autoMatch: { maxPerNeedFen: 0 } })).thenThrows('AUTO_MATCH_LIMIT_INVALID');
    });

    it('refuses to pledge the same donation twice', () => {
      spec.given([pledged()]).when(pledge()).thenThrows('DONATION_ALREADY_EXISTS');
    });
  });

  // JSON callers break the declared types; an array earmark once stored an unrestricted donation (rule 12).
  describe('PledgeDonation with a broken shape', () => {
    const pledgeWith = (data: Record<string, unknown>) => pledge(data as Partial<PledgeDonationData>);

    it('refuses an earmark that is not an object instead of storing the donation unrestricted', () => {
      spec.given([]).when(pledgeWith({ earmark: [{ category: 'elderly_care', district: 'huli' }] })).thenThrows('EARMARK_INVALID');
      spec.given([]).when(pledgeWith({ earmark: 'elderly_care' })).thenThrows('EARMARK_INVALID');
    });

    it('refuses an earmark naming an unknown category or a non-text level', () => {
      spec.given([]).when(pledgeWith({ earmark: { category: 'knitting' } })).thenThrows('EARMARK_INVALID');
      spec.given([]).when(pledgeWith({ earmark: { district: ['huli'] } })).thenThrows('EARMARK_INVALID');
    });

    it('refuses a donation without a donor, or with a donor of no known kind', () => {
      spec.given([]).when(pledgeWith({ donor: undefined })).thenThrows('DONOR_REQUIRED');
      spec.given([]).when(pledgeWith({ donor: [{ kind: 'enterprise', displayName: 'x' }] })).thenThrows('DONOR_REQUIRED');
      spec.given([]).when(pledgeWith({ donor: { kind: 'alien', displayName: 'x' } })).thenThrows('DONOR_KIND_UNKNOWN');
      spec.given([]).when(pledgeWith({ donor: { kind: 'enterprise' } })).thenThrows('DONOR_NAME_REQUIRED');
    });

    it('refuses an unknown resource, an auto-match consent that is not an object, or an incomplete area', () => {
      spec.given([]).when(pledgeWith({ resource: 'shares' })).thenThrows('DONATED_RESOURCE_UNKNOWN');
      spec.given([]).when(pledgeWith({ autoMatch: [] })).thenThrows('AUTO_MATCH_INVALID');
      spec.given([]).when(pledgeWith({ autoMatch: { categories: 'elderly_care' } })).thenThrows('AUTO_MATCH_INVALID');
      spec.given([]).when(pledgeWith({ area: { ...xiamenHuli, district: '' } })).thenThrows('AREA_INVALID', { missing: ['district'] });
      spec.given([]).when(pledgeWith({ description: undefined, resource: 'goods' })).thenThrows('DONATION_DESCRIPTION_REQUIRED');
    });
  });

  describe('MatchDonation', () => {
    it('refuses a match without a target, or with a target lacking its category or area', () => {
      const matchTo = (target: unknown) => match('m-1', target as DonationTarget, 1000);
      spec.given([pledged()]).when(matchTo(undefined)).thenThrows('DONATION_TARGET_INVALID');
      spec.given([pledged()]).when(matchTo([elderlyNeedInHuli])).thenThrows('DONATION_TARGET_INVALID');
      spec.given([pledged()]).when(matchTo({ kind: 'need', needId: 'need-1', category: 'elderly_care' })).thenThrows('DONATION_TARGET_INVALID');
      spec.given([pledged()]).when(matchTo({ kind: 'project', projectId: 'p', categories: 'elderly_care', area: xiamenHuli })).thenThrows('DONATION_TARGET_INVALID');
    });

    it('matches part of a donation to a need and reports the balance left', () => {
      spec.given([pledged()]).when(match('m-1', elderlyNeedInHuli, 300_000)).then([matched('m-1', elderlyNeedInHuli, 300_000, 700_000)]);
    });

    it('records nothing when the same match is sent again', () => {
      spec.given([pledged(), matched('m-1', elderlyNeedInHuli, 300_000, 700_000)]).when(match('m-1', elderlyNeedInHuli, 300_000)).then([]);
    });

    it('refuses a match id already used for another match', () => {
      spec.given([pledged(), matched('m-1', elderlyNeedInHuli, 300_000, 700_000)]).when(match('m-1', childNeedInHuli, 300_000)).thenThrows('DONATION_MATCH_ALREADY_EXISTS');
      spec.given([pledged(), matched('m-1', elderlyNeedInHuli, 300_000, 700_000)]).when(match('m-1', elderlyNeedInHuli, 200_000)).thenThrows('DONATION_MATCH_ALREADY_EXISTS');
    });

    it('rule 12: allocates up to exactly the unallocated balance', () => {
      spec.given([pledged(), matched('m-1', elderlyNeedInHuli, 600_000, 400_000)]).when(match('m-2', childNeedInHuli, 400_000)).then([matched('m-2', childNeedInHuli, 400_000, 0)]);
    });

    it('rule 12: never allocates beyond the unallocated balance', () => {
      spec
        .given([pledged(), matched('m-1', elderlyNeedInHuli, 600_000, 400_000)])
        .when(match('m-2', childNeedInHuli, 400_001))
        .thenThrows('DONATION_BALANCE_EXCEEDED', { rule: 12, balanceFen: 400_000, requestedFen: 400_001 });
    });

    it('rule 12: refunds and released matches move the balance', () => {
      spec.given([pledged(), refunded(900_000, 100_000)]).when(match('m-1', elderlyNeedInHuli, 100_001)).thenThrows('DONATION_BALANCE_EXCEEDED', { balanceFen: 100_000 });
      spec
        .given([
          pledged(),
          matched('m-1', elderlyNeedInHuli, 1_000_000, 0),
          { type: 'DonationMatchReleased', data: { donationId, matchId: 'm-1', target: elderlyNeedInHuli, amountFen: 1_000_000, balanceFen: 1_000_000, reason: '需求已撤回' } },
        ])
        .when(match('m-2', childNeedInHuli, 1_000_000))
        .then([matched('m-2', childNeedInHuli, 1_000_000, 0)]);
    });

    it('rule 12: an earmarked donation goes to a need of its category in its area', () => {
      const huliNeedInAnotherCommunity: DonationTarget = { ...elderlyNeedInHuli, needId: 'need-9', area: { ...xiamenHuli, community: 'hubin' } };
      spec.given([pledged({ earmark: elderlyInHuliEarmark })]).when(match('m-1', huliNeedInAnotherCommunity, 1_000)).then([matched('m-1', huliNeedInAnotherCommunity, 1_000, 999_000)]);
    });

    it('rule 12: an earmarked donation goes to a project that includes its category', () => {
      spec.given([pledged({ earmark: elderlyInHuliEarmark })]).when(match('m-1', stationProjectInHuli, 1_000)).then([matched('m-1', stationProjectInHuli, 1_000, 999_000)]);
    });

    it('rule 12: an earmarked donation never goes to another category', () => {
      spec
        .given([pledged({ earmark: elderlyInHuliEarmark })])
        .when(match('m-1', childNeedInHuli, 1_000))
        .thenThrows('EARMARK_MISMATCH', { rule: 12, targetCategories: ['child_welfare'] });
      spec
        .given([pledged({ earmark: elderlyInHuliEarmark })])
        .when(match('m-1', { ...stationProjectInHuli, categories: ['child_welfare'] }, 1_000))
        .thenThrows('EARMARK_MISMATCH', { rule: 12 });
    });

    it('rule 12: an earmarked donation never leaves its area', () => {
      spec.given([pledged({ earmark: elderlyInHuliEarmark })]).when(match('m-1', elderlyNeedInSiming, 1_000)).thenThrows('EARMARK_MISMATCH', { rule: 12, targetArea: xiamenSiming });
      spec
        .given([pledged({ earmark: { category: null, district: null, street: null, community: 'taishan' } })])
        .when(match('m-1', { ...childNeedInHuli, area: { ...xiamenHuli, community: 'hubin' } }, 1_000))
        .thenThrows('EARMARK_MISMATCH', { rule: 12 });
    });

    it('refuses a donation past its expiry date, or expired', () => {
      spec.given([pledged({ expiresOn: '2026-02-28' })]).when(match('m-1', elderlyNeedInHuli, 1_000)).thenThrows('DONATION_EXPIRED', { expiresOn: '2026-02-28' });
      // On the expiry date itself (Beijing time) it may still be matched.
      spec.given([pledged({ expiresOn: '2026-03-01' })]).when(match('m-1', elderlyNeedInHuli, 1_000)).then([matched('m-1', elderlyNeedInHuli, 1_000, 999_000)]);
      spec
        .given([pledged({ expiresOn: '2026-02-01' }), { type: 'DonationExpired', data: { donationId, expiresOn: '2026-02-01', unallocatedFen: 1_000_000 } }])
        .when(match('m-1', elderlyNeedInHuli, 1_000))
        .thenThrows('DONATION_EXPIRED');
    });

    it('refuses an amount that is not whole fen above 0, and an unknown donation', () => {
      spec.given([pledged()]).when(match('m-1', elderlyNeedInHuli, -5)).thenThrows('DONATION_AMOUNT_INVALID');
      spec.given([]).when(match('m-1', elderlyNeedInHuli, 5)).thenThrows('DONATION_NOT_FOUND');
    });

    describe('automatic matches honour the donor consent', () => {
      const consenting = pledged({ autoMatch: { categories: ['elderly_care'], maxPerNeedFen: 200_000 } });

      it('matches automatically within the consented categories and cap', () => {
        spec.given([consenting, matched('m-1', elderlyNeedInHuli, 150_000, 850_000, true)]).when(match('m-2', elderlyNeedInHuli, 50_000, true)).then([
          matched('m-2', elderlyNeedInHuli, 50_000, 800_000, true),
        ]);
      });

      it('refuses an automatic match without consent, or for another category', () => {
        spec.given([pledged()]).when(match('m-1', elderlyNeedInHuli, 1_000, true)).thenThrows('AUTO_MATCH_NOT_CONSENTED');
        spec.given([consenting]).when(match('m-1', childNeedInHuli, 1_000, true)).thenThrows('AUTO_MATCH_NOT_CONSENTED');
      });

      it('refuses an automatic match beyond the per-need cap, while a person may still match more', () => {
        spec
          .given([consenting, matched('m-1', elderlyNeedInHuli, 150_000, 850_000, true)])
          .when(match('m-2', elderlyNeedInHuli, 50_001, true))
          .thenThrows('AUTO_MATCH_LIMIT_EXCEEDED', { maxPerNeedFen: 200_000, alreadyMatchedFen: 150_000, requestedFen: 50_001 });
        spec.given([consenting, matched('m-1', elderlyNeedInHuli, 150_000, 850_000, true)]).when(match('m-2', elderlyNeedInHuli, 60_000)).then([
          matched('m-2', elderlyNeedInHuli, 60_000, 790_000),
        ]);
      });
    });
  });

  describe('ReleaseDonationMatch', () => {
    it('releases an undisbursed match and returns its amount to the balance', () => {
      spec.given([pledged(), matched('m-1', elderlyNeedInHuli, 300_000, 700_000)]).when(release('m-1')).then([
        { type: 'DonationMatchReleased', data: { donationId, matchId: 'm-1', target: elderlyNeedInHuli, amountFen: 300_000, balanceFen: 1_000_000, reason: '需求已撤回' } },
      ]);
    });

    it('records nothing when already released', () => {
      spec
        .given([
          pledged(),
          matched('m-1', elderlyNeedInHuli, 300_000, 700_000),
          { type: 'DonationMatchReleased', data: { donationId, matchId: 'm-1', target: elderlyNeedInHuli, amountFen: 300_000, balanceFen: 1_000_000, reason: 'x' } },
        ])
        .when(release('m-1'))
        .then([]);
    });

    it('refuses a match already disbursed in part', () => {
      spec
        .given([pledged(), matched('m-1', elderlyNeedInHuli, 300_000, 700_000), disbursed('m-1', elderlyNeedInHuli, 1)])
        .when(release('m-1'))
        .thenThrows('DONATION_MATCH_ALREADY_DISBURSED', { disbursedFen: 1 });
    });

    it('refuses an unknown match or donation, and a missing reason', () => {
      spec.given([pledged()]).when(release('m-9')).thenThrows('DONATION_MATCH_NOT_FOUND');
      spec.given([]).when(release('m-1')).thenThrows('DONATION_NOT_FOUND');
      spec.given([pledged(), matched('m-1', elderlyNeedInHuli, 300_000, 700_000)]).when(release('m-1', '')).thenThrows('REASON_REQUIRED');
    });
  });

  describe('DisburseDonation', () => {
    const history = [pledged(), matched('m-1', elderlyNeedInHuli, 300_000, 700_000)];

    it('disburses a matched amount in instalments up to the matched amount', () => {
      spec.given(history).when(disburse('m-1', 100_000)).then([disbursed('m-1', elderlyNeedInHuli, 100_000)]);
      spec.given([...history, disbursed('m-1', elderlyNeedInHuli, 100_000)]).when(disburse('m-1', 200_000)).then([disbursed('m-1', elderlyNeedInHuli, 200_000, 300_000)]);
    });

    it('rule 12: never disburses beyond the matched amount', () => {
      spec
        .given([...history, disbursed('m-1', elderlyNeedInHuli, 100_000)])
        .when(disburse('m-1', 200_001))
        .thenThrows('DONATION_DISBURSEMENT_EXCEEDED', { rule: 12, matchedFen: 300_000, disbursedFen: 100_000, requestedFen: 200_001 });
    });

    it('still disburses a match after the donation expired', () => {
      spec
        .given([pledged({ expiresOn: '2026-02-01' }), matched('m-1', elderlyNeedInHuli, 300_000, 700_000), { type: 'DonationExpired', data: { donationId, expiresOn: '2026-02-01', unallocatedFen: 700_000 } }])
        .when(disburse('m-1', 300_000))
        .then([disbursed('m-1', elderlyNeedInHuli, 300_000)]);
    });

    it('refuses a released or unknown match, and an invalid amount', () => {
      spec
        .given([...history, { type: 'DonationMatchReleased', data: { donationId, matchId: 'm-1', target: elderlyNeedInHuli, amountFen: 300_000, balanceFen: 1_000_000, reason: 'x' } }])
        .when(disburse('m-1', 1))
        .thenThrows('DONATION_MATCH_RELEASED');
      spec.given(history).when(disburse('m-2', 1)).thenThrows('DONATION_MATCH_NOT_FOUND');
      spec.given(history).when(disburse('m-1', 0)).thenThrows('DONATION_AMOUNT_INVALID');
    });
  });

  describe('ReceiptDonation', () => {
    it('records the receipt number', () => {
      spec.given([pledged()]).when(receipt(' 闽财0012345 ')).then([{ type: 'DonationReceipted', data: { donationId, receiptNumber: '闽财0012345', amountFen: 1_000_000 } }]);
    });

    it('states the amount the donor gave and kept given: what was refunded before is not receipted', () => {
      spec
        .given([pledged(), refunded(400_000, 600_000)])
        .when(receipt('闽财0012345'))
        .then([{ type: 'DonationReceipted', data: { donationId, receiptNumber: '闽财0012345', amountFen: 600_000 } }]);
    });

    it('records nothing for the same receipt again, and refuses a second receipt', () => {
      const receipted: DonationEvent = { type: 'DonationReceipted', data: { donationId, receiptNumber: '闽财0012345', amountFen: 1_000_000 } };
      spec.given([pledged(), receipted]).when(receipt('闽财0012345')).then([]);
      spec.given([pledged(), receipted]).when(receipt('闽财0099999')).thenThrows('DONATION_ALREADY_RECEIPTED', { receiptNumber: '闽财0012345' });
    });

    it('refuses a receipt for a donation refunded in full, or without a number', () => {
      spec.given([pledged(), refunded(1_000_000, 0)]).when(receipt('闽财0012345')).thenThrows('DONATION_FULLY_REFUNDED');
      spec.given([pledged()]).when(receipt('')).thenThrows('RECEIPT_NUMBER_REQUIRED');
      spec.given([]).when(receipt('闽财0012345')).thenThrows('DONATION_NOT_FOUND');
    });
  });

  describe('RefundDonation', () => {
    const receipted = (amountFen: number | null = 1_000_000): DonationEvent => ({ type: 'DonationReceipted', data: { donationId, receiptNumber: '闽财0012345', amountFen } });
    const corrected = (previousAmountFen: number, amountFen: number, refundedFen: number): DonationEvent => ({
      type: 'DonationReceiptCorrected',
      data: { donationId, receiptNumber: '闽财0012345', previousAmountFen, amountFen, voided: amountFen === 0, refundedFen },
    });

    it('a refund of receipted money corrects the receipt to what the donor still gives, as a fact', () => {
      spec.given([pledged(), receipted()]).when(refund(300_000)).then([refunded(300_000, 700_000), corrected(1_000_000, 700_000, 300_000)]);
    });

    it('a refund of everything receipted voids the receipt', () => {
      spec.given([pledged(), receipted()]).when(refund()).then([refunded(1_000_000, 0), corrected(1_000_000, 0, 1_000_000)]);
    });

    it('a second refund corrects the corrected receipt', () => {
      spec
        .given([pledged(), receipted(), refunded(300_000, 700_000), corrected(1_000_000, 700_000, 300_000)])
        .when(refund(200_000))
        .then([refunded(200_000, 500_000), corrected(700_000, 500_000, 200_000)]);
    });

    it('a receipt stored before receipts carried their amount (v1) states what was not refunded before it', () => {
      spec
        .given([pledged(), refunded(400_000, 600_000), receipted(null)])
        .when(refund(100_000))
        .then([refunded(100_000, 500_000), corrected(600_000, 500_000, 100_000)]);
    });

    it('refunds the whole unallocated balance by default', () => {
      spec.given([pledged(), matched('m-1', elderlyNeedInHuli, 300_000, 700_000)]).when(refund()).then([refunded(700_000, 0)]);
    });

    it('refunds part of the balance', () => {
      spec.given([pledged()]).when(refund(100_000)).then([refunded(100_000, 900_000)]);
    });

    it('rule 12: never refunds what a need or project holds', () => {
      spec
        .given([pledged(), matched('m-1', elderlyNeedInHuli, 300_000, 700_000)])
        .when(refund(700_001))
        .thenThrows('REFUND_EXCEEDS_BALANCE', { rule: 12, balanceFen: 700_000, requestedFen: 700_001 });
    });

    it('refuses when nothing is unallocated, without a reason, or for an unknown donation', () => {
      spec.given([pledged(), matched('m-1', elderlyNeedInHuli, 1_000_000, 0)]).when(refund()).thenThrows('DONATION_NOTHING_TO_REFUND');
      spec.given([pledged()]).when(refund(1, ' ')).thenThrows('REASON_REQUIRED');
      spec.given([pledged()]).when(refund(0)).thenThrows('DONATION_AMOUNT_INVALID');
      spec.given([]).when(refund()).thenThrows('DONATION_NOT_FOUND');
    });
  });

  describe('ExpireDonation', () => {
    it('expires a donation the day after its expiry date, reporting what was left unallocated', () => {
      spec
        .given([pledged({ expiresOn: '2026-02-28' }), matched('m-1', elderlyNeedInHuli, 300_000, 700_000)])
        .when(expire)
        .then([{ type: 'DonationExpired', data: { donationId, expiresOn: '2026-02-28', unallocatedFen: 700_000 } }]);
    });

    it('uses the Beijing date: 2026-02-28T16:30Z is already 1 March in China', () => {
      spec.given([pledged({ expiresOn: '2026-02-28' })]).when(expire, { now: new Date('2026-02-28T15:59:00Z') }).thenThrows('DONATION_NOT_YET_EXPIRED');
      spec.given([pledged({ expiresOn: '2026-02-28' })]).when(expire, { now: new Date('2026-02-28T16:30:00Z') }).then([
        { type: 'DonationExpired', data: { donationId, expiresOn: '2026-02-28', unallocatedFen: 1_000_000 } },
      ]);
    });

    it('refuses before or on the expiry date, and for a donation without expiry', () => {
      spec.given([pledged({ expiresOn: '2026-03-01' })]).when(expire).thenThrows('DONATION_NOT_YET_EXPIRED', { expiresOn: '2026-03-01' });
      spec.given([pledged()]).when(expire).thenThrows('DONATION_HAS_NO_EXPIRY');
      spec.given([]).when(expire).thenThrows('DONATION_NOT_FOUND');
    });

    it('records nothing when already expired, yet the balance stays refundable', () => {
      const history = [pledged({ expiresOn: '2026-02-01' }), { type: 'DonationExpired' as const, data: { donationId, expiresOn: '2026-02-01', unallocatedFen: 1_000_000 } }];
      spec.given(history).when(expire).then([]);
      spec.given(history).when(refund()).then([refunded(1_000_000, 0)]);
    });
  });

  describe('donationBalance', () => {
    it('follows matches, releases and refunds; disbursement does not change it', () => {
      const state = foldEvents(donationDecider, [
        pledged(),
        matched('m-1', elderlyNeedInHuli, 300_000, 700_000),
        matched('m-2', childNeedInHuli, 200_000, 500_000),
        disbursed('m-1', elderlyNeedInHuli, 300_000),
        { type: 'DonationMatchReleased', data: { donationId, matchId: 'm-2', target: childNeedInHuli, amountFen: 200_000, balanceFen: 700_000, reason: 'x' } },
        refunded(100_000, 600_000),
      ]);
      expect(donationBalance(state)).toBe(600_000);
      expect(donationBalance(donationDecider.initialState())).toBe(0);
    });
  });

  describe('earmarkAllows', () => {
    it('lets an unearmarked donation go anywhere', () => {
      expect(earmarkAllows(null, childNeedInHuli)).toBe(true);
      expect(earmarkAllows({}, elderlyNeedInSiming)).toBe(true);
    });

    it('checks the category against a need, or any of a project categories', () => {
      expect(earmarkAllows({ category: 'child_welfare' }, childNeedInHuli)).toBe(true);
      expect(earmarkAllows({ category: 'child_welfare' }, elderlyNeedInHuli)).toBe(false);
      expect(earmarkAllows({ category: 'child_welfare' }, stationProjectInHuli)).toBe(true);
      expect(earmarkAllows({ category: 'mental_health' }, stationProjectInHuli)).toBe(false);
    });

    it('checks each given level of the area', () => {
      expect(earmarkAllows({ district: 'huli', street: 'jiangtou' }, elderlyNeedInHuli)).toBe(true);
      expect(earmarkAllows({ district: 'huli', street: 'dianqian' }, elderlyNeedInHuli)).toBe(false);
      expect(earmarkAllows({ community: 'dazhong' }, elderlyNeedInSiming)).toBe(true);
      expect(earmarkAllows({ community: 'dazhong', category: 'elderly_care' }, elderlyNeedInHuli)).toBe(false);
    });
  });

  describe('autoMatchAllows', () => {
    it('needs consent, and a consented category when categories are listed', () => {
      expect(autoMatchAllows(null, elderlyNeedInHuli)).toBe(false);
      expect(autoMatchAllows({ categories: null }, childNeedInHuli)).toBe(true);
      expect(autoMatchAllows({ categories: ['elderly_care'] }, childNeedInHuli)).toBe(false);
      expect(autoMatchAllows({ categories: ['elderly_care'] }, stationProjectInHuli)).toBe(true);
    });
  });
});
