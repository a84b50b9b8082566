import { chinaDateOf, isCalendarDate, LATEST_DATE } from '../shared/calendar.js';
import { EVERY_LEVEL, hasText, isRecord, optionalRecord, requireArea, requireRecord } from '../shared/command-shape.js';
import type { Decider } from '../shared/decider.js';
import { conflict, invalid, notFound, ruleBroken } from '../shared/domain-error.js';
import { SERVICE_CATEGORIES, type Area, type Fen, type IsoDate, type ServiceCategory } from '../shared/values.js';
import type { DonationCommand, MatchDonationData, PledgeDonationData } from './donation.commands.js';
import {
  ANONYMOUS_DONOR_NAME,
  DONOR_KINDS,
  type AutoMatchConsent,
  type DonatedResource,
  type DonationEarmark,
  type DonationEvent,
  type DonationTarget,
  type Donor,
} from './donation.events.js';

export interface DonationMatch {
  readonly matchId: string;
  readonly target: DonationTarget;
  readonly amountFen: Fen;
  readonly disbursedFen: Fen;
  readonly automatic: boolean;
  /** A released match gave its amount back to the balance. */
  readonly released: boolean;
}

export interface DonationRecord {
  /** expired: no longer offered for matching; running matches stay and may still be disbursed. */
  readonly status: 'pledged' | 'expired';
  readonly donationId: string;
  readonly donor: Donor;
  readonly resource: DonatedResource;
  readonly amountFen: Fen;
  readonly description: string;
  readonly earmark: Required<DonationEarmark> | null;
  readonly area: Area;
  readonly expiresOn: IsoDate | null;
  readonly autoMatch: Required<AutoMatchConsent> | null;
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


const categoriesOf = (target: MatchableTarget): readonly ServiceCategory[] => (target.kind === 'need' ? [target.category] : target.categories);
const targetIdOf = (target: DonationTarget): string => (target.kind === 'need' ? target.needId : target.projectId);
const sameTarget = (a: DonationTarget, b: DonationTarget): boolean => a.kind === b.kind && targetIdOf(a) === targetIdOf(b);
const isPositiveFen = (amount: number): boolean => Number.isSafeInteger(amount) && amount > 0;

/** The unallocated balance: what may still be matched or refunded. 0 for a donation that does not exist. */
export const donationBalance = (state: DonationState): Fen => (state.status === 'absent' ? 0 : state.balanceFen);

/** Rule 12: may an earmarked donation go to this need or project? An unearmarked one goes anywhere. */
export function earmarkAllows(earmark: DonationEarmark | null | undefined, target: MatchableTarget): boolean {
  if (!earmark) return true;
  if (earmark.category && !categoriesOf(target).includes(earmark.category)) return false;
  return (
    (!earmark.district || earmark.district === target.area.district) &&
    (!earmark.street || earmark.street === target.area.street) &&
    (!earmark.community || earmark.community === target.area.community)
  );
}

/** Did the donor consent to automatic matching for this need or project's category? (The per-need cap needs the state.) */
export function autoMatchAllows(autoMatch: AutoMatchConsent | null | undefined, target: MatchableTarget): boolean {
  if (!autoMatch) return false;
  return !autoMatch.categories || categoriesOf(target).some((category) => autoMatch.categories!.includes(category));
}

const requireDonation = (state: DonationState, donationId: string): DonationRecord => {
  if (state.status === 'absent') throw notFound('DONATION_NOT_FOUND', `Donation ${donationId} was never pledged`, { donationId });
  return state;
};

const requireMatch = (donation: DonationRecord, matchId: string): DonationMatch => {
  const match = donation.matches[matchId];
  if (!match) throw notFound('DONATION_MATCH_NOT_FOUND', `Donation ${donation.donationId} has no match ${matchId}`, { matchId });
  return match;
};

const requireAmount = (amountFen: number): Fen => {
  if (!isPositiveFen(amountFen)) throw invalid('DONATION_AMOUNT_INVALID', 'Amounts are whole fen above 0', { amountFen });
  return amountFen;
};

const requireReason = (reason: string | undefined): string => {
  const trimmed = reason?.trim() ?? '';
  if (trimmed === '') throw invalid('REASON_REQUIRED', 'A reason is required: donors see where their donation went');
  return trimmed;
};

const DONATED_RESOURCES: readonly DonatedResource[] = ['money', 'goods', 'venue_time'];
const isServiceCategory = (value: unknown): value is ServiceCategory => typeof value === 'string' && Object.hasOwn(SERVICE_CATEGORIES, value);
/** An optional text level of an earmark: absent or blank places no restriction. */
const isOptionalText = (value: unknown): boolean => value === undefined || value === null || typeof value === 'string';

/** Rule 12 rests on the earmark: one the decider cannot read is refused, never stored as "unrestricted". */
const normaliseEarmark = (value: DonationEarmark | null | undefined): Required<DonationEarmark> | null => {
  const earmark = optionalRecord('EARMARK_INVALID', value, 'An earmark');
  if (!earmark) return null;
  const { category, district, street, community } = earmark;
  if ((category !== undefined && category !== null && !isServiceCategory(category)) || ![district, street, community].every(isOptionalText)) {
    throw invalid('EARMARK_INVALID', 'An earmark names a known service category and text district, street or community', { category });
  }
  const normalised = { category: category ?? null, district: district?.trim() || null, street: street?.trim() || null, community: community?.trim() || null };
  // An earmark that restricts nothing is no earmark.
  return Object.values(normalised).some((level) => level !== null) ? normalised : null;
};

const normaliseAutoMatch = (value: AutoMatchConsent | null | undefined): Required<AutoMatchConsent> | null => {
  const consent = optionalRecord('AUTO_MATCH_INVALID', value, 'An auto-match consent');
  if (!consent) return null;
  const categories = consent.categories ?? null;
  if (categories !== null && (!Array.isArray(categories) || !categories.every(isServiceCategory))) {
    throw invalid('AUTO_MATCH_INVALID', 'Auto-match categories are a list of known service categories');
  }
  return { categories, maxPerNeedFen: consent.maxPerNeedFen ?? null };
};

const requireDonor = (value: PledgeDonationData['donor']): PledgeDonationData['donor'] => {
  const donor = requireRecord('DONOR_REQUIRED', value, 'The donor');
  if (typeof donor.kind !== 'string' || !Object.hasOwn(DONOR_KINDS, donor.kind)) {
    throw invalid('DONOR_KIND_UNKNOWN', `A donor is one of ${Object.keys(DONOR_KINDS).join(', ')}`, { kind: donor.kind });
  }
  return donor;
};

/** A need (its category) or a project (its categories), each with the area the earmark is checked against. */
const requireTarget = (target: DonationTarget): DonationTarget => {
  const code = 'DONATION_TARGET_INVALID';
  const fail = () => invalid(code, 'A match goes to a need (needId, category, area) or a project (projectId, categories, area)');
  if (!isRecord(target)) throw fail();
  if (target.kind === 'need' && hasText(target.needId) && isServiceCategory(target.category)) {
    return { kind: 'need', needId: target.needId, category: target.category, area: requireArea(code, target.area, ['city', 'district']) };
  }
  if (target.kind === 'project' && hasText(target.projectId) && Array.isArray(target.categories) && target.categories.every(isServiceCategory)) {
    return { kind: 'project', projectId: target.projectId, categories: target.categories, area: requireArea(code, target.area, ['city', 'district']) };
  }
  throw fail();
};

const decidePledge = (data: PledgeDonationData, state: DonationState, now: Date): DonationEvent[] => {
  const { donationId, resource, amountFen } = data;
  if (state.status !== 'absent') throw conflict('DONATION_ALREADY_EXISTS', `Donation ${donationId} is already pledged`, { donationId });
  requireAmount(amountFen);
  if (!DONATED_RESOURCES.includes(resource)) {
    throw invalid('DONATED_RESOURCE_UNKNOWN', `A donation is ${DONATED_RESOURCES.join(', ')}`, { resource });
  }
  const donor = requireDonor(data.donor);
  const area = requireArea('AREA_INVALID', data.area, EVERY_LEVEL);
  const displayName = typeof donor.displayName === 'string' ? donor.displayName.trim() : '';
  // A resident's name would put a natural person's identity into an immutable event.
  if (donor.kind === 'resident' && displayName !== ANONYMOUS_DONOR_NAME) {
    throw invalid('DONOR_NAME_IS_PERSONAL_DATA', `A resident donor is shown as ${ANONYMOUS_DONOR_NAME}; their identity goes in the vault (donorRef)`);
  }
  if (displayName === '') throw invalid('DONOR_NAME_REQUIRED', `Give the organisation's name, or ${ANONYMOUS_DONOR_NAME}`);
  const description = typeof data.description === 'string' ? data.description.trim() : '';
  if (resource !== 'money' && description === '') {
    throw invalid('DONATION_DESCRIPTION_REQUIRED', 'Donated goods and venue time need a description of what is given');
  }
  const expiresOn = data.expiresOn ?? null;
  if (expiresOn !== null && (!isCalendarDate(expiresOn) || expiresOn < chinaDateOf(now))) {
    throw invalid('DONATION_EXPIRY_INVALID', `The expiry is a YYYY-MM-DD date from today on, at most ${LATEST_DATE}`, { expiresOn });
  }
  const earmark = normaliseEarmark(data.earmark);
  const autoMatch = normaliseAutoMatch(data.autoMatch);
  if (autoMatch?.categories?.length === 0) {
    throw invalid('AUTO_MATCH_CATEGORIES_EMPTY', 'Consent to no category is no consent: leave categories out to allow any');
  }
  if (autoMatch && autoMatch.maxPerNeedFen !== null && !isPositiveFen(autoMatch.maxPerNeedFen)) {
    throw invalid('AUTO_MATCH_LIMIT_INVALID', 'The per-need limit is whole fen above 0', { maxPerNeedFen: autoMatch.maxPerNeedFen });
  }
  return [
    {
      type: 'DonationPledged',
      data: {
        donationId,
        donor: { kind: donor.kind, displayName, donorRef: donor.donorRef ?? null },
        resource,
        amountFen,
        description,
        earmark,
        area,
        expiresOn,
        autoMatch,
      },
    },
  ];
};

const decideMatch = (data: MatchDonationData, donation: DonationRecord, now: Date): DonationEvent[] => {
  const { matchId, amountFen } = data;
  const target = requireTarget(data.target);
  const automatic = data.automatic ?? false;
  const existing = donation.matches[matchId];
  if (existing) {
    // The same match sent again is a retry; the same id for another match is a bug upstream.
    if (sameTarget(existing.target, target) && existing.amountFen === amountFen && existing.automatic === automatic) return [];
    throw conflict('DONATION_MATCH_ALREADY_EXISTS', `Match ${matchId} already exists with other terms`, { matchId });
  }
  if (donation.status === 'expired' || (donation.expiresOn !== null && chinaDateOf(now) > donation.expiresOn)) {
    throw conflict('DONATION_EXPIRED', `Donation ${donation.donationId} expired after ${donation.expiresOn}`, { expiresOn: donation.expiresOn });
  }
  requireAmount(amountFen);
  if (!earmarkAllows(donation.earmark, target)) {
    throw ruleBroken('EARMARK_MISMATCH', `Donation ${donation.donationId} is earmarked for another category or area`, {
      rule: 12,
      earmark: donation.earmark,
      targetCategories: categoriesOf(target),
      targetArea: target.area,
    });
  }
  if (automatic) {
    if (!autoMatchAllows(donation.autoMatch, target)) {
      throw ruleBroken('AUTO_MATCH_NOT_CONSENTED', `The donor did not consent to automatic matching for this ${target.kind}`, {
        autoMatch: donation.autoMatch,
        targetCategories: categoriesOf(target),
      });
    }
    const maxPerNeedFen = donation.autoMatch!.maxPerNeedFen;
    const alreadyMatchedFen = Object.values(donation.matches)
      .filter((match) => !match.released && sameTarget(match.target, target))
      .reduce((sum, match) => sum + match.amountFen, 0);
    if (maxPerNeedFen !== null && alreadyMatchedFen + amountFen > maxPerNeedFen) {
      throw ruleBroken('AUTO_MATCH_LIMIT_EXCEEDED', `Automatic matches give one ${target.kind} at most ${maxPerNeedFen} fen of this donation`, {
        maxPerNeedFen,
        alreadyMatchedFen,
        requestedFen: amountFen,
      });
    }
  }
  if (amountFen > donation.balanceFen) {
    throw ruleBroken('DONATION_BALANCE_EXCEEDED', `Donation ${donation.donationId} has ${donation.balanceFen} fen unallocated`, {
      rule: 12,
      balanceFen: donation.balanceFen,
      requestedFen: amountFen,
    });
  }
  return [
    {
      type: 'DonationMatched',
      data: {
        donationId: donation.donationId,
        matchId,
        target,
        amountFen,
        resource: donation.resource,
        donorKind: donation.donor.kind,
        automatic,
        balanceFen: donation.balanceFen - amountFen,
      },
    },
  ];
};

export const donationDecider: Decider<DonationState, DonationCommand, DonationEvent> = {
  streamPrefix: 'donation',
  initialState: () => ({ status: 'absent' }),

  decide(command, state, context) {
    if (command.type === 'PledgeDonation') return decidePledge(command.data, state, context.now);
    const donation = requireDonation(state, command.data.donationId);
    const donationId = donation.donationId;

    switch (command.type) {
      case 'MatchDonation':
        return decideMatch(command.data, donation, context.now);
      case 'ReleaseDonationMatch': {
        const match = requireMatch(donation, command.data.matchId);
        if (match.released) return [];
        if (match.disbursedFen > 0) {
          throw conflict('DONATION_MATCH_ALREADY_DISBURSED', `Match ${match.matchId} was already disbursed in part or whole`, {
            matchId: match.matchId,
            disbursedFen: match.disbursedFen,
          });
        }
        return [
          {
            type: 'DonationMatchReleased',
            data: {
              donationId,
              matchId: match.matchId,
              target: match.target,
              amountFen: match.amountFen,
              balanceFen: donation.balanceFen + match.amountFen,
              reason: requireReason(command.data.reason),
            },
          },
        ];
      }
      case 'DisburseDonation': {
        const match = requireMatch(donation, command.data.matchId);
        if (match.released) throw conflict('DONATION_MATCH_RELEASED', `Match ${match.matchId} was released`, { matchId: match.matchId });
        const amountFen = requireAmount(command.data.amountFen);
        if (match.disbursedFen + amountFen > match.amountFen) {
          throw ruleBroken('DONATION_DISBURSEMENT_EXCEEDED', `Match ${match.matchId} has ${match.amountFen - match.disbursedFen} fen left to disburse`, {
            rule: 12,
            matchedFen: match.amountFen,
            disbursedFen: match.disbursedFen,
            requestedFen: amountFen,
          });
        }
        return [
          {
            type: 'DonationDisbursed',
            data: { donationId, matchId: match.matchId, target: match.target, resource: donation.resource, amountFen, disbursedFen: match.disbursedFen + amountFen },
          },
        ];
      }
      case 'ReceiptDonation': {
        const receiptNumber = command.data.receiptNumber.trim();
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
      }
      case 'RefundDonation': {
        if (donation.balanceFen === 0) {
          throw conflict('DONATION_NOTHING_TO_REFUND', `Donation ${donationId} has no unallocated balance`, { balanceFen: 0 });
        }
        const amountFen = requireAmount(command.data.amountFen ?? donation.balanceFen);
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
          data: { donationId, amountFen, balanceFen: donation.balanceFen - amountFen, reason: requireReason(command.data.reason) },
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
      }
      case 'ExpireDonation': {
        if (donation.status === 'expired') return [];
        if (donation.expiresOn === null) throw conflict('DONATION_HAS_NO_EXPIRY', `Donation ${donationId} does not expire`);
        if (chinaDateOf(context.now) <= donation.expiresOn) {
          throw conflict('DONATION_NOT_YET_EXPIRED', `Donation ${donationId} may be matched until ${donation.expiresOn}`, {
            expiresOn: donation.expiresOn,
          });
        }
        return [{ type: 'DonationExpired', data: { donationId, expiresOn: donation.expiresOn, unallocatedFen: donation.balanceFen } }];
      }
      default: {
        const unknownCommand: never = command;
        throw invalid('UNKNOWN_COMMAND', `Unknown donation command ${(unknownCommand as { type: string }).type}`);
      }
    }
  },

  evolve(state, event) {
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
  },
};
