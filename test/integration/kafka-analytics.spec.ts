import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { Kafka, logLevel } from 'kafkajs';
import type { CommunityRegisteredData } from '#domain';
import type { RecordedEvent } from '#event-store';
import { publicTopic, publicTopics, toIntegrationEvent, type KafkaRelayStatus, type RelayLogger } from '#messaging';
import { loadConfig, startPublicContractRelay } from '#platform';
import { startAnalytics, type RunningAnalytics } from '../../apps/analytics/src/start-analytics.js';
import { EARLIER_RELEASE_HOURS_SERVED, earlierReleaseVolunteerTopic, volunteerStreamWriter } from '../../apps/analytics/src/testing/earlier-release-hours.js';
import { CITY, runScenario } from '../../libs/read-models/src/testing/read-model-scenario.js';
import { acquireKafkaBroker } from '../support/kafka-broker.js';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';

// Its own port: this file stops and restarts its broker, so it must not share one.
const broker = await acquireKafkaBroker({ port: Number(process.env.KAFKA_ANALYTICS_TEST_PORT ?? 19094) });
const describeWithKafka = broker ? describe : describe.skip;
if (broker && !broker.control) console.warn('Kafka broker-down test skipped: KAFKA_BROKERS names an external broker that this test must not stop');
const itWithBrokerControl = broker?.control ? it : it.skip;

const quiet: RelayLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

interface RawMessage {
  topic: string;
  partition: number;
  key: string;
  headers: Record<string, string>;
  value: Buffer;
}

/** Every message of `topics` from the beginning, raw, until `enough` holds. */
async function readTopics(brokers: string[], topics: string[], enough: (messages: readonly RawMessage[]) => boolean, timeoutMs = 30_000): Promise<RawMessage[]> {
  const consumer = new Kafka({ clientId: 'wushe-test-raw-reader', brokers, logLevel: logLevel.NOTHING }).consumer({ groupId: `raw-${randomUUID()}`, maxWaitTimeInMs: 200 });
  const messages: RawMessage[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`read ${messages.length} messages in ${timeoutMs} ms without meeting the expectation`)), timeoutMs);
      consumer
        .run({
          eachMessage: async ({ topic, partition, message }) => {
            const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
            messages.push({ topic, partition, key: String(message.key), headers, value: message.value ?? Buffer.alloc(0) });
            if (enough(messages)) resolve();
          },
        })
        .catch(reject);
    });
    return messages;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}

