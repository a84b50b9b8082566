import type ExcelJS from 'exceljs';

/** Why a cell has no value a person could have meant. */
export type CellWithoutValue = 'FORMULA_WITHOUT_VALUE' | 'ERROR_VALUE';

/**
 * What an uploaded cell holds, the same for every importer. A formula counts by the value Excel last
 * computed and saved beside it (what the person saw when saving); a formula saved without one (a file
 * written by a program and never opened in Excel) or an error value (#REF!, #N/A...) is no value: the
 * importer refuses the cell with a code, rather than read it as empty and quietly file something else.
 * Rich text is its text, a hyperlink its shown text (never its target).
 */
export const plainCell = (value: ExcelJS.CellValue): { readonly value: string | number | boolean | Date | null } | { readonly problem: CellWithoutValue } => {
  if (value === null || value === undefined) return { value: null };
  if (value instanceof Date || typeof value !== 'object') return { value };
  if ('formula' in value || 'sharedFormula' in value) {
    const result: unknown = value.result;
    if (result === undefined || result === null) return { problem: 'FORMULA_WITHOUT_VALUE' };
    if (typeof result === 'object' && !(result instanceof Date)) return 'error' in result ? { problem: 'ERROR_VALUE' } : { value: null };
    return { value: result as string | number | boolean | Date };
  }
  if ('error' in value) return { problem: 'ERROR_VALUE' };
  if ('richText' in value) return { value: value.richText.map((part) => part.text).join('') };
  if ('text' in value) return { value: String(value.text) };
  return { value: null };
};
