import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { chinaMonthOf } from '#domain';
import { OCDS_RECORD_PACKAGE_SCHEMA, OCDS_RELEASE_PACKAGE_SCHEMA, OCDS_RELEASE_SCHEMA } from '../support/ocds-schema.js';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';
import { runWholeFlow, type WholeFlow } from '../support/whole-flow.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('open contracting (OCDS 1.1) over HTTP (issue 12 item 6)', () => {
  let app: TestApp;
  let flow: WholeFlow;
  let secondProject: string;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  ajv.addSchema(OCDS_RELEASE_SCHEMA);
  const validRecordPackage = ajv.compile(OCDS_RECORD_PACKAGE_SCHEMA);
  const validReleasePackage = ajv.compile(OCDS_RELEASE_PACKAGE_SCHEMA);
  const bureau = actor('civil_affairs_bureau', 'ocds-bureau');

  beforeAll(async () => {
    // The ocid prefix comes from configuration.
    app = await startTestApp({ OCDS_OCID_PREFIX: 'ocds-xm2026' });
    flow = await runWholeFlow(app, 'ocds');
    const agency = actor('social_organisation', 'ocds-agency', { city: 'xiamen' }, flow.ids.agency);
    await app.http().post(`/projects/${flow.ids.project}/reports`).set(agency)
      .send({ reportId: 'ocds-brief-1', kind: 'monthly_brief', period: chinaMonthOf(new Date()), summary: '本月入户走访 40 户' }).expect(200);
    await app.http().post(`/projects/${flow.ids.project}/terminate`).set(bureau).send({ reason: '服务区域调整' }).expect(200);
    const designed = await app.http().post('/projects').set(bureau).send({
      title: '中华社区长者食堂', area: { city: 'xiamen', district: 'siming', street: 'zhonghua', community: flow.ids.community }, kind: 'service_project',
      categories: ['elderly_care'], needIds: [], budgetFen: 12_345, period: { start: '2027-01-01', months: 12 }, requirements: '每日午餐',
      serviceItems: [{ name: '助餐', category: 'elderly_care' }],
    }).expect(201);
    secondProject = designed.body.id;
  });
  afterAll(async () => {
    await app.close();
  });

  it("publishes a project's record: a release per fact OCDS has a place for, and the compiled release", async () => {
    const answer = await app.anonymous().get(`/projects/${flow.ids.project}/ocds`).expect(200);
    const recordPackage = answer.body as Json;
    expect(validRecordPackage(recordPackage) ? [] : validRecordPackage.errors).toEqual([]);
    // The schema subset can refuse: a release without its currency, or a package of another version.
    expect(validRecordPackage({ ...recordPackage, version: '1.0' })).toBe(false);
    expect(validRecordPackage({ ...recordPackage, records: [{ ...recordPackage.records[0], compiledRelease: { ...recordPackage.records[0].compiledRelease, tender: { id: 't', value: { amount: 1 } } } }] })).toBe(false);
    const [record] = recordPackage.records;
    expect(record.ocid).toBe(`ocds-xm2026-${flow.ids.project}`);
    expect(record.releases.map((release: Json) => release.tag.join('+'))).toEqual([
      'planning', 'tender', 'tenderUpdate', 'tenderUpdate', 'tenderUpdate', 'award', 'award+contract', 'implementation', 'implementation', 'implementation', 'implementation', 'contractTermination',
    ]);
    // Release ids are unique and stable: the same request answers the same releases.
    expect(new Set(record.releases.map((release: Json) => release.id)).size).toBe(record.releases.length);
    expect((await app.anonymous().get(`/projects/${flow.ids.project}/ocds`).expect(200)).body.records[0].releases).toEqual(record.releases);

    const compiled = record.compiledRelease;
    expect(compiled).toMatchObject({
      ocid: record.ocid, tag: ['compiled'], initiationType: 'tender',
      planning: { budget: { amount: { amount: 1_500_000, currency: 'CNY' } } },
      tender: {
        id: flow.ids.project, title: '中华街道社会工作服务站', status: 'complete', procurementMethod: 'open', mainProcurementCategory: 'services',
        value: { amount: 1_500_000, currency: 'CNY' }, numberOfTenderers: 2,
        tenderers: [{ id: flow.ids.agency, name: '思明区鹭岛社会工作服务中心' }, { id: flow.ids.rival, name: '厦门市同心社会工作服务社' }],
        items: [{ id: '1', description: '老年人关爱服务' }, { id: '2', description: '困难群众帮扶' }],
      },
      awards: [{ id: flow.ids.winningBid, status: 'active', value: { amount: 1_420_000, currency: 'CNY' }, suppliers: [{ id: flow.ids.agency, name: '思明区鹭岛社会工作服务中心' }] }],
      contracts: [{ awardID: flow.ids.winningBid, status: 'cancelled', statusDetails: '服务区域调整', value: { amount: 1_420_000, currency: 'CNY' } }],
    });
    const [contract] = compiled.contracts;
    expect(contract.implementation.milestones.map((milestone: Json) => [milestone.id, milestone.type, milestone.status])).toEqual([
      ['staff-on-post', 'delivery', 'met'], ['delivery-ocds-delivery-1', 'delivery', 'met'], ['delivery-ocds-delivery-2', 'delivery', 'met'],
    ]);
    expect(contract.implementation.milestones[1].description).toBe('养老服务：4 小时，服务 12 人（社区 ocds-zhonghua）');
    expect(contract.implementation.documents).toEqual([expect.objectContaining({ id: 'report-ocds-brief-1', documentType: 'physicalProgressReport' })]);
    // The contract period keeps its start when termination sets its end.
    expect(contract.period.startDate).toMatch(/\+08:00$/);
    expect(Date.parse(contract.period.endDate)).toBeGreaterThanOrEqual(Date.parse(contract.period.startDate));
    const roles = Object.fromEntries(compiled.parties.map((party: Json) => [party.id, party.roles]));
    expect(roles).toEqual({ 'civil-affairs-xiamen-siming': ['buyer', 'procuringEntity'], [flow.ids.agency]: ['tenderer', 'supplier'], [flow.ids.rival]: ['tenderer'] });
  });

  it('writes amounts in yuan exactly from fen', async () => {
    const { body } = await app.anonymous().get(`/projects/${secondProject}/ocds`).expect(200);
    expect(JSON.stringify(body.records[0].compiledRelease.tender.value)).toBe('{"amount":123.45,"currency":"CNY"}');
    expect(body.records[0].releases).toHaveLength(1);
  });

  it('serves every purchase as release packages with the projects list filters, page by page', async () => {
    const first = (await app.anonymous().get('/ocds/releases?street=zhonghua&limit=1').expect(200)).body as Json;
    expect(validReleasePackage(first) ? [] : validReleasePackage.errors).toEqual([]);
    expect(first.links.next).toContain('cursor=');
    const second = (await app.anonymous().get(new URL(first.links.next).pathname + new URL(first.links.next).search).expect(200)).body as Json;
    expect(validReleasePackage(second) ? [] : validReleasePackage.errors).toEqual([]);
    const ocids = (releasePackage: Json) => [...new Set(releasePackage.releases.map((release: Json) => release.ocid))];
    // Newest project first, as the list.
    expect([...ocids(first), ...ocids(second)]).toEqual([`ocds-xm2026-${secondProject}`, `ocds-xm2026-${flow.ids.project}`]);
    const third = new URL(second.links?.next ?? 'http://x/none');
    if (second.links?.next) expect((await app.anonymous().get(third.pathname + third.search).expect(200)).body.releases).toEqual([]);
    const elsewhere = (await app.anonymous().get('/ocds/releases?district=huli').expect(200)).body as Json;
    expect(elsewhere).toMatchObject({ version: '1.1', releases: [] });
    expect((await app.anonymous().get('/ocds/releases?status=nonsense').expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it('answers 404 for an unknown project, and is public in OpenAPI', async () => {
    expect((await app.anonymous().get('/projects/ghost/ocds').expect(404)).body.code).toBe('PROJECT_NOT_FOUND');
    const document = (await app.http().get('/docs-json').expect(200)).body as Json;
    for (const path of ['/projects/{projectId}/ocds', '/ocds/releases']) {
      expect(document.paths[path].get.security).toBeUndefined();
      expect(document.paths[path].get.responses['401']).toBeUndefined();
    }
  });
});
