/**
 * A donation's pledge (rule 12): who gives what, earmarked or not, consenting to automatic matching or
 * not, until when; and its expiry, after which it is no longer offered for matching.
 */
import { chinaDateOf, isCalendarDate, LATEST_DATE } from '../shared/calendar.js';
import { EVERY_LEVEL, optionalRecord, requireArea, requireRecord } from '../shared/command-shape.js';
import { conflict, invalid } from '../shared/domain-error.js';
import type { PledgeDonationData } from './donation.commands.js';
import { ANONYMOUS_DONOR_NAME, DONOR_KINDS, type AutoMatchConsent, type DonatedResource, type DonationEarmark, type DonationEvent } from './donation.events.js';
import { type DonationDecisions, isPositiveFen, isServiceCategory, requireAmount } from './donation.guards.js';
import type { DonationState } from './donation.state.js';


const DONATED_RESOURCES: readonly DonatedResource[] = ['money', 'goods', 'venue_time'];
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

export const decidePledge = (data: PledgeDonationData, state: DonationState, now: Date): DonationEvent[] => {
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

export const pledgeLife: DonationDecisions<'ExpireDonation'> = {
  ExpireDonation(donation, _data, now) {
    const donationId = donation.donationId;
    if (donation.status === 'expired') return [];
    if (donation.expiresOn === null) throw conflict('DONATION_HAS_NO_EXPIRY', `Donation ${donationId} does not expire`);
    if (chinaDateOf(now) <= donation.expiresOn) {
      throw conflict('DONATION_NOT_YET_EXPIRED', `Donation ${donationId} may be matched until ${donation.expiresOn}`, {
        expiresOn: donation.expiresOn,
      });
    }
    return [{ type: 'DonationExpired', data: { donationId, expiresOn: donation.expiresOn, unallocatedFen: donation.balanceFen } }];
  },
};
