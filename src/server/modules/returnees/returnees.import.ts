import { RETURNEE_COLUMNS, type ReturneeBody, returneeBodySchema } from '../../../contracts/returnees.ts';
import { readSheetRows } from '../../core/files/index.ts';

/** Lists pushed down from above are hundreds of rows; a bigger sheet is refused, not half read. */
export const MAX_IMPORT_ROWS = 5000;

/** The sheet's rows (header skipped) as bodies for the register schema, numbered as Excel numbers them. */
export function readReturneeSheet(
  buffer: Buffer,
  nodeId: number,
): Promise<Array<{ row: number; body: unknown }>> {
  return readSheetRows(buffer, RETURNEE_COLUMNS, MAX_IMPORT_ROWS, { nodeId });
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
