import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actor, staffOf, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Who may see what (issue 10, "queries filter by the same scope"): one rule
 * (libs/application/src/authority/read-access.ts) for every list and detail. Two communities in two
 * streets of one district; each reader asks every list and detail and gets what its role and area
 * may see: a committee of community A never sees B, a record outside the token's area answers 404
 * exactly as an unknown id, and the anonymous notice board carries no person.
 */
describe('who may see what (e2e)', () => {
  let app: TestApp;
  const district = { city: 'xiamen', district: 'siming' };
  const areaA = { ...district, street: 'zhonghua', community: 'see-a' };
  const areaB = { ...district, street: 'xiagang', community: 'see-b' };
  const bureau = actor('civil_affairs_bureau', 'bureau-siming', district);
  const committeeA = actor('community_committee', 'committee-see-a', areaA);
  const committeeB = actor('community_committee', 'committee-see-b', areaB);
  const streetA = actor('civil_affairs_bureau', 'office-zhonghua', { ...district, street: 'zhonghua' });
  const huliBureau = actor('civil_affairs_bureau', 'bureau-huli', { city: 'xiamen', district: 'huli' });
  const ids = { needA: '', needB: '', volunteerA: '', volunteerB: '', donationA: '', organisation: '', rival: '', workerA: '', projectA: '', position: 0 };
  const donorOne = actor('donor', 'donor-see-1', district);
  const donorTwo = actor('donor', 'donor-see-2', district);

  const post = async (path: string, body: object, headers: Record<string, string>) => {
    const response = await app.http().post(path).set(headers).send(body);
    expect({ path, status: response.status, body: response.status < 300 ? null : response.body }).toEqual({ path, status: response.status < 300 ? response.status : 201, body: null });
    ids.position = Math.max(ids.position, response.body.position ?? 0);
    return response.body as { id: string; position: number };
  };
  const get = (path: string, headers?: Record<string, string>) => {
    const separator = path.includes('?') ? '&' : '?';
    const agent = headers ? app.http().get(`${path}${separator}minPosition=${ids.position}`).set(headers) : app.anonymous().get(`${path}${separator}minPosition=${ids.position}`);
    return agent;
  };
  const listIds = async (path: string, key: string, headers?: Record<string, string>) => {
    const response = await get(path, headers);
    expect({ path, status: response.status }).toEqual({ path, status: 200 });
    return (response.body.items as Record<string, string>[]).map((item) => item[key]);
  };

  beforeAll(async () => {
    app = await startTestApp();
    const community = (communityId: string, street: string) => ({ communityId, name: communityId, area: { ...district, street }, kind: 'urban', residents: 5000, households: 2000 });
    await post('/communities', community('see-a', 'zhonghua'), bureau);
    await post('/communities', community('see-b', 'xiagang'), bureau);
    const need = (communityId: string, name: string) => ({
      communityId, category: 'elderly_care', title: '独居老人助餐', description: `${name}每日午餐`, urgency: 'high', source: 'visit', beneficiaries: 1, beneficiary: { name, phone: '13800000000' },
    });
    ids.needA = (await post('/needs', need('see-a', '王阿姨'), committeeA)).id;
    ids.needB = (await post('/needs', need('see-b', '陈阿婆'), committeeB)).id;
    ids.volunteerA = (await post('/volunteers', { person: { name: '李明' }, communityId: 'see-a' }, committeeA)).id;
    ids.volunteerB = (await post('/volunteers', { person: { name: '张华' }, communityId: 'see-b' }, committeeB)).id;
    ids.donationA = (await post('/donations', { donor: { kind: 'resident', person: { name: '赵小红', phone: '13900000000' } }, resource: 'money', amountFen: 50_000, communityId: 'see-a' }, donorOne)).id;
    const organisation = (name: string, code: string, communityId: string) => ({
      name, kind: 'social_work_agency', unifiedSocialCreditCode: code, budgetFunded: false, city: 'xiamen', district: 'siming', communityId, serviceCategories: ['elderly_care'], capacity: 5,
    });
    ids.organisation = (await post('/organisations', organisation('阳光社工', '52350203MJ0000301X', 'see-a'), bureau)).id;
    ids.rival = (await post('/organisations', organisation('同心社工', '52350203MJ0000302X', 'see-b'), bureau)).id;
    ids.workerA = (await post('/social-workers', { person: { name: '陈芳' }, base: { level: 'community', communityId: 'see-a' }, hasSocialWorkDegree: true, employerOrganisationId: ids.organisation }, staffOf(ids.organisation))).id;
    ids.projectA = (await post('/projects', {
      title: '中华助餐', area: { ...district, street: 'zhonghua' }, kind: 'service_project', categories: ['elderly_care'], budgetFen: 1_000_000,
      period: { start: '2027-01-01' }, requirements: '每日助餐', serviceItems: [{ name: '助餐', category: 'elderly_care' }],
    }, bureau)).id;
    await post(`/projects/${ids.projectA}/publish`, { deadline: '2099-01-01T00:00:00+08:00', eligibility: { description: '依法登记' } }, bureau);
    await post(`/projects/${ids.projectA}/bids`, { organisationId: ids.organisation, priceFen: 900_000, proposal: '方案甲' }, staffOf(ids.organisation));
    await post(`/projects/${ids.projectA}/bids`, { organisationId: ids.rival, priceFen: 800_000, proposal: '方案乙' }, staffOf(ids.rival));
  });

  afterAll(async () => {
    await app?.close();
  });

  it('a committee of community A lists and opens A\'s needs in full, never B\'s (404 as an unknown id)', async () => {
    expect(await listIds('/needs', 'needId', committeeA)).toEqual([ids.needA]);
    const detail = await get(`/needs/${ids.needA}`, committeeA).expect(200);
    expect(detail.body).toMatchObject({ view: 'full', description: '王阿姨每日午餐' });
    expect(detail.body.beneficiaryRef).toEqual(expect.any(String));
    const outside = await get(`/needs/${ids.needB}`, committeeA);
    const unknown = await get('/needs/no-such-need', committeeA);
    expect({ status: outside.status, code: outside.body.code, message: outside.body.message }).toEqual({ status: 404, code: 'NEED_NOT_FOUND', message: unknown.body.message });
    expect(JSON.stringify(outside.body)).not.toContain('陈阿婆');
  });

  it('a committee of A sees A\'s volunteers (with the name) and community, not B\'s', async () => {
    expect(await listIds('/volunteers', 'volunteerId', committeeA)).toEqual([ids.volunteerA]);
    expect((await get(`/volunteers/${ids.volunteerA}`, committeeA).expect(200)).body).toMatchObject({ name: '李明', view: 'full' });
    expect((await get(`/volunteers/${ids.volunteerB}`, committeeA)).status).toBe(404);
    expect(await listIds('/communities', 'communityId', committeeA)).toEqual(['see-a']);
    expect((await get('/communities/see-b', committeeA)).body.code).toBe('COMMUNITY_NOT_FOUND');
  });

  it('civil-affairs staff see their area: the district both communities, a street office its street, another district nothing', async () => {
    expect((await listIds('/needs', 'needId', bureau)).sort()).toEqual([ids.needA, ids.needB].sort());
    expect(await listIds('/needs', 'needId', streetA)).toEqual([ids.needA]);
    expect(await listIds('/needs', 'needId', huliBureau)).toEqual([]);
    expect(await listIds('/organisations', 'organisationId', huliBureau)).toEqual([]);
    expect((await listIds('/organisations', 'organisationId', bureau)).sort()).toEqual([ids.organisation, ids.rival].sort());
    expect((await get(`/volunteers/${ids.volunteerB}`, streetA)).status).toBe(404);
    expect((await get(`/projects/${ids.projectA}`, huliBureau)).body.code).toBe('PROJECT_NOT_FOUND');
  });

  it('a donor sees its own donation in full and another\'s only as the notice board shows it', async () => {
    expect((await get(`/donations/${ids.donationA}`, donorOne).expect(200)).body).toMatchObject({ view: 'full', matches: [], receiptNumber: null });
    const other = (await get(`/donations/${ids.donationA}`, donorTwo).expect(200)).body;
    expect(other.view).toBe('public');
    expect(other).not.toHaveProperty('matches');
    expect(JSON.stringify(other)).not.toContain('赵小红');
    // A need of its area, in the notice-board form only: no description, no beneficiary reference.
    const need = (await get(`/needs/${ids.needA}`, donorOne).expect(200)).body;
    expect(need.view).toBe('public');
    expect(need).not.toHaveProperty('beneficiaryRef');
    expect(need).not.toHaveProperty('description');
  });

  it('an organisation sees its own social workers and bids, never another organisation\'s', async () => {
    expect(await listIds('/social-workers', 'socialWorkerId', staffOf(ids.organisation))).toEqual([ids.workerA]);
    expect(await listIds('/social-workers', 'socialWorkerId', staffOf(ids.rival))).toEqual([]);
    expect((await get(`/social-workers/${ids.workerA}`, staffOf(ids.rival))).body.code).toBe('SOCIAL_WORKER_NOT_FOUND');
    const ownBids = (await get(`/projects/${ids.projectA}/bids`, staffOf(ids.organisation)).expect(200)).body.items as { organisationId: string }[];
    expect(ownBids.map((bid) => bid.organisationId)).toEqual([ids.organisation]);
    // Not its contract (yet): the purchase notice, without the competing bids.
    const project = (await get(`/projects/${ids.projectA}`, staffOf(ids.rival)).expect(200)).body;
    expect(project).toMatchObject({ view: 'public', requirements: '每日助餐' });
    expect(project).not.toHaveProperty('bids');
    // The office that awards sees every bid.
    expect((await get(`/projects/${ids.projectA}`, bureau).expect(200)).body.bids).toHaveLength(2);
  });

  it('a volunteer sees only its own record, linked by the token\'s person claim', async () => {
    const herself = actor('volunteer', 'li-ming-account', areaA, undefined, ids.volunteerA);
    expect(await listIds('/volunteers', 'volunteerId', herself)).toEqual([ids.volunteerA]);
    expect((await get(`/volunteers/${ids.volunteerA}`, herself).expect(200)).body).toMatchObject({ name: '李明', personalDataHidden: false });
    expect(await listIds('/volunteers', 'volunteerId', actor('volunteer', 'nobody-linked', areaA))).toEqual([]);
    expect((await get(`/volunteers/${ids.volunteerB}`, herself)).status).toBe(404);
  });

  it('a volunteer who registered itself (no person claim yet) opens its own record, and no one else\'s', async () => {
    const selfMade = actor('volunteer', 'wu-haiyan-account', areaA);
    const registered = await post('/volunteers', { person: { name: '吴海燕' }, communityId: 'see-a' }, selfMade);
    const seen = await app.http().get(`/volunteers/${registered.id}?minPosition=${registered.position}`).set(selfMade).expect(200);
    expect(seen.body).toMatchObject({ volunteerId: registered.id, name: '吴海燕' });
    // Another volunteer's account, even in the same community, learns nothing (404 as an unknown id).
    await app.http().get(`/volunteers/${registered.id}?minPosition=${registered.position}`).set(actor('volunteer', 'someone-else', areaA)).expect(404);
    expect((await get(`/volunteers/${ids.volunteerA}`, selfMade)).status).toBe(404);
  });

  it('the anonymous notice board lists every area and no person; details need a token', async () => {
    expect((await listIds('/needs', 'needId')).sort()).toEqual([ids.needA, ids.needB].sort());
    const board = JSON.stringify((await get('/needs').expect(200)).body) + JSON.stringify((await get('/donations').expect(200)).body) + JSON.stringify((await get('/projects').expect(200)).body);
    for (const personal of ['王阿姨', '陈阿婆', '赵小红', '13800000000', '13900000000', 'beneficiaryRef', '每日午餐']) expect({ personal, found: board.includes(personal) }).toEqual({ personal, found: false });
    expect((await get(`/needs/${ids.needA}`)).status).toBe(401);
  });
});
