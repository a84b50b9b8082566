import type { Proposal } from '#matching';
import type { ProposalDto } from './matching.dto.js';

/** A proposal as a person reads it: the score, the offer, and the reasons with the strongest first in one line. */
export const toProposalView = (proposal: Proposal): ProposalDto => {
  const strongest = [...proposal.reasons].sort((a, b) => b.points - a.points).slice(0, 3);
  return {
    demandKind: proposal.demand.kind,
    demandId: proposal.demand.kind === 'need' ? proposal.demand.needId : proposal.demand.projectId,
    resourceKey: proposal.resourceKey,
    resourceKind: proposal.resourceKind,
    resourceId: proposal.resourceId,
    score: proposal.score,
    offer: { ...proposal.offer } as Record<string, number>,
    summary: strongest.map((reason) => `${reason.factor}: ${reason.detail} (+${reason.points.toFixed(1)})`).join('; '),
    reasons: proposal.reasons.map((reason) => ({ ...reason })),
  };
};
