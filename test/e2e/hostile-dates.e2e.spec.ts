import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';

const RANGE = '2000-01-01..2100-12-31';

/**
 * The kind "a date or period with no sane bound": a matching pool's window in year 9999 was accepted
 * (hostile pass, issue item 1). Every date-like input — Beijing dates, months, wall-clock times and
 * instants, in bodies, queries, imported rows — is bounded in one place (shared/calendar.ts,
 * 2000-01-01..2100-12-31) and answers 400 naming the field, storing nothing.
 */
describe('dates outside the calendar range (e2e)', () => {
  let app: TestApp;
  const home = { city: 'xiamen', district: 'dates-district', street: 'dates-street', community: 'dates-home' };
  const bureau = actor('civil_affairs_bureau', 'bureau-dates');
  const committee = actor('community_committee', 'committee-dates', home);
  const donor = actor('donor', 'donor-dates');
  const volunteer = actor('volunteer', 'volunteer-dates');
  const need = { communityId: home.community, category: 'elderly_care', title: '助餐', description: '午餐送餐', urgency: 'high', source: 'visit', beneficiaries: 1 };
  const project = {
    title: '助老项目', area: { city: 'xiamen', district: home.district }, kind: 'service', categories: ['elderly_care'], budgetFen: 100000,
    period: { start: '2027-01-01' }, requirements: '按月服务', serviceItems: [{ name: '助餐', category: 'elderly_care' }],
  };
  const pool = {
    sponsor: { kind: 'enterprise', displayName: '某公司' }, pledgedFen: 100_000, ratio: { gift: 1, match: 1 }, perDonorCapFen: 1_000, perTargetCapFen: 5_000,
    opensAt: '2099-09-07T00:00', closesAt: '2099-09-10T00:00', area: { city: 'xiamen' },
  };
  const money = { donor: { kind: 'enterprise', displayName: '某公司' }, resource: 'money', amountFen: 100000, communityId: home.community };

  beforeAll(async () => {
    app = await startTestApp();
    const { community, ...above } = home;
    await app.http().post('/communities').set(bureau).send({ communityId: community, name: community, area: above, kind: 'urban', residents: 5000, households: 1800 }).expect(201);
  });

  afterAll(async () => {
    await app?.close();
  });

  const head = () => app.service.infrastructure.eventStore.headPosition();
  /** Refused with `status` and `code`, naming the range, and nothing stored. */
  const refused = async (send: () => Promise<Response>, status = 400, code = 'VALIDATION_FAILED') => {
    const before = await head();
    const response = await send();
    expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
    expect(JSON.stringify(response.body)).toContain(RANGE);
    expect(await head()).toBe(before);
    return response;
  };
  const post = (path: string, body: object, who: Record<string, string>) => () => app.http().post(path).set(who).send(body);

  it.each([
    ['a pool window opening in year 0001', '/matching-pools', { ...pool, opensAt: '0001-01-01T00:00' }, donor, 'opensAt'],
    ['a pool window closing in year 9999', '/matching-pools', { ...pool, closesAt: '9999-09-10T00:00' }, donor, 'closesAt'],
    ['a need window from year 0001', '/needs', { ...need, window: { from: '0001-01-01', to: '2027-01-31' } }, committee, 'window.from'],
    ['a need window to year 9999', '/needs', { ...need, window: { from: '2027-01-01', to: '9999-12-31' } }, committee, 'window.to'],
    ['a volunteer registered in 1999', '/volunteers', { person: { name: '李明' }, communityId: home.community, registeredOn: '1999-12-31' }, volunteer, 'registeredOn'],
    ['hours served in year 0001', '/volunteers/v-dates/hours', { assignmentId: 'a1', hours: 2, servedOn: '0001-01-01' }, volunteer, 'servedOn'],
    ['a donation expiring in 9999', '/donations', { ...money, expiresOn: '9999-12-31' }, donor, 'expiresOn'],
    ['a donation expiring in 2101', '/donations', { ...money, expiresOn: '2101-01-01' }, donor, 'expiresOn'],
    ['a project starting in 9999', '/projects', { ...project, period: { start: '9999-01-01' } }, bureau, 'period.start'],
    ['bidding until year 9999', '/projects/p-dates/publish', { deadline: '9999-01-15T10:00:00+08:00', eligibility: {} }, bureau, 'deadline'],
    ['a reopened bidding until year 9999', '/projects/p-dates/challenges/c1/answer', { outcome: 'upheld', reasons: '理由', biddingDeadline: '9999-02-15T10:00:00+08:00' }, bureau, 'biddingDeadline'],
    ['a certificate of 1900', '/social-workers/sw-dates/certify', { grade: 'assistant', certificateNumber: 'Z1', certifiedOn: '1900-01-01' }, bureau, 'certifiedOn'],
    ['a home visit in year 0001', '/elders/e-dates/visits', { visitedOn: '0001-01-01', visitor: { kind: 'volunteer', ref: 'v1' }, outcome: 'well' }, committee, 'visitedOn'],
  ])('%s (%s) -> 400 VALIDATION_FAILED naming the field', async (_name, path, body, who, field) => {
    const response = await refused(post(path, body, who));
    const fields = JSON.stringify(response.body.details.fields);
    expect(fields).toContain(field.split('.').at(-1));
  });

  it.each([
    ['/needs?asOf=0001-01-01', 'AS_OF_NOT_A_DATE'],
    ['/projects?standstillEndsBy=9999-12-10T00:00:00%2B08:00', 'VALIDATION_FAILED'],
    ['/projects/p-dates?weekOf=9999-01-04', 'VALIDATION_FAILED'],
    ['/projects/p-dates/reports/monthly_brief/draft?period=9999-01', 'VALIDATION_FAILED'],
    ['/projects/p-dates/reports/monthly_brief/draft?period=0001-01', 'VALIDATION_FAILED'],
  ])('GET %s -> 400 %s', async (path, code) => {
    await refused(() => app.http().get(path).set(bureau), 400, code);
  });

  it('an imported row dated 9999 is reported by row and column, and nothing is stored', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('导入');
    sheet.addRow(['社区编号', '类别', '标题', '描述', '紧急程度', '来源', '受益人数', '开始日期', '结束日期']);
    sheet.addRow([home.community, '养老服务', '好的一行', '午餐送餐', '高', '走访', 1, '2027-01-01', '2027-02-01']);
    sheet.addRow([home.community, '养老服务', '年份离谱', '午餐送餐', '高', '走访', 1, '2027-01-01', '9999-12-31']);
    const file = Buffer.from(await book.xlsx.writeBuffer());
    const before = await head();
    const response = await app.http().post('/needs/import').set(committee).set('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(file);
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 422, code: 'IMPORT_REJECTED' });
    expect((response.body.details.problems as { row: number; column: string; code: string }[]).map(({ row, column, code }) => ({ row, column, code }))).toEqual([
      { row: 3, column: '结束日期', code: 'VALIDATION_FAILED' },
    ]);
    expect(await head()).toBe(before);
  });

  it('dates at the edges of the range and ordinary ones are still taken', async () => {
    await app.http().post('/needs').set(committee).send({ ...need, window: { from: '2000-01-01', to: '2100-12-31' } }).expect(201);
    await app.http().post('/donations').set(donor).send({ ...money, expiresOn: '2100-12-31' }).expect(201);
    await app.http().post('/matching-pools').set(donor).send({ ...pool, closesAt: '2100-12-31T23:59' }).expect(201);
  });
});
