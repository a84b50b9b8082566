import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';

describe('communities over HTTP', () => {
  let app: TestApp;
  const bureau = actor('civil_affairs_bureau');
  const register = (body: Record<string, unknown>, headers: Record<string, string> = bureau) =>
    app.http().post('/communities').set(headers).send(body);
  const huli = { communityId: 'huli', name: '湖里社区', area: { city: 'xiamen', district: 'huli-district', street: 'jiangtou' }, kind: 'urban', residents: 12000, households: 4100 };
  const streamOf = (communityId: string) => app.service.infrastructure.eventStore.readStream(`community-${communityId}`);

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('registers a community under its code and lists it in its district', async () => {
    const created = await register(huli).expect(201);
    expect(created.body).toMatchObject({ id: 'huli', streamId: 'community-huli', revision: 0, replayed: false });
    expect(created.body.events.map((event: { type: string }) => event.type)).toEqual(['CommunityRegistered']);

    const detail = await app.http().get(`/communities/huli?minPosition=${created.body.position}`).expect(200);
    expect(detail.body).toMatchObject({
      communityId: 'huli',
      name: '湖里社区',
      area: { city: 'xiamen', district: 'huli-district', street: 'jiangtou', community: 'huli' },
      kind: 'urban',
      residents: 12000,
      households: 4100,
    });
    expect(detail.body.indicators).toBeDefined();

    const listed = await app.http().get(`/communities?district=huli-district&minPosition=${created.body.position}`).expect(200);
    expect(listed.body.items.map((item: { communityId: string }) => item.communityId)).toEqual(['huli']);
    const otherDistrict = await app.http().get('/communities?district=siming').expect(200);
    expect(otherDistrict.body.items).toEqual([]);
  });

  it('generates an id when no code is given, and filters rural villages by kind', async () => {
    const created = await register({ ...huli, communityId: undefined, name: '后溪村', kind: 'rural', residents: 900, households: 300 }).expect(201);
    expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/);
    const rural = await app.http().get(`/communities?kind=rural&minPosition=${created.body.position}`).expect(200);
    expect(rural.body.items.map((item: { name: string }) => item.name)).toEqual(['后溪村']);
  });

  it('answers a retried registration with the same Idempotency-Key from the first attempt', async () => {
    const body = { ...huli, communityId: undefined, name: '殿前社区' };
    const headers = { ...bureau, 'Idempotency-Key': 'register-dianqian' };
    const first = await register(body, headers).expect(201);
    const retry = await register(body, headers).expect(201);
    expect(retry.body).toMatchObject({ id: first.body.id, replayed: true, position: first.body.position });
    expect(await streamOf(first.body.id)).toHaveLength(1);
  });

  it('updates the population, and records nothing when the head count is unchanged', async () => {
    const updated = await app.http().post('/communities/huli/population').set(bureau).send({ residents: 12500, households: 4200 }).expect(200);
    expect(updated.body.events.map((event: { type: string }) => event.type)).toEqual(['CommunityPopulationUpdated']);
    const detail = await app.http().get(`/communities/huli?minPosition=${updated.body.position}`).expect(200);
    expect(detail.body).toMatchObject({ residents: 12500, households: 4200 });

    const same = await app.http().post('/communities/huli/population').set(bureau).send({ residents: 12500, households: 4200 }).expect(200);
    expect(same.body.events).toEqual([]);
    expect(await streamOf('huli')).toHaveLength(2);
  });

  it('refuses a second registration of the same code and keeps the first', async () => {
    const refused = await register({ ...huli, name: '冒名社区' }).expect(409);
    expect(refused.body.code).toBe('COMMUNITY_ALREADY_EXISTS');
    const history = await streamOf('huli');
    expect(history.map((event) => event.type)).toEqual(['CommunityRegistered', 'CommunityPopulationUpdated']);
    expect((history[0]!.data as { name: string }).name).toBe('湖里社区');
  });

  it('refuses more households than residents, storing nothing', async () => {
    const refused = await register({ ...huli, communityId: 'impossible', residents: 10, households: 11 }).expect(400);
    expect(refused.body.code).toBe('COMMUNITY_POPULATION_INVALID');
    expect(await streamOf('impossible')).toEqual([]);
    const missing = await app.http().get('/communities/impossible').expect(404);
    expect(missing.body.code).toBe('COMMUNITY_NOT_FOUND');
  });

  it('answers 404 COMMUNITY_NOT_FOUND for the population of an unknown community', async () => {
    const refused = await app.http().post('/communities/nowhere/population').set(bureau).send({ residents: 1, households: 1 }).expect(404);
    expect(refused.body.code).toBe('COMMUNITY_NOT_FOUND');
    expect(await streamOf('nowhere')).toEqual([]);
  });

  it('refuses unknown fields, wrong types and requests without an actor', async () => {
    const unknownField = await register({ ...huli, communityId: 'x1', mayor: '王' }).expect(400);
    expect(unknownField.body.code).toBe('VALIDATION_FAILED');

    const wrongType = await register({ ...huli, communityId: 'x2', residents: 'many' }).expect(400);
    expect(wrongType.body.code).toBe('VALIDATION_FAILED');
    expect(wrongType.body.details.fields.map((field: { field: string }) => field.field)).toContain('residents');

    const badKind = await register({ ...huli, communityId: 'x3', kind: 'suburban' }).expect(400);
    expect(badKind.body.details.fields.map((field: { field: string }) => field.field)).toContain('kind');

    const noActor = await app.http().post('/communities').send({ ...huli, communityId: 'x4' }).expect(401);
    expect(noActor.body.code).toBe('AUTHENTICATION_REQUIRED');

    for (const communityId of ['x1', 'x2', 'x3', 'x4']) expect(await streamOf(communityId)).toEqual([]);
  });

  it('refuses a bad list filter', async () => {
    const refused = await app.http().get('/communities?kind=metropolis').expect(400);
    expect(refused.body.code).toBe('VALIDATION_FAILED');
  });
});
