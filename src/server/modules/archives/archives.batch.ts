import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import type { ArchiveUnitBody } from '../../../contracts/archives.ts';
import type { Actor } from '../../core/access/index.ts';
import { AppError } from '../../core/errors.ts';
import type { ArchivesService } from './archives.service.ts';

/** The metadata sheet's columns, in the seed's words; the first row is the header. */
export const BATCH_COLUMNS = [
  '文件名',
  '题名',
  '责任者',
  '日期',
  '类别',
  '地点编码',
  '人物',
  '来源',
  '描述',
  '数量',
] as const;

export interface BatchRowReport {
  row: number;
  ok: boolean;
  id?: number;
  referenceCode?: string;
  errors: string[];
}

export interface BatchPart {
  kind: 'file';
  name: string;
  stream: NodeJS.ReadableStream;
}

/**
 * Batch intake: the files of a folder and one metadata.xlsx, one row per item. Files are spooled
 * to a private temporary folder first (the sheet may arrive after them), then each row becomes an
 * item under `parentId` with its file; a bad row is reported and left out, the others go in.
 */
export async function batchIntake(
  service: ArchivesService,
  actor: Actor,
  parentId: number,
  parts: AsyncIterable<BatchPart>,
  requestId: string,
  nodeByCode: (code: string) => Promise<number | undefined>,
): Promise<{ imported: number; rejected: number; rows: BatchRowReport[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'xh-archive-batch-'));
  try {
    const files = new Map<string, string>();
    let sheet: string | undefined;
    let n = 0;
    for await (const part of parts) {
      n += 1;
      const path = join(dir, String(n));
      await pipeline(part.stream, createWriteStream(path));
      if (part.name.toLowerCase() === 'metadata.xlsx') sheet = path;
      else files.set(part.name, path);
    }
    if (!sheet)
      throw new AppError('FILE_MISSING', 400, {}, [
        { field: 'metadata.xlsx', in: 'file', code: 'FILE_MISSING' },
      ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(sheet);
    const ws = book.worksheets[0];
    const rows: BatchRowReport[] = [];
    const cell = (values: unknown[], i: number) => {
      const v = values[i + 1];
      if (v instanceof Date) return v;
      if (v && typeof v === 'object' && 'text' in v) return String((v as { text: unknown }).text);
      return v === undefined || v === null ? '' : String(v).trim();
    };
    const lines: Array<{ row: number; values: unknown[] }> = [];
    ws?.eachRow((r, n) => {
      if (n > 1) lines.push({ row: n, values: r.values as unknown[] });
    });
    for (const { row, values } of lines) {
      const errors: string[] = [];
      const fileName = String(cell(values, 0));
      const date = cell(values, 3);
      const at = date instanceof Date ? date.getTime() : Date.parse(`${String(date)}T00:00:00+08:00`);
      if (Number.isNaN(at)) errors.push(`日期：${String(date)}`);
      const nodeId = await nodeByCode(String(cell(values, 5)));
      if (nodeId === undefined) errors.push(`地点编码：${String(cell(values, 5))}`);
      if (fileName && !files.has(fileName)) errors.push(`文件名：${fileName} 未上传`);
      if (!cell(values, 1)) errors.push('题名：必填');
      if (errors.length > 0) {
        rows.push({ row, ok: false, errors });
        continue;
      }
      const body: ArchiveUnitBody = {
        parentId,
        level: 'item',
        nodeId: nodeId!,
        title: String(cell(values, 1)),
        creator: String(cell(values, 2)) || actor.name,
        date: at,
        category: String(cell(values, 4)),
        people: String(cell(values, 6)),
        source: String(cell(values, 7)),
        description: String(cell(values, 8)),
        extent: String(cell(values, 9)),
        isPublic: false,
      };
      try {
        const unit = await service.create(actor, body, requestId);
        if (fileName)
          await service.attach(actor, unit.id, fileName, createReadStream(files.get(fileName)!), requestId);
        rows.push({ row, ok: true, id: unit.id, referenceCode: unit.referenceCode, errors: [] });
      } catch (err) {
        rows.push({ row, ok: false, errors: [err instanceof AppError ? err.code : 'ERROR'] });
      }
    }
    return { imported: rows.filter((r) => r.ok).length, rejected: rows.filter((r) => !r.ok).length, rows };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
