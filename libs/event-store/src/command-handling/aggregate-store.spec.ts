import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { communityDecider, domainEventRegistry, type CommunityCommand } from '#domain';
import { openSqliteEventStore, type SqliteEventStore } from '../sqlite/sqlite-event-store.js';
import { AggregateStore, IdempotencyKeyReusedError, type CommandEnvelope } from './aggregate-store.js';

const register = (name = '湖里社区'): CommunityCommand => ({
  type: 'RegisterCommunity',
  data: { communityId: 'c1', name, area: { city: 'xiamen', district: 'huli', street: 'jiangtou' }, kind: 'urban', residents: 12000, households: 4100 },
});
const updatePopulation = (residents: number): CommunityCommand => ({
  type: 'UpdateCommunityPopulation',
  data: { communityId: 'c1', residents, households: 4100 },
});
const envelope = (extra: Partial<CommandEnvelope> = {}): CommandEnvelope => ({
  correlationId: 'corr-1',
  causationId: null,
  actor: { id: 'u1', role: 'civil_affairs_bureau' },
  ...extra,
});

describe('AggregateStore', () => {
  let store: SqliteEventStore;
  let aggregates: AggregateStore;
  beforeEach(async () => {
    store = await openSqliteEventStore(':memory:');
    aggregates = new AggregateStore(store, domainEventRegistry, { clock: () => new Date('2026-03-01T00:00:00Z') });
  });
  afterEach(async () => store.close());

  it('appends the decided facts with their envelope: actor, correlation, schema version', async () => {
    const handled = await aggregates.handle(communityDecider, 'c1', register(), envelope());
    expect(handled.nextExpectedRevision).toBe(0);
    const [stored] = await store.readStream('community-c1');
    expect(stored).toMatchObject({
      type: 'CommunityRegistered',
      schemaVersion: 1,
      metadata: { correlationId: 'corr-1', actor: { id: 'u1', role: 'civil_affairs_bureau' }, occurredAt: '2026-03-01T00:00:00.000Z' },
    });
    expect(handled.position).toBe(stored!.position);
  });

  it('a retry with the same Idempotency-Key answers the first result and stores nothing new', async () => {
    const keyed = envelope({ idempotencyKey: 'k1', requestHash: 'h1' });
    const first = await aggregates.handle(communityDecider, 'c1', register(), keyed);
    const retry = await aggregates.handle(communityDecider, 'c1', register(), keyed);
    expect(retry.replayed).toBe(true);
    expect(retry.events.map((event) => event.eventId)).toEqual(first.events.map((event) => event.eventId));
    expect(await store.readStream('community-c1')).toHaveLength(1);
  });

  it('the same Idempotency-Key with another request is refused', async () => {
    await aggregates.handle(communityDecider, 'c1', register(), envelope({ idempotencyKey: 'k1', requestHash: 'h1' }));
    await expect(
      aggregates.handle(communityDecider, 'c1', register('另一个'), envelope({ idempotencyKey: 'k1', requestHash: 'h2' })),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('a trial decides as handle would and stores nothing; after the command it says the key was recorded', async () => {
    const keyed = envelope({ idempotencyKey: 'import-row-1', requestHash: 'h1' });
    const tried = await aggregates.trial(communityDecider, 'c1', register(), keyed);
    expect({ replayed: tried.replayed, types: tried.events.map((event) => event.type) }).toEqual({ replayed: false, types: ['CommunityRegistered'] });
    expect(await store.readStream('community-c1')).toHaveLength(0);
    await aggregates.handle(communityDecider, 'c1', register(), keyed);
    expect(await aggregates.trial(communityDecider, 'c1', register(), keyed)).toEqual({ replayed: true, events: [] });
    await expect(aggregates.trial(communityDecider, 'c1', register(), envelope())).rejects.toMatchObject({ code: 'COMMUNITY_ALREADY_EXISTS' });
  });

  it('tells a multi-stream request that its Idempotency-Key already succeeded here, before it touches other streams', async () => {
    const keyed = envelope({ idempotencyKey: 'award-1', requestHash: 'h1' });
    expect(await aggregates.earlierAttempt(communityDecider, 'c1', keyed)).toBeNull();
    const first = await aggregates.handle(communityDecider, 'c1', register(), keyed);
    const earlier = await aggregates.earlierAttempt(communityDecider, 'c1', keyed);
    expect(earlier?.replayed).toBe(true);
    expect(earlier?.events.map((event) => event.eventId)).toEqual(first.events.map((event) => event.eventId));
    await expect(aggregates.earlierAttempt(communityDecider, 'c1', envelope({ idempotencyKey: 'award-1', requestHash: 'h2' }))).rejects.toBeInstanceOf(
      IdempotencyKeyReusedError,
    );
  });

  it('the same Idempotency-Key racing with another body conflicts instead of passing as a retry', async () => {
    await aggregates.handle(communityDecider, 'c1', register(), envelope());
    const results = await Promise.allSettled([
      aggregates.handle(communityDecider, 'c1', updatePopulation(13000), envelope({ idempotencyKey: 'k9', requestHash: 'a' })),
      aggregates.handle(communityDecider, 'c1', updatePopulation(14000), envelope({ idempotencyKey: 'k9', requestHash: 'b' })),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(IdempotencyKeyReusedError);
    expect(await store.readStream('community-c1')).toHaveLength(2);
  });

  it('a policy redelivered with the same causation appends the same eventIds (a no-op the second time)', async () => {
    await aggregates.handle(communityDecider, 'c1', register(), envelope());
    const caused = envelope({ causationId: 'event-42' });
    const first = await aggregates.handle(communityDecider, 'c1', updatePopulation(13000), caused);
    expect(first.events).toHaveLength(1);
    // Same decision again on the same prior state: deterministic ids make the store's idempotency apply.
    const ids = first.events.map((event) => event.eventId);
    const again = await store.append('community-c1', first.events.map(({ eventId, type, schemaVersion, data, metadata }) => ({ eventId, type, schemaVersion, data, metadata })), 0);
    expect(again.nextExpectedRevision).toBe(1);
    expect((await store.readStream('community-c1')).map((event) => event.eventId).slice(1)).toEqual(ids);
  });

  it('re-decides on fresh state when a concurrent writer wins, so neither change is lost', async () => {
    await aggregates.handle(communityDecider, 'c1', register(), envelope());
    await Promise.all([
      aggregates.handle(communityDecider, 'c1', updatePopulation(13000), envelope()),
      aggregates.handle(communityDecider, 'c1', updatePopulation(14000), envelope()),
    ]);
    const stream = await store.readStream('community-c1');
    expect(stream.map((event) => event.revision)).toEqual([0, 1, 2]);
  });
});
