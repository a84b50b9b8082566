/**
 * What the feed keeps per open need and resource, beyond what it answers: the API holds the feed of
 * the whole log in memory (README "Benchmarks", matcher-memory), so a fold or an engine entry keeps
 * no empty map, set or list of its own, and shares what many of them repeat.
 */
import { describe, expect, it } from '@jest/globals';
import type { DomainEvent } from '#domain';
import type { NeedEntry, ResourceEntry } from '../matching-entries.js';
import { checkpointOf, restoreFeed } from './matching-checkpoint.js';
import { feedOf, needListed, organisationRegistered, pledged, volunteer } from './testing/feed-events.js';

const assigned = (volunteerId: string, assignmentId: string): DomainEvent => ({
  type: 'VolunteerAssigned',
  data: { volunteerId, assignmentId, target: { kind: 'project', projectId: 'p-1' }, hoursPerWeek: 2, assignedOn: '2026-11-01' },
});
const ended = (volunteerId: string, assignmentId: string): DomainEvent => ({
  type: 'VolunteerAssignmentEnded',
  data: { volunteerId, assignmentId, target: { kind: 'project', projectId: 'p-1' }, hoursPerWeek: 2, endedOn: '2026-11-02', reason: null },
});
const stationContract = (type: 'StationContractRecorded' | 'StationContractReleased'): DomainEvent =>
  ({ type, data: { organisationId: 'o-1', projectId: 'p-9', district: 'huli-district', stationLevel: 'street' } }) as DomainEvent;
const socialWorker = (type: 'SocialWorkerAssigned' | 'SocialWorkerReleased'): DomainEvent =>
  ({ type, data: { socialWorkerId: 'sw-1', projectId: 'p-1', hoursPerWeek: 10 } }) as DomainEvent;

const engineResources = (feed: ReturnType<typeof feedOf>) => (feed.engine as unknown as { resources: Map<string, ResourceEntry> }).resources;
const engineNeeds = (feed: ReturnType<typeof feedOf>) => (feed.engine as unknown as { needs: Map<string, NeedEntry> }).needs;

