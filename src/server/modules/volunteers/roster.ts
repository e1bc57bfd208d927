import ExcelJS from 'exceljs';
import { ROSTER_COLUMNS, ROSTER_HEADERS } from '../../../contracts/alliance.ts';
import { cellText } from '../../core/files/index.ts';

export type RosterField = (typeof ROSTER_COLUMNS)[number];
export type RosterRow = { row: number } & Record<RosterField, string>;

const MAX_ROWS = 20_000;

/**
 * Reads the first sheet of a roster workbook. Columns are found by header (Chinese or English
 * part of the bilingual header), so a sheet with reordered columns still imports; null means the
 * bytes are not a readable workbook or the name/phone/node columns are missing.
 */
export async function readRoster(bytes: Buffer): Promise<RosterRow[] | null> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return null;
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return null;
  const header = sheet.getRow(1);
  const columnOf = new Map<RosterField, number>();
  header.eachCell((cell, col) => {
    const text = cellText(cell.value).toLowerCase();
    for (const field of ROSTER_COLUMNS) {
      const [zh, ...en] = ROSTER_HEADERS[field].split(' ');
      if (
        text === ROSTER_HEADERS[field].toLowerCase() ||
        text === zh ||
        text === en.join(' ').toLowerCase()
      ) {
        columnOf.set(field, col);
      }
    }
  });
  if (!columnOf.has('name') || !columnOf.has('phone') || !columnOf.has('nodeCode')) return null;
  const rows: RosterRow[] = [];
  const last = Math.min(sheet.rowCount, MAX_ROWS + 1);
  for (let r = 2; r <= last; r += 1) {
    const row = sheet.getRow(r);
    const get = (field: RosterField) => {
      const col = columnOf.get(field);
      return col ? cellText(row.getCell(col).value) : '';
    };
    const entry = {
      row: r,
      name: get('name'),
      phone: get('phone'),
      nodeCode: get('nodeCode'),
      team: get('team'),
      idNumber: get('idNumber').toUpperCase(),
    };
    if (Object.values(entry).every((v) => v === '' || typeof v === 'number')) continue;
    rows.push(entry);
  }
  return rows;
}

/** A roster workbook with the bilingual header row; the same layout imports back. */
export async function writeRoster(
  rows: Array<Record<RosterField, string> & { node: string; skills: string }>,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Xinghuo';
  const sheet = workbook.addWorksheet('志愿者 Volunteers');
  sheet.columns = [
    ...ROSTER_COLUMNS.map((field) => ({ header: ROSTER_HEADERS[field], key: field, width: 22 })),
    { header: '所属辖区 Node', key: 'node', width: 20 },
    { header: '技能 Skills', key: 'skills', width: 30 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
