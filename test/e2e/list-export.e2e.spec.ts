import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';
import { runWholeFlow, type WholeFlow } from '../support/whole-flow.js';

/** Reads a binary response body whole (supertest leaves binary types unparsed otherwise). */
const binary = (response: unknown, callback: (error: Error | null, body: Buffer) => void) => {
  const stream = response as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
};

const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') { field += '"'; index++; } else if (char === '"') quoted = false; else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') { row.push(field); field = ''; } else if (char === '\r') continue;
    else if (char === '\n') { row.push(field); rows.push(row); row = []; field = ''; } else field += char;
  }
  return rows;
};

describe('the three lists as spreadsheets (issue 12 item 7)', () => {
  let app: TestApp;
  let flow: WholeFlow;
  const committee = actor('community_committee', 'export-committee');

  beforeAll(async () => {
    app = await startTestApp();
    flow = await runWholeFlow(app, 'export');
    // A title a spreadsheet would run as a formula: it must arrive as text.
    await app.http().post('/needs').set(committee).send({
      communityId: flow.ids.community, category: 'education', title: '=HYPERLINK("http://x","课后辅导")', description: '"引号", 逗号', urgency: 'low', source: 'hotline',
      beneficiaries: 2, requiredSkills: [], beneficiary: { name: '某某' },
    }).expect(201);
  });
  afterAll(async () => {
    await app.close();
  });

  const csv = async (path: string) => {
    const response = await app.http().get(path).set(committee).buffer(true).parse(binary).expect(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const text = (response.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    return parseCsv(text.slice(1));
  };

  it('exports the needs list as CSV with the list filters, Chinese headers and exact yuan', async () => {
    const rows = await csv(`/needs/export?format=csv&community=${flow.ids.community}&minPosition=${flow.position}`);
    const [header, ...body] = rows;
    expect(header!.slice(0, 3)).toEqual(['需求编号 (needId)', '需求 (title)', '服务类别 (category)']);
    const list = (await app.http().get(`/needs?community=${flow.ids.community}&limit=100`).expect(200)).body.items as { needId: string }[];
    expect(body.map((row) => row[0])).toEqual(list.map((item) => item.needId));
    const meals = body.find((row) => row[0] === flow.ids.need)!;
    const column = (name: string) => header!.indexOf(name);
    expect(meals[column('需求 (title)')]).toBe('独居老人助餐');
    expect(meals[column('服务类别 (category)')]).toBe('养老服务');
    expect(meals[column('资金缺口（元） (amountYuan)')]).toBe('2000.00');
    expect(meals[column('已对接资金（元） (matchedAmountYuan)')]).toBe('2000.00');
    const formula = body.find((row) => row[column('需求 (title)')]!.includes('HYPERLINK'))!;
    expect(formula[column('需求 (title)')]).toBe('\'=HYPERLINK("http://x","课后辅导")');

    const filtered = await csv(`/needs/export?format=csv&community=${flow.ids.community}&category=education`);
    expect(filtered).toHaveLength(2);
    expect(await csv('/needs/export?format=csv&district=nowhere')).toHaveLength(1);
  });

  it('exports projects and donations as Excel workbooks that read back', async () => {
    for (const [path, id, amountHeader, amount] of [
      [`/projects/export?format=xlsx&street=zhonghua`, flow.ids.project, '合同金额（元） (contractPriceYuan)', 1_420_000],
      [`/donations/export?format=xlsx&community=${flow.ids.community}`, flow.ids.donation, '认捐（元） (pledgedYuan)', 6000],
    ] as const) {
      const response = await app.http().get(path).set(committee).buffer(true).parse(binary).expect(200);
      expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="(projects|donations)-\d{4}-\d{2}-\d{2}\.xlsx"$/);
      const workbook = new ExcelJS.Workbook();
      // exceljs types its Buffer as the pre-generic Node one.
      await workbook.xlsx.load(response.body as Parameters<typeof workbook.xlsx.load>[0]);
      const sheet = workbook.worksheets[0]!;
      const header = (sheet.getRow(1).values as string[]).slice(1);
      const row = (sheet.getRow(2).values as unknown[]).slice(1);
      expect(row[0]).toBe(id);
      expect(row[header.indexOf(amountHeader)]).toBe(amount);
      expect(sheet.getRow(2).getCell(header.indexOf(amountHeader) + 1).numFmt).toBe('0.00');
    }
  });

  it('refuses an unknown format or a paging parameter with 400, and asks for a token', async () => {
    expect((await app.http().get('/needs/export?format=pdf').set(committee).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await app.http().get('/needs/export').set(committee).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await app.http().get('/projects/export?format=csv&limit=5').set(committee).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await app.anonymous().get('/donations/export?format=csv').expect(401)).body.code).toBe('AUTHENTICATION_REQUIRED');
  });
});
