import type { DomainCommand } from '../shared/decider.js';
import type { Area, Fen, IsoDate } from '../shared/values.js';
import type { AutoMatchConsent, DonatedResource, DonationEarmark, DonationTarget, DonorKind } from './donation.events.js';

export interface PledgeDonationData {
  readonly donationId: string;
  readonly donor: { readonly kind: DonorKind; readonly displayName: string; readonly donorRef?: string | null };
  readonly resource: DonatedResource;
  readonly amountFen: Fen;
  readonly description: string;
  readonly earmark?: DonationEarmark | null;
  readonly area: Area;
  readonly expiresOn?: IsoDate | null;
  readonly autoMatch?: AutoMatchConsent | null;
}

export interface MatchDonationData {
  readonly donationId: string;
  /** Chosen by the caller: the same match sent again records nothing. */
  readonly matchId: string;
  /** The handler loads the need or project and passes its category and area. */
  readonly target: DonationTarget;
  readonly amountFen: Fen;
  /** Set by the matching engine: the donor's auto-match consent then applies. */
  readonly automatic?: boolean;
}

export interface ReleaseDonationMatchData {
  readonly donationId: string;
  readonly matchId: string;
  readonly reason: string;
}

export interface DisburseDonationData {
  readonly donationId: string;
  readonly matchId: string;
  readonly amountFen: Fen;
}

export interface ReceiptDonationData {
  readonly donationId: string;
  readonly receiptNumber: string;
}

export interface RefundDonationData {
  readonly donationId: string;
  /** Omitted: the whole unallocated balance. */
  readonly amountFen?: Fen;
  readonly reason: string;
}

export interface ExpireDonationData {
  readonly donationId: string;
}

export type PledgeDonation = DomainCommand<'PledgeDonation', PledgeDonationData>;
export type MatchDonation = DomainCommand<'MatchDonation', MatchDonationData>;
export type ReleaseDonationMatch = DomainCommand<'ReleaseDonationMatch', ReleaseDonationMatchData>;
export type DisburseDonation = DomainCommand<'DisburseDonation', DisburseDonationData>;
export type ReceiptDonation = DomainCommand<'ReceiptDonation', ReceiptDonationData>;
export type RefundDonation = DomainCommand<'RefundDonation', RefundDonationData>;
export type ExpireDonation = DomainCommand<'ExpireDonation', ExpireDonationData>;

export type DonationCommand =
  | PledgeDonation
  | MatchDonation
  | ReleaseDonationMatch
  | DisburseDonation
  | ReceiptDonation
  | RefundDonation
  | ExpireDonation;
