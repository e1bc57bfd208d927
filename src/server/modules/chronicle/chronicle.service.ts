import type { ChronicleDetail, ChronicleEntry } from '../../../contracts/chronicle.ts';
import type { Locale, Page } from '../../../contracts/common.ts';
import {
  type Actor,
  assertPathAccess,
  loadInScope,
  pathInScope,
  scopePaths,
} from '../../core/access/index.ts';
import type { AppContext } from '../../core/context.ts';
import { inTransaction } from '../../core/db/index.ts';
import { AppError } from '../../core/errors.ts';
import { TextPdf } from '../../core/pdf/index.ts';
import { docxDocument } from './chronicle.docx.ts';
import { ChronicleDrafter } from './chronicle.drafter.ts';
import type { ChronicleRepository, EntryRow } from './chronicle.repository.ts';
import { lineDiff } from './line-diff.ts';

const DAY_MS = 24 * 3600_000;

function toEntry(r: EntryRow): ChronicleEntry {
  return {
    id: Number(r.id),
    number: r.number,
    version: r.version,
    correctsId: r.corrects_id === null ? null : Number(r.corrects_id),
    status: r.status as ChronicleEntry['status'],
    periodStart: Number(r.period_start),
    periodEnd: Number(r.period_end),
    title: r.title,
    body: r.body,
    reason: r.reason,
    draftedAt: Number(r.drafted_at),
    updatedAt: Number(r.updated_at),
    approvedAt: r.approved_at === null ? null : Number(r.approved_at),
    approvedBy: r.approver,
  };
}

export class ChronicleService {
  readonly drafter: ChronicleDrafter;

  constructor(
    private readonly ctx: AppContext,
    private readonly repo: ChronicleRepository,
  ) {
    this.drafter = new ChronicleDrafter(ctx.db, repo, ctx.chronicle, ctx.figures);
  }

  /**
   * Drafts the entry of every top-level node for [periodEnd − 24 h, periodEnd). The unique
   * (node, period, version) key makes it exactly once: a second instance or a retry inserts nothing.
   * Returns the ids drafted by this call.
   */
  async draftDay(periodEnd: number): Promise<number[]> {
    const ids: number[] = [];
    for (const root of await this.repo.roots()) {
      const id = await this.draft(root.path, root.name, periodEnd);
      if (id !== null) ids.push(id);
    }
    return ids;
  }

  async draft(rootPath: string, rootName: string, periodEnd: number): Promise<number | null> {
    const start = periodEnd - DAY_MS;
    const number = await this.repo.nextNumber(rootPath, this.ctx.db);
    const composed = await this.drafter.compose(rootPath, rootName, number, start, periodEnd);
    return inTransaction(this.ctx.db, async (trx) => {
      // Numbered inside the transaction: drafts of two periods never share a number.
      const n = await this.repo.nextNumber(rootPath, trx);
      const title = n === number ? composed.title : composed.title.replace(`${number}`, `${n}`);
      const now = Date.now();
      const id = await this.repo.insert(
        {
          node_path: rootPath,
          number: n,
          version: 1,
          corrects_id: null,
          period_start: start,
          period_end: periodEnd,
          status: 'draft',
          title,
          body: composed.body,
          data: JSON.stringify(composed.data),
          reason: null,
          drafted_at: now,
          updated_by: null,
          updated_at: now,
          approved_by: null,
          approved_at: null,
        },
        trx,
      );
      if (id === null) return null;
      await this.ctx.audit.record(trx, {
        actorId: null,
        action: 'chronicle.drafted',
        entityType: 'chronicle_entry',
        entityId: id,
        nodePath: rootPath,
        detail: { number: n, periodStart: start, periodEnd, events: composed.data.events },
      });
      await this.ctx.events.append(trx, {
        type: 'chronicle.drafted',
        nodePath: rootPath,
        permission: 'chronicle.edit',
        payload: { id, number: n, title },
      });
      return id;
    });
  }

  private scope(actor: Actor) {
    const paths = scopePaths(actor, 'chronicle.read');
    return (column: string) => pathInScope(column, paths);
  }

  async list(
    actor: Actor,
    filter: { q?: string | undefined; from?: number | undefined; to?: number | undefined },
    page: number,
    pageSize: number,
  ): Promise<Page<ChronicleEntry>> {
    const { items, total } = await this.repo.list(this.scope(actor), filter, page, pageSize);
    return { items: items.map(toEntry), total, page, pageSize };
  }

  private async load(
    actor: Actor,
    id: number,
    permission: 'chronicle.read' | 'chronicle.edit' | 'chronicle.approve',
  ) {
    const row = await loadInScope(actor, 'chronicle.read', this.repo.byId(id));
    assertPathAccess(actor, permission, row.node_path);
    return row;
  }

  async get(actor: Actor, id: number): Promise<ChronicleDetail> {
    const row = await this.load(actor, id, 'chronicle.read');
    const versions = await this.repo.versions(row.node_path, row.number);
    const corrected = row.corrects_id === null ? undefined : await this.repo.byId(Number(row.corrects_id));
    return {
      ...toEntry(row),
      versions: versions.map((v) => ({
        id: Number(v.id),
        version: v.version,
        status: v.status as ChronicleEntry['status'],
        reason: v.reason,
      })),
      diff: corrected ? lineDiff(corrected.body, row.body) : null,
    };
  }

