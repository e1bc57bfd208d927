import ExcelJS from 'exceljs';
import { AppError } from '../errors.ts';
import { cellText } from './cell-text.ts';

/**
 * The first sheet's rows, header skipped and blank rows dropped, as bodies keyed by column
 * position (`keys[i]` is column i + 1; empty cells are left out so the schema names them as
 * missing), numbered as Excel numbers them. Not a workbook: FILE_TYPE_MISMATCH on the `file`
 * field; more than `maxRows` rows: IMPORT_TOO_LARGE before any row is read.
 */
export async function readSheetRows(
  buffer: Buffer,
  keys: readonly string[],
  maxRows: number,
  base: Record<string, unknown> = {},
): Promise<Array<{ row: number; body: Record<string, unknown> }>> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new AppError('FILE_TYPE_MISMATCH', 400, {}, [
      { field: 'file', in: 'file', code: 'FILE_TYPE_MISMATCH' },
    ]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  if (sheet.rowCount > maxRows + 1) throw new AppError('IMPORT_TOO_LARGE', 400, { max: maxRows });
  const rows: Array<{ row: number; body: Record<string, unknown> }> = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const cells = keys.map((_, i) => cellText(row.getCell(i + 1).value));
    if (cells.every((c) => c === '')) return;
    const body: Record<string, unknown> = { ...base };
    keys.forEach((key, i) => {
      if (cells[i] !== '') body[key] = cells[i];
    });
    rows.push({ row: number, body });
  });
  return rows;
}
