import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import {
  type IMPORT_ROW_ERRORS,
  isValidIdNumber,
  isValidPlate,
  normalisePlate,
  RELATION_LABELS,
  RELATIONS,
  RESIDENT_COLUMNS,
  VEHICLE_COLUMNS,
} from '../../../contracts/compounds.ts';
import type { AppContext } from '../../core/context.ts';
import { inTransaction } from '../../core/db/index.ts';
import { cellText } from '../../core/files/index.ts';
import type { CompoundsRepository } from './compounds.repository.ts';
import { addressKey } from './compounds.tables.ts';

export type ImportKind = 'residents' | 'vehicles';
type RowError = (typeof IMPORT_ROW_ERRORS)[number];

// On SQLite a chunk's statements run without giving the loop back (the driver is synchronous):
// 250 rows keep that under the 50 ms stall budget on a busy 2-core machine (decision 1402).
const CHUNK = 250;
/** The job row keeps the first rejected rows; the counts cover them all. */
const KEEP_ERRORS = 1000;
const PHONE = /^1[3-9]\d{9}$/;

const RELATION_BY_TEXT = new Map<string, (typeof RELATIONS)[number]>();
for (const r of RELATIONS) {
  RELATION_BY_TEXT.set(r, r);
  RELATION_BY_TEXT.set(RELATION_LABELS[r]['zh-CN'], r);
}

interface PendingRow {
  row: number;
  key: string;
  building: string | null;
  unit: string | null;
  room: string;
  /** residents: name, phone, id number, relation; vehicles: plate */
  values: string[];
}

/** Decodes UTF-8 across chunk boundaries: a character split between two chunks stays whole. */
async function* utf8Text(source: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

type ReaderInternals = {
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): unknown;
  _parseSharedStrings(entry: NodeJS.ReadableStream): unknown;
};

/**
 * exceljs 4.4's streaming reader decodes each inflated chunk on its own, so a Chinese character
 * cut by a chunk boundary turns into U+FFFD (about one row in 20,000). Its parser passes strings
 * through untouched; hand it text decoded by a streaming decoder instead of bytes.
 */
function decodeWholeCharacters(reader: InstanceType<typeof ExcelJS.stream.xlsx.WorkbookReader>): void {
  const internals = reader as unknown as ReaderInternals;
  const parseWorksheet = internals._parseWorksheet.bind(reader);
  internals._parseWorksheet = (iterator, sheetNo) => parseWorksheet(utf8Text(iterator), sheetNo);
  const parseSharedStrings = internals._parseSharedStrings.bind(reader);
  // The shared-strings entry is read through its events: a string encoding decodes it whole.
  internals._parseSharedStrings = (entry) => parseSharedStrings(entry.setEncoding('utf8'));
}

export interface ImportInput {
  jobId: number;
  compoundId: number;
  compoundPath: string;
  kind: ImportKind;
  actorId: number;
  size: number;
  stream: Readable;
}

/**
 * Streams the first sheet row by row (exceljs WorkbookReader) and writes valid rows in chunks of
 * CHUNK, one transaction each, yielding to the event loop between chunks. A row is written whole
 * or not at all: it is one INSERT, and a duplicate loses on the unique key without touching the rest.
 */
