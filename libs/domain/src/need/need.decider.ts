/**
 * A resident need: listed -> (verified) -> matched to resources and/or covered by projects ->
 * fulfilled, or withdrawn. Fulfilled and withdrawn are final.
 */
import type { DecisionContext, Decider } from '../shared/decider.js';
import { conflict, invalid, ruleBroken } from '../shared/domain-error.js';
import type { NeedFacts } from '../shared/facts.js';
import type { NeedCommand } from './need.commands.js';
import type { NeedEvent } from './need.events.js';
import { NEED_DECLINE_REASON_MAX_LENGTH, NEED_NOTE_MAX_LENGTH, validateListing } from './need-listing.js';
import { MATCHES_DECIDED_BY_RESOURCE, recordMatch, requireProjectServes, validateMatch } from './need-matching.js';
import { evolveNeed, type NeedState, requireListed, requireOpen, staleFrom } from './need.state.js';

export { NEED_DECLINE_REASON_MAX_LENGTH, NEED_DESCRIPTION_MAX_LENGTH, NEED_NOTE_MAX_LENGTH, NEED_TITLE_MAX_LENGTH } from './need-listing.js';
export { MATCHES_DECIDED_BY_RESOURCE } from './need-matching.js';
export { type ListedNeed, type NeedState, type NeedStatus, staleFrom } from './need.state.js';

/** `<kind>:<id>` as the matcher names resources; kinds are lower-case words joined by hyphens. */
const RESOURCE_KEY = /^[a-z]+(-[a-z]+)*:[A-Za-z0-9_-]{1,64}$/;

