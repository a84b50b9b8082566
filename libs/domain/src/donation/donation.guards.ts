/** What every phase of a donation checks: that it and its match exist, amounts in fen, reasons given. */
import { invalid, notFound } from '../shared/domain-error.js';
import { SERVICE_CATEGORIES, type Fen, type ServiceCategory } from '../shared/values.js';
import type { DonationCommand } from './donation.commands.js';
import type { DonationEvent } from './donation.events.js';
import type { DonationMatch, DonationRecord, DonationState } from './donation.state.js';

/** One decision a command of an existing donation gets: the donation, the command's data, the time. */
export type DonationDecisions<Type extends DonationCommand['type']> = {
  readonly [K in Type]: (donation: DonationRecord, data: Extract<DonationCommand, { type: K }>['data'], now: Date) => DonationEvent[];
};

export const isPositiveFen = (amount: number): boolean => Number.isSafeInteger(amount) && amount > 0;
export const isServiceCategory = (value: unknown): value is ServiceCategory => typeof value === 'string' && Object.hasOwn(SERVICE_CATEGORIES, value);

export const requireDonation = (state: DonationState, donationId: string): DonationRecord => {
  if (state.status === 'absent') throw notFound('DONATION_NOT_FOUND', `Donation ${donationId} was never pledged`, { donationId });
  return state;
};

export const requireMatch = (donation: DonationRecord, matchId: string): DonationMatch => {
  const match = donation.matches[matchId];
  if (!match) throw notFound('DONATION_MATCH_NOT_FOUND', `Donation ${donation.donationId} has no match ${matchId}`, { matchId });
  return match;
};

export const requireAmount = (amountFen: number): Fen => {
  if (!isPositiveFen(amountFen)) throw invalid('DONATION_AMOUNT_INVALID', 'Amounts are whole fen above 0', { amountFen });
  return amountFen;
};

export const requireReason = (reason: string | undefined): string => {
  const trimmed = reason?.trim() ?? '';
  if (trimmed === '') throw invalid('REASON_REQUIRED', 'A reason is required: donors see where their donation went');
  return trimmed;
};

