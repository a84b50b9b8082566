import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * What a careless or hostile client gets back: one error body with a stable code for every kind of
 * bad request, and never a stored fact. Each refusal is checked against the event store's head.
 */
describe('bad input (e2e)', () => {
  const BODY_LIMIT_BYTES = 4096;
  let app: TestApp;
  const bureau = actor('civil_affairs_bureau', 'bureau-siming');
  const committee = actor('community_committee', 'committee-zhonghua');
  const communityId = 'zhonghua-bad-input';
  const need = { communityId, category: 'elderly_care', title: '独居老人助餐', description: '午餐送餐上门', urgency: 'high', source: 'visit', beneficiaries: 3 };

  const head = () => app.service.infrastructure.eventStore.headPosition();
  /** Runs a request that must be refused, and checks the refusal stored nothing. */
  const refusedWithoutFacts = async (send: () => Promise<Response>, status: number, code: string) => {
    const before = await head();
    const response = await send();
    expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
    expect(response.body).toMatchObject({ statusCode: status, message: expect.any(String), correlationId: expect.any(String) });
    expect(await head()).toBe(before);
    return response.body as { details?: { fields?: { field: string }[] } & Record<string, unknown> };
  };
  const postNeed = (body: unknown, headers: Record<string, string> = committee) => app.http().post('/needs').set(headers).send(body as object);
  const fieldsOf = (body: { details?: { fields?: { field: string }[] } }) => (body.details?.fields ?? []).map(({ field }) => field);

  beforeAll(async () => {
    app = await startTestApp({ BODY_LIMIT_BYTES: String(BODY_LIMIT_BYTES) });
    await app
      .http()
      .post('/communities')
      .set(bureau)
      .send({ communityId, name: '中华社区', area: { city: 'xiamen', district: 'siming', street: 'zhonghua' }, kind: 'urban', residents: 6200, households: 2300 })
      .expect(201);
    // The good request the bad ones are variations of: it passes, so each refusal is due to its one defect.
    await postNeed(need).expect(201);
  });

  afterAll(async () => {
    await app?.close();
  });

  describe('refused by validation (400 VALIDATION_FAILED, naming the field)', () => {
    it('an unknown field at the top level and inside a nested object', async () => {
      const top = await refusedWithoutFacts(() => postNeed({ ...need, priority: 'vip' }), 400, 'VALIDATION_FAILED');
      expect(fieldsOf(top)).toEqual(['priority']);
      const nested = await refusedWithoutFacts(() => postNeed({ ...need, beneficiary: { name: '王阿姨', religion: 'x' } }), 400, 'VALIDATION_FAILED');
      expect(fieldsOf(nested)).toEqual(['beneficiary.religion']);
    });

    it('a wrong type, an out-of-range number and a value outside the enumeration', async () => {
      const wrongType = await refusedWithoutFacts(() => postNeed({ ...need, beneficiaries: '3' }), 400, 'VALIDATION_FAILED');
      expect(fieldsOf(wrongType)).toEqual(['beneficiaries']);
      const outOfRange = await refusedWithoutFacts(() => postNeed({ ...need, beneficiaries: 0 }), 400, 'VALIDATION_FAILED');
      expect(fieldsOf(outOfRange)).toEqual(['beneficiaries']);
      const notInEnum = await refusedWithoutFacts(() => postNeed({ ...need, urgency: 'whenever' }), 400, 'VALIDATION_FAILED');
      expect(fieldsOf(notInEnum)).toEqual(['urgency']);
    });

    it('a missing required field, an array where an object belongs, and a malformed id in the path', async () => {
      const { title: _title, ...untitled } = need;
      expect(fieldsOf(await refusedWithoutFacts(() => postNeed(untitled), 400, 'VALIDATION_FAILED'))).toEqual(['title']);
      await refusedWithoutFacts(() => postNeed([need]), 400, 'VALIDATION_FAILED');
      const badPath = await refusedWithoutFacts(() => app.http().post('/needs/not%20an%20id/verify').set(committee).send(), 400, 'VALIDATION_FAILED');
      expect(fieldsOf(badPath)).toEqual(['needId']);
    });

    it('a query parameter of the wrong type', async () => {
      const response = await refusedWithoutFacts(() => app.http().get('/needs?minPosition=soon'), 400, 'VALIDATION_FAILED');
      expect(fieldsOf(response)).toEqual(['minPosition']);
      await refusedWithoutFacts(() => app.http().get('/needs?limit=1000'), 400, 'VALIDATION_FAILED');
    });
  });

  describe('refused before validation', () => {
    it(`a body over BODY_LIMIT_BYTES (${BODY_LIMIT_BYTES}) -> 413 PAYLOAD_TOO_LARGE`, async () => {
      const oversized = { ...need, description: '长'.repeat(BODY_LIMIT_BYTES) };
      expect(Buffer.byteLength(JSON.stringify(oversized))).toBeGreaterThan(BODY_LIMIT_BYTES);
      await refusedWithoutFacts(() => postNeed(oversized), 413, 'PAYLOAD_TOO_LARGE');
    });

    it('malformed JSON and an empty JSON body -> 400 MALFORMED_JSON', async () => {
      const send = (raw: string) => () => app.http().post('/needs').set(committee).set('Content-Type', 'application/json').send(raw);
      await refusedWithoutFacts(send('{"communityId": "zhonghua-bad-input", "title": '), 400, 'MALFORMED_JSON');
      await refusedWithoutFacts(send(''), 400, 'MALFORMED_JSON');
    });

    it('a body that is not JSON -> 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      await refusedWithoutFacts(() => app.http().post('/needs').set(committee).set('Content-Type', 'text/plain').send('need: lunch'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('no token, X-Actor headers alone, an unsafe subject or an unknown role -> 401', async () => {
      await refusedWithoutFacts(() => postNeed(need, {}), 401, 'AUTHENTICATION_REQUIRED');
      await refusedWithoutFacts(() => postNeed(need, { 'X-Actor-Id': 'committee-zhonghua', 'X-Actor-Role': 'community_committee' }), 401, 'AUTHENTICATION_REQUIRED');
      await refusedWithoutFacts(() => postNeed(need, actor('community_committee', 'committee zhonghua')), 401, 'TOKEN_INVALID');
      await refusedWithoutFacts(() => postNeed(need, actor('emperor', 'mayor')), 401, 'TOKEN_INVALID');
    });

    it('an Idempotency-Key with unsafe characters -> 400 IDEMPOTENCY_KEY_INVALID', async () => {
      await refusedWithoutFacts(() => postNeed(need, { ...committee, 'Idempotency-Key': 'key with spaces' }), 400, 'IDEMPOTENCY_KEY_INVALID');
    });
  });

  describe('queries', () => {
    it('a cursor this service never issued, or one from another list -> 400 INVALID_CURSOR', async () => {
      await refusedWithoutFacts(() => app.http().get('/needs?cursor=bm90LWEtY3Vyc29y'), 400, 'INVALID_CURSOR');
      await postNeed(need).expect(201);
      const page = await app.http().get('/needs?limit=1').expect(200);
      expect(page.body.nextCursor).toEqual(expect.any(String));
      // A needs cursor replayed on the projects list is refused, not misread.
      await refusedWithoutFacts(() => app.http().get(`/projects?cursor=${page.body.nextCursor}`), 400, 'INVALID_CURSOR');
    });

    it('an unknown route -> 404 ROUTE_NOT_FOUND; a method the path does not take -> 405 METHOD_NOT_ALLOWED; an unknown id -> 404 with the aggregate code', async () => {
      await refusedWithoutFacts(() => app.http().get('/wishes'), 404, 'ROUTE_NOT_FOUND');
      await refusedWithoutFacts(() => app.http().delete('/needs').set(committee), 405, 'METHOD_NOT_ALLOWED');
      await refusedWithoutFacts(() => app.http().get('/needs/no-such-need'), 404, 'NEED_NOT_FOUND');
      await refusedWithoutFacts(() => app.http().post('/needs/no-such-need/verify').set(committee).send(), 404, 'NEED_NOT_FOUND');
    });
  });

  describe('rate limiting', () => {
    let limited: TestApp;
    beforeAll(async () => {
      limited = await startTestApp({ RATE_LIMIT_PER_MINUTE: '5' });
    });
    afterAll(async () => {
      await limited?.close();
    });

    it('answers the 6th request of a minute with 429 RATE_LIMITED and stores nothing for it', async () => {
      // The limit is per user (the token's subject): the same bureau's five reads use up its minute.
      for (let request = 1; request <= 5; request++) await limited.http().get('/needs').set(bureau).expect(200);
      const before = await limited.service.infrastructure.eventStore.headPosition();
      const refused = await limited
        .http()
        .post('/communities')
        .set(bureau)
        .send({ communityId: 'limited', name: '限流社区', area: { city: 'xiamen', district: 'siming', street: 'zhonghua' }, kind: 'urban', residents: 10, households: 4 });
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 429, code: 'RATE_LIMITED' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(await limited.service.infrastructure.eventStore.headPosition()).toBe(before);
    });
  });
});