const decide = (command: NeedCommand, state: NeedState, context: DecisionContext): NeedEvent[] => {
  const now = context.now.toISOString();
  switch (command.type) {
    case 'ListNeed': {
      const data = command.data;
      if (state.status !== 'absent') {
        throw conflict('NEED_ALREADY_EXISTS', 'A need with this id is already listed', { needId: data.needId });
      }
      const area = validateListing(data);
      return [
        {
          type: 'NeedListed',
          data: {
            needId: data.needId,
            communityId: data.community.communityId,
            area,
            category: data.category,
            title: data.title.trim(),
            description: data.description,
            urgency: data.urgency,
            beneficiaryRef: data.beneficiaryRef,
            beneficiaries: data.beneficiaries,
            requiredSkills: [...new Set(data.requiredSkills.map((skill) => skill.trim()).filter((skill) => skill.length > 0))],
            hoursPerWeek: data.hoursPerWeek ?? null,
            amountFen: data.amountFen ?? null,
            window: data.window ?? null,
            source: data.source,
            listedAt: now,
          },
        },
      ];
    }
    case 'VerifyNeed': {
      const need = requireOpen(state);
      if (need.verified) return [];
      return [{ type: 'NeedVerified', data: { needId: need.needId, verifiedAt: now } }];
    }
    case 'ReconfirmNeed': {
      const need = requireOpen(state);
      const { note } = command.data;
      if (note !== undefined && (typeof note !== 'string' || note.length > NEED_NOTE_MAX_LENGTH)) {
        throw invalid('NEED_NOTE_TOO_LONG', `The note is text of at most ${NEED_NOTE_MAX_LENGTH} characters`, { max: NEED_NOTE_MAX_LENGTH });
      }
      const trimmed = note?.trim() ?? '';
      return [{ type: 'NeedReconfirmed', data: { needId: need.needId, reconfirmedAt: now, note: trimmed === '' ? null : trimmed } }];
    }
    case 'MarkNeedStale': {
      const need = requireOpen(state);
      const { staleAfterDays } = command.data;
      if (!Number.isSafeInteger(staleAfterDays) || staleAfterDays < 1) {
        throw invalid('STALE_AFTER_DAYS_INVALID', 'The freshness period is a whole number of days, at least 1', { staleAfterDays });
      }
      if (need.stale) return [];
      const due = staleFrom(need.lastConfirmedAt, staleAfterDays);
      // The clock may run early or read a lagging list: the need's own history decides.
      if (context.now < due) {
        throw conflict('NEED_NOT_STALE_YET', `The need was confirmed at ${need.lastConfirmedAt}; it turns stale at ${due.toISOString()}`, {
          lastConfirmedAt: need.lastConfirmedAt,
          staleFrom: due.toISOString(),
        });
      }
      return [
        {
          type: 'NeedMarkedStale',
          data: { needId: need.needId, lastConfirmedAt: need.lastConfirmedAt, staleAfterDays, markedStaleAt: now, area: need.area, category: need.category },
        },
      ];
    }
    case 'RecordNeedMatch': {
      const need = requireOpen(state);
      const data = command.data;
      validateMatch(data);
      const decidedElsewhere = MATCHES_DECIDED_BY_RESOURCE[data.resource.kind];
      if (decidedElsewhere) {
        // Recording it here would move money or hours the resource never agreed to give.
        throw ruleBroken('MATCH_DECIDED_BY_RESOURCE', `A ${data.resource.kind} is matched by its own decision: ${decidedElsewhere.via}`, {
          ...(decidedElsewhere.rule ? { rule: decidedElsewhere.rule } : {}),
          resource: { kind: data.resource.kind, id: data.resource.id },
          command: decidedElsewhere.command,
          via: decidedElsewhere.via,
        });
      }
      if (!data.resourceInService) {
        throw conflict('MATCHED_RESOURCE_OUT_OF_SERVICE', `The ${data.resource.kind} ${data.resource.id} is deregistered or suspended`, {
          resource: { kind: data.resource.kind, id: data.resource.id },
        });
      }
      return recordMatch(need, data, now);
    }
    case 'RecordResourceMatch': {
      const need = requireOpen(state);
      const data = command.data;
      validateMatch(data);
      if (!MATCHES_DECIDED_BY_RESOURCE[data.resource.kind]) {
        throw invalid('NEED_MATCH_RESOURCE_INVALID', 'Only a donation or a volunteer decides its own match', { resource: data.resource });
      }
      return recordMatch(need, data, now);
    }
    case 'CoverNeedByProject': {
      const need = requireOpen(state);
      const { project } = command.data;
      requireProjectServes(need, command.data);
      if (need.projectIds.includes(project.projectId)) return [];
      return [{ type: 'NeedCoveredByProject', data: { needId: need.needId, projectId: project.projectId, coveredAt: now } }];
    }
    case 'FulfilNeed': {
      const need = requireOpen(state);
      const note = command.data.note.trim();
      if (note.length > NEED_NOTE_MAX_LENGTH) {
        throw invalid('NEED_NOTE_TOO_LONG', `The note is limited to ${NEED_NOTE_MAX_LENGTH} characters`, { max: NEED_NOTE_MAX_LENGTH });
      }
      return [
        {
          type: 'NeedFulfilled',
          data: { needId: need.needId, note, listedAt: need.listedAt, fulfilledAt: now, area: need.area, category: need.category },
        },
      ];
    }
    case 'DeclineMatchProposal': {
      const need = requireOpen(state);
      const resourceKey = command.data.resourceKey.trim();
      if (!RESOURCE_KEY.test(resourceKey)) {
        throw invalid('NEED_RESOURCE_KEY_INVALID', 'A declined proposal names its resource as <kind>:<id>', { resourceKey });
      }
      const reason = command.data.reason.trim();
      if (reason.length === 0) throw invalid('DECLINE_REASON_REQUIRED', 'Say why the proposal is declined');
      if (reason.length > NEED_DECLINE_REASON_MAX_LENGTH) {
        throw invalid('DECLINE_REASON_TOO_LONG', `The reason is limited to ${NEED_DECLINE_REASON_MAX_LENGTH} characters`, {
          max: NEED_DECLINE_REASON_MAX_LENGTH,
        });
      }
      // Declining twice (a retried click) changes nothing: the first reason stands.
      if (need.declinedResourceKeys.includes(resourceKey)) return [];
      return [{ type: 'MatchProposalDeclined', data: { needId: need.needId, resourceKey, reason, declinedAt: now } }];
    }
    case 'WithdrawNeed': {
      const need = requireOpen(state);
      const reason = command.data.reason.trim();
      if (reason.length === 0) throw invalid('WITHDRAWAL_REASON_REQUIRED', 'Say why the need is withdrawn');
      if (reason.length > NEED_NOTE_MAX_LENGTH) {
        throw invalid('NEED_NOTE_TOO_LONG', `The reason is limited to ${NEED_NOTE_MAX_LENGTH} characters`, { max: NEED_NOTE_MAX_LENGTH });
      }
      return [
        {
          type: 'NeedWithdrawn',
          data: { needId: need.needId, reason, withdrawnAt: now, area: need.area, category: need.category },
        },
      ];
    }
  }
};

export const needDecider: Decider<NeedState, NeedCommand, NeedEvent> = {
  streamPrefix: 'need',
  initialState: () => ({ status: 'absent' }),
  decide,
  evolve: evolveNeed,
};

/** What other aggregates and the matcher may rely on; a handler asking about a missing need gets a 404. */
export function toNeedFacts(state: NeedState): NeedFacts {
  const need = requireListed(state);
  return { needId: need.needId, status: need.status, category: need.category, area: need.area, urgency: need.urgency };
}
