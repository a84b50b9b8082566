/**
 * Auto-match: when a need is listed or verified, donations whose donors consented to automatic
 * matching (categories, per-need cap) are matched to it without a person deciding. The engine
 * chooses (eligibility, earmark, score); the donation's decider still enforces consent, cap,
 * earmark and balance, so a stale engine can only cause a refused command, never a wrong fact.
 */
import type { NeedListedData } from '#domain';
import { deterministicUuid, type RecordedEvent } from '#event-store';
import type { MatchingFeed } from '#matching';
import { projectionTables, type Projection, type ProjectionLogger } from '#read-models';
import type { CommandService } from '../command-handling/command-service.js';
import { donationCommands, type MatchDonationInput } from '../commands/donation.commands.js';
import { runFollowUp } from '../policies/run-follow-up.js';
import type { MatchingService } from './matching-service.js';

/** How far down the ranking auto-match looks for consenting donations. */
const AUTO_MATCH_CANDIDATES = 50;

/**
 * The MatchDonation commands a need's listing calls for, best donation first, until the need's
 * money gap is covered. The matchId comes from the triggering event and the donation, so a
 * redelivered event issues the very same commands (and the decider records them once).
 */
export function autoMatchCommands(feed: MatchingFeed, needId: string, triggeringEventId: string): { donationId: string; command: MatchDonationInput }[] {
  const need = feed.needOf(needId);
  if (!need) return [];
  let remainingFen = feed.remainingFenOf(needId);
  // No money gap (a need for hours only, or one already covered): no donation to rank at all.
  if (remainingFen <= 0) return [];
  const commands: { donationId: string; command: MatchDonationInput }[] = [];
  for (const proposal of feed.engine.proposalsForNeed(needId, AUTO_MATCH_CANDIDATES, 'donation')) {
    if (remainingFen <= 0) break;
    const donationId = proposal.resourceId;
    const terms = feed.autoMatchTermsOf(donationId);
    if (terms === null) continue;
    if (terms.categories !== null && !terms.categories.includes(need.category)) continue;
    const matchId = deterministicUuid('auto-match', triggeringEventId, donationId);
    if (feed.hasDonationMatch(donationId, matchId)) continue;
    const amountFen = Math.min(proposal.offer.amountFen ?? 0, remainingFen, terms.maxPerNeedFen ?? Number.POSITIVE_INFINITY);
    if (amountFen <= 0) continue;
    remainingFen -= amountFen;
    commands.push({
      donationId,
      command: {
        type: 'MatchDonation',
        // The need's category and area are read again from its stream when the command is prepared: facts, not the engine's view.
        data: { donationId, matchId, target: { kind: 'need', id: needId }, amountFen, automatic: true },
      },
    });
  }
  return commands;
}

/**
 * Runs auto-match off the checkpointed projector subscription (at least once). Each reaction first
 * waits for the in-memory engine to have folded the triggering event in.
 */
export const autoMatchProjection = (matching: MatchingService, commands: CommandService, logger: ProjectionLogger): Projection => {
  const react = async (event: RecordedEvent) => {
    await matching.waitForPosition(event.position);
    const { needId } = event.data as Pick<NeedListedData, 'needId'>;
    for (const { donationId, command } of autoMatchCommands(matching.feed, needId, event.eventId)) {
      await runFollowUp(
        () =>
          commands.handle(donationCommands, donationId, command, {
            correlationId: event.metadata.correlationId,
            causationId: event.eventId,
            actor: { id: 'policy:auto-match', role: 'system' },
          }),
        logger,
        { policy: 'auto-match', eventId: event.eventId, donationId },
      );
    }
  };
  return {
    name: 'auto-match',
    version: 1,
    sideEffects: true,
    tables: projectionTables([], async () => undefined),
    on: { NeedListed: react, NeedVerified: react },
  };
};
