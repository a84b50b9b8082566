import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { domainEventRegistry, type CommunityRegisteredData } from '#domain';
import { openSqliteEventStore, type EventStore, type RecordedEvent } from '#event-store';
import { publicContractMapper } from '#messaging';
import {
  createReadModelProjections,
  openReadModelDatabase,
  ProjectionRunner,
  ReadModelQueries,
  registryUpcaster,
  type ReadModelDatabase,
} from '#read-models';
import { runMarkedDomainFlow } from '../../../libs/messaging/src/contracts/testing/marked-domain-flow.js';
import { runScenario } from '../../../libs/read-models/src/testing/read-model-scenario.js';
import { AnalyticsStore, decodeMessage, type DecodedMessage } from './analytics-store.js';

/** The stored events as the relay would publish them, decoded as the consumer reads them off Kafka. */
const published = (events: readonly RecordedEvent[]): DecodedMessage[] => {
  const mapEvent = publicContractMapper({ topicPrefix: 'wushe' });
  return events.flatMap((event, index) => {
    const message = mapEvent(event);
    return message ? [decodeMessage({ topic: message.topic, partition: 0, offset: String(index) }, message.value)] : [];
  });
};

/** The store as it was up to `position`: what a projection that stopped there had seen. */
const storeUpTo = (store: EventStore, position: number): EventStore => ({
  append: () => Promise.reject(new Error('read-only view')),
  readStream: store.readStream.bind(store),
  readAll: async (options) => (await store.readAll(options)).filter((event) => event.position <= position),
  subscribeToAll: () => {
    throw new Error('not used');
  },
  headPosition: async () => position,
  close: async () => undefined,
});

const streamOf = (message: DecodedMessage) => (message.kind === 'event' ? message.event.streamId : '');

/** Another delivery order Kafka may produce: each stream's events stay in order, streams interleave differently. */
const interleavedByStream = (messages: readonly DecodedMessage[]): DecodedMessage[] => {
  const byStream = new Map<string, DecodedMessage[]>();
  for (const message of messages) byStream.set(streamOf(message), [...(byStream.get(streamOf(message)) ?? []), message]);
  const queues = [...byStream.values()].reverse();
  const order: DecodedMessage[] = [];
  while (queues.some((queue) => queue.length > 0)) for (const queue of queues) if (queue.length > 0) order.push(queue.shift()!);
  return order;
};

