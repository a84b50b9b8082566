import ExcelJS from 'exceljs';
import { DomainError, FIGURE_UNITS, type FigureProblem, type FigureUnit, figureValueSound, type FiledFigureInput, invalid } from '#domain';
import type { ReportDraft } from '#application';
import { checkWorkbookArchive } from '../spreadsheets/workbook-archive.js';
import { type CellWithoutValue, plainCell } from '../spreadsheets/workbook-cells.js';

/**
 * The report's sheet (减负): one row per figure, the figure from the facts beside an empty column
 * for the organisation's corrected figure. The organisation fills in only what it corrects and files
 * the workbook back; a blank corrected cell files the facts' figure. Money is shown, and corrected,
 * in yuan with two decimals (unit 元), as a finance officer reads it; the JSON and the filed fact keep
 * fen. A sheet downloaded before money was shown in yuan says 分 and is read in fen.
 */
export const SHEET_NAME = '报告数据';
export const COLUMNS = ['指标代码 (key)', '指标 (label)', '单位 (unit)', '据实数据 (fromFacts)', '机构更正数据 (corrected)'] as const;
const KEY_COLUMN = 1;
const UNIT_COLUMN = 3;
const FACTS_COLUMN = 4;
const CORRECTED_COLUMN = 5;
/** The sheet's unit of money figures: yuan, two decimals; filed as fen. */
const YUAN = '元';
/** A sheet holds at most this many figures: a report has some hundreds (staff x weeks). */
export const WORKBOOK_MAX_ROWS = 5000;

const KIND_LABELS = { monthly_brief: '月度工作简报', mid_term: '中期工作报告', final: '终期工作报告' } as const;

export const draftWorkbook = async (draft: ReportDraft): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook();
  workbook.title = `${KIND_LABELS[draft.kind]} ${draft.period}`;
  workbook.subject = `project ${draft.projectId}; ${draft.span.from}/${draft.span.to} (北京时间)`;
  const sheet = workbook.addWorksheet(SHEET_NAME);
  sheet.columns = COLUMNS.map((header, index) => ({ header, width: index === 1 ? 40 : 22 }));
  sheet.getRow(1).font = { bold: true };
  for (const figure of draft.figures) {
    const row = sheet.addRow(figure.unit === 'fen' ? [figure.key, figure.label, YUAN, figure.value / 100, null] : [figure.key, figure.label, FIGURE_UNITS[figure.unit], figure.value, null]);
    if (figure.unit === 'fen') for (const column of [FACTS_COLUMN, CORRECTED_COLUMN]) row.getCell(column).numFmt = '0.00';
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
};

/** One bad cell of an uploaded workbook: its row and column (1-based, as Excel shows them) and why. */
export interface CellProblem {
  readonly row: number;
  readonly column: number;
  readonly code: 'CELL_KEY_MISSING' | 'CELL_UNIT_UNKNOWN' | 'CELL_NOT_A_NUMBER' | 'CELL_VALUE_INVALID' | 'CELL_FORMULA_WITHOUT_VALUE' | 'CELL_ERROR';
}

/** How a corrected cell in the sheet's unit is filed: yuan become fen; a yuan amount has at most two decimals. */
type SheetUnit = { readonly unit: FigureUnit; readonly toFiled: (value: number) => number | null };
const UNIT_BY_LABEL = new Map<string, SheetUnit>([
  ...Object.entries(FIGURE_UNITS).map(([unit, label]): [string, SheetUnit] => [label, { unit: unit as FigureUnit, toFiled: (value) => value }]),
  [YUAN, { unit: 'fen', toFiled: (yuan) => (Math.abs(yuan * 100 - Math.round(yuan * 100)) < 1e-6 ? Math.round(yuan * 100) : null) }],
]);

const CELL_CODES = { FORMULA_WITHOUT_VALUE: 'CELL_FORMULA_WITHOUT_VALUE', ERROR_VALUE: 'CELL_ERROR' } as const;

/** A corrected cell: a number, or numeric text (Excel users type '12.5' as text too). */
const numberIn = (value: unknown): number | null => {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return null;
};

export interface ParsedWorkbook {
  readonly figures: readonly FiledFigureInput[];
  /** The sheet row of each figure, to place a figure the decider refuses. */
  readonly rows: readonly number[];
}

