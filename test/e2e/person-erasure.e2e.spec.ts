import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { storeVariants } from '../support/store-variants.js';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';

/** 个人信息删除 is recorded as a fact (issue 10 gap): who erased whom by reference, when, under which area; no personal data. */
describe.each(storeVariants('person-erasure'))('erasure of a person as a fact (e2e) on $name', ({ env, cleanUp }) => {
  let app: TestApp;
  const bureau = actor('civil_affairs_bureau', 'erasing-office', { city: 'xiamen', district: 'huli' });
  let volunteerId: string;
  let personRef: string;
  const erasures = async (ref: string) => (await app.service.infrastructure.eventStore.readStream(`person-${ref}`)).filter((event) => event.type === 'PersonalDataErased');
  const erase = (ref: string, headers: Record<string, string>) => app.http().delete(`/persons/${ref}`).set(headers);

  beforeAll(async () => {
    app = await startTestApp(env());
    await app.http().post('/communities').set(actor('civil_affairs_bureau')).send({
      communityId: 'erasure-huli', name: '湖里社区', area: { city: 'xiamen', district: 'huli', street: 'jiangtou' }, kind: 'urban', residents: 9000, households: 3000,
    }).expect(201);
    volunteerId = (await app.http().post('/volunteers').set(actor('volunteer', 'erasure-volunteer')).send({
      person: { name: '郑秀兰', phone: '13900001234' }, communityId: 'erasure-huli',
    }).expect(201)).body.id;
    const [registered] = await app.service.infrastructure.eventStore.readStream(`volunteer-${volunteerId}`);
    personRef = (registered!.data as { personRef: string }).personRef;
  });

  afterAll(async () => {
    await app?.close();
    await cleanUp();
  });

  it('records who erased, when, which reference and under which area, with no personal data, after refusing another role, area or reference; a repeat records nothing', async () => {
    for (const [headers, status, code] of [
      [actor('community_committee', 'erasure-committee'), 403, 'ROLE_NOT_PERMITTED'],
      [actor('civil_affairs_bureau', 'far-office', { city: 'quanzhou' }), 404, 'PERSON_NOT_FOUND'],
    ] as const) {
      const answer = await erase(personRef, headers);
      expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });
    }
    const unknown = await erase('vault-no-such-person', bureau);
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 404, code: 'PERSON_NOT_FOUND' });
    expect(await erasures('vault-no-such-person')).toHaveLength(0);

    // Then the office of the area erases: one fact, whatever was refused before.
    await erase(personRef, bureau).expect(204);
    const [fact, ...more] = await erasures(personRef);
    expect(more).toHaveLength(0);
    expect(fact!.data).toEqual({
      personRef, records: [{ kind: 'volunteer', id: volunteerId }], area: { city: 'xiamen', district: 'huli', street: 'jiangtou', community: 'erasure-huli' }, erasedAt: expect.any(String),
    });
    expect(fact!.metadata.actor).toMatchObject({ id: 'erasing-office', role: 'civil_affairs_bureau' });
    expect(JSON.stringify(fact!.data)).not.toMatch(/郑秀兰|13900001234/);

    // The audit trail shows it in words; the data stays shredded.
    const history = (await app.http().get(`/persons/${personRef}/history`).set(actor('auditor', 'erasure-auditor')).expect(200)).body as { entries: { type: string; summary: string }[] };
    expect(history.entries.map((entry) => entry.type)).toEqual(['PersonalDataErased']);
    expect(history.entries[0]!.summary).toContain('民政局 erasing-office');
    expect(history.entries[0]!.summary).toContain(`志愿者 ${volunteerId}`);
    const detail = (await app.http().get(`/volunteers/${volunteerId}`).set(bureau).expect(200)).body as { name: string | null; personalDataErased: boolean };
    expect(detail).toMatchObject({ name: null, personalDataErased: true });

    await erase(personRef, bureau).expect(204);
    expect(await erasures(personRef)).toHaveLength(1);
  });
});
