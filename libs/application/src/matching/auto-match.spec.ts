import { describe, expect, it } from '@jest/globals';
import { donationMatched, feedOf, needListed, pledged } from '../../../matching/src/feed/testing/feed-events.js';
import { autoMatchCommands } from './auto-match.js';

describe('auto-match commands', () => {
  const consent = (categories: string[] | null, maxPerNeedFen: number | null) => ({ autoMatch: { categories, maxPerNeedFen } });

  it('matches only consenting donations, within the per-need cap, until the gap is covered', () => {
    const feed = feedOf([
      pledged('d-silent', 500_000),
      pledged('d-capped', 500_000, consent(null, 20_000)),
      pledged('d-open', 500_000, consent(['elderly_care'], null)),
      pledged('d-other-category', 500_000, consent(['education'], null)),
      needListed('n-1', { amountFen: 50_000 }),
    ]);
    const commands = autoMatchCommands(feed, 'n-1', 'event-1');
    const byDonation = Object.fromEntries(commands.map(({ donationId, command }) => [donationId, command.data.amountFen]));
    // Equal scores rank by key: the capped donor gives its cap, the open one the rest; the others nothing.
    expect(byDonation).toEqual({ 'd-capped': 20_000, 'd-open': 30_000 });
    expect(commands.every(({ command }) => command.data.automatic === true && command.data.target.kind === 'need')).toBe(true);
  });

  it('derives matchIds from the triggering event, and skips a match already recorded', () => {
    const base = [pledged('d-open', 500_000, consent(null, null)), needListed('n-1', { amountFen: 50_000 })];
    const [first] = autoMatchCommands(feedOf(base), 'n-1', 'event-1');
    expect(autoMatchCommands(feedOf(base), 'n-1', 'event-1')[0]!.command.data.matchId).toBe(first!.command.data.matchId);
    expect(autoMatchCommands(feedOf(base), 'n-1', 'event-2')[0]!.command.data.matchId).not.toBe(first!.command.data.matchId);
    const afterMatch = feedOf([...base, donationMatched('d-open', 'n-1', 50_000, 450_000, first!.command.data.matchId)]);
    expect(autoMatchCommands(afterMatch, 'n-1', 'event-1')).toEqual([]);
  });
});
