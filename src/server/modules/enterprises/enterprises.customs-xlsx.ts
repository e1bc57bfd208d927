import ExcelJS from 'exceljs';
import { type ExportStat, PRIOR_COLUMNS, type StatsDimension } from '../../../contracts/enterprises.ts';
import { readSheetRows } from '../../core/files/index.ts';

/** A year of monthly lines by goods, destination and firm is a few thousand rows; more is refused, not half read. */
export const MAX_PRIOR_ROWS = 20_000;

/** The sheet's rows (header skipped) as bodies for `priorLineSchema`, numbered as Excel numbers them. */
export function readPriorSheet(buffer: Buffer): Promise<Array<{ row: number; body: unknown }>> {
  return readSheetRows(
    buffer,
    PRIOR_COLUMNS.map((c) => c.key),
    MAX_PRIOR_ROWS,
  );
}

const KEY_HEADER: Record<StatsDimension, string | null> = {
  destination: '目的地',
  goods: '货物（HS 编码）',
  firm: '企业',
  month: null,
};

/** The statistics as the page shows them, one sheet, change on last year in per cent. */
export async function statsWorkbook(rows: ExportStat[], by: StatsDimension): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('通关统计');
  const keyHeader = KEY_HEADER[by];
  sheet.addRow([
    '月份',
    ...(keyHeader ? [keyHeader] : []),
    '重量（吨）',
    '货值（美元）',
    '去年同期重量（吨）',
    '去年同期货值（美元）',
    '重量同比（%）',
    '货值同比（%）',
  ]);
  for (const r of rows)
    sheet.addRow([
      r.month,
      ...(keyHeader ? [by === 'goods' ? `${r.label}（${r.key}）` : r.label] : []),
      Math.round(r.tonnes * 1000) / 1000,
      r.valueUsd,
      r.lastYearTonnes,
      r.lastYearValueUsd,
      r.tonnesChange,
      r.valueChange,
    ]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** An empty sheet with the import's columns, for the officer to fill in. */
export async function priorTemplate(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('去年同期').addRow(PRIOR_COLUMNS.map((c) => c.zh));
  return Buffer.from(await book.xlsx.writeBuffer());
}