export async function runImport(
  ctx: AppContext,
  repo: CompoundsRepository,
  input: ImportInput,
): Promise<void> {
  const errorCounts: Record<string, number> = {};
  const errors: Array<{ row: number; code: RowError; value: string }> = [];
  let rowsRead = 0;
  let imported = 0;
  let rejected = 0;
  let bytes = 0;
  const reject = (row: number, code: RowError, value: string) => {
    rejected += 1;
    errorCounts[code] = (errorCounts[code] ?? 0) + 1;
    if (errors.length < KEEP_ERRORS) errors.push({ row, code, value });
  };
  const progress = () => (input.size > 0 ? Math.min(0.99, bytes / input.size) : 0);
  const columns: readonly string[] = input.kind === 'residents' ? RESIDENT_COLUMNS : VEHICLE_COLUMNS;

  try {
    const buildings = new Set((await repo.buildings(input.compoundId)).map((b) => b.name));
    const households = await repo.householdKeys(input.compoundId);
    const seen = new Set<string>();
    let pending: PendingRow[] = [];

    const flush = async () => {
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      await inTransaction(ctx.db, async (trx) => {
        const now = Date.now();
        // Registered already: refused before its household is created, so a refused row leaves nothing.
        const taken =
          input.kind === 'residents'
            ? await repo.existingIdNumbers(
                batch.map((p) => p.values[2]!),
                trx,
              )
            : await repo.existingPlates(
                batch.map((p) => p.values[0]!),
                trx,
              );
        const chunk = batch.filter((p) => {
          const id = input.kind === 'residents' ? p.values[2]! : p.values[0]!;
          if (!taken.has(id)) return true;
          if (input.kind === 'residents') reject(p.row, 'DUPLICATE_PERSON', id.slice(0, 6));
          else reject(p.row, 'DUPLICATE_VEHICLE', id);
          return false;
        });
        const missing = new Map<string, PendingRow>();
        for (const p of chunk) if (!households.has(p.key) && !missing.has(p.key)) missing.set(p.key, p);
        if (missing.size > 0) {
          const ids = await repo.ensureHouseholds(
            [...missing.values()].map((p) => ({
              compound_id: input.compoundId,
              node_path: input.compoundPath,
              building: p.building,
              unit: p.unit,
              room: p.room,
              address_key: p.key,
              created_at: now,
            })),
            trx,
          );
          for (const [k, id] of ids) households.set(k, id);
        }
        if (input.kind === 'residents') {
          const inserted = await repo.insertResidents(
            chunk.map((p) => ({
              household_id: households.get(p.key)!,
              compound_id: input.compoundId,
              node_path: input.compoundPath,
              name: p.values[0]!,
              phone: p.values[1]!,
              id_number: p.values[2]!,
              relation: p.values[3]!,
              status: 'living',
              created_at: now,
              updated_at: now,
            })),
            trx,
          );
          for (const p of chunk)
            if (!inserted.has(p.values[2]!)) reject(p.row, 'DUPLICATE_PERSON', p.values[2]!.slice(0, 6));
          imported += inserted.size;
        } else {
          const saved = await repo.insertVehicles(
            chunk.map((p) => ({
              household_id: households.get(p.key)!,
              compound_id: input.compoundId,
              node_path: input.compoundPath,
              plate: p.values[0]!,
              created_at: now,
            })),
            trx,
          );
          const plates = new Set(saved.map((s) => s.plate));
          for (const p of chunk)
            if (!plates.has(p.values[0]!)) reject(p.row, 'DUPLICATE_VEHICLE', p.values[0]!);
          imported += saved.length;
        }
      });
      await repo.updateImport(input.jobId, {
        progress: progress(),
        rows_read: rowsRead,
        imported,
        rejected,
        error_counts: JSON.stringify(errorCounts),
        errors: JSON.stringify(errors),
      });
      await yieldToLoop();
    };

    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    input.stream.pipe(counter);
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(counter, {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'ignore',
      worksheets: 'emit',
      entries: 'emit',
    });
    decodeWholeCharacters(reader);
    let sheetDone = false;
    for await (const sheet of reader) {
      if (sheetDone) continue;
      sheetDone = true;
      let header = true;
      for await (const row of sheet) {
        const cells = (row.values as unknown[]).slice(1);
        if (header) {
          header = false;
          const got = columns.map((_, i) => cellText(cells[i]));
          if (got.some((g, i) => g !== columns[i])) {
            throw new Error(`IMPORT_BAD_HEADER: ${columns.join(',')}`);
          }
          continue;
        }
        const text = columns.map((_, i) => cellText(cells[i]));
        if (text.every((t) => t === '')) continue;
        rowsRead += 1;
        const rowNumber = row.number;
        const [building, unit, room] = [text[0] || null, text[1] || null, text[2] ?? ''];
        if (!room) {
          reject(rowNumber, 'MISSING_FIELD', '房号');
          continue;
        }
        if (building && !buildings.has(building)) {
          reject(rowNumber, 'UNKNOWN_BUILDING', building);
          continue;
        }
        let values: string[];
        if (input.kind === 'residents') {
          const [name, phone, rawId, relationText] = [text[3]!, text[4]!, text[5]!.toUpperCase(), text[6]!];
          if (!name) {
            reject(rowNumber, 'MISSING_FIELD', '姓名');
            continue;
          }
          if (!PHONE.test(phone)) {
            reject(rowNumber, 'PHONE_FORMAT', phone.slice(0, 3));
            continue;
          }
          if (!isValidIdNumber(rawId)) {
            reject(rowNumber, 'ID_NUMBER_FORMAT', rawId.slice(0, 6));
            continue;
          }
          const relation = relationText ? RELATION_BY_TEXT.get(relationText) : 'other';
          if (!relation) {
            reject(rowNumber, 'BAD_RELATION', relationText);
            continue;
          }
          if (seen.has(rawId)) {
            reject(rowNumber, 'DUPLICATE_PERSON', rawId.slice(0, 6));
            continue;
          }
          seen.add(rawId);
          values = [name.slice(0, 40), phone, rawId, relation];
        } else {
          const plate = normalisePlate(text[3]!);
          if (!isValidPlate(plate)) {
            reject(rowNumber, 'PLATE_FORMAT', plate.slice(0, 10));
            continue;
          }
          if (seen.has(plate)) {
            reject(rowNumber, 'DUPLICATE_VEHICLE', plate);
            continue;
          }
          seen.add(plate);
          values = [plate];
        }
        pending.push({ row: rowNumber, key: addressKey(building, unit, room), building, unit, room, values });
        if (pending.length >= CHUNK) await flush();
      }
    }
    await flush();
    await inTransaction(ctx.db, async (trx) => {
      await repo.updateImport(
        input.jobId,
        {
          status: 'done',
          progress: 1,
          rows_read: rowsRead,
          imported,
          rejected,
          error_counts: JSON.stringify(errorCounts),
          errors: JSON.stringify(errors),
          finished_at: Date.now(),
        },
        trx,
      );
      await ctx.audit.record(trx, {
        actorId: input.actorId,
        action: `compound.import-finished`,
        entityType: 'compound',
        entityId: input.compoundId,
        nodePath: input.compoundPath,
        detail: { jobId: input.jobId, kind: input.kind, rowsRead, imported, rejected },
      });
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await repo
      .updateImport(input.jobId, {
        status: 'failed',
        failure: message.slice(0, 500),
        rows_read: rowsRead,
        imported,
        rejected,
        error_counts: JSON.stringify(errorCounts),
        errors: JSON.stringify(errors),
        finished_at: Date.now(),
      })
      .catch(() => undefined);
  }
}