/**
 * Reads the corrected figures from an uploaded draft. Every cell is checked before anything is
 * filed; a workbook with any bad cell is refused whole (REPORT_WORKBOOK_INVALID, details.problems
 * with row, column and code).
 */
export const readWorkbook = async (file: Buffer): Promise<ParsedWorkbook> => {
  // A zip bomb is refused (413 WORKBOOK_TOO_LARGE) before exceljs inflates anything.
  if (!checkWorkbookArchive(file)) throw invalid('REPORT_WORKBOOK_UNREADABLE', 'The file is not an Excel workbook (.xlsx)');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw invalid('REPORT_WORKBOOK_UNREADABLE', 'The file is not an Excel workbook (.xlsx)');
  }
  const sheet = workbook.getWorksheet(SHEET_NAME) ?? workbook.worksheets[0];
  if (!sheet) throw invalid('REPORT_WORKBOOK_UNREADABLE', `The workbook has no sheet ${SHEET_NAME}`);
  if (sheet.rowCount > WORKBOOK_MAX_ROWS + 1) throw invalid('REPORT_WORKBOOK_TOO_LARGE', `At most ${WORKBOOK_MAX_ROWS} figures`, { rows: sheet.rowCount - 1 });
  const problems: CellProblem[] = [];
  const figures: FiledFigureInput[] = [];
  const rows: number[] = [];
  for (let rowNumber = 2; rowNumber <= sheet.rowCount; rowNumber += 1) {
    const row = sheet.getRow(rowNumber);
    // A formula counts by its saved value; one saved without it, or an error value, is refused (plainCell).
    const cells = [KEY_COLUMN, UNIT_COLUMN, CORRECTED_COLUMN].map((column) => ({ column, cell: plainCell(row.getCell(column).value) }));
    const without = cells.filter(({ cell }) => 'problem' in cell);
    for (const { column, cell } of without) problems.push({ row: rowNumber, column, code: CELL_CODES[(cell as { problem: CellWithoutValue }).problem] });
    if (without.length > 0) continue;
    const [key, unitLabel, corrected] = cells.map(({ cell }) => (cell as { value: unknown }).value);
    const blankCorrected = corrected === null || corrected === undefined || (typeof corrected === 'string' && corrected.trim() === '');
    if ((key === null || key === undefined || key === '') && blankCorrected) continue; // an empty line
    if (typeof key !== 'string' || key.trim() === '') {
      problems.push({ row: rowNumber, column: KEY_COLUMN, code: 'CELL_KEY_MISSING' });
      continue;
    }
    const sheetUnit = typeof unitLabel === 'string' ? UNIT_BY_LABEL.get(unitLabel.trim()) : undefined;
    if (!sheetUnit) {
      problems.push({ row: rowNumber, column: UNIT_COLUMN, code: 'CELL_UNIT_UNKNOWN' });
      continue;
    }
    if (blankCorrected) continue; // not corrected: the facts' figure is filed
    const typed = numberIn(corrected);
    const value = typed === null ? null : sheetUnit.toFiled(typed);
    if (typed === null) problems.push({ row: rowNumber, column: CORRECTED_COLUMN, code: 'CELL_NOT_A_NUMBER' });
    else if (value === null || !figureValueSound(sheetUnit.unit, value)) problems.push({ row: rowNumber, column: CORRECTED_COLUMN, code: 'CELL_VALUE_INVALID' });
    else {
      figures.push({ key: key.trim(), value });
      rows.push(rowNumber);
    }
  }
  if (problems.length > 0) throw invalid('REPORT_WORKBOOK_INVALID', 'Some cells of the workbook cannot be filed; nothing was filed', { problems });
  return { figures, rows };
};


/** A figure the decider refused (an unknown key, one named twice) is told by the sheet's row, in the key column. */
export const placedInSheet = (error: unknown, rows: readonly number[]): unknown => {
  if (!(error instanceof DomainError) || error.code !== 'REPORT_FIGURES_INVALID') return error;
  const problems = (error.details?.problems ?? []) as readonly FigureProblem[];
  return invalid('REPORT_WORKBOOK_INVALID', 'Some rows of the workbook name no figure of the draft; nothing was filed', {
    problems: problems.map((problem) => ({ row: rows[problem.index] ?? null, column: KEY_COLUMN, code: problem.code, key: problem.key })),
  });
};
