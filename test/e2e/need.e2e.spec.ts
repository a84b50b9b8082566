import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';

/** 居民需求清单 over HTTP: listing, the need's lifecycle, the list's filters and pages. */
describe('needs (e2e)', () => {
  let app: TestApp;
  const committee = actor('community_committee', 'committee-huli');
  const community = { communityId: 'huli-e2e', area: { city: 'xiamen', district: 'huli-district', street: 'jiangtou' } };
  const otherCommunity = { communityId: 'siming-e2e', area: { city: 'xiamen', district: 'siming', street: 'zhonghua' } };

  const registerCommunity = async ({ communityId, area }: typeof community) => {
    const response = await app
      .http()
      .post('/communities')
      .set(actor('civil_affairs_bureau'))
      .send({ communityId, name: `${communityId} 社区`, area, kind: 'urban', residents: 8000, households: 3000 });
    expect(response.status).toBe(201);
  };

  const needBody = (overrides: Record<string, unknown> = {}) => ({
    communityId: community.communityId,
    category: 'elderly_care',
    title: '独居老人助餐',
    description: 'Lunch delivered on weekdays',
    urgency: 'high',
    source: 'visit',
    beneficiaries: 1,
    requiredSkills: ['cooking'],
    hoursPerWeek: 5,
    ...overrides,
  });

  const listNeed = async (overrides: Record<string, unknown> = {}, headers: Record<string, string> = committee) => {
    const response = await app.http().post('/needs').set(headers).send(needBody(overrides));
    expect(response.status).toBe(201);
    return response.body as { id: string; position: number; revision: number; events: { type: string }[]; replayed: boolean };
  };

  const readNeed = async (needId: string, minPosition: number) => {
    const response = await app.http().get(`/needs/${needId}`).query({ minPosition });
    expect(response.status).toBe(200);
    return response.body;
  };

  const streamOf = (needId: string) => app.service.infrastructure.eventStore.readStream(`need-${needId}`);

  beforeAll(async () => {
    app = await startTestApp();
    await registerCommunity(community);
    await registerCommunity(otherCommunity);
  });

  afterAll(async () => {
    await app.close();
  });

  describe('POST /needs', () => {
    it('lists a need in the community’s area and keeps the beneficiary’s name out of events and answers', async () => {
      const listed = await listNeed({ beneficiary: { name: '王阿姨', phone: '13800000000' } });
      expect(listed.events.map((event) => event.type)).toEqual(['NeedListed']);
      expect(listed.revision).toBe(0);

      const need = await readNeed(listed.id, listed.position);
      expect(need).toMatchObject({
        needId: listed.id,
        communityId: community.communityId,
        area: { ...community.area, community: community.communityId },
        title: '独居老人助餐',
        category: 'elderly_care',
        urgency: 'high',
        status: 'listed',
        hoursPerWeek: 5,
        requiredSkills: ['cooking'],
        matchList: [],
      });
      expect(need.beneficiaryRef).toMatch(/^person-/);
      expect(JSON.stringify(need)).not.toContain('王阿姨');

      const [stored] = await streamOf(listed.id);
      expect(JSON.stringify(stored)).not.toContain('王阿姨');
      expect(JSON.stringify(stored)).not.toContain('13800000000');
      expect(await app.service.infrastructure.vault.get(need.beneficiaryRef)).toEqual({ name: '王阿姨', phone: '13800000000' });
    });

    it('answers a retried request with the same Idempotency-Key from the first attempt, listing nothing twice', async () => {
      const headers = { ...committee, 'Idempotency-Key': 'list-need-retry-1' };
      const first = await listNeed({ title: '重试的需求' }, headers);
      const again = await listNeed({ title: '重试的需求' }, headers);
      expect(again.id).toBe(first.id);
      expect(again.replayed).toBe(true);
      expect(await streamOf(first.id)).toHaveLength(1);

      const reused = await app.http().post('/needs').set(headers).send(needBody({ title: '另一个需求' }));
      expect(reused.status).toBe(422);
      expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('refuses a need in an unknown community and stores nothing', async () => {
      const before = await app.http().get('/needs').query({ limit: 100 });
      const response = await app.http().post('/needs').set(committee).send(needBody({ communityId: 'nowhere', title: '无处的需求' }));
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('COMMUNITY_NOT_FOUND');
      const after = await app.http().get('/needs').query({ limit: 100 });
      expect(after.body.items).toHaveLength(before.body.items.length);
    });

    it('refuses unknown fields, wrong types and out-of-range values with VALIDATION_FAILED', async () => {
      const unknownField = await app.http().post('/needs').set(committee).send(needBody({ beneficiaryName: '王阿姨' }));
      expect(unknownField.status).toBe(400);
      expect(unknownField.body.code).toBe('VALIDATION_FAILED');
      expect(unknownField.body.details.fields.map((field: { field: string }) => field.field)).toContain('beneficiaryName');

      const wrongType = await app.http().post('/needs').set(committee).send(needBody({ beneficiaries: 'many' }));
      expect(wrongType.status).toBe(400);
      expect(wrongType.body.details.fields.map((field: { field: string }) => field.field)).toEqual(['beneficiaries']);

      const unknownCategory = await app.http().post('/needs').set(committee).send(needBody({ category: 'space_travel' }));
      expect(unknownCategory.status).toBe(400);

      const badPhone = await app.http().post('/needs').set(committee).send(needBody({ beneficiary: { phone: 'call me' } }));
      expect(badPhone.status).toBe(400);
      expect(badPhone.body.details.fields.map((field: { field: string }) => field.field)).toEqual(['beneficiary.phone']);
    });

    it('refuses a command without an actor (401)', async () => {
      const response = await app.http().post('/needs').send(needBody());
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('AUTHENTICATION_REQUIRED');
    });
  });

  describe('the need’s lifecycle', () => {
    it('verifies, matches, is covered by a project and is fulfilled, each visible in the detail', async () => {
      const { id: needId } = await listNeed({ title: '残障儿童康复陪护', category: 'disability_support' });

      const verified = await app.http().post(`/needs/${needId}/verify`).set(committee);
      expect(verified.status).toBe(200);
      expect((await readNeed(needId, verified.body.position)).status).toBe('verified');

      // A volunteer decides their own match (their weekly hours): the need's endpoint refuses it.
      const volunteerByHand = await app.http().post(`/needs/${needId}/match`).set(committee).send({ matchId: 'match-volunteer-1', resource: { kind: 'volunteer', id: 'volunteer-7' }, hoursPerWeek: 3 });
      expect(volunteerByHand.status).toBe(422);
      expect(volunteerByHand.body.code).toBe('MATCH_DECIDED_BY_RESOURCE');

      const bureau = actor('civil_affairs_bureau');
      const organisation = await app.http().post('/organisations').set(bureau).send({
        name: '湖里助残服务社', kind: 'social_organisation', unifiedSocialCreditCode: '52350206MJ0000091X', budgetFunded: false, city: 'xiamen', district: 'huli-district', serviceCategories: ['disability_support'], capacity: 3,
      });
      expect(organisation.status).toBe(201);
      const match = { matchId: 'match-organisation-1', resource: { kind: 'organisation', id: organisation.body.id }, hoursPerWeek: 3 };
      const matched = await app.http().post(`/needs/${needId}/match`).set(committee).send(match);
      expect(matched.status).toBe(200);
      expect(matched.body.events.map((event: { type: string }) => event.type)).toEqual(['NeedMatched']);
      const afterMatch = await readNeed(needId, matched.body.position);
      expect(afterMatch).toMatchObject({ status: 'matched', matches: 1, matchedHoursPerWeek: 3 });
      expect(afterMatch.firstMatchedAt).not.toBeNull();
      expect(afterMatch.matchList).toEqual([
        expect.objectContaining({ matchId: 'match-organisation-1', resource: { kind: 'organisation', id: organisation.body.id }, firstMatch: true }),
      ]);

      // The matcher may redeliver a match: the same matchId records once.
      const redelivered = await app.http().post(`/needs/${needId}/match`).set(committee).send(match);
      expect(redelivered.status).toBe(200);
      expect(redelivered.body.events).toEqual([]);
      const reused = await app.http().post(`/needs/${needId}/match`).set(committee).send({ ...match, resource: { kind: 'social_worker', id: 'no-such-worker' } });
      expect(reused.status).toBe(404);
      expect(reused.body.code).toBe('SOCIAL_WORKER_NOT_FOUND');

      const designed = await app.http().post('/projects').set(bureau).send({
        title: '湖里残障儿童康复', area: community.area, kind: 'service_project', categories: ['disability_support'], budgetFen: 2_000_000,
        period: { start: '2027-01-01' }, requirements: '', serviceItems: [{ name: '康复陪护', category: 'disability_support' }],
      });
      expect(designed.status).toBe(201);
      const covered = await app.http().post(`/needs/${needId}/cover`).set(committee).send({ projectId: designed.body.id });
      expect(covered.status).toBe(200);
      const afterCover = await readNeed(needId, covered.body.position);
      expect(afterCover.status).toBe('covered');
      expect(afterCover.coveringProjectIds).toEqual([designed.body.id]);

      const fulfilled = await app.http().post(`/needs/${needId}/fulfil`).set(committee).send({ note: '已完成三个月陪护' });
      expect(fulfilled.status).toBe(200);
      const afterFulfil = await readNeed(needId, fulfilled.body.position);
      expect(afterFulfil.status).toBe('fulfilled');
      expect(afterFulfil.fulfilledAt).not.toBeNull();

      const revision = (await streamOf(needId)).length;
      const withdrawn = await app.http().post(`/needs/${needId}/withdraw`).set(committee).send({ reason: 'too late' });
      expect(withdrawn.status).toBe(409);
      expect(withdrawn.body.code).toBe('NEED_ALREADY_FULFILLED');
      expect(await streamOf(needId)).toHaveLength(revision);
    });

    it('is reconfirmed by its committee (需求复核): the list shows when it was last confirmed; a closed need refuses it', async () => {
      const { id: needId, position } = await listNeed({ title: '助浴服务', category: 'elderly_care' });
      const listed = await readNeed(needId, position);
      expect(listed.lastConfirmedAt).toBe(listed.listedAt);
      const reconfirmed = await app.http().post(`/needs/${needId}/reconfirm`).set(committee).send({ note: '入户回访，仍需助浴' });
      expect(reconfirmed.status).toBe(200);
      expect(reconfirmed.body.events.map((event: { type: string }) => event.type)).toEqual(['NeedReconfirmed']);
      const fresh = await readNeed(needId, reconfirmed.body.position);
      expect(Date.parse(fresh.lastConfirmedAt)).toBeGreaterThanOrEqual(Date.parse(listed.listedAt));
      expect(fresh.lastConfirmedAt).toBe(((await streamOf(needId)).at(-1)!.data as { reconfirmedAt: string }).reconfirmedAt);

      await app.http().post(`/needs/${needId}/withdraw`).set(committee).send({ reason: '已入住养老院' }).expect(200);
      const refused = await app.http().post(`/needs/${needId}/reconfirm`).set(committee).send({});
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 409, code: 'NEED_WITHDRAWN' });
      expect((await streamOf(needId)).map((event) => event.type)).toEqual(['NeedListed', 'NeedReconfirmed', 'NeedWithdrawn']);
    });

    it('withdraws a need with a reason, after which it takes no change', async () => {
      const { id: needId } = await listNeed({ title: '心理疏导', category: 'mental_health' });
      const withdrawn = await app.http().post(`/needs/${needId}/withdraw`).set(committee).send({ reason: '家属已安排' });
      expect(withdrawn.status).toBe(200);
      const need = await readNeed(needId, withdrawn.body.position);
      expect(need).toMatchObject({ status: 'withdrawn', withdrawn: true, withdrawalReason: '家属已安排' });

      const match = await app.http().post(`/needs/${needId}/verify`).set(committee);
      expect(match.status).toBe(409);
      expect(match.body.code).toBe('NEED_WITHDRAWN');
    });

    it('refuses a blank withdrawal reason (400) and commands on an unknown need (404)', async () => {
      const { id: needId } = await listNeed({ title: '空理由' });
      const blank = await app.http().post(`/needs/${needId}/withdraw`).set(committee).send({ reason: '' });
      expect(blank.status).toBe(400);
      expect(blank.body.code).toBe('VALIDATION_FAILED');

      const unknown = await app.http().post('/needs/no-such-need/verify').set(committee);
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('NEED_NOT_FOUND');

      const badId = await app.http().post('/needs/bad%20id/verify').set(committee);
      expect(badId.status).toBe(400);
    });
  });

  describe('GET /needs', () => {
    let lastPosition = 0;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      const listed = [
        ['critical-child', { title: '留守儿童看护', category: 'child_welfare', urgency: 'critical' }],
        ['low-child', { title: '课后辅导', category: 'child_welfare', urgency: 'low' }],
        ['siming-elderly', { title: '老人理发', communityId: otherCommunity.communityId, urgency: 'critical' }],
      ] as const;
      for (const [key, overrides] of listed) {
        const response = await listNeed(overrides);
        ids[key] = response.id;
        lastPosition = response.position;
      }
    });

    it('filters by category, urgency, status and area', async () => {
      const children = await app.http().get('/needs').query({ category: 'child_welfare', minPosition: lastPosition });
      expect(children.status).toBe(200);
      expect(children.body.items.map((need: { needId: string }) => need.needId).sort()).toEqual([ids['critical-child'], ids['low-child']].sort());

      const critical = await app.http().get('/needs').query({ urgency: 'critical' });
      expect(critical.body.items.map((need: { needId: string }) => need.needId).sort()).toEqual([ids['critical-child'], ids['siming-elderly']].sort());

      const inSiming = await app.http().get('/needs').query({ district: 'siming' });
      expect(inSiming.body.items.map((need: { needId: string }) => need.needId)).toEqual([ids['siming-elderly']]);
      const onStreet = await app.http().get('/needs').query({ street: 'zhonghua', community: otherCommunity.communityId });
      expect(onStreet.body.items.map((need: { needId: string }) => need.needId)).toEqual([ids['siming-elderly']]);

      const withdrawn = await app.http().get('/needs').query({ status: 'withdrawn' });
      expect(withdrawn.body.items.length).toBeGreaterThan(0);
      expect(withdrawn.body.items.every((need: { status: string }) => need.status === 'withdrawn')).toBe(true);
    });

    it('pages through the list with a cursor, newest first, without repeating or skipping a need', async () => {
      const everything = await app.http().get('/needs').query({ limit: 100, minPosition: lastPosition });
      const all = everything.body.items.map((need: { needId: string }) => need.needId);
      expect(all.length).toBeGreaterThanOrEqual(5);
      expect(everything.body.nextCursor).toBeNull();

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: { needId: string }[]; nextCursor: string | null } } = await app
          .http()
          .get('/needs')
          .query(cursor ? { limit: 2, cursor } : { limit: 2 });
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((need) => need.needId));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all);
      // Newest first: the last need listed leads.
      expect(all[0]).toBe(ids['siming-elderly']);
    });

    it('refuses a foreign cursor, an oversized page and an unknown filter value', async () => {
      const foreign = Buffer.from(JSON.stringify({ l: 'projects', s: 'x', i: 'y' })).toString('base64url');
      const badCursor = await app.http().get('/needs').query({ cursor: foreign });
      expect(badCursor.status).toBe(400);
      expect(badCursor.body.code).toBe('INVALID_CURSOR');

      const tooMany = await app.http().get('/needs').query({ limit: 1000 });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.code).toBe('VALIDATION_FAILED');

      const badStatus = await app.http().get('/needs').query({ status: 'lost' });
      expect(badStatus.status).toBe(400);
      const unknownFilter = await app.http().get('/needs').query({ colour: 'red' });
      expect(unknownFilter.status).toBe(400);
    });

    it('answers 404 NEED_NOT_FOUND for an unknown need', async () => {
      const response = await app.http().get('/needs/no-such-need');
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('NEED_NOT_FOUND');
    });
  });
});
