import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, chinaDateOf } from '#domain';
import { storeVariants } from '../support/store-variants.js';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * 特殊困难老年人月探访率 over HTTP (issue 12 item 3, seed 003 column 3): committees register the
 * elderly people in special difficulty of their community, committees and social workers record home
 * visits, and GET /indicators answers the month's rate at every level with the 100 % target.
 */
describe.each(storeVariants('home-visits'))('monthly home visits of elderly people in special difficulty (e2e) on $name', ({ env, cleanUp }) => {
  let app: TestApp;
  const CITY = 'xiamen';
  const DISTRICT = 'visit-district';
  const east = { city: CITY, district: DISTRICT, street: 'visit-east', community: 'visit-east-1' };
  const west = { city: CITY, district: DISTRICT, street: 'visit-west', community: 'visit-west-1' };
  const committeeOf = (area: typeof east) => actor('community_committee', `committee-${area.community}`, area);
  const bureau = actor('civil_affairs_bureau', 'visit-bureau', { city: CITY, district: DISTRICT });
  const today = chinaDateOf(new Date());
  let lastPosition = 0;

  const register = async (area: typeof east, name: string) => {
    const response = await app.http().post('/elders').set(committeeOf(area)).send({ communityId: area.community, circumstances: ['living_alone', 'advanced_age'], person: { name, phone: '13900000000' } });
    expect(response.status).toBe(201);
    lastPosition = Math.max(lastPosition, response.body.position);
    return response.body.id as string;
  };
  const visit = async (who: Record<string, string>, elderId: string, outcome: string, visitor = { kind: 'committee_member', ref: 'staff-7' }) => {
    const response = await app.http().post(`/elders/${elderId}/visits`).set(who).send({ visitedOn: today, visitor, outcome });
    if (response.status === 200) lastPosition = Math.max(lastPosition, response.body.position);
    return response;
  };
  const rate = async (level: string, code: string, asOf?: string) => {
    // A district office reads its district and below; the city is the city bureau's.
    const response = await app.http().get('/indicators').set(level === 'city' ? actor('civil_affairs_bureau', 'visit-city', { city: CITY }) : bureau).query({ level, code, minPosition: String(lastPosition), ...(asOf ? { asOf } : {}) });
    expect(response.status).toBe(200);
    return response.body as { homeVisits: unknown; targets: { indicator: string; figure: number | null; target: number; met: boolean | null }[] };
  };

  let elders: string[];

  beforeAll(async () => {
    app = await startTestApp(env());
    for (const area of [east, west]) {
      const { community, ...above } = area;
      await app.http().post('/communities').set(actor('civil_affairs_bureau')).send({ communityId: community, name: `${community} 社区`, area: above, kind: 'urban', residents: 6000, households: 2000 }).expect(201);
    }
    elders = [await register(east, '陈阿婆'), await register(east, '林阿公'), await register(east, '黄阿婆'), await register(west, '吴阿公')];
  });

  afterAll(async () => {
    await app?.close();
    await cleanUp();
  });

  it('keeps the person in the vault and only a pseudonymous reference in the fact', async () => {
    const [registered] = await app.service.infrastructure.eventStore.readStream(`elder-${elders[0]}`);
    expect(registered!.type).toBe('ElderInDifficultyRegistered');
    expect(JSON.stringify(registered!.data)).not.toContain('陈阿婆');
    const { beneficiaryRef } = registered!.data as { beneficiaryRef: string };
    expect(await app.service.infrastructure.vault.get(beneficiaryRef)).toMatchObject({ name: '陈阿婆', phone: '13900000000' });
    // Erasure finds the register among the records naming the person: another district's office may not, the district's may.
    const elsewhere = await app.http().delete(`/persons/${beneficiaryRef}`).set(actor('civil_affairs_bureau', 'other-bureau', { city: CITY, district: 'elsewhere' }));
    expect({ status: elsewhere.status, code: elsewhere.body.code }).toEqual({ status: 404, code: 'PERSON_NOT_FOUND' });
    await app.http().delete(`/persons/${beneficiaryRef}`).set(bureau).expect(204);
    expect(await app.service.infrastructure.vault.get(beneficiaryRef)).toBeNull();
  });

  it('records visits by the committee and by a social worker of the area; another community’s committee is refused and stores nothing', async () => {
    const [chen, lin, huang, wu] = elders as [string, string, string, string];
    expect((await visit(committeeOf(east), chen, 'well')).status).toBe(200);
    const socialWorker = actor('social_worker', 'sw-visit', { city: CITY, district: DISTRICT, street: 'visit-east' }, 'org-visit');
    expect((await visit(socialWorker, lin, 'concern', { kind: 'social_worker', ref: 'sw-visit' })).status).toBe(200);
    // Nobody home at 黄阿婆's: on file, not a visit for the rate.
    expect((await visit(committeeOf(east), huang, 'not_met')).status).toBe(200);

    const refused = await visit(committeeOf(west), chen, 'well');
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 404, code: 'ELDER_NOT_FOUND' });
    const future = await app.http().post(`/elders/${wu}/visits`).set(committeeOf(west)).send({ visitedOn: addDays(today, 1), visitor: { kind: 'volunteer', ref: 'vol-1' }, outcome: 'well' });
    expect({ status: future.status, code: future.body.code }).toEqual({ status: 400, code: 'HOME_VISIT_IN_FUTURE' });
    const volunteer = await visit(actor('volunteer', 'vol-1', west), wu, 'well');
    expect({ status: volunteer.status, code: volunteer.body.code }).toEqual({ status: 403, code: 'ROLE_NOT_PERMITTED' });
    expect((await app.service.infrastructure.eventStore.readStream(`elder-${wu}`)).map((event) => event.type)).toEqual(['ElderInDifficultyRegistered']);
    expect((await app.service.infrastructure.eventStore.readStream(`elder-${chen}`)).map((event) => event.type)).toEqual(['ElderInDifficultyRegistered', 'HomeVisitRecorded']);
  });

  it('answers the month’s rate at community, street, district and city level with the 100 % target beside it', async () => {
    const month = today.slice(0, 7);
    expect((await rate('community', east.community)).homeVisits).toEqual({ month, registered: 3, visited: 2, rate: 0.6667, target: 1 });
    expect((await rate('street', west.street)).homeVisits).toEqual({ month, registered: 1, visited: 0, rate: 0, target: 1 });
    expect((await rate('district', DISTRICT)).homeVisits).toEqual({ month, registered: 4, visited: 2, rate: 0.5, target: 1 });
    const city = await rate('city', CITY);
    expect(city.homeVisits).toMatchObject({ month, registered: 4, visited: 2 });
    expect((await rate('district', DISTRICT)).targets.find((target) => target.indicator === 'homeVisits.rate')).toEqual({
      indicator: 'homeVisits.rate', seed: '003 col. 3', figure: 0.5, target: 1, met: false,
    });
  });

  it('lists the register of the reader’s area with who is still owed this month’s visit; the person only to those who may see it', async () => {
    const [chen, lin, huang, wu] = elders as [string, string, string, string];
    type Listed = { elderId: string; area: { community: string }; status: string; lastVisit: { visitedOn: string; outcome: string } | null; visitedThisMonth: boolean; person: { name: string | null; phone: string | null } | null; personalDataErased: boolean; personalDataHidden: boolean };
    const list = async (who: Record<string, string>, query: Record<string, string> = {}) => {
      const response = await app.http().get('/elders').set(who).query({ minPosition: String(lastPosition), ...query });
      expect(response.status).toBe(200);
      return response.body as { items: Listed[]; nextCursor: string | null };
    };
    const east1 = await list(committeeOf(east));
    // Newest registration first; only the committee's own community (吴阿公 lives in the west).
    expect(east1.items.map((item) => item.elderId)).toEqual([huang, lin, chen]);
    const byId = new Map(east1.items.map((item) => [item.elderId, item]));
    expect(byId.get(lin)).toMatchObject({ status: 'registered', lastVisit: { visitedOn: today, outcome: 'concern' }, visitedThisMonth: true, person: { name: '林阿公', phone: '13900000000' }, personalDataHidden: false });
    expect(byId.get(huang)).toMatchObject({ lastVisit: { visitedOn: today, outcome: 'not_met' }, visitedThisMonth: false, person: { name: '黄阿婆' } });
    // 陈阿婆 was erased: the row stays (she is still owed visits), who she was is gone.
    expect(byId.get(chen)).toMatchObject({ visitedThisMonth: true, person: null, personalDataErased: true });
    expect((await list(committeeOf(east), { visitedThisMonth: 'false' })).items.map((item) => item.elderId)).toEqual([huang]);
    expect((await list(committeeOf(east), { visitedThisMonth: 'true' })).items.map((item) => item.elderId)).toEqual([lin, chen]);
    // The district's office sees both communities, narrowed by street, one page at a time.
    expect((await list(bureau)).items.map((item) => item.elderId)).toEqual([wu, huang, lin, chen]);
    expect((await list(bureau, { street: west.street })).items.map((item) => item.elderId)).toEqual([wu]);
    const first = await list(bureau, { limit: '3' });
    expect(first.items).toHaveLength(3);
    expect((await list(bureau, { limit: '3', cursor: first.nextCursor! })).items.map((item) => item.elderId)).toEqual([chen]);
    // A social worker of the street sees who is on the register of its street, not who they are; a volunteer, a donor: nothing.
    const socialWorker = actor('social_worker', 'sw-visit', { city: CITY, district: DISTRICT, street: 'visit-east' }, 'org-visit');
    const seenBySocialWorker = await list(socialWorker);
    expect(seenBySocialWorker.items.map((item) => item.elderId)).toEqual([huang, lin, chen]);
    for (const item of seenBySocialWorker.items) expect(item).toMatchObject({ person: null, personalDataHidden: true });
    expect(JSON.stringify(seenBySocialWorker)).not.toContain('林阿公');
    expect((await list(actor('volunteer', 'vol-1', east))).items).toEqual([]);
    expect((await list(actor('donor', 'donor-1', east))).items).toEqual([]);

    // The detail: every visit, and the id number for those who may see the person.
    const detail = await app.http().get(`/elders/${lin}`).set(committeeOf(east)).expect(200);
    expect(detail.body).toMatchObject({ elderId: lin, person: { name: '林阿公', idNumber: null }, visits: [{ visitedOn: today, outcome: 'concern', met: true, visitorKind: 'social_worker' }] });
    expect(detail.body.personRef).toBeUndefined();
    expect((await app.http().get(`/elders/${lin}`).set(socialWorker).expect(200)).body).toMatchObject({ person: null, personalDataHidden: true });
    // Outside the reader's area, or to a role that may not read the register: exactly as an unknown id.
    const unknown = await app.http().get('/elders/no-such-elder').set(committeeOf(east)).expect(404);
    for (const who of [committeeOf(west), actor('volunteer', 'vol-1', east)]) {
      const hidden = await app.http().get(`/elders/${lin}`).set(who).expect(404);
      expect(hidden.body.code).toBe('ELDER_NOT_FOUND');
      expect(hidden.body.message).toBe(unknown.body.message);
    }
    expect(unknown.body.code).toBe('ELDER_NOT_FOUND');
    expect((await app.http().get('/elders').set(committeeOf(east)).query({ visitedThisMonth: 'maybe' })).body.code).toBe('VALIDATION_FAILED');
    expect((await app.http().get('/elders').set(committeeOf(east)).query({ status: 'asleep' })).body.code).toBe('VALIDATION_FAILED');
  });

  it('counts a person who left the register no more, and answers as of a past day what the log knew then', async () => {
    const [, , huang, wu] = elders as [string, string, string, string];
    const removed = await app.http().post(`/elders/${wu}/remove`).set(committeeOf(west)).send({ reason: 'entered_care_home' });
    expect(removed.status).toBe(200);
    lastPosition = removed.body.position;
    expect((await visit(committeeOf(west), wu, 'well')).body.code).toBe('ELDER_NOT_ON_REGISTER');
    expect((await visit(committeeOf(east), huang, 'well')).status).toBe(200);
    expect((await rate('district', DISTRICT)).homeVisits).toMatchObject({ registered: 3, visited: 3, rate: 1 });
    expect((await rate('district', DISTRICT)).targets.find((target) => target.indicator === 'homeVisits.rate')).toMatchObject({ met: true });
    // Yesterday nobody was on a register yet; today as of the end of today equals now.
    expect((await rate('district', DISTRICT, addDays(today, -1))).homeVisits).toEqual({ month: addDays(today, -1).slice(0, 7), registered: 0, visited: 0, rate: null, target: 1 });
    expect((await rate('district', DISTRICT, today)).homeVisits).toEqual((await rate('district', DISTRICT)).homeVisits);
  });
});
