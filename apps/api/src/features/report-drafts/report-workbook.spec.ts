import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { minimalWorkbook } from '../../../../../test/support/zip-parts.js';
import { COLUMNS, readWorkbook, SHEET_NAME } from './report-workbook.js';

/** A filed-back report sheet whose corrected cell (column 5) holds `corrected`. */
const filedBack = async (corrected: ExcelJS.CellValue): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(SHEET_NAME);
  sheet.addRow([...COLUMNS]);
  sheet.addRow(['deliveries.count', '服务次数', '次', 10, null]).getCell(5).value = corrected;
  return Buffer.from(await workbook.xlsx.writeBuffer());
};

/**
 * The report sheet an organisation files back (减负): a formula in the corrected column counts by its
 * saved value; one saved without it was read as a blank cell, and the facts' figure was filed instead
 * of the organisation's correction, without a word. A zip bomb is refused before it is parsed.
 */
describe('a hostile report workbook', () => {
  it('files a formula by its saved value', async () => {
    expect((await readWorkbook(await filedBack({ formula: '5+7', result: 12 } as ExcelJS.CellFormulaValue))).figures).toEqual([{ key: 'deliveries.count', value: 12 }]);
  });

  it('refuses a formula saved without its value, and an error value, by cell', async () => {
    for (const [value, code] of [[{ formula: '5+7' }, 'CELL_FORMULA_WITHOUT_VALUE'], [{ error: '#DIV/0!' }, 'CELL_ERROR'], [{ formula: '1/0', result: { error: '#DIV/0!' } }, 'CELL_ERROR']] as const) {
      await expect(readWorkbook(await filedBack(value as ExcelJS.CellValue))).rejects.toMatchObject({ code: 'REPORT_WORKBOOK_INVALID', details: { problems: [{ row: 2, column: 5, code }] } });
    }
  });

  it('refuses a workbook that inflates beyond the bound: 413 WORKBOOK_TOO_LARGE', async () => {
    await expect(readWorkbook(minimalWorkbook([[...COLUMNS]], 40 * 1024 * 1024))).rejects.toMatchObject({ statusCode: 413, code: 'WORKBOOK_TOO_LARGE' });
    await expect(readWorkbook(Buffer.from('PK not a zip at all'))).rejects.toMatchObject({ code: 'REPORT_WORKBOOK_UNREADABLE' });
  });
});
