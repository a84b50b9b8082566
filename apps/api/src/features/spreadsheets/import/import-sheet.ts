import ExcelJS from 'exceljs';
import { checkWorkbookArchive } from '../workbook-archive.js';
import { type CellWithoutValue, plainCell } from '../workbook-cells.js';
import type { ImportColumn } from './import-columns.js';

/** One problem of an import, where a committee finds it: Excel's row number and the column's header. */
export interface ImportProblem {
  /** Excel's row number (the header row is 1). */
  readonly row: number;
  /** The Chinese header; null when the problem is the row's as a whole. */
  readonly column: string | null;
  readonly code: string;
  readonly message: string;
}

export interface ImportRow {
  readonly row: number;
  /** The DTO the row becomes, before validation. */
  readonly body: Record<string, unknown>;
}

/** Most data rows one file may hold: a community's register, not a city's. */
export const IMPORT_MAX_ROWS = 2_000;
/** Most cells the header row may hold: a template has about a dozen columns. */
export const IMPORT_MAX_COLUMNS = 64;

/** Rows of the template that carry the drop-down lists (more rows may be typed by hand). */
const TEMPLATE_LIST_ROWS = 500;

/** "标题 (title)" as the template writes it, or the bare header. */
const headerText = (column: ImportColumn): string => `${column.header} (${column.field})`;

/** A cell as text: strings trimmed; dates as their calendar day; numbers as written; formulas by their saved value (plainCell). */
const cellText = (value: ExcelJS.CellValue): string | { readonly problem: CellWithoutValue } => {
  const plain = plainCell(value);
  if ('problem' in plain) return plain;
  if (plain.value === null) return '';
  if (plain.value instanceof Date) return plain.value.toISOString().slice(0, 10);
  return String(plain.value).trim();
};
/** A header cell's name ('' for a cell without a value: an unknown column). */
const headerName = (value: ExcelJS.CellValue): string => {
  const text = cellText(value);
  return typeof text === 'string' ? text : '';
};

const CELL_PROBLEMS: Record<CellWithoutValue, { code: string; message: string }> = {
  FORMULA_WITHOUT_VALUE: { code: 'IMPORT_FORMULA_WITHOUT_VALUE', message: 'A formula saved without its value: open the file in Excel and save it, or paste the values' },
  ERROR_VALUE: { code: 'IMPORT_CELL_ERROR', message: 'The cell holds an error value (#REF!, #N/A...), not a value to import' },
};

const setPath = (target: Record<string, unknown>, path: string, value: unknown): void => {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) {
    target[head!] = value;
    return;
  }
  const inner = (target[head!] ??= {}) as Record<string, unknown>;
  setPath(inner, rest.join('.'), value);
};

/**
 * Reads the first worksheet: the header row names the columns (the template's "标题 (title)" or just
 * "标题"), each later non-empty row becomes a DTO body. Problems of the sheet itself (not an Excel
 * file, a missing or unknown column, too many rows) come back as problems of row 1 or of the file.
 */
