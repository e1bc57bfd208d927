import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  ARCHIVE_COUNT_CAP,
  type ArchiveList,
  type ArchiveUnit,
  type ArchiveUnitBody,
} from '../../../contracts/archives.ts';
import {
  type Actor,
  assertPathAccess,
  canAccessPath,
  loadInScope,
  pathInScope,
  requireInScope,
  scopePaths,
} from '../../core/access/index.ts';
import type { AppContext } from '../../core/context.ts';
import { inTransaction } from '../../core/db/index.ts';
import { AppError, notFound } from '../../core/errors.ts';
import type { ArchivesRepository, UnitRow } from './archives.repository.ts';
import { pdfText } from './pdf-text.ts';
import { docxText, zipStore } from './zip.ts';

/** How the searchable text of an uploaded file is read, by its sniffed type. */
const TEXT_OF: Record<string, (bytes: Buffer) => string | Promise<string>> = {
  'text/plain': (bytes) => bytes.toString('utf8'),
  'application/pdf': async (bytes) => {
    try {
      return await pdfText(bytes);
    } catch {
      // A damaged PDF is still worth keeping in the archive; it is found by its metadata only.
      return '';
    }
  },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': docxText,
};

const PARENT_LEVEL = { series: null, file: 'series', item: 'file' } as const;

