/**
 * A scored pair as the API answers it: the demand, the resource, the score rounded to a tenth, the
 * readable reasons that make it up, and what the resource would give. Proposals are ordered best
 * first, then by demand and resource key, so equal scores always list alike.
 */
import type { DonationEntry, NeedEntry, ProjectEntry, ResourceEntry } from './matching-entries.js';
import type { Proposal } from './matching.types.js';
import { needDemandKey } from './declined-pairs.js';
import { explainFunding, explainPair, offerFor, type ScoringContext } from './scoring.js';

/** `entry` proposed for `need`; the pair must be eligible (the scan said so). */
export function needProposal(need: NeedEntry, entry: ResourceEntry, context: ScoringContext): Proposal {
  const explained = explainPair(need, entry, context)!;
  return {
    demand: { kind: 'need', needId: need.need.needId },
    demandKey: needDemandKey(need.need.needId),
    resourceKey: entry.key,
    resourceKind: entry.kind,
    resourceId: entry.id,
    score: Math.round(explained.score * 10) / 10,
    reasons: explained.reasons,
    offer: offerFor(need, entry),
  };
}

/** `donation` proposed for `project`'s funding gap; the pair must be eligible. */
export function fundingProposal(project: ProjectEntry, donation: DonationEntry, context: ScoringContext): Proposal {
  const explained = explainFunding(project, donation, context)!;
  return {
    demand: { kind: 'project', projectId: project.id },
    demandKey: `project:${project.id}`,
    resourceKey: donation.key,
    resourceKind: 'donation',
    resourceId: donation.id,
    score: Math.round(explained.score * 10) / 10,
    reasons: explained.reasons,
    offer: { amountFen: Math.min(donation.resource.balanceFen, project.resource.fundingGapFen) },
  };
}

export const byScoreThenKeys = (a: Proposal, b: Proposal): number =>
  b.score - a.score || (a.demandKey < b.demandKey ? -1 : a.demandKey > b.demandKey ? 1 : 0) || (a.resourceKey < b.resourceKey ? -1 : a.resourceKey > b.resourceKey ? 1 : 0);
