import type { DomainEvent } from '../shared/decider.js';
import type { Area, Fen, IsoDate, ServiceCategory } from '../shared/values.js';

export const DONOR_KINDS = {
  enterprise: '企业',
  resident: '居民',
  community_foundation: '社区基金会',
  charity_federation: '慈善总会',
  charity_base: '慈善基地',
  other: '其他',
} as const;
export type DonorKind = keyof typeof DONOR_KINDS;

/** How an anonymous or resident donor is shown: residents' names are personal data. */
export const ANONYMOUS_DONOR_NAME = '匿名';

export interface Donor {
  readonly kind: DonorKind;
  /** An organisation's name, or 匿名 for residents and anyone who asks for it. */
  readonly displayName: string;
  /** Vault reference of a natural person (for receipts), or of the organisation's contact; null when none. */
  readonly donorRef: string | null;
}

export type DonatedResource = 'money' | 'goods' | 'venue_time';

/** Restricts where a donation may go (rule 12); a field left null places no restriction. */
export interface DonationEarmark {
  readonly category?: ServiceCategory | null;
  readonly district?: string | null;
  readonly street?: string | null;
  readonly community?: string | null;
}

/** The donor's consent to matching without a person deciding, within limits. */
export interface AutoMatchConsent {
  /** Only these categories; null: any the earmark allows. */
  readonly categories?: readonly ServiceCategory[] | null;
  /** The most automatic matches may give one need (or one project); null: no cap. */
  readonly maxPerNeedFen?: Fen | null;
}

/** Where a match sends the donation; category and area ride along so the earmark is checked in the decider. */
export type DonationTarget =
  | { readonly kind: 'need'; readonly needId: string; readonly category: ServiceCategory; readonly area: Area }
  | { readonly kind: 'project'; readonly projectId: string; readonly categories: readonly ServiceCategory[]; readonly area: Area };

export interface DonationPledgedData {
  readonly donationId: string;
  readonly donor: Donor;
  readonly resource: DonatedResource;
  /** Money in fen; for goods and venue time the appraised value in fen. */
  readonly amountFen: Fen;
  readonly description: string;
  /** Normalised: every field present, null when unrestricted; null when not earmarked at all. */
  readonly earmark: Required<DonationEarmark> | null;
  /** Where it was pledged. */
  readonly area: Area;
  /** Last Beijing date on which it may be matched; null: open-ended. */
  readonly expiresOn: IsoDate | null;
  readonly autoMatch: Required<AutoMatchConsent> | null;
}

/** First-class event (design card): a donation, in part or whole, goes to a need or a project. */
export interface DonationMatchedData {
  readonly donationId: string;
  readonly matchId: string;
  readonly target: DonationTarget;
  readonly amountFen: Fen;
  readonly resource: DonatedResource;
  readonly donorKind: DonorKind;
  /** True when the matching engine made it under the donor's auto-match consent. */
  readonly automatic: boolean;
  /** Unallocated balance after this match. */
  readonly balanceFen: Fen;
}

export interface DonationMatchReleasedData {
  readonly donationId: string;
  readonly matchId: string;
  readonly target: DonationTarget;
  /** Returned to the unallocated balance. */
  readonly amountFen: Fen;
  readonly balanceFen: Fen;
  readonly reason: string;
}

export interface DonationDisbursedData {
  readonly donationId: string;
  readonly matchId: string;
  readonly target: DonationTarget;
  readonly resource: DonatedResource;
  readonly amountFen: Fen;
  /** Disbursed on this match so far, this disbursement included. */
  readonly disbursedFen: Fen;
}

export interface DonationReceiptedData {
  readonly donationId: string;
  /** Number of the charitable-donation receipt (公益事业捐赠票据). */
  readonly receiptNumber: string;
  /**
   * Fen the receipt states: the donation less what was refunded before it (v2). null only on receipts
   * stored as v1, before receipts carried their amount: the decider then counts it from the stream.
   */
  readonly amountFen: Fen | null;
}

/**
 * A refund took back money a receipt states: the receipt is corrected to what the donor still gives,
 * or voided when that is nothing. The receipt stands corrected only by this fact, never silently.
 */
export interface DonationReceiptCorrectedData {
  readonly donationId: string;
  readonly receiptNumber: string;
  /** Fen the receipt stated before this refund. */
  readonly previousAmountFen: Fen;
  /** Fen it states now; 0 when voided. */
  readonly amountFen: Fen;
  readonly voided: boolean;
  /** Fen of the refund that caused the correction. */
  readonly refundedFen: Fen;
}

export interface DonationRefundedData {
  readonly donationId: string;
  readonly amountFen: Fen;
  /** Unallocated balance after the refund. */
  readonly balanceFen: Fen;
  readonly reason: string;
}

export interface DonationExpiredData {
  readonly donationId: string;
  readonly expiresOn: IsoDate;
  /** The unallocated balance no longer offered for matching (still refundable). */
  readonly unallocatedFen: Fen;
}

export type DonationPledged = DomainEvent<'DonationPledged', DonationPledgedData>;
export type DonationMatched = DomainEvent<'DonationMatched', DonationMatchedData>;
export type DonationMatchReleased = DomainEvent<'DonationMatchReleased', DonationMatchReleasedData>;
export type DonationDisbursed = DomainEvent<'DonationDisbursed', DonationDisbursedData>;
export type DonationReceipted = DomainEvent<'DonationReceipted', DonationReceiptedData>;
export type DonationReceiptCorrected = DomainEvent<'DonationReceiptCorrected', DonationReceiptCorrectedData>;
export type DonationRefunded = DomainEvent<'DonationRefunded', DonationRefundedData>;
export type DonationExpired = DomainEvent<'DonationExpired', DonationExpiredData>;

export type DonationEvent =
  | DonationPledged
  | DonationMatched
  | DonationMatchReleased
  | DonationDisbursed
  | DonationReceipted
  | DonationReceiptCorrected
  | DonationRefunded
  | DonationExpired;

/** Stored type name -> current schemaVersion. */
export const donationEventTypes = {
  DonationPledged: 1,
  DonationMatched: 1,
  DonationMatchReleased: 1,
  DonationDisbursed: 1,
  /** v2: the receipt states its amount (v1 upcast with amountFen null). */
  DonationReceipted: 2,
  DonationReceiptCorrected: 1,
  DonationRefunded: 1,
  DonationExpired: 1,
} as const satisfies Record<DonationEvent['type'], number>;