function toUnit(r: UnitRow): ArchiveUnit {
  return {
    id: Number(r.id),
    parentId: r.parent_id === null ? null : Number(r.parent_id),
    level: r.level as ArchiveUnit['level'],
    referenceCode: r.reference_code,
    nodeId: Number(r.node_id),
    nodeName: r.node_name,
    title: r.title,
    creator: r.creator,
    date: Number(r.date_at),
    extent: r.extent,
    category: r.category,
    description: r.description,
    people: r.people,
    source: r.source,
    isPublic: r.is_public === 1,
    status: r.status as ArchiveUnit['status'],
    fileCount: Number(r.file_count ?? 0),
    createdAt: Number(r.created_at),
    publishedAt: r.published_at === null ? null : Number(r.published_at),
  };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export class ArchivesService {
  constructor(
    private readonly ctx: AppContext,
    readonly repo: ArchivesRepository,
  ) {}

  /** A unit the caller may see: published in their archives.read scope, or any where they file archives. */
  private visible(actor: Actor, found: UnitRow | undefined): UnitRow {
    const row = requireInScope(actor, 'archives.read', found);
    if (row.status !== 'published' && !canAccessPath(actor, 'archives.manage', row.node_path))
      throw notFound();
    return row;
  }

  async categories(): Promise<string[]> {
    return (await this.repo.categories()).map((c) => c.name);
  }

  async addCategory(actor: Actor, name: string, requestId: string): Promise<string[]> {
    const root = actor.grants.find((g) => canAccessPath(actor, 'archives.manage', g.nodePath));
    if (!root) throw notFound();
    await inTransaction(this.ctx.db, async (trx) => {
      await this.repo.addCategory(name, trx);
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'archives.category-added',
        entityType: 'archive_category',
        entityId: name,
        nodePath: root.nodePath,
        requestId,
      });
    });
    return this.categories();
  }

  async create(actor: Actor, body: ArchiveUnitBody, requestId: string): Promise<ArchiveUnit> {
    const node = await loadInScope(actor, 'archives.manage', this.repo.node(body.nodeId));
    if (!(await this.categories()).includes(body.category)) {
      throw new AppError('ARCHIVE_CATEGORY_UNKNOWN', 400, {}, [
        { field: 'category', in: 'body', code: 'ARCHIVE_CATEGORY_UNKNOWN' },
      ]);
    }
    const parent =
      body.parentId === null ? undefined : this.visible(actor, await this.repo.byId(body.parentId));
    if (parent) assertPathAccess(actor, 'archives.manage', parent.node_path);
    const wanted = PARENT_LEVEL[body.level];
    const fits =
      wanted === null
        ? !parent
        : parent && (parent.level === wanted || (body.level === 'item' && parent.level === 'series'));
    if (!fits) {
      throw new AppError('ARCHIVE_PARENT_LEVEL', 400, {}, [
        { field: 'parentId', in: 'body', code: 'ARCHIVE_PARENT_LEVEL' },
      ]);
    }
    const id = await inTransaction(this.ctx.db, async (trx) => {
      // Reference codes in the manner of ISAD(G) 3.1.1: the series number, then the file, then the item.
      const referenceCode = parent
        ? `${parent.reference_code}-${parent.level === 'series' && body.level === 'file' ? 'F' : ''}${(await this.repo.countChildren(Number(parent.id), trx)) + 1}`
        : `YK-2020-S${String((await this.repo.countSeries(trx)) + 1).padStart(3, '0')}`;
      const now = Date.now();
      const row = {
        parent_id: parent ? Number(parent.id) : null,
        level: body.level,
        reference_code: referenceCode,
        node_id: node.id,
        node_path: node.path,
        title: body.title,
        creator: body.creator,
        date_at: body.date,
        extent: body.extent,
        category: body.category,
        description: body.description,
        people: body.people,
        source: body.source,
        extracted_text: '',
        is_public: body.isPublic ? 1 : 0,
        status: 'draft',
        created_by: actor.id,
        created_at: now,
        published_by: null,
        published_at: null,
      };
      const newId = await this.repo.insert(row, trx);
      await this.repo.reindex({ ...row, id: newId }, trx);
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'archives.filed',
        entityType: 'archive_unit',
        entityId: newId,
        nodePath: node.path,
        detail: { referenceCode, level: body.level, category: body.category },
        requestId,
      });
      return newId;
    });
    return this.get(actor, id);
  }

  async get(actor: Actor, id: number): Promise<ArchiveUnit> {
    return toUnit(this.visible(actor, await this.repo.byId(id)));
  }

  async list(
    actor: Actor,
    filter: {
      q?: string | undefined;
      parentId?: number | undefined;
      category?: string | undefined;
      status?: 'draft' | 'published' | undefined;
    },
    after: number | undefined,
    pageSize: number,
  ): Promise<ArchiveList> {
    const read = scopePaths(actor, 'archives.read');
    const manage = scopePaths(actor, 'archives.manage');
    const { items, ...rest } = await this.repo.list(
      { ...filter, visible: (c) => pathInScope(c, read), drafts: (c) => pathInScope(c, manage) },
      after,
      pageSize,
      ARCHIVE_COUNT_CAP,
    );
    return { items: items.map(toUnit), ...rest };
  }

  /** Publishing is an archivist's act: the draft becomes visible to every reader in scope. */
  async publish(actor: Actor, id: number, requestId: string): Promise<ArchiveUnit> {
    const row = this.visible(actor, await this.repo.byId(id));
    assertPathAccess(actor, 'archives.publish', row.node_path);
    await inTransaction(this.ctx.db, async (trx) => {
      if ((await this.repo.publish(id, actor.id, Date.now(), trx)) === 0)
        throw new AppError('ARCHIVE_PUBLISHED', 409);
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'archives.published',
        entityType: 'archive_unit',
        entityId: id,
        nodePath: row.node_path,
        detail: { referenceCode: row.reference_code, isPublic: row.is_public === 1 },
        requestId,
      });
    });
    return this.get(actor, id);
  }

  /** Stores an uploaded document, photo or video on the unit and indexes the text of PDF, .docx and .txt. */
  async attach(
    actor: Actor,
    id: number,
    name: string,
    stream: Readable,
    requestId: string,
  ): Promise<ArchiveUnit> {
    const stored = await this.ctx.files.save(actor, {
      ownerType: 'archive',
      ownerId: String(id),
      name,
      stream,
      requestId,
    });
    const extract = TEXT_OF[stored.mime];
    if (extract) {
      const { stream: content } = await this.ctx.files.open(actor, stored.id);
      const text = await extract(await readAll(content));
      await inTransaction(this.ctx.db, async (trx) => {
        const row = (await this.repo.byId(id, trx))!;
        const extracted = `${row.extracted_text}\n${text}`.slice(0, 200_000);
        await this.repo.setExtractedText(id, extracted, trx);
        await this.repo.reindex({ ...row, id, extracted_text: extracted }, trx);
      });
    }
    return this.get(actor, id);
  }

  /** A series as a zip: every visible unit's files under its reference code, and a metadata sheet. */
  async exportSeries(actor: Actor, id: number): Promise<{ name: string; zip: Buffer }> {
    const root = this.visible(actor, await this.repo.byId(id));
    const units = (await this.repo.tree(Number(root.id))).filter(
      (u) => u.status === 'published' || canAccessPath(actor, 'archives.manage', u.node_path),
    );
    const entries: Array<{ name: string; data: Buffer }> = [];
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('著录');
    sheet.addRow([
      '档号',
      '层级',
      '题名',
      '责任者',
      '日期',
      '数量',
      '类别',
      '地点',
      '人物',
      '来源',
      '描述',
      '状态',
      '文件',
    ]).font = {
      bold: true,
    };
    for (const u of units) {
      const files = await this.ctx.files.list(actor, 'archive', String(u.id));
      const names: string[] = [];
      for (const f of files) {
        const { stream } = await this.ctx.files.open(actor, f.id);
        const path = `${u.reference_code}/${f.name}`;
        entries.push({ name: path, data: await readAll(stream) });
        names.push(path);
      }
      sheet.addRow([
        u.reference_code,
        u.level,
        u.title,
        u.creator,
        new Date(Number(u.date_at) + 8 * 3600_000).toISOString().slice(0, 10),
        u.extent,
        u.category,
        u.node_name,
        u.people,
        u.source,
        u.description,
        u.status,
        names.join('\n'),
      ]);
    }
    entries.unshift({ name: 'metadata.xlsx', data: Buffer.from(await book.xlsx.writeBuffer()) });
    return { name: `${root.reference_code}.zip`, zip: zipStore(entries) };
  }
}
