/**
 * A need's matching phase: a person's match of a social worker or an organisation (RecordNeedMatch), the
 * echo of a donation's or volunteer's own decision (RecordResourceMatch), a project covering the need,
 * and a proposal the committee declines. Who decides a match and which project may cover: need-matching.ts.
 */
import { conflict, invalid, ruleBroken } from '../shared/domain-error.js';
import { NEED_DECLINE_REASON_MAX_LENGTH } from './need-listing.js';
import { MATCHES_DECIDED_BY_RESOURCE, recordMatch, requireProjectServes, validateMatch } from './need-matching.js';
import type { NeedDecisions } from './need.state.js';

/** `<kind>:<id>` as the matcher names resources; kinds are lower-case words joined by hyphens. */
const RESOURCE_KEY = /^[a-z]+(-[a-z]+)*:[A-Za-z0-9_-]{1,64}$/;

export const matchingAndCover: NeedDecisions<'RecordNeedMatch' | 'RecordResourceMatch' | 'CoverNeedByProject' | 'DeclineMatchProposal'> = {
  RecordNeedMatch(need, data, now) {
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
    return recordMatch(need, data, now.toISOString());
  },
  RecordResourceMatch(need, data, now) {
    validateMatch(data);
    if (!MATCHES_DECIDED_BY_RESOURCE[data.resource.kind]) {
      throw invalid('NEED_MATCH_RESOURCE_INVALID', 'Only a donation or a volunteer decides its own match', { resource: data.resource });
    }
    return recordMatch(need, data, now.toISOString());
  },
  CoverNeedByProject(need, data, now) {
    const { project } = data;
    requireProjectServes(need, data);
    if (need.projectIds.includes(project.projectId)) return [];
    return [{ type: 'NeedCoveredByProject', data: { needId: need.needId, projectId: project.projectId, coveredAt: now.toISOString() } }];
  },
  DeclineMatchProposal(need, data, now) {
    const resourceKey = data.resourceKey.trim();
    if (!RESOURCE_KEY.test(resourceKey)) {
      throw invalid('NEED_RESOURCE_KEY_INVALID', 'A declined proposal names its resource as <kind>:<id>', { resourceKey });
    }
    const reason = data.reason.trim();
    if (reason.length === 0) throw invalid('DECLINE_REASON_REQUIRED', 'Say why the proposal is declined');
    if (reason.length > NEED_DECLINE_REASON_MAX_LENGTH) {
      throw invalid('DECLINE_REASON_TOO_LONG', `The reason is limited to ${NEED_DECLINE_REASON_MAX_LENGTH} characters`, {
        max: NEED_DECLINE_REASON_MAX_LENGTH,
      });
    }
    // Declining twice (a retried click) changes nothing: the first reason stands.
    if (need.declinedResourceKeys.includes(resourceKey)) return [];
    return [{ type: 'MatchProposalDeclined', data: { needId: need.needId, resourceKey, reason, declinedAt: now.toISOString() } }];
  },
};
