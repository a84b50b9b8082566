import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { storeVariants } from '../support/store-variants.js';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A workbook as a committee fills in the template: the first row the headers, then one row per record. */
const workbook = async (headers: readonly string[], rows: readonly (string | number | null)[][]): Promise<Buffer> => {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('导入');
  sheet.addRow([...headers]);
  for (const row of rows) sheet.addRow([...row]);
  return Buffer.from(await book.xlsx.writeBuffer());
};

const NEED_HEADERS = ['社区编号', '类别', '标题', '描述', '紧急程度', '来源', '受益人数', '所需技能', '资金缺口（元）', '受益人姓名', '受益人电话'];
const need = (community: string, title: string, overrides: Partial<Record<string, string | number>> = {}) => {
  const cells: Record<string, string | number> = {
    社区编号: community, 类别: '养老服务', 标题: title, 描述: '每日午餐送餐', 紧急程度: '高', 来源: '走访', 受益人数: 1, 所需技能: '烹饪、陪护', '资金缺口（元）': '1200.50',
    受益人姓名: `${title}的老人`, 受益人电话: '13800000000', ...overrides,
  };
  return NEED_HEADERS.map((header) => cells[header] ?? null);
};

/**
 * 批量导入 (issue 12 item 7) over HTTP: the template, a clean file imported row by row through the
 * commands, a file with bad rows reported row by row and nothing stored, a re-import that stores
 * nothing twice, and a committee refused for another community.
 */