const waitUntil = async (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

/** Published on v1: its type is, and this fact of it (v1 hours-logged carries only hours that count when logged). */
const isPublished = (event: RecordedEvent) => toIntegrationEvent(event) !== null;
const uniqueEventIds = (messages: readonly RawMessage[]) => new Set(messages.map((message) => message.headers.eventId));

/** After dropping repeats, every published event once, each stream in one partition, in store order. */
const expectEachPublishedOnceInStreamOrder = (messages: readonly RawMessage[], stored: readonly RecordedEvent[]) => {
  const seen = new Set<string>();
  const unique = messages.filter((message) => !seen.has(message.headers.eventId!) && seen.add(message.headers.eventId!));
  const published = stored.filter(isPublished);
  expect(unique.map((message) => message.headers.eventId).sort()).toEqual(published.map((event) => event.eventId).sort());
  for (const streamId of new Set(published.map((event) => event.streamId))) {
    const ofStream = unique.filter((message) => message.key === streamId);
    expect(new Set(ofStream.map((message) => `${message.topic}/${message.partition}`)).size).toBe(1);
    expect(ofStream.map((message) => message.headers.eventId)).toEqual(published.filter((event) => event.streamId === streamId).map((event) => event.eventId));
  }
};

describeWithKafka(`the public event stream on a real broker (${broker?.origin ?? 'none'}): relay -> Kafka -> analytics`, () => {
  const brokers = broker?.brokers ?? [];
  const cleanups: (() => Promise<unknown>)[] = [];
  const relayStatus = (app: TestApp) => app.service.infrastructure.relay!.status() as KafkaRelayStatus;

  const startApp = async (topicPrefix: string) => {
    const app = await startTestApp({
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_PREFIX: topicPrefix,
      KAFKA_PARTITIONS: '3',
      RELAY_RETRY_INITIAL_MS: '100',
      RELAY_RETRY_MAX_MS: '500',
      // The scenario makes policies refuse repeats and the broker-down test makes the relay warn: both expected.
      LOG_LEVEL: 'error',
    });
    cleanups.push(() => app.close());
    return app;
  };

  const startConsumer = async (topicPrefix: string, dir: string, groupId: string): Promise<RunningAnalytics> => {
    const config = loadConfig({
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_PREFIX: topicPrefix,
      DATA_DIR: dir,
      ANALYTICS_PORT: '0',
      ANALYTICS_GROUP_ID: groupId,
    });
    const running = await startAnalytics(config, { logger: quiet });
    cleanups.push(() => running.stop());
    return running;
  };

  /** Waits until the projector (and the policies it runs) and the relay are done with every append. */
  const settle = async (app: TestApp): Promise<number> => {
    const { eventStore, readModels } = app.service.infrastructure;
    let head = await eventStore.headPosition();
    for (;;) {
      await readModels.waitForPosition(head, 20_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const next = await eventStore.headPosition();
      if (next === head) break;
      head = next;
    }
    await waitUntil('the relay published everything', () => relayStatus(app).lastPublishedPosition >= head, 30_000);
    return head;
  };

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });

  afterAll(async () => {
    await broker?.release();
  });

  it('delivers a realistic flow once and in stream order, with the read models’ figures and no personal data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wushe-kafka-analytics-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const topicPrefix = `wushe-it-${randomUUID().slice(0, 8)}`;
    const app = await startApp(topicPrefix);
    const { eventStore, readModels, vault } = app.service.infrastructure;

    // The realistic stretch of work through the aggregate store, as the API's handlers append it...
    await runScenario(eventStore);
    // ...and people registered over HTTP, whose personal data goes to the vault only.
    // The scenario's city is XM: the actors act there.
    const post = async (path: string, body: object, role: string) => (await app.http().post(path).set(actor(role, `user-${role}`, { city: CITY })).send(body).expect(201)).body as { id: string };
    const people = {
      volunteer: { name: '王秀英', phone: '13912345678', idNumber: '350203195001011234' },
      socialWorker: { name: '陈建国', phone: '13700001111', idNumber: '35020319800202567X' },
      beneficiary: { name: '李阿姨', phone: '13600002222', address: '思明区鹭江道八号' },
      donor: { name: '黄阿婆', phone: '13800000004' },
    };
    await post('/volunteers', { person: people.volunteer, communityId: 'SM-1-A' }, 'volunteer');
    await post('/social-workers', { person: people.socialWorker, base: { level: 'community', communityId: 'SM-1-B' }, hasSocialWorkDegree: true }, 'civil_affairs_bureau');
    await post(
      '/needs',
      { communityId: 'SM-1-A', category: 'elderly_care', title: '李阿姨独居需助餐', description: '住鹭江道八号三楼', urgency: 'high', source: 'visit', beneficiaries: 1, requiredSkills: ['做饭'], hoursPerWeek: 3, beneficiary: people.beneficiary },
      'community_committee',
    );
    await post('/donations', { donor: { kind: 'resident', person: people.donor }, resource: 'money', amountFen: 20_000, communityId: 'HL-1-A' }, 'charity_base');
    const head = await settle(app);
    const stored = await eventStore.readAll();
    const published = stored.filter(isPublished);
    expect(published.length).toBeGreaterThan(120);

    // The consumer group reads the public topics into its own store.
    const analytics = await startConsumer(topicPrefix, dir, `analytics-${topicPrefix}`);
    await waitUntil(`the consumer applied all ${published.length} events`, () => analytics.store.counts().processed >= published.length);
    const processed = analytics.store.processedEvents();
    expect(processed.map((event) => event.eventId).sort()).toEqual(published.map((event) => event.eventId).sort());
    for (const streamId of new Set(published.map((event) => event.streamId))) {
      expect(processed.filter((event) => event.streamId === streamId).map((event) => event.position)).toEqual(
        published.filter((event) => event.streamId === streamId).map((event) => event.position),
      );
    }
    expect(analytics.consumer.status()).toMatchObject({ state: 'consuming', rejected: 0, outOfOrder: 0 });

    // Its figures, over its own HTTP endpoint, are the product's.
    const areas = new Set<string>();
    for (const event of stored.filter((recorded) => recorded.type === 'CommunityRegistered')) {
      const { area } = event.data as CommunityRegisteredData;
      for (const level of ['city', 'district', 'street', 'community'] as const) areas.add(`${level}=${area[level]}`);
    }
    expect(areas.size).toBeGreaterThanOrEqual(8);
    for (const area of areas) {
      const [level, code] = area.split('=') as [string, string];
      const response = await fetch(`${analytics.url}/indicators?level=${level}&code=${encodeURIComponent(code)}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(await readModels.queries.indicators(level, code, { minPosition: head }));
    }
    const unknownLevel = await fetch(`${analytics.url}/indicators?level=province&code=FJ`);
    expect({ status: unknownLevel.status, body: await unknownLevel.json() }).toMatchObject({ status: 400, body: { code: 'UNKNOWN_ADMINISTRATIVE_LEVEL' } });
    expect((await fetch(`${analytics.url}/health`)).status).toBe(200);

    // No personal data in any byte on any public topic: neither what the vault holds nor the references to it.
    const raw = await readTopics(brokers, publicTopics(topicPrefix), (messages) => uniqueEventIds(messages).size >= published.length);
    expectEachPublishedOnceInStreamOrder(raw, stored);
    const refs = new Set<string>();
    for (const event of stored) {
      const data = event.data as { personRef?: string; beneficiaryRef?: string; donor?: { donorRef?: string | null } };
      for (const ref of [data.personRef, data.beneficiaryRef, data.donor?.donorRef]) if (ref) refs.add(ref);
    }
    const secrets = [...Object.values(people).flatMap((person) => Object.values(person)), '李阿姨独居需助餐', '住鹭江道八号三楼', '做饭'];
    // Both are really in the product (vault, events), so not finding them on the topics means something.
    expect(refs.size).toBeGreaterThanOrEqual(30);
    const beneficiaryRef = stored.map((event) => (event.data as { beneficiaryRef?: string }).beneficiaryRef).find((ref) => ref?.startsWith('person-'));
    expect(await vault.get(beneficiaryRef!)).toMatchObject({ name: '李阿姨' });
    expect(JSON.stringify(stored)).toContain('李阿姨独居需助餐');
    const bytes = Buffer.concat(raw.map((message) => Buffer.concat([Buffer.from(message.key), Buffer.from(JSON.stringify(message.headers)), message.value])));
    expect([...refs, ...secrets].filter((secret) => bytes.includes(Buffer.from(secret)))).toEqual([]);

    // v2 beside v1: every volunteer fact on <prefix>.volunteer.v2, hours-logged.v2 with its entry id and status.
    const onV2 = stored.filter((event) => toIntegrationEvent(event, undefined, 2) !== null);
    expect(onV2.filter((event) => event.type === 'VolunteerHoursLogged').length).toBeGreaterThanOrEqual(4);
    const rawV2 = await readTopics(brokers, [publicTopic(topicPrefix, 'volunteer', 2)], (messages) => uniqueEventIds(messages).size >= onV2.length);
    expect([...uniqueEventIds(rawV2)].sort()).toEqual(onV2.map((event) => event.eventId).sort());
    const valuesV2 = rawV2.map((message) => JSON.parse(String(message.value)) as { type: string; schemaVersion: number; data: { entryId?: string; status?: string } });
    expect(valuesV2.every((value) => value.schemaVersion === 2 && value.type.startsWith('wushe.volunteer.') && value.type.endsWith('.v2'))).toBe(true);
    const loggedV2 = valuesV2.filter((value) => value.type === 'wushe.volunteer.hours-logged.v2');
    expect(loggedV2.length).toBeGreaterThanOrEqual(4);
    expect(loggedV2.every((value) => typeof value.data.entryId === 'string' && ['pending', 'confirmed'].includes(value.data.status!))).toBe(true);
    const bytesV2 = Buffer.concat(rawV2.map((message) => Buffer.concat([Buffer.from(message.key), Buffer.from(JSON.stringify(message.headers)), message.value])));
    expect([...refs, ...secrets].filter((secret) => bytesV2.includes(Buffer.from(secret)))).toEqual([]);

    // Republished facts (a second relay from position 0) arrive as duplicates and change nothing.
    const cityBefore = analytics.store.indicators('city', 'XM');
    const replay = await startPublicContractRelay(app.config, eventStore, { name: 'public-contract-v1-replay', logger: quiet });
    cleanups.push(() => replay.stop());
    const replayStarted = performance.now();
    await replay.relay.waitForPosition(head, 30_000);
    const replaySeconds = (performance.now() - replayStarted) / 1000;
    console.info(`replay relay: ${published.length} public events of ${stored.length} stored in ${replaySeconds.toFixed(2)} s`);
    await waitUntil('the consumer saw every republished event', () => analytics.consumer.status().duplicates >= published.length);
    expect(analytics.store.counts().processed).toBe(published.length);
    expect(analytics.store.indicators('city', 'XM')).toEqual(cityBefore);

    // A consumer that lost its group offsets reads everything again; its processed ids keep the figures.
    await analytics.stop();
    const restarted = await startConsumer(topicPrefix, dir, `analytics-${topicPrefix}-offsets-lost`);
    await waitUntil('the restarted consumer read both copies', () => restarted.consumer.status().duplicates >= 2 * published.length);
    expect(restarted.consumer.status()).toMatchObject({ applied: 0, rejected: 0 });
    expect(restarted.store.indicators('city', 'XM')).toEqual(cityBefore);
  }, 120_000);

  it("counts a v1 volunteer topic an earlier release wrote (hours-logged.v1 with entryId and status) exactly, read from the beginning", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wushe-kafka-earlier-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const topicPrefix = `wushe-earlier-${randomUUID().slice(0, 8)}`;
    // The topics as the relay creates them; the consumer never creates one.
    const admin = new Kafka({ clientId: 'wushe-test-admin', brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ topics: publicTopics(topicPrefix).map((topic) => ({ topic, numPartitions: 3 })), waitForLeaders: true });
    await admin.disconnect();
    // What that release's relay left on <prefix>.volunteer.v1, keyed by stream id as every relay writes.
    const stream = volunteerStreamWriter('v-earlier', { city: 'XE', district: 'XE-1', street: 'XE-1-1', community: 'XE-1-1-A' });
    const values = earlierReleaseVolunteerTopic(stream);
    const producer = new Kafka({ clientId: 'wushe-test-earlier-release', brokers, logLevel: logLevel.NOTHING }).producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({
      topic: publicTopic(topicPrefix, 'volunteer'),
      messages: values.map((value) => ({ key: stream.streamId, value, headers: { eventId: (JSON.parse(value) as { eventId: string }).eventId, contractType: (JSON.parse(value) as { type: string }).type } })),
    });
    await producer.disconnect();

    const analytics = await startConsumer(topicPrefix, dir, `analytics-${topicPrefix}`);
    // Applied or refused as outside the contract: either way the consumer is done with them.
    await waitUntil(`the consumer read the ${values.length} messages`, () => analytics.store.counts().processed + analytics.store.counts().rejected >= values.length);
    expect(analytics.consumer.status()).toMatchObject({ state: 'consuming', rejected: 0, outOfOrder: 0 });
    const response = await fetch(`${analytics.url}/indicators?level=community&code=${stream.area.community}`);
    expect(((await response.json()) as { serviceHours: { volunteers: number } }).serviceHours.volunteers).toBe(EARLIER_RELEASE_HOURS_SERVED);
  }, 60_000);

  itWithBrokerControl('keeps accepting commands while the broker is down, then the in-process relay catches up', async () => {
    const control = broker!.control!;
    let brokerDown = false;
    cleanups.push(async () => {
      if (brokerDown) await control.start();
    });
    await control.stop();
    brokerDown = true;
    const topicPrefix = `wushe-down-${randomUUID().slice(0, 8)}`;
    const app = await startApp(topicPrefix);

    const started = performance.now();
    await app.http().post('/communities').set(actor('civil_affairs_bureau')).send({ communityId: 'down-1', name: '断网社区', area: { city: 'xiamen', district: 'huli', street: 'jiangtou' }, kind: 'urban', residents: 6000, households: 2000 }).expect(201);
    for (let n = 1; n <= 5; n++) {
      await app
        .http()
        .post('/needs')
        .set(actor('community_committee'))
        .send({ communityId: 'down-1', category: 'elderly_care', title: `需求 ${n}`, description: '', urgency: 'medium', source: 'hotline', beneficiaries: 1, requiredSkills: [], hoursPerWeek: 2, beneficiary: { name: `居民${n}` } })
        .expect(201);
    }
    // Each command was answered at the store's pace, not after a Kafka timeout.
    expect(performance.now() - started).toBeLessThan(5_000);
    await waitUntil('the relay reports the broker unreachable', () => relayStatus(app).consecutiveFailures >= 2, 20_000);
    const health = (await app.http().get('/health').expect(200)).body as { status: string; relay: KafkaRelayStatus };
    expect(health.status).toBe('ok');
    expect(health.relay).toMatchObject({ connected: false, state: 'retrying', lastPublishedPosition: 0 });
    expect(health.relay.lag).toBeGreaterThan(0);

    await control.start();
    brokerDown = false;
    const head = await settle(app);
    await waitUntil('the relay is healthy again', () => relayStatus(app).connected && relayStatus(app).lag === 0);
    expect((await app.http().get('/health').expect(200)).body.relay).toMatchObject({ connected: true, lastError: null, lastPublishedPosition: head });

    const stored = await app.service.infrastructure.eventStore.readAll();
    const published = stored.filter(isPublished);
    expect(published.length).toBe(6);
    const raw = await readTopics(brokers, publicTopics(topicPrefix), (messages) => uniqueEventIds(messages).size >= published.length);
    expectEachPublishedOnceInStreamOrder(raw, stored);
  }, 120_000);
});
