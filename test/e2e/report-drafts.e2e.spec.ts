import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { chinaDateOf, chinaDateTimeOf, chinaMonthOf, chinaYearOf, mondayOf } from '#domain';
import { storeVariants } from '../support/store-variants.js';
import { actor, staffOf, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * 减负 over HTTP (issue 13 item 7; seeds 000, 002, 003; rule 10): a contracted project's monthly brief
 * drafted from what was recorded, downloaded as Excel, corrected and filed back; the bureau sees
 * where the filed figures differ from the facts. Another organisation is refused; a bad cell is
 * reported by row, column and code, and nothing is filed. The money figures come from the facts of
 * the donation matched and disbursed to the project and of the pool that matched it (配捐).
 */
describe.each(storeVariants('report-drafts'))('reports drafted from the facts (e2e) on $name', ({ env, cleanUp }) => {
  let app: TestApp;
  const area = { city: 'xiamen', district: 'huli', street: 'jiangtou' };
  const bureau = actor('civil_affairs_bureau', 'bureau-reports', { city: 'xiamen', district: 'huli' });
  const otherBureau = actor('civil_affairs_bureau', 'bureau-siming', { city: 'xiamen', district: 'siming' });
  const auditor = actor('auditor', 'auditor-reports', { city: 'xiamen' });
  const committee = actor('community_committee', 'committee-reports', { city: 'xiamen', district: 'huli', street: 'jiangtou' });
  const charity = actor('charity_base', 'charity-reports', { city: 'xiamen', district: 'huli' });
  const sponsor = actor('donor', 'sponsor-reports', { city: 'xiamen' });
  const ids = { sunshine: '', harbour: '', worker: '', project: '' };
  const month = () => chinaMonthOf(new Date());
  const today = () => chinaDateOf(new Date());

  const expectStatus = (response: Response, status: number) => {
    if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const post = async (path: string, body: object | undefined, headers: Record<string, string> = bureau, status = 200) =>
    expectStatus(await app.http().post(path).set(headers).send(body), status) as { id: string; position: number; events: { type: string }[] };
  const draftOf = (headers: Record<string, string>, query: Record<string, string> = { period: month() }) =>
    app.http().get(`/projects/${ids.project}/reports/monthly_brief/draft`).set(headers).query(query);
  /** The monthly brief's draft as the .xlsx file the organisation downloads. */
  const draftWorkbook = () =>
    draftOf(staffOf(ids.sunshine), { period: month(), format: 'xlsx' }).buffer(true).parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });
  const reportEvents = async () => (await app.service.infrastructure.eventStore.readStream(`project-${ids.project}`)).filter((event) => event.type === 'ReportFiled');

  beforeAll(async () => {
    jest.useFakeTimers({
      advanceTimers: true,
      doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
    });
    app = await startTestApp(env());
    for (const [communityId, name] of [['lianhua-r', '莲花社区'], ['shanbian-r', '山边社区']] as const) {
      await post('/communities', { communityId, name, area, kind: 'urban', residents: 9000, households: 3000 }, bureau, 201);
    }
    const organisation = async (name: string, code: string) => {
      const { id } = await post('/organisations', {
        name, kind: 'social_work_agency', unifiedSocialCreditCode: code, budgetFunded: false, city: 'xiamen', district: 'huli', serviceCategories: ['elderly_care'], capacity: 5,
      }, bureau, 201);
      await post(`/organisations/${id}/inspections`, { year: chinaYearOf(new Date()), result: 'passed' });
      return id;
    };
    ids.sunshine = await organisation('阳光社工服务中心', '52350206MJ0000011X');
    ids.harbour = await organisation('海港社工事务所', '52350206MJ0000012X');
    ids.worker = (await post('/social-workers', { person: { name: '李明' }, base: { level: 'community', communityId: 'lianhua-r' }, hasSocialWorkDegree: true, employerOrganisationId: ids.sunshine }, bureau, 201)).id;

    ids.project = (await post('/projects', {
      title: '江头街道长者关爱', area, kind: 'service_project', categories: ['elderly_care', 'community_governance'], budgetFen: 20_000_000,
      period: { start: today(), months: 12 }, requirements: '上门探访',
      serviceItems: [{ name: '长者关爱', category: 'elderly_care' }, { name: '社区议事', category: 'community_governance' }],
    }, bureau, 201)).id;
    await post(`/projects/${ids.project}/publish`, { deadline: new Date(Date.now() + 3_600_000).toISOString(), eligibility: { description: '依法登记的社会组织' } });
    const bid = await app.http().post(`/projects/${ids.project}/bids`).set(staffOf(ids.sunshine)).send({ organisationId: ids.sunshine, priceFen: 18_000_000, proposal: '服务方案' });
    jest.setSystemTime(new Date(Date.now() + 2 * 3_600_000));
    await post(`/projects/${ids.project}/close-bidding`, undefined);
    const { bidId } = expectStatus(bid, 200);
    // 中标公示 and its standstill (质疑期: 7 Beijing working days, within 12 calendar days) before the contract.
    await post(`/projects/${ids.project}/award`, { bidId });
    jest.setSystemTime(new Date(Date.now() + 12 * 24 * 3_600_000));
    await post(`/projects/${ids.project}/contract`, {
      bidId,
      contract: { content: '长者关爱', termMonths: 12, quantity: '每周探访', quality: '满意度 90%', priceFen: 18_000_000, settlementMethod: '按季度拨付' },
    });
    await post(`/projects/${ids.project}/staff`, { socialWorkerId: ids.worker, hoursPerWeek: 20 }, staffOf(ids.sunshine));
    const deliver = (deliveryId: string, communityId: string, category: string, serviceItem: string, hours: number, beneficiaries: number) =>
      post(`/projects/${ids.project}/deliveries`, {
        deliveryId, deliveredBy: { organisationId: ids.sunshine, socialWorkerIds: [ids.worker], volunteerIds: [] }, hoursBySocialWorker: { [ids.worker]: hours },
        category, serviceItem: { name: serviceItem }, hours, beneficiaries, communityId, deliveredOn: today(),
      }, staffOf(ids.sunshine));
    await deliver('visit-1', 'lianhua-r', 'elderly_care', '长者关爱', 3.5, 12);
    await deliver('meeting-1', 'shanbian-r', 'community_governance', '社区议事', 2, 30);
    await post(`/projects/${ids.project}/ratings`, { ratingId: 'rating-good', deliveryId: 'visit-1', rating: 'good', score: 5 }, committee);
    await post(`/projects/${ids.project}/ratings`, { ratingId: 'rating-bad', deliveryId: 'meeting-1', rating: 'bad', score: 2 }, committee);

    // Money: a 1:1 pool capped at 600 yuan a project; a 2,000-yuan gift to the project, 800 yuan of it disbursed.
    const beijingMinute = (offsetMs: number) => chinaDateTimeOf(new Date(Date.now() + offsetMs)).slice(0, 16);
    const pool = await post('/matching-pools', {
      sponsor: { kind: 'enterprise', displayName: '厦门某科技有限公司' }, pledgedFen: 100_000, ratio: { gift: 1, match: 1 }, perDonorCapFen: 100_000, perTargetCapFen: 60_000,
      opensAt: beijingMinute(-3_600_000), closesAt: beijingMinute(86_400_000), area: { city: 'xiamen', district: 'huli' },
    }, sponsor, 201);
    const donation = await post('/donations', { donor: { kind: 'community_foundation', displayName: '湖里社区基金会' }, resource: 'money', amountFen: 300_000, communityId: 'lianhua-r' }, charity, 201);
    await post(`/donations/${donation.id}/match`, { matchId: 'elder-care', target: { kind: 'project', id: ids.project }, amountFen: 200_000 }, charity);
    await post(`/donations/${donation.id}/disburse`, { matchId: 'elder-care', amountFen: 80_000 }, charity);
    // The pool learns of the gift through its policy (a projection off the log): wait until it has matched it.
    const poolFacts = async () => (await app.service.infrastructure.eventStore.readStream(`matchingpool-${pool.id}`)).map((event) => event.type);
    for (let tries = 0; tries < 100 && !(await poolFacts()).includes('GiftMatched'); tries += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await poolFacts()).toEqual(['MatchingPoolPledged', 'GiftMatched']);
    // The projects list counts the pool's match in the project's funding, beside the donation's.
    const poolHead = (await app.service.infrastructure.eventStore.readStream(`matchingpool-${pool.id}`)).at(-1)!.position;
    const listed = expectStatus(await app.http().get(`/projects/${ids.project}`).query({ minPosition: poolHead }).set(bureau), 200);
    expect(listed).toMatchObject({ fundingMatchedFen: 200_000, fundingPoolMatchedFen: 60_000, fundingGapFen: 18_000_000 - 260_000 });
  });

  afterAll(async () => {
    await app?.close();
    jest.useRealTimers();
    await cleanUp();
  });

  it('drafts the monthly brief with the figures that were recorded, in their units', async () => {
    const draft = expectStatus(await draftOf(staffOf(ids.sunshine)), 200);
    expect(draft).toMatchObject({ projectId: ids.project, organisationId: ids.sunshine, kind: 'monthly_brief', period: month() });
    const figures = Object.fromEntries((draft.figures as { key: string; value: number; unit: string }[]).map((figure) => [figure.key, [figure.value, figure.unit]]));
    expect(figures).toEqual({
      'deliveries.total': [2, 'count'],
      'hours.delivered': [5.5, 'hours'],
      'hours.social_workers': [5.5, 'hours'],
      'hours.volunteers': [0, 'hours'],
      'beneficiaries.total': [42, 'persons'],
      'ratings.good': [1, 'count'],
      'ratings.bad': [1, 'count'],
      'money.contract_price': [18_000_000, 'fen'],
      'money.donations.matched': [200_000, 'fen'],
      'money.donations.released': [0, 'fen'],
      'money.donations.matched_to_date': [200_000, 'fen'],
      'money.pool.matched': [60_000, 'fen'],
      'money.pool.reversed': [0, 'fen'],
      'money.pool.matched_to_date': [60_000, 'fen'],
      'money.spent': [80_000, 'fen'],
      'money.spent_to_date': [80_000, 'fen'],
      'deliveries.category.elderly_care': [1, 'count'],
      'deliveries.category.community_governance': [1, 'count'],
      'deliveries.community.lianhua-r': [1, 'count'],
      'deliveries.community.shanbian-r': [1, 'count'],
      'beneficiaries.community.lianhua-r': [12, 'persons'],
      'beneficiaries.community.shanbian-r': [30, 'persons'],
      [`hours.staff.${ids.worker}`]: [5.5, 'hours'],
      [`hours.staff.${ids.worker}.week.${mondayOf(today())}`]: [5.5, 'hours'],
    });
  });

  it('refuses another organisation, other roles and a brief without its month; the bureau may not draft for the organisation', async () => {
    expect(expectStatus(await draftOf(staffOf(ids.harbour)), 403).code).toBe('NOT_YOUR_RECORD');
    expect(expectStatus(await draftOf(bureau), 403).code).toBe('ROLE_NOT_PERMITTED');
    expect(expectStatus(await draftOf(staffOf(ids.sunshine), {}), 400).code).toBe('REPORT_PERIOD_INVALID');
    expect(expectStatus(await app.http().get('/projects/no-such-project/reports/final/draft').set(staffOf(ids.sunshine)), 404).code).toBe('PROJECT_NOT_FOUND');
    const filed = await app.http().post(`/projects/${ids.project}/reports`).set(staffOf(ids.harbour)).send({ reportId: 'foreign', kind: 'monthly_brief', period: month(), summary: '冒名', figures: [] });
    expect(expectStatus(filed, 403).code).toBe('NOT_YOUR_RECORD');
    expect(await reportEvents()).toEqual([]);
  });

  it('reports a bad cell of the corrected workbook by row, column and code, and files nothing', async () => {
    const sheet = await draftWorkbook();
    expect(sheet.status).toBe(200);
    expect(sheet.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(sheet.body as never);
    const rows = workbook.getWorksheet('报告数据')!;
    expect(rows.getRow(1).values).toEqual([undefined, '指标代码 (key)', '指标 (label)', '单位 (unit)', '据实数据 (fromFacts)', '机构更正数据 (corrected)']);
    expect(rows.getRow(2).values).toEqual([undefined, 'deliveries.total', '服务次数（合计）', '次', 2]);
    rows.getCell('E2').value = 3; // deliveries: a corrected count
    rows.getCell('E3').value = '很多'; // hours delivered: not a number
    rows.getCell('E6').value = 41.5; // beneficiaries: not a whole number
    const bad = Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
    const refused = expectStatus(await app.http().post(`/projects/${ids.project}/reports`).set(staffOf(ids.sunshine)).send({ reportId: 'brief-bad', kind: 'monthly_brief', period: month(), summary: '本月工作', workbook: bad }), 400);
    expect(refused.code).toBe('REPORT_WORKBOOK_INVALID');
    expect(refused.details.problems).toEqual([{ row: 3, column: 5, code: 'CELL_NOT_A_NUMBER' }, { row: 6, column: 5, code: 'CELL_VALUE_INVALID' }]);
    expect(await reportEvents()).toEqual([]);

    // A row naming no figure of the draft is placed too.
    rows.getCell('E3').value = 6;
    rows.getCell('E6').value = 45;
    rows.addRow(['deliveries.invented', '编造', '次', 0, 1]);
    const unknown = Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
    const placed = expectStatus(await app.http().post(`/projects/${ids.project}/reports`).set(staffOf(ids.sunshine)).send({ reportId: 'brief-bad', kind: 'monthly_brief', period: month(), summary: '本月工作', workbook: unknown }), 400);
    expect(placed.details.problems).toEqual([{ row: rows.rowCount, column: 1, code: 'REPORT_FIGURE_UNKNOWN', key: 'deliveries.invented' }]);
    expect(await reportEvents()).toEqual([]);
  });

  it('files the corrected workbook as a fact, and the bureau and auditors see where it differs from the facts', async () => {
    const draft = await draftWorkbook();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(draft.body as never);
    const rows = workbook.getWorksheet('报告数据')!;
    rows.getCell('E2').value = 3; // deliveries.total
    rows.getCell('E3').value = '6.25'; // hours.delivered, typed as text
    // Money is shown and corrected in yuan, two decimals; the fact keeps fen.
    const spent = rows.getRows(2, rows.rowCount - 1)!.find((row) => row.getCell(1).value === 'money.spent')!;
    expect([spent.getCell(3).value, spent.getCell(4).value, spent.getCell(4).numFmt]).toEqual(['元', 800, '0.00']);
    spent.getCell(5).value = 900.5;
    const filed = await post(`/projects/${ids.project}/reports`, {
      reportId: 'brief-1', kind: 'monthly_brief', period: month(), summary: '本月探访与议事', workbook: Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64'),
    }, staffOf(ids.sunshine));
    expect(filed.events.map((event) => event.type)).toEqual(['ReportFiled']);
    const [stored] = await reportEvents();
    expect(stored!.schemaVersion).toBe(2);
    expect((stored!.data as { figures: unknown[] }).figures).toContainEqual({ key: 'deliveries.total', label: '服务次数（合计）', unit: 'count', fromFacts: 2, filed: 3 });
    expect((stored!.data as { figures: unknown[] }).figures).toContainEqual({ key: 'money.spent', label: '本期拨付金额', unit: 'fen', fromFacts: 80_000, filed: 90_050 });

    for (const reader of [bureau, auditor]) {
      const comparison = expectStatus(await app.http().get(`/projects/${ids.project}/reports/brief-1/comparison`).set(reader), 200);
      expect(comparison).toMatchObject({ projectId: ids.project, reportId: 'brief-1', organisationId: ids.sunshine, kind: 'monthly_brief', period: month(), differing: 3 });
      expect((comparison.figures as { differs: boolean }[]).filter((figure) => figure.differs)).toEqual([
        { key: 'deliveries.total', label: '服务次数（合计）', unit: 'count', fromFacts: 2, filed: 3, difference: 1, differs: true },
        { key: 'hours.delivered', label: '服务时长（合计）', unit: 'hours', fromFacts: 5.5, filed: 6.25, difference: 0.75, differs: true },
        { key: 'money.spent', label: '本期拨付金额', unit: 'fen', fromFacts: 80_000, filed: 90_050, difference: 10_050, differs: true },
      ]);
    }
    expect(expectStatus(await app.http().get(`/projects/${ids.project}/reports/brief-1/comparison`).set(otherBureau), 404).code).toBe('PROJECT_NOT_FOUND');
    expect(expectStatus(await app.http().get(`/projects/${ids.project}/reports/brief-1/comparison`).set(staffOf(ids.sunshine)), 403).code).toBe('ROLE_NOT_PERMITTED');
    expect(expectStatus(await app.http().get(`/projects/${ids.project}/reports/no-such-report/comparison`).set(bureau), 404).code).toBe('REPORT_NOT_FOUND');

    const history = expectStatus(await app.http().get(`/projects/${ids.project}/history`).set(bureau), 200);
    expect(JSON.stringify(history)).toContain('报送数据 24 项，其中 3 项与系统记录不一致');
  });

  it('files JSON figures for the final report span and refuses an unknown key with its index', async () => {
    const draft = expectStatus(await app.http().get(`/projects/${ids.project}/reports/final/draft`).set(staffOf(ids.sunshine)), 200);
    // The whole term: signed today (Beijing), 12 months.
    expect(draft.span.from).toBe(today());
    expect(draft.period).toBe(`${draft.span.from}/${draft.span.to}`);
    expect(draft.figures).toContainEqual({ key: 'deliveries.total', label: '服务次数（合计）', unit: 'count', value: 2 });
    const refused = expectStatus(await app.http().post(`/projects/${ids.project}/reports`).set(staffOf(ids.sunshine)).send({ reportId: 'final-json', kind: 'final', period: draft.period, summary: '终期', figures: [{ key: 'nope', value: 1 }] }), 400);
    expect(refused).toMatchObject({ code: 'REPORT_FIGURES_INVALID', details: { problems: [{ key: 'nope', code: 'REPORT_FIGURE_UNKNOWN', index: 0 }] } });

    // Money filed in JSON is in fen: the pool's match filed lower than the pool's facts is a difference the bureau sees.
    expect(draft.figures).toContainEqual({ key: 'money.pool.matched_to_date', label: '累计配捐金额（截至期末，扣除撤回）', unit: 'fen', value: 60_000 });
    const halfYuan = expectStatus(await app.http().post(`/projects/${ids.project}/reports`).set(staffOf(ids.sunshine)).send({ reportId: 'final-json', kind: 'final', period: draft.period, summary: '终期', figures: [{ key: 'money.spent', value: 100.5 }] }), 400);
    expect(halfYuan.details.problems).toEqual([{ key: 'money.spent', code: 'REPORT_FIGURE_INVALID', index: 0 }]);
    await post(`/projects/${ids.project}/reports`, { reportId: 'final-json', kind: 'final', period: draft.period, summary: '终期', figures: [{ key: 'money.pool.matched_to_date', value: 50_000 }] }, staffOf(ids.sunshine));
    const comparison = expectStatus(await app.http().get(`/projects/${ids.project}/reports/final-json/comparison`).set(bureau), 200);
    expect(comparison.figures.filter((figure: { differs: boolean }) => figure.differs)).toEqual([
      { key: 'money.pool.matched_to_date', label: '累计配捐金额（截至期末，扣除撤回）', unit: 'fen', fromFacts: 60_000, filed: 50_000, difference: -10_000, differs: true },
    ]);
  });
});
