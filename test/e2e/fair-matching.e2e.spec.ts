import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { storeVariants } from '../support/store-variants.js';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';

interface Reason {
  factor: string;
  value: number;
  detail: string;
}

/**
 * 公平分配 over HTTP (issue 13 item 5): two volunteers alike in every way but one, that one of them
 * was just assigned hours. Proposals rank the other first and say why (the `fairness` reason), and
 * the batch plan gives the next need to the other as well.
 */
describe.each(storeVariants('fair-matching'))('fair matching (e2e) on $name', ({ env, cleanUp }) => {
  let app: TestApp;
  const committee = actor('community_committee', 'committee-fair');
  const communityId = 'fair-e2e';

  const listNeed = async (title: string) => {
    const response = await app.http().post('/needs').set(committee).send({
      communityId, category: 'elderly_care', title, description: '每周上门', urgency: 'high', source: 'visit', beneficiaries: 1, requiredSkills: [], hoursPerWeek: 2,
    });
    expect(response.status).toBe(201);
    return response.body as { id: string; position: number };
  };
  const registerVolunteer = async (phone: string) => {
    const volunteer = actor('volunteer');
    const person = { name: '王芳', phone, idNumber: `35020319900101${phone.slice(-4)}` };
    const { id } = (await app.http().post('/volunteers').set(volunteer).send({ person, communityId }).expect(201)).body as { id: string };
    await app.http().post(`/volunteers/${id}/skills`).set(volunteer).send({ skills: ['陪伴'], categories: ['elderly_care'] }).expect(200);
    const declared = await app.http().post(`/volunteers/${id}/availability`).set(volunteer).send({ hoursPerWeek: 8 }).expect(200);
    return { id, position: (declared.body as { position: number }).position };
  };
  const proposals = async (needId: string, minPosition: number) =>
    (
      (await app.http().get(`/needs/${needId}/proposals`).query({ minPosition, limit: 10 }).expect(200)).body as {
        proposals: { resourceKey: string; score: number; reasons: Reason[] }[];
      }
    ).proposals.filter((proposal) => proposal.resourceKey.startsWith('volunteer:'));

  beforeAll(async () => {
    app = await startTestApp(env());
    const area = { city: 'xiamen', district: 'fair-district', street: 'fair-street' };
    await app.http().post('/communities').set(actor('civil_affairs_bureau')).send({ communityId, name: '公平社区', area, kind: 'urban', residents: 6000, households: 2000 }).expect(201);
  });

  afterAll(async () => {
    await app?.close();
    await cleanUp();
  });

  it('ranks the volunteer who received nothing lately first, says why, and the batch plan spreads the work', async () => {
    const busy = await registerVolunteer('13800001111');
    const fresh = await registerVolunteer('13800002222');
    const first = await listNeed('独居老人陪伴');
    const before = await proposals(first.id, Math.max(busy.position, fresh.position, first.position));
    // Alike in all but the key: both score the same, and both have received nothing yet.
    expect(before.map((proposal) => proposal.score)).toEqual([before[0]!.score, before[0]!.score]);
    for (const proposal of before) {
      expect(proposal.reasons.find((reason) => reason.factor === 'fairness')).toMatchObject({ value: 1, detail: 'received nothing in the last 90 days' });
    }

    const assigned = await app.http().post(`/needs/${first.id}/proposals/accept`).set(committee).send({ resourceKey: `volunteer:${busy.id}` }).expect(200);
    const second = await listNeed('助餐送餐');
    const after = await proposals(second.id, Math.max((assigned.body as { position: number }).position, second.position));
    expect(after.map((proposal) => proposal.resourceKey)).toEqual([`volunteer:${fresh.id}`, `volunteer:${busy.id}`]);
    expect(after[0]!.score).toBeGreaterThan(after[1]!.score);
    expect(after[1]!.reasons.find((reason) => reason.factor === 'fairness')).toMatchObject({
      value: 0.75,
      detail: 'received 2 of a fair share of 8 weekly hours in the last 90 days',
    });

    // The plan for the district (nothing committed): the second need's two hours go to the fresh volunteer.
    const plan = await app.http().post('/matching/allocations').set(actor('civil_affairs_bureau')).send({ district: 'fair-district', minPosition: second.position }).expect(200);
    const body = plan.body as { committed: boolean; assignments: { demandId: string; resourceKey: string; quantity: { hoursPerWeek?: number } }[] };
    expect(body.committed).toBe(false);
    expect(body.assignments.filter((assignment) => assignment.demandId === second.id && assignment.resourceKey.startsWith('volunteer:'))).toEqual([
      expect.objectContaining({ resourceKey: `volunteer:${fresh.id}`, quantity: { hoursPerWeek: 2 } }),
    ]);
  });
});
