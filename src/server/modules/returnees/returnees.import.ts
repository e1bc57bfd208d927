import ExcelJS from 'exceljs';
import { RETURNEE_COLUMNS, type ReturneeBody, returneeBodySchema } from '../../../contracts/returnees.ts';
import { AppError } from '../../core/errors.ts';
import { cellText } from '../../core/files/index.ts';

/** Lists pushed down from above are hundreds of rows; a bigger sheet is refused, not half read. */
export const MAX_IMPORT_ROWS = 5000;

/** The sheet's rows (header skipped) as bodies for the register schema, numbered as Excel numbers them. */
export async function readReturneeSheet(
  buffer: Buffer,
  nodeId: number,
): Promise<Array<{ row: number; body: unknown }>> {
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
  if (sheet.rowCount > MAX_IMPORT_ROWS + 1)
    throw new AppError('IMPORT_TOO_LARGE', 400, { max: MAX_IMPORT_ROWS });
  const rows: Array<{ row: number; body: unknown }> = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const cells = RETURNEE_COLUMNS.map((_, i) => cellText(row.getCell(i + 1).value));
    if (cells.every((c) => c === '')) return;
    const body: Record<string, unknown> = { nodeId };
    RETURNEE_COLUMNS.forEach((column, i) => {
      if (cells[i] !== '') body[column] = cells[i];
    });
    rows.push({ row: number, body });
  });
  return rows;
}

/** The register schema on a sheet row: each failing field with its reason code. */
export function parseReturneeRow(
  body: unknown,
): { success: true; data: ReturneeBody } | { success: false; fields: string[][] } {
  const parsed = returneeBodySchema.safeParse(body);
  if (parsed.success) return { success: true, data: parsed.data };
  return {
    success: false,
    fields: parsed.error.issues.map((i) => [
      String(i.path[0] ?? ''),
      /^[A-Z_]+$/.test(i.message) ? i.message : i.code === 'invalid_type' ? 'REQUIRED' : 'INVALID',
    ]),
  };
}
