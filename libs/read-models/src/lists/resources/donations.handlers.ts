import type {
  DonationDisbursedData,
  DonationExpiredData,
  DonationMatchedData,
  DonationMatchReleasedData,
  DonationPledgedData,
  DonationReceiptCorrectedData,
  DonationReceiptedData,
  DonationRefundedData,
  DonationTarget,
} from '#domain';
import type { RecordedEvent } from '#event-store';
import { areaColumns, flag } from '../shared/columns.js';
import { donation, type ResourcesTrx } from './resource-rows.js';
import type { DonationRow, DonationListStatus } from './resources.tables.js';

/** A donation's status as the list shows it. */
function donationStatus(row: Pick<DonationRow, 'status' | 'balance_fen' | 'matched_fen' | 'refunded_fen'>): DonationListStatus {
  if (row.status === 'expired') return 'expired';
  if (row.balance_fen > 0) return 'open';
  return row.matched_fen === 0 && row.refunded_fen > 0 ? 'refunded' : 'allocated';
}

async function updateDonation(trx: ResourcesTrx, event: RecordedEvent<{ donationId: string }>, change: (row: DonationRow) => Partial<DonationRow>) {
  const row = await donation(trx, event);
  const patch = change(row);
  const next = { ...row, ...patch };
  await trx
    .updateTable('donations')
    .set({ ...patch, status: donationStatus(next) })
    .where('donation_id', '=', row.donation_id)
    .execute();
}

const targetId = (target: DonationTarget) => (target.kind === 'need' ? target.needId : target.projectId);
const targetCategory = (target: DonationTarget) => (target.kind === 'need' ? target.category : (target.categories[0] ?? ''));

/** Donations: pledged, matched, disbursed, receipted, refunded, expired; the unallocated balance. */
export const onDonations = {
  DonationPledged: async (event: RecordedEvent<DonationPledgedData>, trx: ResourcesTrx) => {
    const pledged = event.data;
    await trx
      .insertInto('donations')
      .values({
        donation_id: pledged.donationId,
        donor_kind: pledged.donor.kind,
        donor_name: pledged.donor.displayName,
        donor_ref: pledged.donor.donorRef,
        resource: pledged.resource,
        description: pledged.description,
        ...areaColumns(pledged.area),
        pledged_fen: pledged.amountFen,
        matched_fen: 0,
        disbursed_fen: 0,
        refunded_fen: 0,
        balance_fen: pledged.amountFen,
        earmarked: flag(pledged.earmark !== null),
        earmark_category: pledged.earmark?.category ?? null,
        earmark_district: pledged.earmark?.district ?? null,
        earmark_street: pledged.earmark?.street ?? null,
        earmark_community: pledged.earmark?.community ?? null,
        expires_on: pledged.expiresOn,
        auto_match: flag(pledged.autoMatch !== null),
        status: pledged.amountFen > 0 ? 'open' : 'allocated',
        receipt_number: null,
        receipted_fen: null,
        receipt_voided: 0,
        pledged_at: event.metadata.occurredAt,
      })
      .execute();
  },

  DonationMatched: async (event: RecordedEvent<DonationMatchedData>, trx: ResourcesTrx) => {
    const match = event.data;
    await trx
      .insertInto('donation_matches')
      .values({
        match_id: match.matchId,
        donation_id: match.donationId,
        target_kind: match.target.kind,
        target_id: targetId(match.target),
        category: targetCategory(match.target),
        ...areaColumns(match.target.area),
        resource: match.resource,
        donor_kind: match.donorKind,
        amount_fen: match.amountFen,
        disbursed_fen: 0,
        automatic: flag(match.automatic),
        released: 0,
        // No business time in the data: the envelope's instant is when the match was made.
        matched_at: event.metadata.occurredAt,
        released_at: null,
      })
      .execute();
    await updateDonation(trx, event, (row) => ({
      matched_fen: Number(row.matched_fen) + match.amountFen,
      balance_fen: match.balanceFen,
    }));
  },

  DonationMatchReleased: async (event: RecordedEvent<DonationMatchReleasedData>, trx: ResourcesTrx) => {
    const released = event.data;
    await trx
      .updateTable('donation_matches')
      .set({ released: 1, released_at: event.metadata.occurredAt })
      .where('match_id', '=', released.matchId)
      .execute();
    await updateDonation(trx, event, (row) => ({
      matched_fen: Number(row.matched_fen) - released.amountFen,
      balance_fen: released.balanceFen,
    }));
  },

  DonationDisbursed: async (event: RecordedEvent<DonationDisbursedData>, trx: ResourcesTrx) => {
    const disbursed = event.data;
    await trx
      .updateTable('donation_matches')
      .set({ disbursed_fen: disbursed.disbursedFen })
      .where('match_id', '=', disbursed.matchId)
      .execute();
    await updateDonation(trx, event, (row) => ({ disbursed_fen: Number(row.disbursed_fen) + disbursed.amountFen }));
  },

  DonationReceipted: (event: RecordedEvent<DonationReceiptedData>, trx: ResourcesTrx) =>
    updateDonation(trx, event, (row) => ({
      receipt_number: event.data.receiptNumber,
      // A v1 receipt did not state its amount: it covered what had not been refunded.
      receipted_fen: event.data.amountFen ?? Number(row.pledged_fen) - Number(row.refunded_fen),
    })),

  DonationReceiptCorrected: (event: RecordedEvent<DonationReceiptCorrectedData>, trx: ResourcesTrx) =>
    updateDonation(trx, event, () => ({ receipted_fen: event.data.amountFen, receipt_voided: flag(event.data.voided) })),

  DonationRefunded: (event: RecordedEvent<DonationRefundedData>, trx: ResourcesTrx) =>
    updateDonation(trx, event, (row) => ({
      refunded_fen: Number(row.refunded_fen) + event.data.amountFen,
      balance_fen: event.data.balanceFen,
    })),

  DonationExpired: (event: RecordedEvent<DonationExpiredData>, trx: ResourcesTrx) =>
    updateDonation(trx, event, () => ({ status: 'expired' })),
};
