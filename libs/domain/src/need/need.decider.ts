/**
 * A resident need: listed -> (verified) -> matched to resources and/or covered by projects ->
 * fulfilled, or withdrawn. Fulfilled and withdrawn are final. One phase a file (need-listing.decider.ts,
 * need-matching.decider.ts); the final steps are here, with the one entry point, `decide` and `evolve`.
 */
import type { Decider } from '../shared/decider.js';
import { invalid } from '../shared/domain-error.js';
import type { NeedFacts } from '../shared/facts.js';
import type { NeedCommand } from './need.commands.js';
import type { NeedEvent } from './need.events.js';
import { NEED_NOTE_MAX_LENGTH } from './need-listing.js';
import { decideListing, verificationAndFreshness } from './need-listing.decider.js';
import { matchingAndCover } from './need-matching.decider.js';
import { evolveNeed, type ListedNeed, type NeedDecisions, type NeedState, requireListed, requireOpen } from './need.state.js';

export { NEED_DECLINE_REASON_MAX_LENGTH, NEED_DESCRIPTION_MAX_LENGTH, NEED_NOTE_MAX_LENGTH, NEED_TITLE_MAX_LENGTH } from './need-listing.js';
export { MATCHES_DECIDED_BY_RESOURCE } from './need-matching.js';
export { type ListedNeed, type NeedState, type NeedStatus, staleFrom } from './need.state.js';

/** The final steps: fulfilled with a note, or withdrawn with a reason. */
const fulfilmentAndWithdrawal: NeedDecisions<'FulfilNeed' | 'WithdrawNeed'> = {
  FulfilNeed(need, data, now) {
    const note = data.note.trim();
    if (note.length > NEED_NOTE_MAX_LENGTH) {
      throw invalid('NEED_NOTE_TOO_LONG', `The note is limited to ${NEED_NOTE_MAX_LENGTH} characters`, { max: NEED_NOTE_MAX_LENGTH });
    }
    return [
      {
        type: 'NeedFulfilled',
        data: { needId: need.needId, note, listedAt: need.listedAt, fulfilledAt: now.toISOString(), area: need.area, category: need.category },
      },
    ];
  },
  WithdrawNeed(need, data, now) {
    const reason = data.reason.trim();
    if (reason.length === 0) throw invalid('WITHDRAWAL_REASON_REQUIRED', 'Say why the need is withdrawn');
    if (reason.length > NEED_NOTE_MAX_LENGTH) {
      throw invalid('NEED_NOTE_TOO_LONG', `The reason is limited to ${NEED_NOTE_MAX_LENGTH} characters`, { max: NEED_NOTE_MAX_LENGTH });
    }
    return [
      {
        type: 'NeedWithdrawn',
        data: { needId: need.needId, reason, withdrawnAt: now.toISOString(), area: need.area, category: need.category },
      },
    ];
  },
};

/** Every command but the listing, by phase: the compiler checks that each has exactly one decision. */
const decisions: NeedDecisions<Exclude<NeedCommand['type'], 'ListNeed'>> = { ...verificationAndFreshness, ...matchingAndCover, ...fulfilmentAndWithdrawal };

export const needDecider: Decider<NeedState, NeedCommand, NeedEvent> = {
  streamPrefix: 'need',
  initialState: () => ({ status: 'absent' }),
  decide(command, state, context) {
    if (command.type === 'ListNeed') return decideListing(command.data, state, context.now);
    // Fulfilled and withdrawn needs accept no further change: checked before anything the command says.
    const need = requireOpen(state);
    const decision = decisions[command.type] as (need: ListedNeed, data: unknown, now: Date) => NeedEvent[];
    return decision(need, command.data, context.now);
  },
  evolve: evolveNeed,
};

/** What other aggregates and the matcher may rely on; a handler asking about a missing need gets a 404. */
export function toNeedFacts(state: NeedState): NeedFacts {
  const need = requireListed(state);
  return { needId: need.needId, status: need.status, category: need.category, area: need.area, urgency: need.urgency };
}
