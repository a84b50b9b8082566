/**
 * A donation (rule 12): pledged -> matched to needs and projects (released while not disbursed) ->
 * disbursed; receipted, refunded from its unallocated balance, expired. One phase a file; this is the
 * one entry point, `decide` and `evolve`.
 */
import type { Decider } from '../shared/decider.js';
import { invalid } from '../shared/domain-error.js';
import { disbursement } from './donation-disburse.decider.js';
import { matching } from './donation-match.decider.js';
import { decidePledge, pledgeLife } from './donation-pledge.decider.js';
import { receiptAndRefund } from './donation-refund.decider.js';
import type { DonationCommand } from './donation.commands.js';
import type { DonationEvent } from './donation.events.js';
import { type DonationDecisions, requireDonation } from './donation.guards.js';
import { evolveDonation, type DonationRecord, type DonationState } from './donation.state.js';

export { autoMatchAllows, earmarkAllows } from './donation-match.decider.js';
export { donationBalance, type DonationMatch, type DonationRecord, type DonationState, type MatchableTarget } from './donation.state.js';

/** Every command but the pledge, by phase: the compiler checks that each has exactly one decision. */
const decisions: DonationDecisions<Exclude<DonationCommand['type'], 'PledgeDonation'>> = { ...matching, ...disbursement, ...receiptAndRefund, ...pledgeLife };

export const donationDecider: Decider<DonationState, DonationCommand, DonationEvent> = {
  streamPrefix: 'donation',
  initialState: () => ({ status: 'absent' }),

  decide(command, state, context) {
    if (command.type === 'PledgeDonation') return decidePledge(command.data, state, context.now);
    const donation = requireDonation(state, command.data.donationId);
    if (!Object.hasOwn(decisions, command.type)) throw invalid('UNKNOWN_COMMAND', `Unknown donation command ${(command as { type: string }).type}`);
    const decision = decisions[command.type] as (donation: DonationRecord, data: unknown, now: Date) => DonationEvent[];
    return decision(donation, command.data, context.now);
  },

  evolve: evolveDonation,
};
