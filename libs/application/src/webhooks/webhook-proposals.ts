import type { NeedListedData } from '#domain';
import type { RecordedEvent } from '#event-store';
import { type Proposal, resourceKeyOf } from '#matching';
import { ProjectionTimeoutError, type ProposalNotice, type ProposalSource } from '#read-models';
import type { MatchingService } from '../matching/matching-service.js';

/** The best proposals told per fact: what a person would look at, not the whole ranking. */
const PROPOSALS_PER_FACT = 3;

const toNotice = (proposal: Proposal): ProposalNotice => ({
  demand: proposal.demand.kind === 'need' ? { kind: 'need', needId: proposal.demand.needId } : { kind: 'project', projectId: proposal.demand.projectId },
  resource: { kind: proposal.resourceKind, id: proposal.resourceId },
  score: proposal.score,
  offer: {
    ...(proposal.offer.amountFen !== undefined ? { amountFen: proposal.offer.amountFen } : {}),
    ...(proposal.offer.hoursPerWeek !== undefined ? { hoursPerWeek: proposal.offer.hoursPerWeek } : {}),
  },
});

/**
 * Waits, however long it takes, for the engine to fold `position` in: a start-up replay of a long log
 * may keep the feed behind for longer than a request would wait, and giving up would stop the
 * outbox. A shutdown still ends the wait (ShuttingDownError).
 */
const folded = async (matching: MatchingService, position: number): Promise<void> => {
  for (;;) {
    try {
      return await matching.waitForPosition(position);
    } catch (error) {
      if (!(error instanceof ProjectionTimeoutError)) throw error;
    }
  }
};

/**
 * New matcher proposals for the webhook outbox: when a need becomes proposable (listed, verified,
 * reconfirmed), a donation is pledged or a project designed, the engine's best proposals for it
 * once it has folded that fact in (the same wait auto-match makes).
 */
export const matcherProposals =
  (matching: MatchingService): ProposalSource =>
  async (event: RecordedEvent) => {
    await folded(matching, event.position);
    const { engine } = matching.feed;
    const data = event.data as Partial<Pick<NeedListedData, 'needId'>> & { donationId?: string; projectId?: string };
    switch (event.type) {
      case 'NeedListed':
      case 'NeedVerified':
      case 'NeedReconfirmed':
        return engine.proposalsForNeed(data.needId!, PROPOSALS_PER_FACT).slice(0, PROPOSALS_PER_FACT).map(toNotice);
      case 'DonationPledged':
        return engine.proposalsForResource(resourceKeyOf('donation', data.donationId!), PROPOSALS_PER_FACT).slice(0, PROPOSALS_PER_FACT).map(toNotice);
      case 'ProjectDesigned':
        return engine.proposalsForProjectFunding(data.projectId!, PROPOSALS_PER_FACT).slice(0, PROPOSALS_PER_FACT).map(toNotice);
      default:
        return [];
    }
  };