export async function readImportSheet(file: Buffer, columns: readonly ImportColumn[]): Promise<{ rows: ImportRow[]; problems: ImportProblem[] }> {
  const notXlsx = { rows: [], problems: [{ row: 0, column: null, code: 'IMPORT_NOT_XLSX', message: 'The file is not an Excel workbook (.xlsx); download the template and fill it in' }] };
  // A zip bomb is refused (413 WORKBOOK_TOO_LARGE) before exceljs inflates anything.
  if (!checkWorkbookArchive(file)) return notXlsx;
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    return notXlsx;
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { rows: [], problems: [{ row: 0, column: null, code: 'IMPORT_NOT_XLSX', message: 'The workbook has no worksheet' }] };
  const fileProblem = (code: string, message: string) => ({ rows: [], problems: [{ row: 0, column: null, code, message }] });
  if (sheet.actualRowCount > IMPORT_MAX_ROWS + 1) return fileProblem('IMPORT_TOO_MANY_ROWS', `At most ${IMPORT_MAX_ROWS} rows per file`);
  if (sheet.getRow(1).actualCellCount > IMPORT_MAX_COLUMNS) return fileProblem('IMPORT_TOO_MANY_COLUMNS', `At most ${IMPORT_MAX_COLUMNS} columns; the template has ${columns.length}`);

  const problems: ImportProblem[] = [];
  const byHeader = new Map<string, ImportColumn>();
  for (const column of columns) for (const name of [column.header, headerText(column), column.field]) byHeader.set(name, column);
  const positions = new Map<number, ImportColumn>();
  sheet.getRow(1).eachCell((cell, index) => {
    const name = headerName(cell.value);
    const column = byHeader.get(name);
    if (!column) problems.push({ row: 1, column: name, code: 'IMPORT_UNKNOWN_COLUMN', message: `No column "${name}" in this template` });
    else if ([...positions.values()].includes(column)) problems.push({ row: 1, column: column.header, code: 'IMPORT_DUPLICATE_COLUMN', message: 'The column appears twice' });
    else positions.set(index, column);
  });
  const present = new Set(positions.values());
  for (const column of columns) {
    if (column.required && !present.has(column)) problems.push({ row: 1, column: column.header, code: 'IMPORT_COLUMN_MISSING', message: 'A required column is missing' });
  }
  if (problems.length > 0) return { rows: [], problems };

  const rows: ImportRow[] = [];
  sheet.eachRow((excelRow, rowNumber) => {
    if (rowNumber === 1) return;
    const body: Record<string, unknown> = {};
    let filled = false;
    for (const [index, column] of positions) {
      const text = cellText(excelRow.getCell(index).value);
      if (typeof text !== 'string') {
        problems.push({ row: rowNumber, column: column.header, ...CELL_PROBLEMS[text.problem] });
        filled = true;
        continue;
      }
      if (text === '') continue;
      filled = true;
      const chosen = column.choices ? (Object.entries(column.choices).find(([code, label]) => text === code || text === label)?.[0] ?? text) : text;
      setPath(body, column.field, column.read ? column.read(chosen) : chosen);
    }
    if (filled) rows.push({ row: rowNumber, body });
  });
  if (rows.length === 0) problems.push({ row: 0, column: null, code: 'IMPORT_EMPTY', message: 'The sheet holds no row to import' });
  if (rows.length > IMPORT_MAX_ROWS) problems.push({ row: 0, column: null, code: 'IMPORT_TOO_MANY_ROWS', message: `At most ${IMPORT_MAX_ROWS} rows per file` });
  return { rows, problems };
}

/**
 * The template: the header row ("标题 (title)"), drop-down lists of the Chinese labels on choice
 * columns, and a sheet 填写说明 that says for each column whether it is required and what it takes.
 */
export async function importTemplate(sheetName: string, columns: readonly ImportColumn[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = columns.map((column) => ({ header: headerText(column), key: column.field, width: Math.max(14, column.header.length * 2 + column.field.length + 4) }));
  sheet.getRow(1).font = { bold: true };
  columns.forEach((column, index) => {
    if (!column.choices) return;
    const letter = sheet.getColumn(index + 1).letter;
    for (let row = 2; row <= TEMPLATE_LIST_ROWS + 1; row++) {
      sheet.getCell(`${letter}${row}`).dataValidation = { type: 'list', allowBlank: !column.required, formulae: [`"${Object.values(column.choices).join(',')}"`] };
    }
  });
  const help = workbook.addWorksheet('填写说明');
  help.columns = [{ header: '列', width: 28 }, { header: '必填', width: 8 }, { header: '说明', width: 60 }];
  help.getRow(1).font = { bold: true };
  for (const column of columns) help.addRow([headerText(column), column.required ? '是' : '否', column.choices ? `${column.note}（可选：${Object.values(column.choices).join('、')}）` : column.note]);
  help.addRow([]);
  help.addRow(['', '', '整份文件先逐行校验：有任何错误的行，整份文件都不导入；同一份文件重复导入不会重复登记。']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
