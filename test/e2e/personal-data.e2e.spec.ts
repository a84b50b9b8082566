import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';

const need = (communityId: string) => ({
  communityId,
  category: 'elderly_care',
  title: '独居老人助餐',
  description: '每日午餐送餐',
  urgency: 'high',
  source: 'visit',
  beneficiaries: 1,
  beneficiary: { name: '王阿姨', phone: '13800000000' },
});

describe('personal data through retries (vault, Idempotency-Key)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app.close());

  it('a refused request leaves no personal data, and its retry with the same key succeeds once', async () => {
    const committee = actor('community_committee');
    const refused = await app.http().post('/needs').set(committee).set('Idempotency-Key', 'visit-7').send(need('c-later'));
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('COMMUNITY_NOT_FOUND');

    await app
      .http()
      .post('/communities')
      .set(actor('civil_affairs_bureau'))
      .send({ communityId: 'c-later', name: '莲前社区', area: { city: 'xiamen', district: 'siming', street: 'lianqian' }, kind: 'urban', residents: 9000, households: 3000 })
      .expect(201);

    const listed = await app.http().post('/needs').set(committee).set('Idempotency-Key', 'visit-7').send(need('c-later'));
    expect(listed.status).toBe(201);
    const again = await app.http().post('/needs').set(committee).set('Idempotency-Key', 'visit-7').send(need('c-later'));
    expect(again.status).toBe(201);
    expect(again.body.replayed).toBe(true);
    expect(again.body.events.map((event: { eventId: string }) => event.eventId)).toEqual(listed.body.events.map((event: { eventId: string }) => event.eventId));

    // The one stored fact names a person whose data the vault still holds; the retry's copy was erased.
    const [listedEvent] = await app.service.infrastructure.eventStore.readStream(listed.body.streamId);
    const beneficiaryRef = (listedEvent!.data as { beneficiaryRef: string }).beneficiaryRef;
    expect(await app.service.infrastructure.vault.get(beneficiaryRef)).toEqual({ name: '王阿姨', phone: '13800000000' });
    expect(JSON.stringify(listedEvent)).not.toContain('王阿姨');
    expect(JSON.stringify(listedEvent)).not.toContain('13800000000');
  });
});
