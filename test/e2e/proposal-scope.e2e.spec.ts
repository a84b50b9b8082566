import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chinaDateOf } from '#domain';
import { storeVariants } from '../support/store-variants.js';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The matcher's proposals are read under the same rule as the records' details (issue 10): a
 * committee of community A does not see B's need's proposals, a donor not another donor's. Outside
 * the reader's scope the answer is the matcher's own 404 for an unknown id, word for word.
 */
describe.each(storeVariants('proposal-scope'))('proposals scoped to the reader (e2e) on $name', ({ env, cleanUp }) => {
  let app: TestApp;
  const bureau = actor('civil_affairs_bureau', 'scope-bureau');
  const areaA = { city: 'xiamen', district: 'siming', street: 'zhonghua', community: 'scope-a' };
  const areaB = { city: 'xiamen', district: 'huli', street: 'jiangtou', community: 'scope-b' };
  const committeeA = actor('community_committee', 'committee-a', areaA);
  const committeeB = actor('community_committee', 'committee-b', areaB);
  const donorOne = actor('donor', 'donor-one');
  const donorTwo = actor('donor', 'donor-two');
  const post = (path: string, body: object, headers: Record<string, string>) => app.http().post(path).set(headers).send(body);
  const get = (path: string, headers: Record<string, string>, minPosition?: number) =>
    app.http().get(path).query(minPosition === undefined ? {} : { minPosition }).set(headers);
  let needB: { id: string; position: number };
  let donationOne: { id: string; position: number };
  let projectB: { id: string; position: number };

  beforeAll(async () => {
    app = await startTestApp(env());
    for (const [communityId, area] of [['scope-a', areaA], ['scope-b', areaB]] as const) {
      const { city, district, street } = area;
      await post('/communities', { communityId, name: `社区 ${communityId}`, area: { city, district, street }, kind: 'urban', residents: 8000, households: 3000 }, bureau).expect(201);
    }
    needB = (await post('/needs', {
      communityId: 'scope-b', category: 'elderly_care', title: '独居老人助餐', description: '每日午餐送餐', urgency: 'high', source: 'visit',
      beneficiaries: 1, requiredSkills: [], hoursPerWeek: 2, amountFen: 100_000, beneficiary: { name: '林阿婆' },
    }, committeeB).expect(201)).body;
    donationOne = (await post('/donations', { donor: { kind: 'enterprise', displayName: '鹭岛科技' }, resource: 'money', amountFen: 300_000, communityId: 'scope-b' }, donorOne).expect(201)).body;
    await post('/donations', { donor: { kind: 'enterprise', displayName: '海沧实业' }, resource: 'money', amountFen: 200_000, communityId: 'scope-b' }, donorTwo).expect(201);
    projectB = (await post('/projects', {
      title: '江头街道助老服务', area: { city: 'xiamen', district: 'huli', street: 'jiangtou', community: 'scope-b' }, kind: 'service_project', categories: ['elderly_care'],
      needIds: [needB.id], budgetFen: 500_000, period: { start: chinaDateOf(new Date()) }, requirements: '助餐送餐', serviceItems: [{ name: '助餐', category: 'elderly_care' }],
    }, committeeB).expect(201)).body;
  });

  afterAll(async () => {
    await app?.close();
    await cleanUp();
  });

  it("a committee of community A asking for B's need's proposals gets the 404 of an unknown need; B's committee gets them", async () => {
    const position = Math.max(needB.position, donationOne.position, projectB.position);
    const unknown = await get('/needs/no-such-need/proposals', committeeB, position);
    const foreign = await get(`/needs/${needB.id}/proposals`, committeeA, position);
    expect({ status: foreign.status, code: foreign.body.code }).toEqual({ status: 404, code: 'OPEN_NEED_NOT_FOUND' });
    expect(foreign.body.message).toBe(unknown.body.message.replace('no-such-need', needB.id));
    const own = await get(`/needs/${needB.id}/proposals`, committeeB, position);
    expect(own.status).toBe(200);
    expect((own.body.proposals as { resourceKey: string }[]).map((proposal) => proposal.resourceKey)).toContain(`donation:${donationOne.id}`);
    // The console asks without minPosition: still answered.
    expect((await get(`/needs/${needB.id}/proposals`, committeeB)).status).toBe(200);
  });

  it("a donor asking for another donor's donation's proposals gets the 404 of an unknown resource; its own are answered", async () => {
    const key = `donation:${donationOne.id}`;
    const foreign = await get(`/matching/resources/${key}/proposals`, donorTwo, donationOne.position);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({ code: 'MATCHING_RESOURCE_NOT_FOUND', message: `No resource ${key} with anything left to offer` });
    const own = await get(`/matching/resources/${key}/proposals`, donorOne, donationOne.position);
    expect(own.status).toBe(200);
    expect((own.body.proposals as { demandId: string }[]).map((proposal) => proposal.demandId)).toContain(needB.id);
  });

  it("a committee of community A does not see the funding proposals of B's project", async () => {
    const foreign = await get(`/projects/${projectB.id}/proposals`, committeeA, projectB.position);
    expect({ status: foreign.status, code: foreign.body.code }).toEqual({ status: 404, code: 'OPEN_PROJECT_NOT_FOUND' });
    expect((await get(`/projects/${projectB.id}/proposals`, committeeB, projectB.position)).status).toBe(200);
  });
});