describe('analytics indicators computed from the public contract', () => {
  let dir: string;
  let events: EventStore;
  let database: ReadModelDatabase;
  let readModels: ReadModelQueries;
  let messages: DecodedMessage[];
  let analytics: AnalyticsStore;
  /** Every level and code the flows placed something in, plus one nothing is in. */
  let areas: [string, string][];
  /** Which month "this month" is, for the read models and the consumer alike. */
  let clock: () => Date;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wushe-analytics-'));
    events = await openSqliteEventStore(join(dir, 'events.db'));
    // Two flows in the same city, district and streets: the scenario (about 150 events) and the
    // flow that exercises every event type (suspensions, expiries, completions, terminations...).
    // Both sides count the home-visit rate for the scenario's last month (May 2026), where its visits are.
    const { endedAt } = await runScenario(events);
    clock = () => endedAt;
    const head = (await runMarkedDomainFlow(events, { idPrefix: 'm-' })).headPosition;
    database = await openReadModelDatabase({ kind: 'sqlite', path: join(dir, 'read-models.db') });
    const runner = new ProjectionRunner({ store: events, database, projections: createReadModelProjections(), upcast: registryUpcaster(domainEventRegistry) });
    await runner.start();
    await runner.waitForPosition(head, 15_000);
    await runner.stop();
    readModels = new ReadModelQueries(database, { clock });

    const stored = await events.readAll();
    messages = published(stored);
    analytics = new AnalyticsStore(':memory:', { clock });
    analytics.ingest(messages);

    const codes = new Set<string>();
    for (const event of stored.filter((recorded) => recorded.type === 'CommunityRegistered')) {
      const { area } = event.data as CommunityRegisteredData;
      for (const level of ['city', 'district', 'street', 'community'] as const) codes.add(`${level}:${area[level]}`);
    }
    areas = [...codes, 'district:NOWHERE'].map((entry) => entry.split(':') as [string, string]);
  }, 30_000);

  afterAll(async () => {
    analytics.close();
    await database.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('equal the read models’ indicators for every city, district, street and community', async () => {
    expect(areas.length).toBeGreaterThanOrEqual(10);
    for (const [level, code] of areas) {
      expect(analytics.indicators(level, code)).toEqual(await readModels.indicators(level, code));
    }
  });

  it('equal them at every stage of the flows, not only at the end (statuses that were undone later count too)', async () => {
    const stored = await events.readAll();
    const stages = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((ninth) => stored[Math.floor((stored.length * ninth) / 10)]!.position);
    for (const [index, position] of stages.entries()) {
      const partial = await openReadModelDatabase({ kind: 'sqlite', path: join(dir, `read-models-${index}.db`) });
      const runner = new ProjectionRunner({ store: storeUpTo(events, position), database: partial, projections: createReadModelProjections(), upcast: registryUpcaster(domainEventRegistry) });
      await runner.runOnce();
      const upTo = new AnalyticsStore(':memory:', { clock });
      upTo.ingest(published(stored.filter((event) => event.position <= position)));
      const queries = new ReadModelQueries(partial, { clock });
      for (const [level, code] of areas) expect({ position, level, code, figures: upTo.indicators(level, code) }).toEqual({ position, level, code, figures: await queries.indicators(level, code) });
      upTo.close();
      await partial.close();
    }
  });

  it('equal them for the whole city after every single event', async () => {
    const stored = await events.readAll();
    const partial = await openReadModelDatabase({ kind: 'sqlite', path: join(dir, 'read-models-stepwise.db') });
    const queries = new ReadModelQueries(partial, { clock });
    const upTo = new AnalyticsStore(':memory:', { clock });
    const mapped = published(stored);
    for (const event of stored) {
      // The same read-model database, projected one more event each time from its checkpoint.
      await new ProjectionRunner({ store: storeUpTo(events, event.position), database: partial, projections: createReadModelProjections(), upcast: registryUpcaster(domainEventRegistry) }).runOnce();
      upTo.ingest(mapped.filter((message) => message.kind === 'event' && message.event.eventId === event.eventId));
      expect({ after: event.type, figures: upTo.indicators('city', 'XM') }).toEqual({ after: event.type, figures: await queries.indicators('city', 'XM') });
    }
    upTo.close();
    await partial.close();
  }, 90_000); // a runner per event: ~10 s of CPU alone, more on a shared machine

  it("keep a deregistered volunteer's served hours: vol-6 served 5.25 h in SM-2-A, then left", () => {
    const community = analytics.indicators('community', 'SM-2-A');
    expect(community.volunteers.active).toBe(1);
    expect(community.serviceHours.volunteers).toBe(5.25);
  });

  it('are not trivially equal: the flows moved every group of figures somewhere', async () => {
    const city = analytics.indicators('city', 'XM');
    const moved = {
      communities: city.population.communities,
      socialWorkers: city.socialWorkers.active,
      organisations: city.organisations.registered,
      volunteers: city.volunteers.active,
      withdrawnNeeds: city.needs.withdrawn,
      fulfilledNeeds: city.needs.fulfilled,
      medianHoursToFirstMatch: city.needs.timeToFirstMatch.medianHours,
      matchedFen: city.funds.money.matchedFen,
      disbursedFen: city.funds.money.disbursedFen,
      unallocatedFen: city.funds.money.unallocatedFen,
      inKindMatchedFen: city.funds.inKind.matchedFen,
      inKindDisbursedFen: city.funds.inKind.disbursedFen,
      inKindUnallocatedFen: city.funds.inKind.unallocatedFen,
      socialWorkerHours: city.serviceHours.socialWorkers,
      volunteerHours: city.serviceHours.volunteers,
      beneficiariesServed: city.beneficiariesServed,
      badRatings: city.satisfaction.bad,
      completedProjects: city.projects.completed,
      terminatedProjects: city.projects.terminated,
      certifiedSocialWorkers: Object.values(city.socialWorkers.certifiedByGrade).reduce((sum, count) => sum + count, 0),
      streetsWithVolunteerShares: city.volunteers.byStreet.filter((street) => street.shareOfResidents !== null).length,
      streets: city.stations.streets,
      purchasedContracts: city.purchasedContracts.contracts,
      purchasedValueFen: city.purchasedContracts.valueFen,
      eldersOnRegister: city.homeVisits.registered,
      eldersVisitedThisMonth: city.homeVisits.visited,
    };
    expect(Object.entries(moved).filter(([, figure]) => !(Number(figure) > 0))).toEqual([]);
  });

  it('count the monthly home-visit rate: seen at home this month, of those still on the register (seed 003 col. 3)', () => {
    // The scenario's May: elder-1 seen, elder-2 not met, elder-3 left; the marked flow's elder visited in another month.
    expect(analytics.indicators('community', 'SM-1-A').homeVisits).toEqual({ month: '2026-05', registered: 2, visited: 1, rate: 0.5, target: 1 });
    expect(analytics.indicators('community', 'SM-2-A').homeVisits).toMatchObject({ registered: 0, rate: null });
  });

  it('count a street station while its contract is in force, at every stage (seed 004: one per street)', async () => {
    const stored = await events.readAll();
    let covered = 0;
    for (const event of stored) {
      const upTo = new AnalyticsStore(':memory:');
      upTo.ingest(published(stored.filter((each) => each.position <= event.position)));
      covered = Math.max(covered, upTo.indicators('city', 'XM').stations.streetsWithStation);
      upTo.close();
      if (covered > 0) break;
    }
    expect(covered).toBeGreaterThan(0);
  });

  it('need only per-stream order: streams interleaved another way give the same figures', () => {
    const other = new AnalyticsStore(':memory:', { clock });
    const reordered = interleavedByStream(messages);
    expect(reordered.map(streamOf)).not.toEqual(messages.map(streamOf));
    expect(other.ingest(reordered)).toEqual({ applied: messages.length, duplicates: 0, rejected: 0, outOfOrder: 0 });
    for (const [level, code] of areas) expect(other.indicators(level, code)).toEqual(analytics.indicators(level, code));
    other.close();
  });

  it('dedupe by eventId: the whole stream delivered again changes nothing', () => {
    const before = areas.map(([level, code]) => analytics.indicators(level, code));
    expect(analytics.ingest(messages)).toEqual({ applied: 0, duplicates: messages.length, rejected: 0, outOfOrder: 0 });
    expect(areas.map(([level, code]) => analytics.indicators(level, code))).toEqual(before);
    expect(analytics.counts()).toMatchObject({ processed: messages.length, rejected: 0 });
  });

  it('reject what the contract does not allow, and apply none of it', () => {
    const store = new AnalyticsStore(':memory:');
    const origin = { topic: 'wushe.need.v1', partition: 0, offset: '7' };
    const listed = messages.find((message) => message.kind === 'event' && message.event.type === 'wushe.need.listed.v1')!;
    const event = listed.kind === 'event' ? listed.event : null;
    const decoded = [
      decodeMessage(origin, 'not json'),
      decodeMessage(origin, JSON.stringify({ ...event, type: 'wushe.need.teleported.v1' })),
      decodeMessage(origin, JSON.stringify({ ...event, data: { ...(event!.data as object), beneficiaryRef: 'vault:person:1' } })),
    ];
    expect(decoded.map((message) => message.kind)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(store.ingest(decoded)).toEqual({ applied: 0, duplicates: 0, rejected: 3, outOfOrder: 0 });
    expect(store.counts()).toMatchObject({ processed: 0, rejected: 3 });
    expect(store.indicators('city', 'XM').needs.listed).toBe(0);
    store.close();
  });

  it('count an event that arrives after a later one of its stream', () => {
    const store = new AnalyticsStore(':memory:');
    const streamId = streamOf(messages.find((message) => message.kind === 'event' && message.event.type === 'wushe.need.matched.v1')!);
    const needStream = messages.filter((message) => streamOf(message) === streamId);
    expect(store.ingest([needStream[1]!, needStream[0]!]).outOfOrder).toBe(1);
    expect(store.ingest([needStream[2] ?? needStream[1]!]).outOfOrder).toBe(0);
    store.close();
  });

  it('refuse an unknown level', () => {
    expect(() => analytics.indicators('province', 'FJ')).toThrow('Level must be one of city, district, street, community');
  });
});
