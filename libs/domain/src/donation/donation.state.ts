import type { Area, Fen, ServiceCategory } from '../shared/values.js';
import type { DonationEvent, DonationPledgedData, DonationTarget } from './donation.events.js';

export interface DonationMatch {
  readonly matchId: string;
  readonly target: DonationTarget;
  readonly amountFen: Fen;
  readonly disbursedFen: Fen;
  readonly automatic: boolean;
  /** A released match gave its amount back to the balance. */
  readonly released: boolean;
}

/** What the pledge stated (DonationPledgedData, the one place of those fields), and what happened since. */
export interface DonationRecord extends DonationPledgedData {
  /** expired: no longer offered for matching; running matches stay and may still be disbursed. */
  readonly status: 'pledged' | 'expired';
  /** Not matched and not refunded: amountFen = balance + running matches + refunded. */
  readonly balanceFen: Fen;
  readonly refundedFen: Fen;
  readonly receiptNumber: string | null;
  /** Fen the receipt states now (after corrections); null while not receipted. */
  readonly receiptedFen: Fen | null;
  readonly matches: Readonly<Record<string, DonationMatch>>;
}

export type DonationState = { readonly status: 'absent' } | DonationRecord;

/** The part of a need or project an earmark or an auto-match consent is checked against. */
export type MatchableTarget =
  | { readonly kind: 'need'; readonly category: ServiceCategory; readonly area: Area }
  | { readonly kind: 'project'; readonly categories: readonly ServiceCategory[]; readonly area: Area };

/** The unallocated balance: what may still be matched or refunded. 0 for a donation that does not exist. */
export const donationBalance = (state: DonationState): Fen => (state.status === 'absent' ? 0 : state.balanceFen);

export const evolveDonation = (state: DonationState, event: DonationEvent): DonationState => {
  if (event.type === 'DonationPledged') {
    return { status: 'pledged', ...event.data, balanceFen: event.data.amountFen, refundedFen: 0, receiptNumber: null, receiptedFen: null, matches: {} };
  }
  if (state.status === 'absent') return state;
  switch (event.type) {
    case 'DonationMatched': {
      const { matchId, target, amountFen, automatic } = event.data;
      return {
        ...state,
        balanceFen: state.balanceFen - amountFen,
        matches: { ...state.matches, [matchId]: { matchId, target, amountFen, disbursedFen: 0, automatic, released: false } },
      };
    }
    case 'DonationMatchReleased': {
      const match = state.matches[event.data.matchId];
      if (!match) return state;
      return {
        ...state,
        balanceFen: state.balanceFen + match.amountFen,
        matches: { ...state.matches, [match.matchId]: { ...match, released: true } },
      };
    }
    case 'DonationDisbursed': {
      const match = state.matches[event.data.matchId];
      if (!match) return state;
      return { ...state, matches: { ...state.matches, [match.matchId]: { ...match, disbursedFen: match.disbursedFen + event.data.amountFen } } };
    }
    case 'DonationReceipted':
      return {
        ...state,
        receiptNumber: event.data.receiptNumber,
        receiptedFen: event.data.amountFen ?? state.amountFen - state.refundedFen,
      };
    case 'DonationReceiptCorrected':
      return { ...state, receiptedFen: event.data.amountFen };
    case 'DonationRefunded':
      return { ...state, balanceFen: state.balanceFen - event.data.amountFen, refundedFen: state.refundedFen + event.data.amountFen };
    case 'DonationExpired':
      return { ...state, status: 'expired' };
    default:
      return state;
  }
};
