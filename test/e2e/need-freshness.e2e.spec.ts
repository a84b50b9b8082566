import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { storeVariants } from '../support/store-variants.js';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * 需求失效 over HTTP (issue 13 item 4): the freshness clock, as `npm start` runs it, marks a need
 * nobody reconfirmed within NEED_STALE_AFTER_DAYS; the list shows it, matching leaves it, the
 * indicators count it, and a reconfirmation brings it back.
 */
describe.each(storeVariants('need-freshness'))('needs stay fresh (e2e) on $name', ({ env, cleanUp }) => {
  let app: TestApp;
  const committee = actor('community_committee', 'committee-freshness');
  const communityId = 'fresh-e2e';
  const area = { city: 'xiamen', district: 'huli-district', street: 'jiangtou' };
  const DAY = 24 * 60 * 60 * 1000;
  const travel = (ms: number) => jest.setSystemTime(new Date(Date.now() + ms));

  const listNeed = async (title: string) => {
    const response = await app.http().post('/needs').set(committee).send({
      communityId, category: 'elderly_care', title, description: '每周上门', urgency: 'high', source: 'visit', beneficiaries: 1, requiredSkills: [], hoursPerWeek: 2,
    });
    expect(response.status).toBe(201);
    return response.body as { id: string; position: number };
  };
  const listed = async (query: Record<string, string>) => {
    const response = await app.http().get('/needs').query({ community: communityId, ...query });
    expect(response.status).toBe(200);
    return (response.body.items as { needId: string; stale: boolean; markedStaleAt: string | null }[]).map((need) => need.needId).sort();
  };
  const streamTypes = async (needId: string) => (await app.service.infrastructure.eventStore.readStream(`need-${needId}`)).map((event) => event.type);
  const eventually = async <T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const value = await probe();
      if (done(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  beforeAll(async () => {
    // Only Date moves: the service's timers (the clock's tick, the projector) run in real time.
    jest.useFakeTimers({
      advanceTimers: true,
      doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
    });
    app = await startTestApp({ ...env(), NEED_STALE_AFTER_DAYS: '2', NEED_FRESHNESS_SWEEP_MS: '1000' });
    await app.http().post('/communities').set(actor('civil_affairs_bureau')).send({ communityId, name: '江头社区', area, kind: 'urban', residents: 9000, households: 3000 }).expect(201);
  });

  afterAll(async () => {
    await app?.close();
    jest.useRealTimers();
    await cleanUp();
  });

  it('marks a need stale after the period, shows it in the list and the indicators, drops it from matching; reconfirmation brings it back', async () => {
    const quiet = await listNeed('独居老人探访');
    const visited = await listNeed('助餐服务');
    await app.http().get(`/needs/${quiet.id}/proposals`).query({ minPosition: visited.position }).expect(200);

    // One day on, nothing is stale yet; the committee visits the second need and reconfirms it.
    travel(1 * DAY);
    await app.http().post(`/needs/${visited.id}/reconfirm`).set(committee).send({ note: '回访确认' }).expect(200);
    // Two and a half days after listing: the first need's period ran out, the reconfirmed one's did not.
    travel(1.5 * DAY);
    expect(await eventually(() => listed({ stale: 'true' }), (ids) => ids.length > 0)).toEqual([quiet.id]);
    expect(await listed({ stale: 'false' })).toEqual([visited.id]);
    expect(await streamTypes(quiet.id)).toEqual(['NeedListed', 'NeedMarkedStale']);
    const [, marked] = await app.service.infrastructure.eventStore.readStream(`need-${quiet.id}`);
    expect(marked!.metadata.actor).toEqual({ id: 'policy:need-freshness', role: 'system' });
    expect(marked!.data).toMatchObject({ needId: quiet.id, staleAfterDays: 2 });

    const detail = await app.http().get(`/needs/${quiet.id}`).expect(200);
    expect(detail.body).toMatchObject({ stale: true, status: 'listed' });
    expect(Date.parse(detail.body.markedStaleAt)).toBeGreaterThan(Date.parse(detail.body.lastConfirmedAt));

    const refused = await app.http().get(`/needs/${quiet.id}/proposals`).query({ minPosition: marked!.position });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 409, code: 'NEED_STALE' });

    // Counted honestly: still open and in the fulfilled share's denominator, and shown as stale.
    const community = await app.http().get(`/communities/${communityId}`).query({ minPosition: marked!.position }).expect(200);
    expect(community.body.indicators.needs).toMatchObject({ listed: 2, open: 2, stale: 1, fulfilled: 0, fulfilledShare: 0 });

    // Later sweeps record nothing more.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(await streamTypes(quiet.id)).toEqual(['NeedListed', 'NeedMarkedStale']);

    const reconfirmed = await app.http().post(`/needs/${quiet.id}/reconfirm`).set(committee).send({ note: '入户确认仍需探访' });
    expect(reconfirmed.status).toBe(200);
    const fresh = await app.http().get(`/needs/${quiet.id}`).query({ minPosition: reconfirmed.body.position }).expect(200);
    expect(fresh.body).toMatchObject({ stale: false, markedStaleAt: null });
    await app.http().get(`/needs/${quiet.id}/proposals`).query({ minPosition: reconfirmed.body.position }).expect(200);
    expect(await listed({ stale: 'true' })).toEqual([]);
  });

  it('refuses a stale filter that is not true or false (400), and nobody may mark a need stale by hand', async () => {
    const bad = await app.http().get('/needs').query({ stale: 'yes' });
    expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    const { id } = await listNeed('无人可手动标记');
    expect((await app.http().post(`/needs/${id}/mark-stale`).set(committee).send({})).status).toBe(404);
  });
});
