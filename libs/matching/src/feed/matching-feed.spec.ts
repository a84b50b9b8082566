import { describe, expect, it } from '@jest/globals';
import {
  area, otherDistrict, at, feedOf, needListed, volunteer, pledged, donationMatched, keysFor, offerOf, organisationRegistered, matchedToOrganisation,
} from './testing/feed-events.js';
import type { DomainEvent } from '#domain';
import { MatchingFeed } from './matching-feed.js';

describe('matching feed', () => {
  it('proposes a volunteer with their free hours, less what assignments took', () => {
    const feed = feedOf([
      ...volunteer('v-1', 6),
      needListed('n-1', { hoursPerWeek: 4 }),
      { type: 'VolunteerAssigned', data: { volunteerId: 'v-1', assignmentId: 'a-0', target: { kind: 'project', projectId: 'p-1' }, hoursPerWeek: 3, assignedOn: '2026-11-01' } },
    ]);
    expect(offerOf(feed, 'n-1', 'volunteer:v-1')).toEqual({ hoursPerWeek: 3 });
  });

  it('reduces the need\'s remaining hours on assignment and gives them back when it ends', () => {
    const assigned: DomainEvent = {
      type: 'VolunteerAssigned', data: { volunteerId: 'v-1', assignmentId: 'a-1', target: { kind: 'need', needId: 'n-1' }, hoursPerWeek: 4, assignedOn: '2026-11-01' },
    };
    const ended: DomainEvent = {
      type: 'VolunteerAssignmentEnded',
      data: { volunteerId: 'v-1', assignmentId: 'a-1', target: { kind: 'need', needId: 'n-1' }, hoursPerWeek: 4, endedOn: '2026-11-02', reason: null },
    };
    const events = [...volunteer('v-1', 8), ...volunteer('v-2', 8), needListed('n-1', { hoursPerWeek: 4, amountFen: null }), assigned];
    expect(keysFor(feedOf(events), 'n-1').filter((key) => key.startsWith('volunteer:'))).toEqual([]);
    expect(keysFor(feedOf([...events, ended]), 'n-1')).toEqual(expect.arrayContaining(['volunteer:v-1', 'volunteer:v-2']));
  });

  it('follows a donation\'s balance through matches, releases and refunds, and drops it when spent or expired', () => {
    const base = [pledged('d-1', 100_000), needListed('n-1', { amountFen: 80_000 }), needListed('n-2', { amountFen: 80_000 })];
    const afterMatch = feedOf([...base, donationMatched('d-1', 'n-1', 70_000, 30_000)]);
    expect(offerOf(afterMatch, 'n-2', 'donation:d-1')).toEqual({ amountFen: 30_000 });
    expect(offerOf(afterMatch, 'n-1', 'donation:d-1')).toEqual({ amountFen: 10_000 });

    const released: DomainEvent = {
      type: 'DonationMatchReleased',
      data: { donationId: 'd-1', matchId: 'm-n-1', target: { kind: 'need', needId: 'n-1', category: 'elderly_care', area }, amountFen: 70_000, balanceFen: 100_000, reason: 'x' },
    };
    expect(offerOf(feedOf([...base, donationMatched('d-1', 'n-1', 70_000, 30_000), released]), 'n-1', 'donation:d-1')).toEqual({ amountFen: 80_000 });

    const refunded: DomainEvent = { type: 'DonationRefunded', data: { donationId: 'd-1', amountFen: 100_000, balanceFen: 0, reason: 'x' } };
    const refundedFeed = feedOf([...base, refunded]);
    expect(keysFor(refundedFeed, 'n-1')).not.toContain('donation:d-1');
    expect(refundedFeed.hasResource('donation:d-1')).toBe(false);
    const expired: DomainEvent = { type: 'DonationExpired', data: { donationId: 'd-1', expiresOn: '2026-10-31', unallocatedFen: 100_000 } };
    expect(keysFor(feedOf([...base, expired]), 'n-1')).not.toContain('donation:d-1');
  });

  it('drops a need marked stale from proposals (both ways) and brings it back on reconfirmation', () => {
    const stale: DomainEvent = {
      type: 'NeedMarkedStale',
      data: { needId: 'n-1', lastConfirmedAt: at, staleAfterDays: 90, markedStaleAt: at, area, category: 'elderly_care' },
    };
    const reconfirmed: DomainEvent = { type: 'NeedReconfirmed', data: { needId: 'n-1', reconfirmedAt: at, note: null } };
    const base = [...volunteer('v-1', 6), needListed('n-1')];
    expect(keysFor(feedOf(base), 'n-1')).toContain('volunteer:v-1');
    const staleFeed = feedOf([...base, stale]);
    expect(keysFor(staleFeed, 'n-1')).toEqual([]);
    expect(staleFeed.engine.proposalsForResource('volunteer:v-1', 20).map((proposal) => proposal.demandKey)).toEqual([]);
    expect(staleFeed.isOpenNeed('n-1')).toBe(false);
    expect(staleFeed.needOf('n-1')).toBeUndefined();
    const freshAgain = feedOf([...base, stale, reconfirmed]);
    expect(keysFor(freshAgain, 'n-1')).toContain('volunteer:v-1');
    expect(freshAgain.isOpenNeed('n-1')).toBe(true);
  });

  it('keeps an earmarked donation inside its area (rule 12)', () => {
    const earmark = { category: null, district: 'siming-district', street: null, community: null };
    const feed = feedOf([pledged('d-1', 100_000, { earmark }), needListed('n-huli'), needListed('n-siming', { area: otherDistrict })]);
    expect(keysFor(feed, 'n-huli')).not.toContain('donation:d-1');
    expect(keysFor(feed, 'n-siming')).toContain('donation:d-1');
  });

  it('learns declines from MatchProposalDeclined and forgets closed needs', () => {
    const declined: DomainEvent = {
      type: 'MatchProposalDeclined', data: { needId: 'n-1', resourceKey: 'volunteer:v-1', reason: 'too far', declinedAt: at },
    };
    const feed = feedOf([...volunteer('v-1', 6), ...volunteer('v-2', 6), needListed('n-1'), declined]);
    expect(keysFor(feed, 'n-1')).toContain('volunteer:v-2');
    expect(keysFor(feed, 'n-1')).not.toContain('volunteer:v-1');
    const withdrawn = feedOf([needListed('n-1'), { type: 'NeedWithdrawn', data: { needId: 'n-1', reason: 'x', withdrawnAt: at, area, category: 'elderly_care' } }]);
    expect(withdrawn.isOpenNeed('n-1')).toBe(false);
  });

  it('offers no organisation that failed its inspection or is suspended (rule 11), and counts matched needs against capacity', () => {
    const registered = organisationRegistered('o-1', 1);
    expect(keysFor(feedOf([registered, needListed('n-1')]), 'n-1')).toContain('organisation:o-1');
    const failed: DomainEvent = { type: 'AnnualInspectionFailed', data: { organisationId: 'o-1', year: 2026, reason: 'x' } };
    expect(keysFor(feedOf([registered, failed, needListed('n-1')]), 'n-1')).not.toContain('organisation:o-1');
    const matchedToOther = matchedToOrganisation('n-0', 'o-1');
    expect(keysFor(feedOf([registered, needListed('n-0'), matchedToOther, needListed('n-1')]), 'n-1')).not.toContain('organisation:o-1');
  });

  it('ignores an event it already folded in (redelivery)', () => {
    const feed = new MatchingFeed();
    const pledge = { ...pledged('d-1', 100_000), position: 1, metadata: { occurredAt: at } };
    feed.apply(pledge);
    feed.apply({ ...donationMatched('d-1', 'n-x', 40_000, 60_000), position: 2, metadata: { occurredAt: at } });
    feed.apply(pledge);
    feed.apply({ ...needListed('n-1', { amountFen: 90_000 }), position: 3, metadata: { occurredAt: at } });
    expect(offerOf(feed, 'n-1', 'donation:d-1')).toEqual({ amountFen: 60_000 });
  });

  it('remembers what each volunteer received lately: the fairness reason says it, and forgets it after the window', () => {
    const assigned: DomainEvent = {
      type: 'VolunteerAssigned', data: { volunteerId: 'v-1', assignmentId: 'a-1', target: { kind: 'project', projectId: 'p-1' }, hoursPerWeek: 6, assignedOn: '2026-11-01' },
    };
    const feed = new MatchingFeed();
    let position = 0;
    const fold = (event: DomainEvent, occurredAt: string) => feed.apply({ ...event, position: ++position, metadata: { occurredAt } });
    for (const event of [...volunteer('v-1', 12), ...volunteer('v-2', 12), assigned, needListed('n-1', { amountFen: null })]) fold(event, at);
    const fairnessOf = (resourceKey: string) =>
      feed.engine.proposalsForNeed('n-1', 20).find((proposal) => proposal.resourceKey === resourceKey)?.reasons.find((reason) => reason.factor === 'fairness');
    expect(fairnessOf('volunteer:v-1')).toMatchObject({ value: 0.25, detail: 'received 6 of a fair share of 8 weekly hours in the last 90 days' });
    expect(fairnessOf('volunteer:v-2')).toMatchObject({ value: 1, detail: 'received nothing in the last 90 days' });
    expect(feed.engine.proposalsForNeed('n-1', 20).filter((proposal) => proposal.resourceKind === 'volunteer').map((proposal) => proposal.resourceKey)).toEqual([
      'volunteer:v-2',
      'volunteer:v-1',
    ]);

    // 91 days on, the assignment no longer counts (the volunteer still gives the 6 hours: 6 of 12 are free).
    fold({ type: 'VolunteerAvailabilityDeclared', data: { volunteerId: 'v-1', hoursPerWeek: 12, windows: [] } }, '2027-01-31T02:00:00.000Z');
    expect(fairnessOf('volunteer:v-1')).toMatchObject({ value: 1, detail: 'received nothing in the last 90 days' });
  });

  it('counts a need matched to an organisation or covered by a project as received by it', () => {
    const registered = organisationRegistered('o-1', 5);
    const matched = matchedToOrganisation('n-0', 'o-1');
    const feed = feedOf([registered, needListed('n-0'), matched, needListed('n-1')]);
    const reason = feed.engine.proposalsForNeed('n-1', 20).find((proposal) => proposal.resourceKey === 'organisation:o-1')?.reasons.find((line) => line.factor === 'fairness');
    expect(reason).toMatchObject({ value: 0.75, detail: 'received 1 of a fair share of 4 needs in the last 90 days' });
    expect(feed.folds.organisations.get('o-1')?.received).toEqual([{ at, amount: 1 }]);
  });
});
