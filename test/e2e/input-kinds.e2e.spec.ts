import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The kinds of input fault found by trying Wushe from outside (issue 8, sections 1 and 2), each
 * with the example that once got through and its siblings: every one is a 4xx with a stable code
 * and stores nothing. The generated suite (hostile-input.e2e.spec.ts) sends the same kinds to
 * every endpoint; this file pins the reported examples.
 */
describe('kinds of bad input (e2e)', () => {
  let app: TestApp;
  const bureau = actor('civil_affairs_bureau', 'bureau-kinds');
  const committee = actor('community_committee', 'committee-kinds');
  const donor = actor('donor', 'donor-kinds');
  const communityId = 'kinds-community';
  const area = { city: 'xiamen', district: 'd1', street: 's1' };
  const community = { communityId, name: '试验社区', area, kind: 'urban', residents: 5000, households: 1800 };
  const need = { communityId, category: 'elderly_care', title: '独居老人助餐', description: '午餐送餐', urgency: 'high', source: 'visit', beneficiaries: 1 };
  const money = { donor: { kind: 'enterprise', displayName: '某公司' }, resource: 'money', amountFen: 100000, communityId };
  const person = { name: '李明' };
  let donationId: string;
  let volunteerId: string;
  let socialWorkerId: string;

  const head = () => app.service.infrastructure.eventStore.headPosition();
  const post = (path: string, body: unknown, headers: Record<string, string> = bureau) => app.http().post(path).set(headers).send(body as object);
  /** Sends a request that must be refused with `status` and `code`, and checks that nothing was stored. */
  const refused = async (send: () => Promise<Response>, status: number, code: string) => {
    const before = await head();
    const response = await send();
    expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
    expect(await head()).toBe(before);
    return response;
  };

  /** Bytes exactly as given, on a real socket (supertest would re-encode a body and cannot send huge headers). */
  const sendRaw = async (method: string, path: string, headers: Record<string, string>, body?: Buffer) => {
    const server = app.service.app.getHttpServer();
    if (!server.listening) await app.service.app.listen(0, '127.0.0.1');
    const { port } = server.address() as { port: number };
    return new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const sent = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, type: String(response.headers['content-type']), body: text }));
      });
      sent.on('error', reject);
      sent.end(body);
    });
  };

  beforeAll(async () => {
    app = await startTestApp();
    await post('/communities', community).expect(201);
    await post('/needs', need, committee).expect(201);
    donationId = (await post('/donations', money, donor).expect(201)).body.id;
    volunteerId = (await post('/volunteers', { person, communityId }, actor('volunteer')).expect(201)).body.id;
    socialWorkerId = (await post('/social-workers', { person, base: { level: 'community', communityId }, hasSocialWorkDegree: true }).expect(201)).body.id;
  });

  afterAll(async () => {
    await app?.close();
  });

  describe('a required nested object is required, and an object is never an array', () => {
    it.each([
      ['/communities with area as an array', '/communities', { ...community, communityId: 'c-array', area: [area] }, 'area'],
      ['/communities without area', '/communities', { ...community, communityId: 'c-none', area: undefined }, 'area'],
      ['/communities with area null', '/communities', { ...community, communityId: 'c-null', area: null }, 'area'],
      ['/communities with area a string', '/communities', { ...community, communityId: 'c-str', area: 'xiamen' }, 'area'],
      ['/volunteers without person', '/volunteers', { communityId }, 'person'],
      ['/volunteers with person as an array', '/volunteers', { communityId, person: [person] }, 'person'],
      ['/social-workers without person', '/social-workers', { base: { level: 'community', communityId }, hasSocialWorkDegree: true }, 'person'],
      ['/social-workers without base', '/social-workers', { person, hasSocialWorkDegree: true }, 'base'],
      ['/donations without donor', '/donations', { ...money, donor: undefined }, 'donor'],
      ['/donations with earmark as an array', '/donations', { ...money, earmark: [{ category: 'child_welfare' }] }, 'earmark'],
      ['/projects without area', '/projects', {
        title: '助老项目', kind: 'service', categories: ['elderly_care'], budgetFen: 100000, period: { start: '2027-01-01' },
        requirements: '按月服务', serviceItems: [{ name: '助餐', category: 'elderly_care' }],
      }, 'area'],
    ])('%s -> 400 naming the field', async (_name, path, body, field) => {
      const response = await refused(() => post(path, body, path === '/donations' ? donor : bureau), 400, 'VALIDATION_FAILED');
      expect(response.body.details.fields.map((failure: { field: string }) => failure.field)).toContain(field);
    });

    it('/donations/:id/match without target -> 400, not 500', async () => {
      await refused(() => post(`/donations/${donationId}/match`, { amountFen: 100 }, donor), 400, 'VALIDATION_FAILED');
    });

    it('a list of nested objects refuses an element that is not an object', async () => {
      await refused(() => post(`/volunteers/${volunteerId}/availability`, { hoursPerWeek: 4, windows: ['mon'] }, actor('volunteer')), 400, 'VALIDATION_FAILED');
    });
  });

  describe('numbers', () => {
    it.each([1e-7, 0.001, 1e21, 2.345])('hoursPerWeek %p on availability -> 400, not 500', async (hoursPerWeek) => {
      await refused(() => post(`/volunteers/${volunteerId}/availability`, { hoursPerWeek }, actor('volunteer')), 400, 'VALIDATION_FAILED');
    });

    it('hours 1e-7 on /volunteers/:id/hours and on a social worker assignment -> 400', async () => {
      await refused(() => post(`/volunteers/${volunteerId}/hours`, { assignmentId: 'a1', hours: 1e-7, servedOn: '2026-11-20' }, actor('volunteer')), 400, 'VALIDATION_FAILED');
      await refused(() => post(`/social-workers/${socialWorkerId}/assign`, { projectId: 'p1', hoursPerWeek: 1e-7 }), 400, 'VALIDATION_FAILED');
    });

    it('{"amountFen":null} on a refund is refused: only an omitted amount means the whole balance', async () => {
      await refused(() => post(`/donations/${donationId}/refund`, { amountFen: null, reason: '捐赠人撤回' }, donor), 400, 'VALIDATION_FAILED');
      const detail = await app.http().get(`/donations/${donationId}`).expect(200);
      expect(detail.body.balanceFen ?? detail.body.unallocatedFen).toBe(100000);
    });

    it('null in any optional field is refused, not read as omitted', async () => {
      await refused(() => post('/needs', { ...need, hoursPerWeek: null }, committee), 400, 'VALIDATION_FAILED');
      await refused(() => post('/donations', { ...money, earmark: null }, donor), 400, 'VALIDATION_FAILED');
    });
  });

  describe('impossible dates: one date type, one parser, one code', () => {
    it.each([
      ['need window.from 2026-13-01', '/needs', { ...need, window: { from: '2026-13-01', to: '2027-01-31' } }, committee],
      ['need window.to 2026-02-30', '/needs', { ...need, window: { from: '2026-02-01', to: '2026-02-30' } }, committee],
      ['volunteer registeredOn 2026-02-30', '/volunteers', { person, communityId, registeredOn: '2026-02-30' }, actor('volunteer')],
      ['donation expiresOn 2026-13-01', '/donations', { ...money, expiresOn: '2026-13-01' }, donor],
      ['project period.start 2027-02-29', '/projects', {
        title: '助老项目', area, kind: 'service', categories: ['elderly_care'], budgetFen: 100000, period: { start: '2027-02-29' },
        requirements: '按月服务', serviceItems: [{ name: '助餐', category: 'elderly_care' }],
      }, bureau],
    ])('%s -> 400', async (_name, path, body, headers) => {
      const response = await refused(() => post(path, body, headers), 400, 'VALIDATION_FAILED');
      expect(JSON.stringify(response.body.details)).toContain('calendar date');
    });

    it('certifiedOn 2026-02-30 on /social-workers/:id/certify and servedOn 2026-04-31 on hours -> 400', async () => {
      await refused(() => post(`/social-workers/${socialWorkerId}/certify`, { grade: 'assistant', certificateNumber: 'Z1', certifiedOn: '2026-02-30' }), 400, 'VALIDATION_FAILED');
      await refused(() => post(`/volunteers/${volunteerId}/hours`, { assignmentId: 'a1', hours: 2, servedOn: '2026-04-31' }, actor('volunteer')), 400, 'VALIDATION_FAILED');
    });
  });

  describe('text that is not text', () => {
    it.each([
      ['a lone high surrogate', 'ab\ud800cd'],
      ['a lone low surrogate', 'ab\udc00cd'],
      ['NUL', 'a\u0000b'],
      ['another control character', 'a\u0007b'],
    ])('%s in a need title -> 400 INVALID_TEXT', async (_name, title) => {
      const response = await refused(() => post('/needs', { ...need, title }, committee), 400, 'INVALID_TEXT');
      expect(response.body.details).toEqual({ field: 'body.title' });
    });

    it('a lone surrogate deep in a nested object, or in a field name -> 400 INVALID_TEXT', async () => {
      await refused(() => post('/communities', { ...community, communityId: 'c-text', area: { ...area, street: 's\ud800' } }), 400, 'INVALID_TEXT');
      await refused(() => post('/needs', { ...need, ['ti\u0000tle']: 'x' }, committee), 400, 'INVALID_TEXT');
    });

    it('bytes that are not UTF-8 -> 400 INVALID_ENCODING, never read as U+FFFD', async () => {
      const json = JSON.stringify({ ...need, title: 'a@b' });
      const [left, right] = json.split('@') as [string, string];
      // 0xED 0xA0 0x80 is a surrogate encoded as UTF-8: not UTF-8 at all.
      const body = Buffer.concat([Buffer.from(left), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(right)]);
      const before = await head();
      const answer = await sendRaw('POST', '/needs', { ...committee, 'content-type': 'application/json' }, body);
      expect({ status: answer.status, code: JSON.parse(answer.body).code }).toEqual({ status: 400, code: 'INVALID_ENCODING' });
      expect(await head()).toBe(before);
    });

    const pool = {
      sponsor: { kind: 'enterprise', displayName: '某公司' }, pledgedFen: 100_000, ratio: { gift: 1, match: 1 }, perDonorCapFen: 1_000, perTargetCapFen: 5_000,
      opensAt: '2099-09-07T00:00', closesAt: '2099-09-10T00:00', area: { city: 'xiamen' },
    };
    it.each([
      ['a zero-width space alone as a pool sponsor', '/matching-pools', { ...pool, sponsor: { kind: 'enterprise', displayName: '\u200b\u200b' } }, donor],
      ['combining marks alone as a pool sponsor', '/matching-pools', { ...pool, sponsor: { kind: 'enterprise', displayName: '\u0301\u0301' } }, donor],
      ['a right-to-left override in a pool sponsor', '/matching-pools', { ...pool, sponsor: { kind: 'enterprise', displayName: '某公司\u202e司公某' } }, donor],
      ['a bidi isolate in a need title', '/needs', { ...need, title: '\u2067独居老人\u2069助餐' }, committee],
      ['a zero-width joiner alone as a need title', '/needs', { ...need, title: '\u200d' }, committee],
      ['zero-width characters as a volunteer name', '/volunteers', { person: { name: '\u200b\u200c' }, communityId }, actor('volunteer', 'v-invisible')],
      ['zero-width characters as an elder name', '/elders', { communityId, circumstances: ['living_alone'], person: { name: '\u2060' } }, committee],
      ['a BOM and soft hyphen as a donor name', '/donations', { ...money, donor: { kind: 'enterprise', displayName: '\ufeff\u00ad' } }, donor],
    ])('%s -> 400 INVALID_TEXT, nothing stored', async (_name, path, body, headers) => {
      await refused(() => post(path, body, headers), 400, 'INVALID_TEXT');
    });

    it('an imported cell gets the same text check: a bidi override or invisible title is reported by row and column', async () => {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('导入');
      sheet.addRow(['社区编号', '类别', '标题', '描述', '紧急程度', '来源', '受益人数']);
      sheet.addRow([communityId, '养老服务', '好的一行', '午餐送餐', '高', '走访', 1]);
      sheet.addRow([communityId, '养老服务', '助餐\u202e餐助', '午餐送餐', '高', '走访', 1]);
      sheet.addRow([communityId, '养老服务', '\u200b', '午餐送餐', '高', '走访', 1]);
      const file = Buffer.from(await book.xlsx.writeBuffer());
      const response = await refused(() => app.http().post('/needs/import').set(committee).set('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(file), 422, 'IMPORT_REJECTED');
      expect((response.body.details.problems as { row: number; column: string; code: string }[]).map(({ row, column, code }) => ({ row, column, code }))).toEqual([
        { row: 3, column: '标题', code: 'INVALID_TEXT' },
        { row: 4, column: '标题', code: 'INVALID_TEXT' },
      ]);
    });

    it('an emoji with joiners, and marks on letters, stay welcome', async () => {
      await post('/needs', { ...need, title: '家庭👨‍👩‍👧助餐 café' }, committee).expect(201);
    });

    it('tab and line breaks stay welcome in free text', async () => {
      await post('/needs', { ...need, description: '第一行\n第二行\r\n\t缩进' }, committee).expect(201);
    });

    it('NUL or a lone surrogate in a query string -> 400 INVALID_TEXT', async () => {
      await refused(() => app.http().get('/needs?community=a%00b'), 400, 'INVALID_TEXT');
    });
  });

  describe('structure and media type', () => {
    it('5,000-deep nested JSON (about 40 KB) -> 400 JSON_TOO_DEEP, not 500', async () => {
      const deep = `{"communityId":"${communityId}","title":${'['.repeat(5000)}${']'.repeat(5000)}}`;
      const response = await refused(() => app.http().post('/needs').set(committee).set('content-type', 'application/json').send(deep), 400, 'JSON_TOO_DEEP');
      expect(response.body.statusCode).toBe(400);
      const deepObject = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
      await refused(() => app.http().post(`/donations/${donationId}/refund`).set(donor).set('content-type', 'application/json').send(deepObject), 400, 'JSON_TOO_DEEP');
    });

    it('a form body on /donations/:id/refund -> 415, the balance untouched', async () => {
      await refused(() => app.http().post(`/donations/${donationId}/refund`).set(donor).type('form').send('reason=x'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      await refused(() => app.http().post(`/donations/${donationId}/refund`).set(donor).set('content-type', 'multipart/form-data; boundary=x').send('--x--'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      await refused(() => app.http().post(`/donations/${donationId}/refund`).set(donor).set('content-type', 'text/plain').send('{"reason":"x"}'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      await refused(() => app.http().post(`/donations/${donationId}/refund`).set(donor).set('content-type', 'application/json; charset=latin1').send('{"reason":"x"}'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('a __proto__ key -> 400 MALFORMED_JSON', async () => {
      await refused(() => app.http().post('/needs').set(committee).set('content-type', 'application/json').send(`{"__proto__":{"x":1},"communityId":"${communityId}"}`), 400, 'MALFORMED_JSON');
    });

    it('a 64 KB header -> 431 with the product error body', async () => {
      const before = await head();
      const answer = await sendRaw('GET', '/needs', { 'x-padding': 'x'.repeat(64 * 1024) });
      expect(answer.status).toBe(431);
      expect(answer.type).toContain('application/json');
      expect(JSON.parse(answer.body)).toMatchObject({ statusCode: 431, code: 'HEADERS_TOO_LARGE' });
      expect(await head()).toBe(before);
    });
  });
});
