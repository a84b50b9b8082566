/**
 * A project's purchase, as stored facts: published for purchase with its eligibility, bids submitted
 * and withdrawn, bidding closed, and the award announced with its standstill period (质疑期).
 */
import type { OrganisationKind } from '../shared/facts.js';
import type { Area, Fen, IsoDate, IsoInstant } from '../shared/values.js';

export interface BiddingEligibility {
  /** The published conditions for contractors (承接主体条件), as text. */
  readonly description: string;
  /** Lowest organisation grade (1-5 for 1A-5A) a bidder needs; 0 when any grade may bid. */
  readonly minimumGrade: number;
}

export interface ProjectPublishedForPurchaseData {
  readonly projectId: string;
  readonly deadline: IsoInstant;
  readonly eligibility: BiddingEligibility;
  readonly publishedAt: IsoInstant;
}

export interface BidSubmittedData {
  readonly projectId: string;
  readonly bidId: string;
  readonly organisationId: string;
  readonly organisationKind: OrganisationKind;
  readonly priceFen: Fen;
  readonly proposal: string;
  readonly submittedAt: IsoInstant;
}

export interface BidWithdrawnData {
  readonly projectId: string;
  readonly bidId: string;
  readonly organisationId: string;
  readonly withdrawnAt: IsoInstant;
}

export interface BiddingClosedData {
  readonly projectId: string;
  /** The bids still standing, in submission order: the ones the bureau evaluates. */
  readonly bidIds: readonly string[];
  readonly closedAt: IsoInstant;
}

/**
 * 中标结果公示: the bureau names the winning bid and the standstill period (质疑期) starts. No contract
 * is signed before `standstill.endsAt`, nor while a challenge is open.
 */
export interface AwardAnnouncedData {
  readonly projectId: string;
  readonly bidId: string;
  readonly organisationId: string;
  readonly organisationName: string;
  readonly priceFen: Fen;
  readonly area: Area;
  readonly announcedAt: IsoInstant;
  /** PURCHASE_STANDSTILL_WORKING_DAYS as it stood, counted in Beijing working days (holidays, 调休). */
  readonly standstill: { readonly workingDays: number; readonly lastDay: IsoDate; readonly endsAt: IsoInstant };
}