  async edit(
    actor: Actor,
    id: number,
    title: string,
    body: string,
    requestId: string,
  ): Promise<ChronicleDetail> {
    const row = await this.load(actor, id, 'chronicle.edit');
    if (row.status !== 'draft') throw new AppError('CHRONICLE_FROZEN', 409);
    await inTransaction(this.ctx.db, async (trx) => {
      if ((await this.repo.updateDraft(id, title, body, actor.id, Date.now(), trx)) === 0)
        throw new AppError('CHRONICLE_FROZEN', 409);
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'chronicle.edited',
        entityType: 'chronicle_entry',
        entityId: id,
        nodePath: row.node_path,
        detail: { number: row.number, version: row.version, chars: [...body].length },
        requestId,
      });
    });
    return this.get(actor, id);
  }

  async approve(actor: Actor, id: number, requestId: string): Promise<ChronicleDetail> {
    const row = await this.load(actor, id, 'chronicle.approve');
    if (row.status !== 'draft') throw new AppError('CHRONICLE_FROZEN', 409);
    await inTransaction(this.ctx.db, async (trx) => {
      if ((await this.repo.approve(id, actor.id, Date.now(), trx)) === 0)
        throw new AppError('CHRONICLE_FROZEN', 409);
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'chronicle.approved',
        entityType: 'chronicle_entry',
        entityId: id,
        nodePath: row.node_path,
        detail: { number: row.number, version: row.version, correctsId: row.corrects_id },
        requestId,
      });
      await this.ctx.events.append(trx, {
        type: 'chronicle.approved',
        nodePath: row.node_path,
        actorId: actor.id,
        permission: 'chronicle.read',
        payload: { id, number: row.number, version: row.version, title: row.title },
      });
    });
    return this.get(actor, id);
  }

  /** A correction of an approved entry: a new draft version pointing at it; the approved text stays. */
  async erratum(
    actor: Actor,
    id: number,
    body: string,
    reason: string,
    requestId: string,
  ): Promise<ChronicleDetail> {
    const row = await this.load(actor, id, 'chronicle.edit');
    const versions = await this.repo.versions(row.node_path, row.number);
    const latest = versions.at(-1)!;
    if (latest.status === 'draft' && Number(latest.id) !== id)
      throw new AppError('CHRONICLE_ERRATUM_OPEN', 409);
    if (row.status !== 'approved' || Number(latest.id) !== id)
      throw new AppError('CHRONICLE_NOT_APPROVED', 409);
    const newId = await inTransaction(this.ctx.db, async (trx) => {
      const now = Date.now();
      const inserted = await this.repo.insert(
        {
          node_path: row.node_path,
          number: row.number,
          version: row.version + 1,
          corrects_id: id,
          period_start: Number(row.period_start),
          period_end: Number(row.period_end),
          status: 'draft',
          title: row.title,
          body,
          data: row.data,
          reason,
          drafted_at: now,
          updated_by: actor.id,
          updated_at: now,
          approved_by: null,
          approved_at: null,
        },
        trx,
      );
      if (inserted === null) throw new AppError('CHRONICLE_ERRATUM_OPEN', 409);
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'chronicle.erratum',
        entityType: 'chronicle_entry',
        entityId: inserted,
        nodePath: row.node_path,
        detail: { number: row.number, version: row.version + 1, correctsId: id },
        reason,
        requestId,
      });
      return inserted;
    });
    return this.get(actor, newId);
  }

  /** The approved entries of a date range, each in its newest approved version, as export paragraphs. */
  private async exportParagraphs(actor: Actor, from: number, to: number, locale: Locale) {
    const rows = await this.repo.approvedIn(this.scope(actor), from, to);
    const en = locale === 'en';
    const out: Array<{ kind: 'heading' | 'body' | 'note'; text: string }> = [];
    if (rows.length === 0)
      out.push({
        kind: 'body',
        text: en ? 'No approved entries in this period.' : '该时段没有已审定的大事记。',
      });
    for (const r of rows) {
      out.push({
        kind: 'heading',
        text:
          r.version > 1
            ? `${r.title} ${en ? `(corrected, version ${r.version})` : `（勘误第 ${r.version} 版）`}`
            : r.title,
      });
      out.push({ kind: 'body', text: r.body });
      if (r.reason) out.push({ kind: 'note', text: `${en ? 'Correction' : '勘误说明'}：${r.reason}` });
    }
    return out;
  }

  /** The approved entries of a date range as one PDF. */
  async exportPdf(actor: Actor, from: number, to: number, locale: Locale): Promise<Uint8Array> {
    const en = locale === 'en';
    const pdf = await TextPdf.create(
      en ? 'Chronicle' : '大事记',
      en ? 'Xinghuo · chronicle' : '星火 · 大事记',
    );
    for (const p of await this.exportParagraphs(actor, from, to, locale)) {
      if (p.kind === 'heading') pdf.heading(p.text, 14);
      else if (p.kind === 'note') pdf.paragraph(p.text, 9, { grey: true });
      else pdf.paragraph(p.text, 10);
      if (p.kind !== 'heading') pdf.gap(p.kind === 'note' ? 12 : 4);
    }
    return pdf.save();
  }

  /** The same entries as one .docx, for editing and printing in a word processor. */
  async exportDocx(actor: Actor, from: number, to: number, locale: Locale): Promise<Buffer> {
    const paragraphs = await this.exportParagraphs(actor, from, to, locale);
    return docxDocument([
      { text: locale === 'en' ? 'Chronicle' : '大事记', size: 18, bold: true, after: 12 },
      ...paragraphs.map((p) =>
        p.kind === 'heading'
          ? { text: p.text, size: 14, bold: true, after: 6 }
          : p.kind === 'note'
            ? { text: p.text, size: 9, grey: true, after: 12 }
            : { text: p.text, size: 10.5, after: 4 },
      ),
    ]);
  }
}
