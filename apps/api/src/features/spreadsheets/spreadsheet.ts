import ExcelJS from 'exceljs';

/**
 * One sheet of rows as CSV or Excel (exceljs). A column has a Chinese header for the committee and
 * the English field name beside it, and says its kind: money is fen in the lists and yuan in the sheet.
 */
export type CellValue = string | number | boolean | null;
export interface Column<Row> {
  /** 中文表头 (English field): what the committee reads in the first row. */
  readonly header: string;
  readonly field: string;
  readonly kind?: 'text' | 'number' | 'yuan';
  readonly value: (row: Row) => CellValue;
}

export const SPREADSHEET_FORMATS = ['csv', 'xlsx'] as const;
export type SpreadsheetFormat = (typeof SPREADSHEET_FORMATS)[number];
export const CONTENT_TYPES: Record<SpreadsheetFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Fen as exact yuan text with two decimals (integer arithmetic): 123456 -> '1234.56'. */
export const yuanDecimal = (fen: number): string => `${fen < 0 ? '-' : ''}${Math.trunc(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;

const headerOf = (column: Column<never>): string => `${column.header} (${column.field})`;

/**
 * A text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) is written with a leading
 * apostrophe (OWASP "CSV injection"): a need's title is typed by the public's representatives.
 */
const defused = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

const csvField = (value: CellValue): string => {
  if (value === null) return '';
  const text = typeof value === 'string' ? defused(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** RFC 4180 CSV in UTF-8 with a byte-order mark, so Excel opens the Chinese text as it is. */
export const toCsv = <Row>(columns: readonly Column<Row>[], rows: readonly Row[]): Buffer => {
  const lines = [columns.map((column) => csvField(headerOf(column as Column<never>))).join(',')];
  for (const row of rows) {
    lines.push(columns.map((column) => {
      const value = column.value(row);
      return csvField(column.kind === 'yuan' && typeof value === 'number' ? yuanDecimal(value) : value);
    }).join(','));
  }
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
};

/** One worksheet, a bold header row, yuan columns formatted 0.00 (the cell holds fen / 100). */
export const toXlsx = async <Row>(sheetName: string, columns: readonly Column<Row>[], rows: readonly Row[]): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = columns.map((column) => ({
    header: headerOf(column as Column<never>),
    key: column.field,
    width: Math.max(12, column.header.length * 2 + column.field.length + 4),
    ...(column.kind === 'yuan' ? { style: { numFmt: '0.00' } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    sheet.addRow(columns.map((column) => {
      const value = column.value(row);
      if (column.kind === 'yuan' && typeof value === 'number') return value / 100;
      return typeof value === 'string' ? defused(value) : value;
    }));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
};
