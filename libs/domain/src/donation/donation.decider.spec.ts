import { describe, expect, it } from '@jest/globals';
import { foldEvents } from '../shared/decider.js';
import { donationBalance, donationDecider } from './donation.decider.js';
import type { DonationEvent } from './donation.events.js';
import {
  spec,
  donationId,
  elderlyNeedInHuli,
  childNeedInHuli,
  pledged,
  matched,
  disbursed,
  refunded,
  match,
  disburse,
  refund,
  receipt,
} from './testing/donation.fixtures.js';

describe('donation decider: disbursement, receipt and refund', () => {
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
});