describe.each(storeVariants('bulk-import'))('bulk import of needs and volunteers from Excel (e2e) on $name', ({ env, cleanUp }) => {
  let app: TestApp;
  const home = { city: 'xiamen', district: 'import-district', street: 'import-street', community: 'import-home' };
  const other = { ...home, community: 'import-other' };
  const committee = actor('community_committee', 'import-committee', home);
  const head = () => app.service.infrastructure.eventStore.headPosition();
  const post = (path: string, file: Buffer, who: Record<string, string> = committee) => app.http().post(path).set(who).set('content-type', XLSX).send(file);
  const needsOf = async (community: string, minPosition: number) =>
    (await app.http().get('/needs').set(committee).query({ community, minPosition: String(minPosition), limit: '100' }).expect(200)).body.items as { needId: string; title: string; amountFen: number | null }[];

  let clean: Buffer;

  beforeAll(async () => {
    app = await startTestApp(env());
    for (const area of [home, other]) {
      const { community, ...above } = area;
      await app.http().post('/communities').set(actor('civil_affairs_bureau')).send({ communityId: community, name: community, area: above, kind: 'urban', residents: 5000, households: 1800 }).expect(201);
    }
    clean = await workbook(NEED_HEADERS, [need(home.community, '独居老人助餐'), need(home.community, '高龄老人陪诊', { 类别: 'elderly_care', 紧急程度: 'medium' }), need(home.community, '残障人士出行', { 类别: '助残服务' }), need(home.community, '困境儿童辅导', { 类别: '儿童关爱', '资金缺口（元）': '' })]);
  });

  afterAll(async () => {
    await app?.close();
    await cleanUp();
  });

  it('serves a template per kind with the Chinese headers and the English field beside each', async () => {
    for (const [path, first] of [['/needs/import-template', '社区编号 (communityId)'], ['/volunteers/import-template', '姓名 (person.name)']] as const) {
      const response = await app.http().get(path).buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe(XLSX);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(response.body as ArrayBuffer);
      expect(book.worksheets[0]!.getRow(1).getCell(1).value).toBe(first);
      expect(book.worksheets.map((sheet) => sheet.name)).toContain('填写说明');
    }
  });

  it('imports a clean file row by row through ListNeed: every need listed, its money in fen, the person in the vault only', async () => {
    const before = await head();
    const response = await post('/needs/import', clean);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ kind: 'needs', rows: 4, imported: 4, alreadyImported: 0 });
    expect((response.body.results as { row: number }[]).map((result) => result.row)).toEqual([2, 3, 4, 5]);
    const listed = await needsOf(home.community, response.body.position);
    expect(listed.map((item) => item.title).sort()).toEqual(['困境儿童辅导', '残障人士出行', '独居老人助餐', '高龄老人陪诊']);
    expect(listed.find((item) => item.title === '独居老人助餐')!.amountFen).toBe(120050);
    expect(await head()).toBeGreaterThan(before);
    const [first] = await app.service.infrastructure.eventStore.readStream(`need-${response.body.results[0].id}`);
    expect(JSON.stringify(first!.data)).not.toContain('独居老人助餐的老人');
    expect(await app.service.infrastructure.vault.get((first!.data as { beneficiaryRef: string }).beneficiaryRef)).toMatchObject({ name: '独居老人助餐的老人' });
  });

  it('stores nothing twice when the same file is imported again', async () => {
    const before = await head();
    const response = await post('/needs/import', clean);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ rows: 4, imported: 0, alreadyImported: 4 });
    expect(await head()).toBe(before);
    expect(await needsOf(home.community, before)).toHaveLength(4);
  });

  it('reports exactly the bad rows (row number, column, code) and stores nothing, not even the good rows', async () => {
    const before = await head();
    const file = await workbook(NEED_HEADERS, [
      need(home.community, '好的一行'),
      need(home.community, '类别不对', { 类别: '修水管' }),
      need(home.community, '人数不对', { 受益人数: '三个' }),
      need(home.community, '又一好行'),
      need('no-such-community', '社区不存在'),
    ]);
    const response = await post('/needs/import', file);
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('IMPORT_REJECTED');
    const problems = response.body.details.problems as { row: number; column: string | null; code: string }[];
    expect(problems.map(({ row, column, code }) => ({ row, column, code }))).toEqual([
      { row: 3, column: '类别', code: 'VALIDATION_FAILED' },
      { row: 4, column: '受益人数', code: 'VALIDATION_FAILED' },
      { row: 6, column: '社区编号', code: 'COMMUNITY_NOT_FOUND' },
    ]);
    expect(await head()).toBe(before);
    expect((await needsOf(home.community, before)).map((item) => item.title)).not.toContain('好的一行');
  });

  it('refuses a committee importing into another community, storing nothing; a read-only role gets 403', async () => {
    const before = await head();
    const response = await post('/needs/import', await workbook(NEED_HEADERS, [need(home.community, '本社区'), need(other.community, '别的社区')]));
    expect(response.status).toBe(422);
    expect((response.body.details.problems as { row: number; column: string; code: string }[]).map(({ row, column, code }) => ({ row, column, code }))).toEqual([
      { row: 3, column: '社区编号', code: 'COMMUNITY_NOT_FOUND' },
    ]);
    const auditor = await post('/needs/import', clean, actor('auditor', 'import-auditor', home));
    expect({ status: auditor.status, code: auditor.body.code }).toEqual({ status: 403, code: 'ROLE_NOT_PERMITTED' });
    expect(await head()).toBe(before);
  });

  it('refuses what is not the template: another file, an unknown or missing column, JSON', async () => {
    const notExcel = await post('/needs/import', Buffer.from('名字,电话\n张三,138'));
    expect(notExcel.body.details.problems[0].code).toBe('IMPORT_NOT_XLSX');
    const columns = await post('/needs/import', await workbook(['社区编号', '标题', '备注'], [[home.community, '缺列', '多列']]));
    expect(columns.status).toBe(422);
    expect((columns.body.details.problems as { code: string; column: string }[]).map(({ code, column }) => `${code} ${column}`)).toEqual(
      expect.arrayContaining(['IMPORT_UNKNOWN_COLUMN 备注', 'IMPORT_COLUMN_MISSING 类别']),
    );
    const json = await app.http().post('/needs/import').set(committee).send({ rows: [] });
    expect({ status: json.status, code: json.body.code }).toEqual({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    const elsewhere = await app.http().post('/needs').set(committee).set('content-type', XLSX).send(clean);
    expect({ status: elsewhere.status, code: elsewhere.body.code }).toEqual({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('imports volunteers under real name through RegisterVolunteer, once', async () => {
    const file = await workbook(['姓名', '手机', '社区编号', '登记日期'], [['李明', '13900000001', home.community, '2026-11-01'], ['王芳', '13900000002', home.community, null]]);
    const first = await post('/volunteers/import', file);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ kind: 'volunteers', rows: 2, imported: 2 });
    const [registered] = await app.service.infrastructure.eventStore.readStream(`volunteer-${first.body.results[0].id}`);
    expect(registered!.data).toMatchObject({ area: home, registeredOn: '2026-11-01' });
    expect(await app.service.infrastructure.vault.get((registered!.data as { personRef: string }).personRef)).toMatchObject({ name: '李明' });
    const before = await head();
    expect((await post('/volunteers/import', file)).body).toMatchObject({ imported: 0, alreadyImported: 2 });
    expect(await head()).toBe(before);
  });
});
