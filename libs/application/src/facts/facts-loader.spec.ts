import { beforeEach, describe, expect, it } from '@jest/globals';
import { domainEventRegistry, DomainError, type DomainEvent } from '#domain';
import { AggregateStore } from '#event-store';
import { InMemoryEventStore } from '../../../read-models/src/testing/in-memory-event-store.js';
import { area as stationArea, designed } from '../../../domain/src/testing/workflow-histories.js';
import type { ActingActor } from '../authority/authority.js';
import { FactsLoader } from './facts-loader.js';

const inStreet = (community: string) => ({ ...stationArea, community });
const registered = (communityId: string, street = stationArea.street): DomainEvent => ({
  type: 'CommunityRegistered',
  data: { communityId, name: communityId, area: { ...inStreet(communityId), street }, kind: 'urban', residents: 100, households: 40 },
});
const committeeOf = (community: string, street = stationArea.street): ActingActor => ({
  id: `committee-${community}`, role: 'community_committee', area: { ...inStreet(community), street }, issuer: 'test',
});

/** What a caller sees of an error, with the asked id written as <id>: a hidden record and an unknown one must compare equal. */
const answerOf = async (load: Promise<unknown>, id: string) => {
  const error = await load.then(() => undefined, (caught: unknown) => caught);
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return JSON.parse(JSON.stringify({ kind: error.kind, code: error.code, message: error.message, details: error.details }).replaceAll(id, '<id>')) as unknown;
};

describe('FactsLoader', () => {
  let store: InMemoryEventStore;
  let shared: FactsLoader;

  const seed = async (streamId: string, events: readonly DomainEvent[]) => {
    await store.append(streamId, events.map((event, index) => ({
      eventId: `${streamId}-${index}`, type: event.type, schemaVersion: domainEventRegistry.schemaVersionOf(event.type), data: event.data,
      metadata: { correlationId: 'c', causationId: null, actor: { id: 'bureau', role: 'civil_affairs_bureau' }, occurredAt: '2026-12-01T02:00:00.000Z' },
    })), 'any');
  };

  beforeEach(async () => {
    store = new InMemoryEventStore();
    shared = new FactsLoader(new AggregateStore(store, domainEventRegistry));
    await seed('community-east', [registered('east')]);
    await seed('community-far', [registered('far', 'another-street')]);
    // A street-wide project (its community is ''): it serves every community of the street.
    await seed('project-project-1', [designed('service_project')]);
  });

  it('the shared loader (one per process) keeps nothing of what it loads, however often it is asked', async () => {
    for (let round = 0; round < 500; round += 1) {
      await shared.project('project-1');
      await shared.community('east');
      await expect(shared.community(`unknown-${round}`)).rejects.toThrow(DomainError);
    }
    const held = Object.values(shared).filter((value) => Array.isArray(value) || value instanceof Map || value instanceof Set) as { length?: number; size?: number }[];
    expect(held.map((value) => value.length ?? value.size)).toEqual(held.map(() => 0));
    // The shared loader checks no reader's rule: the service's own processes load any record.
    await expect(shared.community('far')).resolves.toMatchObject({ communityId: 'far' });
  });

  it('a per-command loader answers a record its actor may not read exactly as an unknown id', async () => {
    const forEast = shared.forOneCommand(committeeOf('east'));
    expect(await answerOf(forEast.community('far'), 'far')).toEqual(await answerOf(forEast.community('nowhere'), 'nowhere'));
    expect(await answerOf(forEast.community('far'), 'far')).toMatchObject({ kind: 'not_found', code: 'COMMUNITY_NOT_FOUND' });
    const farCommittee = shared.forOneCommand(committeeOf('far', 'another-street'));
    expect(await answerOf(farCommittee.project('project-1'), 'project-1')).toEqual(await answerOf(farCommittee.project('project-2'), 'project-2'));
  });

  it('a per-command loader reads by the one read rule: a committee sees its community and the street project serving it; the service sees all', async () => {
    const forEast = shared.forOneCommand(committeeOf('east'));
    await expect(forEast.community('east')).resolves.toMatchObject({ communityId: 'east' });
    await expect(forEast.project('project-1')).resolves.toMatchObject({ projectId: 'project-1' });
    const system = shared.forOneCommand({ id: 'policy', role: 'system' });
    await expect(system.community('far')).resolves.toMatchObject({ communityId: 'far' });
  });
});