describe('matching feed footprint', () => {
  it('keeps no empty map or set in a fold: none before the first assignment, match or contract, none again once the last is gone', () => {
    const registered: DomainEvent = {
      type: 'SocialWorkerRegistered',
      data: { socialWorkerId: 'sw-1', personRef: 'p', base: { level: 'district', city: 'xiamen', district: 'huli-district' }, hasSocialWorkDegree: true, registeredOn: '2026-10-01' },
    } as DomainEvent;
    const before = feedOf([...volunteer('v-1', 8), registered, pledged('d-1', 100_000), organisationRegistered('o-1', 3)]);
    const { volunteers, socialWorkers, donations, organisations } = before.folds;
    expect(volunteers.get('v-1')!.assignedHours).toBeUndefined();
    expect(socialWorkers.get('sw-1')).toMatchObject({ projectHours: undefined, needHours: undefined });
    expect(donations.get('d-1')!.matchIds).toBeUndefined();
    expect(organisations.get('o-1')).toMatchObject({ needMatches: undefined, stationContracts: undefined });

    const during = feedOf([
      ...volunteer('v-1', 8), assigned('v-1', 'a-1'), registered, socialWorker('SocialWorkerAssigned'), organisationRegistered('o-1', 3), stationContract('StationContractRecorded'),
    ]);
    expect(during.folds.volunteers.get('v-1')!.assignedHours).toEqual(new Map([['a-1', 2]]));
    expect(during.folds.socialWorkers.get('sw-1')!.projectHours).toEqual(new Map([['p-1', 10]]));
    expect(during.folds.organisations.get('o-1')!.stationContracts).toEqual(new Set(['p-9']));

    const after = feedOf([
      ...volunteer('v-1', 8), assigned('v-1', 'a-1'), ended('v-1', 'a-1'), registered, socialWorker('SocialWorkerAssigned'), socialWorker('SocialWorkerReleased'),
      organisationRegistered('o-1', 3), stationContract('StationContractRecorded'), stationContract('StationContractReleased'), needListed('n-1', { hoursPerWeek: 8 }),
    ]);
    expect(after.folds.volunteers.get('v-1')!.assignedHours).toBeUndefined();
    expect(after.folds.socialWorkers.get('sw-1')!.projectHours).toBeUndefined();
    expect(after.folds.organisations.get('o-1')!.stationContracts).toBeUndefined();
    // What they offer is what they had before anything was taken.
    expect(after.engine.proposalsForNeed('n-1', 20).find((proposal) => proposal.resourceKey === 'volunteer:v-1')?.offer).toEqual({ hoursPerWeek: 8 });
  });

  it('writes none as an empty list in a checkpoint (its format is unchanged) and restores it as none', () => {
    const feed = feedOf([...volunteer('v-1', 8), ...volunteer('v-2', 8), assigned('v-2', 'a-1'), organisationRegistered('o-1', 3)]);
    const checkpoint = JSON.parse(JSON.stringify(checkpointOf(feed))) as ReturnType<typeof checkpointOf>;
    expect(checkpoint.volunteers.map((fold) => fold.assignedHours)).toEqual([[], [['a-1', 2]]]);
    expect(checkpoint.organisations[0]).toMatchObject({ needMatches: [], stationContracts: [] });
    const { feed: restored, steps } = restoreFeed(checkpoint);
    for (const _ of steps);
    expect(restored.folds.volunteers.get('v-1')!.assignedHours).toBeUndefined();
    expect(restored.folds.volunteers.get('v-2')!.assignedHours).toEqual(new Map([['a-1', 2]]));
    expect(restored.folds.organisations.get('o-1')).toMatchObject({ needMatches: undefined, stationContracts: undefined });
  });

  it('shares one set of skills between volunteers declaring the same ones, and one empty list of parsed receipts between resources that received nothing', () => {
    const feed = feedOf([...volunteer('v-1', 8), ...volunteer('v-2', 8), organisationRegistered('o-1', 3)]);
    const resources = engineResources(feed);
    const [first, second] = [resources.get('volunteer:v-1')!, resources.get('volunteer:v-2')!];
    if (first.kind !== 'volunteer' || second.kind !== 'volunteer') throw new Error('volunteers expected');
    expect(first.skills).toBe(second.skills);
    expect(first.skills).toEqual(new Set(['陪伴']));
    expect(first.receipts).toHaveLength(0);
    expect(first.receipts).toBe(resources.get('organisation:o-1')!.receipts);
  });

  it('hands the engine each resource fold itself, not a copy per resource, with what the engine reads derived on it', () => {
    const feed = feedOf([...volunteer('v-1', 8), assigned('v-1', 'a-1'), organisationRegistered('o-1', 3), pledged('d-1', 100_000)]);
    const resources = engineResources(feed);
    expect(resources.get('volunteer:v-1')!.resource).toBe(feed.folds.volunteers.get('v-1'));
    expect(feed.folds.volunteers.get('v-1')).toMatchObject({ declaredHours: 8, availableHoursPerWeek: 6 });
    expect(resources.get('organisation:o-1')!.resource).toBe(feed.folds.organisations.get('o-1'));
    expect(feed.folds.organisations.get('o-1')!.spareCapacity).toBe(3);
  });

  it('answers which resources it holds from the engine itself', () => {
    const feed = feedOf([...volunteer('v-1', 8), pledged('d-1', 100_000), { type: 'VolunteerDeregistered', data: { volunteerId: 'v-1', reason: 'x' } } as DomainEvent]);
    expect(feed.hasResource('donation:d-1')).toBe(true);
    expect(feed.hasResource('volunteer:v-1')).toBe(false);
    expect(feed.engine.holds('donation:d-1')).toBe(true);
    expect(Object.keys(feed).concat(Object.keys((feed as unknown as { state: object }).state))).not.toContain('held');
  });

  it('hands the engine the fold of a need itself, not a copy per open need, and it still proposes what is left of it', () => {
    const feed = feedOf([...volunteer('v-1', 8), needListed('n-1', { hoursPerWeek: 6 }), {
      type: 'VolunteerAssigned', data: { volunteerId: 'v-1', assignmentId: 'a-1', target: { kind: 'need', needId: 'n-1' }, hoursPerWeek: 4, assignedOn: '2026-11-01' },
    } as DomainEvent, ...volunteer('v-2', 8)]);
    expect(engineNeeds(feed).get('n-1')!.need).toBe(feed.folds.needs.get('n-1'));
    expect(engineNeeds(feed).get('n-1')!.hours).toBe(2);
    expect(feed.engine.proposalsForNeed('n-1', 20).find((proposal) => proposal.resourceKey === 'volunteer:v-2')?.offer).toEqual({ hoursPerWeek: 2 });
  });

  it('writes the remaining hours and fen as hoursLeft and fenLeft, as checkpoints always have, and restores them', () => {
    const feed = feedOf([needListed('n-1', { hoursPerWeek: 6, amountFen: 9_000 })]);
    const checkpoint = JSON.parse(JSON.stringify(checkpointOf(feed))) as ReturnType<typeof checkpointOf>;
    expect(checkpoint.needs[0]).toMatchObject({ hoursLeft: 6, fenLeft: 9_000 });
    expect(checkpoint.needs[0]).not.toHaveProperty('hoursPerWeek');
    const { feed: restored, steps } = restoreFeed(checkpoint);
    for (const _ of steps);
    expect(restored.folds.needs.get('n-1')).toMatchObject({ hoursPerWeek: 6, amountFen: 9_000 });
    expect(restored.remainingFenOf('n-1')).toBe(9_000);
  });

  it('takes a resource out of the engine when the engine rejects its changed fold, rather than keep its old entry over the changed fold', () => {
    const feed = feedOf([...volunteer('v-1', 8), needListed('n-1')]);
    expect(feed.hasResource('volunteer:v-1')).toBe(true);
    const unknownCategory = { type: 'VolunteerSkillsDeclared', data: { volunteerId: 'v-1', skills: [], categories: ['no_such_category'] } } as DomainEvent;
    expect(() => feed.apply({ ...unknownCategory, position: feed.position + 1, metadata: { occurredAt: '2026-11-01T02:00:00.000Z' } })).toThrow();
    expect(feed.hasResource('volunteer:v-1')).toBe(false);
    expect(feed.engine.proposalsForNeed('n-1', 20).map((proposal) => proposal.resourceKey)).not.toContain('volunteer:v-1');
  });
});
