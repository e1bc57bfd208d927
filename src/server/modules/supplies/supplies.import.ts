import ExcelJS from 'exceljs';
import {
  DONATION_COLUMNS,
  type DONATION_FIELDS,
  type DONATION_ROW_ERRORS,
  DONOR_KIND_TEXT,
  type DONOR_KINDS,
} from '../../../contracts/supplies.ts';
import { AppError } from '../../core/errors.ts';
import { cellText } from '../../core/files/index.ts';

/** A donation list is typed by hand from a day's pledges: thousands of rows at most. */
export const MAX_DONATION_ROWS = 5000;

type Field = (typeof DONATION_FIELDS)[number];
type RowErrorCode = (typeof DONATION_ROW_ERRORS)[number];
export interface DonationRowError {
  row: number;
  field: Field;
  code: RowErrorCode;
  value: string;
}
export interface DonationRow {
  row: number;
  donor: string;
  kind: (typeof DONOR_KINDS)[number];
  anonymous: boolean;
  itemId: number;
  quantity: number;
  received: number;
  note: string;
}
interface CatalogueItem {
  id: number;
  name: string;
  standard: string;
}

const YES = new Set(['是', 'yes', 'y', '1', 'true']);
const NO = new Set(['', '否', 'no', 'n', '0', 'false']);
const WHOLE = /^\d{1,9}$/;

/**
 * Reads the first sheet and checks every row before anything is written: the good rows come back to
 * be booked in one transaction, each bad row is named with its field and reason (decision 1204). A
 * header that is not the template refuses the whole file: a shifted column would book quantities
 * under the wrong item.
 */
export async function readDonationList(
  bytes: Buffer,
  catalogue: CatalogueItem[],
): Promise<{ rows: DonationRow[]; errors: DonationRowError[]; rowsRead: number }> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new AppError('FILE_TYPE_MISMATCH', 400, {}, [
      { field: 'file', in: 'file', code: 'FILE_TYPE_MISMATCH' },
    ]);
  }
  const sheet = book.worksheets[0];
  const columns = DONATION_COLUMNS.join('，');
  const header = sheet ? DONATION_COLUMNS.map((_, i) => cellText(sheet.getRow(1).getCell(i + 1).value)) : [];
  if (!sheet || header.some((h, i) => h !== DONATION_COLUMNS[i]))
    throw new AppError('IMPORT_BAD_HEADER', 400, { columns }, [
      { field: 'file', in: 'file', code: 'IMPORT_BAD_HEADER' },
    ]);
  if (sheet.rowCount - 1 > MAX_DONATION_ROWS)
    throw new AppError('IMPORT_TOO_LARGE', 400, { max: MAX_DONATION_ROWS }, [
      { field: 'file', in: 'file', code: 'IMPORT_TOO_LARGE' },
    ]);

  const byName = new Map<string, CatalogueItem[]>();
  for (const item of catalogue) byName.set(item.name, [...(byName.get(item.name) ?? []), item]);

  const rows: DonationRow[] = [];
  const errors: DonationRowError[] = [];
  let rowsRead = 0;
  for (let r = 2; r <= sheet.rowCount; r += 1) {
    const cells = DONATION_COLUMNS.map((_, i) => cellText(sheet.getRow(r).getCell(i + 1).value));
    if (cells.every((c) => c === '')) continue;
    rowsRead += 1;
    const [donor, kindText, anonymousText, itemName, standard, quantityText, receivedText, note] = cells as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    // A row is reported once, for its first bad field, in the sheet's column order.
    const refuse = (field: Field, code: RowErrorCode, value: string) => {
      errors.push({ row: r, field, code, value: value.slice(0, 40) });
    };
    if (!donor) {
      refuse('donor', 'MISSING_FIELD', '');
      continue;
    }
    if (donor.length > 80) {
      refuse('donor', 'TOO_LONG', donor);
      continue;
    }
    const kind = DONOR_KIND_TEXT[kindText.toLowerCase()];
    if (!kind) {
      refuse('donorKind', kindText ? 'BAD_DONOR_KIND' : 'MISSING_FIELD', kindText);
      continue;
    }
    const anonymousKey = anonymousText.toLowerCase();
    if (!YES.has(anonymousKey) && !NO.has(anonymousKey)) {
      refuse('anonymous', 'BAD_ANONYMOUS', anonymousText);
      continue;
    }
    if (!itemName) {
      refuse('item', 'MISSING_FIELD', '');
      continue;
    }
    const named = (byName.get(itemName) ?? []).filter((i) => !standard || i.standard === standard);
    if (named.length === 0) {
      refuse(standard && byName.has(itemName) ? 'standard' : 'item', 'UNKNOWN_ITEM', standard || itemName);
      continue;
    }
    if (named.length > 1) {
      refuse('standard', 'AMBIGUOUS_ITEM', itemName);
      continue;
    }
    if (!WHOLE.test(quantityText) || Number(quantityText) < 1 || Number(quantityText) > 100_000_000) {
      refuse('quantity', quantityText ? 'BAD_QUANTITY' : 'MISSING_FIELD', quantityText);
      continue;
    }
    if (receivedText && (!WHOLE.test(receivedText) || Number(receivedText) > 100_000_000)) {
      refuse('received', 'BAD_QUANTITY', receivedText);
      continue;
    }
    const quantity = Number(quantityText);
    const received = receivedText ? Number(receivedText) : 0;
    if (received > quantity) {
      refuse('received', 'RECEIVED_ABOVE_PLEDGED', receivedText);
      continue;
    }
    if (note.length > 200) {
      refuse('note', 'TOO_LONG', note);
      continue;
    }
    rows.push({
      row: r,
      donor,
      kind,
      anonymous: YES.has(anonymousKey),
      itemId: named[0]!.id,
      quantity,
      received,
      note,
    });
  }
  return { rows, errors, rowsRead };
}
