import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { verifySignature } from '#application';
import { chinaDateOf } from '#domain';
import { bootstrapService, type RunningService } from '../../apps/api/src/bootstrap.js';
import { passStandstill } from '../support/standstill.js';
import { storeVariants } from '../support/store-variants.js';
import { actor, staffOf, startTestApp, type TestApp, withReader } from '../support/test-app.js';
import { type ReceivedWebhook, WebhookReceiver } from '../support/webhook-receiver.js';

type Headers = Record<string, string>;
interface Subscribed { id: string; secret: string; position: number; subscription: { subscriptionId: string; secretVersion: number; topics: string[] } }
interface Delivery { deliveryId: string; type: string; status: string; attempts: number; lastStatus: number | null; lastError: string | null; body: { data: Record<string, unknown> } }

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const eventually = async <T>(probe: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(25);
  }
};

const RETRY_INITIAL_MS = 400;

/**
 * 对接方通知 over HTTP (issue 13 item 6), with real receivers on 127.0.0.1: proposals, matches and
 * deadlines reach the subscribers they concern, signed; retries back off until a 2xx; a restart
 * between the fact and the acknowledgement still delivers; community A never hears of community B.
 */
describe.each(storeVariants('webhooks'))('notifications to integrators (e2e) on $name', ({ env, cleanUp }) => {
  let app: TestApp;
  /** Replaced when the test restarts the service on the same stores. */
  let service: RunningService;
  const receiver = new WebhookReceiver();
  const http = () => withReader(request(service.app.getHttpServer()));
  const cityA = { city: 'xiamen', district: 'huli', street: 'jiangtou', community: 'wh-a' };
  const cityB = { city: 'xiamen', district: 'siming', street: 'zhonghua', community: 'wh-b' };
  const committeeA = actor('community_committee', 'committee-wh-a', cityA);
  const committeeB = actor('community_committee', 'committee-wh-b', cityB);
  const donor = actor('donor', 'donor-wh');
  const bureau = actor('civil_affairs_bureau', 'bureau-wh');
  const secrets = new Map<string, string>();

  const subscribe = async (headers: Headers, path: string, topics?: string[]): Promise<Subscribed> => {
    const response = await http().post('/webhooks').set(headers).send({ url: receiver.url(path), ...(topics ? { topics } : {}) });
    expect(response.status).toBe(201);
    const body = response.body as Subscribed;
    secrets.set(body.id, body.secret);
    return body;
  };
  const deliveriesOf = async (subscriptionId: string, headers: Headers): Promise<Delivery[]> =>
    (await http().get(`/webhooks/${subscriptionId}/deliveries`).set(headers).expect(200)).body.items as Delivery[];
  const listNeed = async (communityId: string, headers: Headers, title: string) =>
    (await http().post('/needs').set(headers).send({
      communityId, category: 'elderly_care', title, description: '每周助餐', urgency: 'high', source: 'visit', beneficiaries: 1, requiredSkills: [], amountFen: 30_000,
    }).expect(201)).body as { id: string; position: number };
  /** The delivery verifies against the secret its subscription was given. */
  const signedBySubscription = (webhook: ReceivedWebhook): boolean =>
    verifySignature(secrets.get(webhook.json.subscriptionId)!, String(webhook.headers['wushe-timestamp']), webhook.body, String(webhook.headers['wushe-signature']));
  const needIdsIn = (webhooks: ReceivedWebhook[]) =>
    new Set(webhooks.map((webhook) => (webhook.json.data.demand as { needId?: string } | undefined)?.needId).filter((id): id is string => id !== undefined));

  let subA: Subscribed;
  let subB: Subscribed;
  let subDonor: Subscribed;
  let subFlaky: Subscribed;
  let subDead: Subscribed;
  let donationId: string;
  let needA: { id: string; position: number };
  let needB: { id: string; position: number };

  beforeAll(async () => {
    await receiver.start();
    app = await startTestApp({
      ...env(),
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_RETRY_INITIAL_MS: String(RETRY_INITIAL_MS),
      WEBHOOK_RETRY_MAX_MS: '5000',
      WEBHOOK_POLL_MS: '20',
      WEBHOOK_TIMEOUT_MS: '1500',
      WEBHOOK_DEADLINE_NOTICE_DAYS: '45',
      WEBHOOK_DEADLINE_SWEEP_MS: '300',
    });
    service = app.service;
    for (const [communityId, area] of [['wh-a', cityA], ['wh-b', cityB]] as const) {
      const { community: _community, ...above } = area;
      await http().post('/communities').set(bureau).send({ communityId, name: `社区 ${communityId}`, area: above, kind: 'urban', residents: 8000, households: 3000 }).expect(201);
    }
    receiver.answer('/flaky', (count) => (count <= 2 ? 500 : 200));
    receiver.answer('/dead', () => 'hang');
    subA = await subscribe(committeeA, '/a');
    subB = await subscribe(committeeB, '/b');
    subDonor = await subscribe(donor, '/donor', ['proposals', 'matches']);
    subFlaky = await subscribe(committeeA, '/flaky', ['matches']);
    subDead = await subscribe(committeeA, '/dead', ['matches']);
    // A donation pledged in A, then a need in each community: the matcher proposes the donation for both.
    donationId = ((await http().post('/donations').set(donor).send({ donor: { kind: 'enterprise', displayName: '厦门海湾科技有限公司' }, resource: 'money', amountFen: 100_000, communityId: 'wh-a' }).expect(201)).body as { id: string }).id;
    needA = await listNeed('wh-a', committeeA, 'A 社区助餐');
    needB = await listNeed('wh-b', committeeB, 'B 社区助餐');
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    await app?.close();
    await receiver.stop();
    await cleanUp();
  });

  it('tells each committee of new proposals for its own need, signed with its secret', async () => {
    const atA = await eventually(() => receiver.at('/a').filter((webhook) => webhook.json.type === 'proposal.created'), (found) => found.length > 0);
    const atB = await eventually(() => receiver.at('/b').filter((webhook) => webhook.json.type === 'proposal.created'), (found) => found.length > 0);
    expect(atA[0]!.json).toMatchObject({ type: 'proposal.created', subscriptionId: subA.id, data: { demand: { kind: 'need', needId: needA.id }, resource: { kind: 'donation', id: donationId } } });
    expect(atA[0]!.json.data.score).toEqual(expect.any(Number));
    expect(atB[0]!.json).toMatchObject({ subscriptionId: subB.id, data: { demand: { kind: 'need', needId: needB.id } } });
    for (const webhook of [...atA, ...atB]) {
      expect(signedBySubscription(webhook)).toBe(true);
      expect(webhook.headers['wushe-delivery-id']).toBe(webhook.json.deliveryId);
      expect(webhook.headers['wushe-event-type']).toBe('proposal.created');
      expect(webhook.headers['content-type']).toBe('application/json');
    }
    // Another subscription's secret does not verify it: the HMAC is really checked.
    expect(verifySignature(subB.secret, String(atA[0]!.headers['wushe-timestamp']), atA[0]!.body, String(atA[0]!.headers['wushe-signature']))).toBe(false);
    expect(verifySignature(subA.secret, String(atA[0]!.headers['wushe-timestamp']), `${atA[0]!.body} `, String(atA[0]!.headers['wushe-signature']))).toBe(false);
    // The donor hears of its donation proposed, for either need.
    const atDonor = await eventually(() => receiver.at('/donor'), (found) => needIdsIn(found).size === 2);
    expect(needIdsIn(atDonor)).toEqual(new Set([needA.id, needB.id]));
  });

  it("delivers a match to the need's committee and the donor, and no body names a person", async () => {
    await http().post(`/donations/${donationId}/match`).set(donor).send({ matchId: 'wh-match-1', target: { kind: 'need', id: needA.id }, amountFen: 20_000 }).expect(200);
    const [match] = await eventually(() => receiver.at('/a').filter((webhook) => webhook.json.type === 'match.recorded'), (found) => found.length > 0);
    expect(match!.json.data).toEqual({ matchId: 'wh-match-1', demand: { kind: 'need', needId: needA.id }, resource: { kind: 'donation', id: donationId }, amountFen: 20_000, hoursPerWeek: null, automatic: false });
    expect(signedBySubscription(match!)).toBe(true);
    await eventually(() => receiver.at('/donor').filter((webhook) => webhook.json.type === 'match.recorded'), (found) => found.length > 0);
    for (const webhook of receiver.received) expect(webhook.body).not.toMatch(/海湾科技|donor-wh|助餐|beneficiary/);
  });

  it('retries a receiver answering 500 twice with growing delays until its 200, while a receiver that never answers holds up nobody', async () => {
    const flaky = await eventually(() => receiver.at('/flaky'), (found) => found.length >= 3);
    expect(flaky.map((webhook) => webhook.json.deliveryId)).toEqual(Array(3).fill(flaky[0]!.json.deliveryId));
    const [first, second] = [flaky[1]!.at - flaky[0]!.at, flaky[2]!.at - flaky[1]!.at];
    expect(first).toBeGreaterThanOrEqual(RETRY_INITIAL_MS * 0.75 - 5);
    expect(second).toBeGreaterThan(first);
    expect(second).toBeGreaterThanOrEqual(RETRY_INITIAL_MS * 1.5 - 5);
    await sleep(RETRY_INITIAL_MS * 3);
    expect(receiver.at('/flaky')).toHaveLength(3);
    const [delivery] = await eventually(() => deliveriesOf(subFlaky.id, committeeA), (items) => items[0]?.status === 'delivered');
    expect(delivery).toMatchObject({ type: 'match.recorded', status: 'delivered', attempts: 3, lastStatus: 200, lastError: null });

    // The hanging receiver got the same match, is still waiting for its answer or its retry, and the others were served meanwhile.
    const dead = await eventually(() => deliveriesOf(subDead.id, committeeA), (items) => items[0]?.attempts !== undefined && items[0].attempts >= 1);
    expect(dead[0]).toMatchObject({ status: 'pending', lastStatus: null, lastError: 'no answer within 1500 ms' });
    expect(receiver.at('/a').some((webhook) => webhook.json.type === 'match.recorded')).toBe(true);
  });

  it("never tells community A of community B's need, nor lets B read A's subscription", async () => {
    await http().post(`/donations/${donationId}/match`).set(donor).send({ matchId: 'wh-match-b', target: { kind: 'need', id: needB.id }, amountFen: 10_000 }).expect(200);
    await eventually(() => receiver.at('/b').filter((webhook) => webhook.json.type === 'match.recorded'), (found) => found.length > 0);
    expect(needIdsIn(receiver.at('/a'))).toEqual(new Set([needA.id]));
    expect(needIdsIn(receiver.at('/b'))).toEqual(new Set([needB.id]));
    expect(receiver.at('/flaky').map((webhook) => webhook.json.data.matchId)).toEqual(['wh-match-1', 'wh-match-1', 'wh-match-1']);
    const listedA = (await http().get('/webhooks').set(committeeA).expect(200)).body.items as { subscriptionId: string }[];
    expect(listedA.map((item) => item.subscriptionId).sort()).toEqual([subA.id, subFlaky.id, subDead.id].sort());
    for (const path of [`/webhooks/${subA.id}`, `/webhooks/${subA.id}/deliveries`]) {
      const hidden = await http().get(path).set(committeeB);
      expect({ status: hidden.status, code: hidden.body.code }).toEqual({ status: 404, code: 'WEBHOOK_SUBSCRIPTION_NOT_FOUND' });
    }
    const removal = await http().delete(`/webhooks/${subA.id}`).set(committeeB);
    // As for an id that never existed: the subscription's existence is not told (hostile-scope.e2e.spec.ts).
    expect({ status: removal.status, code: removal.body.code }).toEqual({ status: 404, code: 'WEBHOOK_SUBSCRIPTION_NOT_FOUND' });
  });

  it('refuses bad targets and non-subscribers with a code, storing nothing', async () => {
    const before = await service.infrastructure.eventStore.headPosition();
    for (const url of ['ftp://hooks.example.org/x', 'javascript:alert(1)', 'hooks.example.org/x', 'https://user:pw@hooks.example.org/x']) {
      const refused = await http().post('/webhooks').set(committeeA).send({ url });
      expect({ url, status: refused.status, code: refused.body.code }).toEqual({ url, status: 400, code: 'WEBHOOK_URL_INVALID' });
    }
    const topic = await http().post('/webhooks').set(committeeA).send({ url: receiver.url('/x'), topics: ['gossip'] });
    expect(topic.status).toBe(400);
    for (const headers of [actor('analytics_reader'), actor('volunteer'), bureau]) {
      const refused = await http().post('/webhooks').set(headers).send({ url: receiver.url('/x') });
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'ROLE_NOT_PERMITTED' });
    }
    expect(await service.infrastructure.eventStore.headPosition()).toBe(before);
  });

  it('rotates the secret: later deliveries verify with the new one only; removing cancels what waits', async () => {
    const rotated = await http().post(`/webhooks/${subA.id}/rotate-secret`).set(committeeA).expect(200);
    expect(rotated.body.subscription.secretVersion).toBe(2);
    expect(rotated.body.secret).not.toBe(subA.secret);
    const newSecret = rotated.body.secret as string;
    const seen = receiver.at('/a').length;
    await http().post(`/needs/${needA.id}/reconfirm`).set(committeeA).send({ note: '回访确认' }).expect(200);
    await http().post(`/donations/${donationId}/match`).set(donor).send({ matchId: 'wh-match-2', target: { kind: 'need', id: needA.id }, amountFen: 5_000 }).expect(200);
    const [later] = await eventually(() => receiver.at('/a').slice(seen), (found) => found.length > 0);
    expect(verifySignature(newSecret, String(later!.headers['wushe-timestamp']), later!.body, String(later!.headers['wushe-signature']))).toBe(true);
    expect(verifySignature(subA.secret, String(later!.headers['wushe-timestamp']), later!.body, String(later!.headers['wushe-signature']))).toBe(false);

    await http().delete(`/webhooks/${subDead.id}`).set(committeeA).expect(200);
    const cancelled = await eventually(() => deliveriesOf(subDead.id, committeeA), (items) => items.every((item) => item.status === 'cancelled'));
    expect(cancelled.map((item) => item.status)).toEqual(cancelled.map(() => 'cancelled'));
  });

  it('holds one subscription per subscriber and URL: a second answers 409 naming the first, a race makes one, a removed one may come back', async () => {
    const before = await service.infrastructure.eventStore.headPosition();
    for (const url of [receiver.url('/flaky'), receiver.url('/flaky').replace('http://', 'HTTP://')]) {
      for (const topics of [['matches'], ['proposals', 'matches']]) {
        const twice = await http().post('/webhooks').set(committeeA).send({ url, topics });
        expect({ status: twice.status, code: twice.body.code, existing: twice.body.details?.subscriptionId }).toEqual({ status: 409, code: 'WEBHOOK_ALREADY_SUBSCRIBED', existing: subFlaky.id });
      }
    }
    expect(await service.infrastructure.eventStore.headPosition()).toBe(before);

    const racing = await Promise.all(Array.from({ length: 4 }, () => http().post('/webhooks').set(committeeB).send({ url: receiver.url('/twice'), topics: ['matches'] })));
    expect(racing.map((response) => response.status).sort()).toEqual([201, 409, 409, 409]);
    const made = racing.find((response) => response.status === 201)!.body as Subscribed;
    // The list follows the log within moments: wait for the winner, then there is no other.
    const listed = await eventually(
      async () => ((await http().get('/webhooks').set(committeeB).expect(200)).body.items as { subscriptionId: string; url: string; status: string }[]).filter((item) => item.url === receiver.url('/twice')),
      (items) => items.length > 0,
    );
    expect(listed).toEqual([expect.objectContaining({ subscriptionId: made.id, status: 'active' })]);
    // Another subscriber may name the same URL: its notices are its own.
    const other = await http().post('/webhooks').set(donor).send({ url: receiver.url('/twice'), topics: ['deadlines'] }).expect(201);
    expect(other.body.id).not.toBe(made.id);

    // subDead was removed above: subscribing it again is allowed, under the same id, with a secret never given before.
    const again = await http().post('/webhooks').set(committeeA).send({ url: receiver.url('/dead'), topics: ['matches'] }).expect(201);
    expect(again.body.id).toBe(subDead.id);
    expect(again.body.secret).not.toBe(subDead.secret);
    expect((await http().get(`/webhooks/${subDead.id}`).set(committeeA).expect(200)).body.status).toBe('active');
    for (const [id, headers] of [[made.id, committeeB], [other.body.id as string, donor], [subDead.id, committeeA]] as const) {
      await http().delete(`/webhooks/${id}`).set(headers).expect(200);
    }
  });

  it("tells the contractor and the community of reports due (rule 10) within the notice period", async () => {
    const organisationId = ((await http().post('/organisations').set(bureau).send({
      name: '湖里区社工服务中心', kind: 'social_work_agency', unifiedSocialCreditCode: '52350206MJ0000099X', budgetFunded: false, city: 'xiamen', district: 'huli',
      serviceCategories: ['elderly_care'], capacity: 5,
    }).expect(201)).body as { id: string }).id;
    await http().post(`/organisations/${organisationId}/inspections`).set(bureau).send({ year: new Date().getFullYear() - 1, result: 'passed' }).expect(200);
    const staff = staffOf(organisationId);
    const subOrganisation = await subscribe(staff, '/organisation', ['deadlines']);
    const projectId = ((await http().post('/projects').set(bureau).send({
      title: 'A 社区助餐服务', area: cityA, kind: 'service_project', categories: ['elderly_care'], needIds: [needA.id], budgetFen: 1_000_000,
      period: { start: chinaDateOf(new Date()) }, requirements: '每日送餐', serviceItems: [{ name: '助餐', category: 'elderly_care' }],
    }).expect(201)).body as { id: string }).id;
    const deadline = new Date(Date.now() + 1200);
    await http().post(`/projects/${projectId}/publish`).set(bureau).send({ deadline: deadline.toISOString(), eligibility: { description: '依法登记的社会组织' } }).expect(200);
    const bidId = ((await http().post(`/projects/${projectId}/bids`).set(staff).send({ organisationId, priceFen: 900_000, proposal: '助餐方案' }).expect(200)).body as { bidId: string }).bidId;
    await sleep(Math.max(0, deadline.getTime() - Date.now() + 50));
    await http().post(`/projects/${projectId}/close-bidding`).set(bureau).expect(200);
    await http().post(`/projects/${projectId}/award`).set(bureau).send({ bidId }).expect(200);
    // 质疑期: the award's standstill ending is a deadline of the project too, told to its community (no contractor yet).
    const [ending] = await eventually(
      () => receiver.at('/a').filter((webhook) => webhook.json.type === 'deadline.challenge_period_ending'), (found) => found.length > 0, 20_000,
    );
    expect(ending!.json).toMatchObject({ data: { kind: 'challenge_period_ending', projectId, award: { bidId, organisationId }, overdue: false } });
    passStandstill();
    try {
      await http().post(`/projects/${projectId}/contract`).set(bureau).send({
        bidId, contract: { content: '助餐服务', termMonths: 12, quantity: '每日送餐', quality: '满意度不低于 90%', priceFen: 900_000, settlementMethod: '按季度拨付' },
      }).expect(200);
    } finally {
      jest.useRealTimers();
    }

    const [due] = await eventually(() => receiver.at('/organisation'), (found) => found.length > 0, 20_000);
    expect(due!.json).toMatchObject({
      type: 'deadline.report_due',
      subscriptionId: subOrganisation.id,
      data: { kind: 'report_due', projectId, organisationId, overdue: false, report: { kind: 'monthly_brief' } },
    });
    expect(signedBySubscription(due!)).toBe(true);
    // The community's committee hears of it too; the other community does not.
    await eventually(() => receiver.at('/a').filter((webhook) => webhook.json.type === 'deadline.report_due'), (found) => found.length > 0);
    // Sweeps repeat every 300 ms: each deadline is told once.
    await sleep(1000);
    const told = receiver.at('/organisation').map((webhook) => webhook.json.eventId);
    expect(new Set(told).size).toBe(told.length);
    expect(receiver.at('/b').some((webhook) => webhook.json.type.startsWith('deadline.'))).toBe(false);
  }, 40_000);

  it('still delivers after a restart between the fact and the acknowledgement', async () => {
    let accepting = false;
    receiver.answer('/later', () => (accepting ? 200 : 503));
    const subLater = await subscribe(committeeA, '/later', ['matches']);
    await http().post(`/donations/${donationId}/match`).set(donor).send({ matchId: 'wh-match-3', target: { kind: 'need', id: needA.id }, amountFen: 1_000 }).expect(200);
    const [failing] = await eventually(() => deliveriesOf(subLater.id, committeeA), (items) => (items[0]?.attempts ?? 0) >= 1);
    expect(failing).toMatchObject({ status: 'pending', lastStatus: 503, lastError: 'HTTP 503' });

    await service.close();
    accepting = true;
    service = await bootstrapService(app.config);

    const [delivered] = await eventually(() => deliveriesOf(subLater.id, committeeA), (items) => items[0]?.status === 'delivered');
    expect(delivered).toMatchObject({ deliveryId: failing!.deliveryId, status: 'delivered', lastStatus: 200 });
    const acknowledged = receiver.at('/later').filter((webhook) => webhook.json.data.matchId === 'wh-match-3');
    expect(new Set(acknowledged.map((webhook) => webhook.json.deliveryId))).toEqual(new Set([failing!.deliveryId]));
    expect(signedBySubscription(acknowledged[acknowledged.length - 1]!)).toBe(true);
  }, 30_000);
});

/** The default settings: no loopback or private target, whatever the role. */
describe('webhook targets without WEBHOOK_ALLOW_PRIVATE_TARGETS (e2e)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('refuses loopback, private and cloud-metadata hosts with 422 WEBHOOK_URL_NOT_ALLOWED, storing nothing', async () => {
    const committee = actor('community_committee', 'committee-ssrf', { city: 'xiamen', district: 'huli', street: 'jiangtou', community: 'ssrf' });
    for (const url of ['http://127.0.0.1:8080/hook', 'http://localhost/hook', 'http://10.0.0.8/hook', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/hook']) {
      const refused = await app.http().post('/webhooks').set(committee).send({ url });
      expect({ url, status: refused.status, code: refused.body.code }).toEqual({ url, status: 422, code: 'WEBHOOK_URL_NOT_ALLOWED' });
    }
    expect(await app.service.infrastructure.eventStore.headPosition()).toBe(0);
    await app.http().post('/webhooks').set(committee).send({ url: 'https://hooks.example.org/wushe' }).expect(201);
  });
});
