import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';
import { minimalWorkbook, zipOf } from '../support/zip-parts.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = ['社区编号', '类别', '标题', '描述', '紧急程度', '来源', '受益人数', '资金缺口（元）'];

/**
 * The kind "a hostile spreadsheet" (批量导入, 报告据实生成): a workbook of a few kilobytes that inflates
 * to gigabytes of XML (exceljs reads a workbook whole, in memory), a header row thousands of cells
 * wide, a formula saved without its value (read as an empty cell: the amount a committee typed was
 * silently not imported), an error value. Each gets a stable code and stores nothing.
 */
describe('hostile workbooks on import (e2e)', () => {
  let app: TestApp;
  const home = { city: 'xiamen', district: 'book-district', street: 'book-street', community: 'book-home' };
  const committee = actor('community_committee', 'book-committee', home);
  const head = () => app.service.infrastructure.eventStore.headPosition();
  const post = (file: Buffer) => app.http().post('/needs/import').set(committee).set('content-type', XLSX).send(file);
  const row = (title: string) => [home.community, '养老服务', title, '每日午餐送餐', '高', '走访', '1', '1200.50'];

  const refused = async (file: Buffer, status: number, code: string) => {
    const before = await head();
    const response = await post(file);
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    expect(await head()).toBe(before);
    return response.body as { details?: { problems?: { row: number; column: string | null; code: string }[] } };
  };

  beforeAll(async () => {
    app = await startTestApp();
    const { community, ...above } = home;
    await app.http().post('/communities').set(actor('civil_affairs_bureau')).send({ communityId: community, name: community, area: above, kind: 'urban', residents: 5000, households: 1800 }).expect(201);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('a hand-made workbook imports (so what follows is refused for its size, not its form)', async () => {
    const response = await post(minimalWorkbook([HEADERS, row('手工文件')]));
    expect(response.status).toBe(200);
  });

  it('a zip bomb: 40 MB of sheet XML in a few KB -> 413 WORKBOOK_TOO_LARGE before it is parsed, whatever size the archive declares', async () => {
    const bomb = minimalWorkbook([HEADERS, row('炸弹')], 40 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(200 * 1024);
    await refused(bomb, 413, 'WORKBOOK_TOO_LARGE');
    // The same part declaring 1 KB: the cap counts inflated bytes, not what the archive says.
    await refused(zipOf([{ name: 'xl/worksheets/sheet1.xml', content: ' '.repeat(40 * 1024 * 1024), declaredSize: 1024 }]), 413, 'WORKBOOK_TOO_LARGE');
    const manyParts = zipOf(Array.from({ length: 600 }, (_, index) => ({ name: `xl/part${index}.xml`, content: '<x/>' })));
    await refused(manyParts, 413, 'WORKBOOK_TOO_LARGE');
  });

  it('a header row wider than any template -> 422 IMPORT_TOO_MANY_COLUMNS, one problem, not thousands', async () => {
    const wide = minimalWorkbook([[...HEADERS, ...Array.from({ length: 100 }, (_, index) => `列${index}`)], row('宽表')]);
    const body = await refused(wide, 422, 'IMPORT_REJECTED');
    expect(body.details!.problems!.map(({ code }) => code)).toEqual(['IMPORT_TOO_MANY_COLUMNS']);
  });

  it('formulas count by their saved value; one saved without it, or an error value, is refused by cell', async () => {
    const book = async (cells: Record<number, ExcelJS.CellValue>[]) => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('导入');
      sheet.addRow(HEADERS);
      cells.forEach((overrides, index) => {
        const added = sheet.addRow(row(`公式${index}`));
        for (const [column, value] of Object.entries(overrides)) added.getCell(Number(column)).value = value;
      });
      return Buffer.from(await workbook.xlsx.writeBuffer());
    };
    const amount = HEADERS.indexOf('资金缺口（元）') + 1;
    const title = HEADERS.indexOf('标题') + 1;
    const body = await refused(await book([
      { [amount]: { formula: '1000+200.5' } as ExcelJS.CellFormulaValue },
      { [amount]: { error: '#REF!' } as ExcelJS.CellErrorValue },
    ]), 422, 'IMPORT_REJECTED');
    expect(body.details!.problems!.map(({ row: at, column, code }) => ({ at, column, code }))).toEqual([
      { at: 2, column: '资金缺口（元）', code: 'IMPORT_FORMULA_WITHOUT_VALUE' },
      { at: 3, column: '资金缺口（元）', code: 'IMPORT_CELL_ERROR' },
    ]);

    const imported = await post(await book([{ [amount]: { formula: '1000+200.5', result: 1200.5 }, [title]: { formula: '"高龄"&"助餐"', result: '高龄助餐' } } as Record<number, ExcelJS.CellValue>]));
    expect(imported.status).toBe(200);
    const needs = (await app.http().get('/needs').set(committee).query({ community: home.community, limit: '100', minPosition: String(await head()) }).expect(200)).body.items as { title: string; amountFen: number | null }[];
    expect(needs.find((need) => need.title === '高龄助餐')).toMatchObject({ amountFen: 120_050 });
  });
});
