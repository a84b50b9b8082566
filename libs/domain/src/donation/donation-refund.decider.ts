/**
 * The donor's side of the books: the receipt for what they gave, and a refund of what no need or project
 * holds (rule 12), which corrects a receipt that would otherwise state money given back.
 */
import { conflict, invalid, ruleBroken } from '../shared/domain-error.js';
import type { DonationEvent } from './donation.events.js';
import { type DonationDecisions, requireAmount, requireReason } from './donation.guards.js';

export const receiptAndRefund: DonationDecisions<'ReceiptDonation' | 'RefundDonation'> = {
  ReceiptDonation(donation, data) {
    const donationId = donation.donationId;
    const receiptNumber = data.receiptNumber.trim();
    if (receiptNumber === '') throw invalid('RECEIPT_NUMBER_REQUIRED', 'A receipt number is required');
    if (donation.receiptNumber === receiptNumber) return [];
    if (donation.receiptNumber !== null) {
      throw conflict('DONATION_ALREADY_RECEIPTED', `Donation ${donationId} was receipted as ${donation.receiptNumber}`, {
        receiptNumber: donation.receiptNumber,
      });
    }
    if (donation.refundedFen === donation.amountFen) {
      throw conflict('DONATION_FULLY_REFUNDED', `Donation ${donationId} was refunded in full: there is nothing to receipt`);
    }
    // The receipt states what the donor gives and was not given back.
    return [{ type: 'DonationReceipted', data: { donationId, receiptNumber, amountFen: donation.amountFen - donation.refundedFen } }];
  },
  RefundDonation(donation, data) {
    const donationId = donation.donationId;
    if (donation.balanceFen === 0) {
      throw conflict('DONATION_NOTHING_TO_REFUND', `Donation ${donationId} has no unallocated balance`, { balanceFen: 0 });
    }
    const amountFen = requireAmount(data.amountFen ?? donation.balanceFen);
    // Rule 12 from the other side: only what no need or project holds goes back.
    if (amountFen > donation.balanceFen) {
      throw ruleBroken('REFUND_EXCEEDS_BALANCE', `Only the unallocated ${donation.balanceFen} fen can be refunded`, {
        rule: 12,
        balanceFen: donation.balanceFen,
        requestedFen: amountFen,
      });
    }
    const refundedEvent: DonationEvent = {
      type: 'DonationRefunded',
      data: { donationId, amountFen, balanceFen: donation.balanceFen - amountFen, reason: requireReason(data.reason) },
    };
    // A receipt may not state money the donor took back: correct it (void it at 0) in the same decision.
    const keptFen = donation.amountFen - donation.refundedFen - amountFen;
    if (donation.receiptNumber === null || donation.receiptedFen === null || donation.receiptedFen <= keptFen) return [refundedEvent];
    return [
      refundedEvent,
      {
        type: 'DonationReceiptCorrected',
        data: {
          donationId,
          receiptNumber: donation.receiptNumber,
          previousAmountFen: donation.receiptedFen,
          amountFen: keptFen,
          voided: keptFen === 0,
          refundedFen: amountFen,
        },
      },
    ];
  },
};
