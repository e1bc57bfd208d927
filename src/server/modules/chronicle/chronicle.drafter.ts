import type { Locale } from '../../../contracts/common.ts';
import type { ChronicleRegistry } from '../../core/chronicle/index.ts';
import type { Db } from '../../core/db/index.ts';
import { beijingDay, dayWindow, type FigureRegistry } from '../../core/figures/index.ts';
import type { ChronicleRepository } from './chronicle.repository.ts';

/**
 * Event pages are sized by time, not rows (decision 0508): on SQLite a page's read is synchronous,
 * so its duration is an event-loop stall; each page aims at this and the next is resized to fit.
 */
const PAGE_BUDGET_MS = 25;
const FIRST_PAGE = 2_000;
const MIN_PAGE = 250;
const MAX_PAGE = 20_000;
const DEFAULT_LIST_LIMIT = 20;
/** Ids and created_at agree only roughly (concurrent transactions): read a little past each edge. */
const EDGE_MARGIN = 1_000;
const CHINESE_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface DraftData {
  counts: Record<string, number>;
  figures: Array<{ key: string; label: string; value: number | null; unit: string; format: string }>;
  events: number;
}

function formatFigure(value: number | null, format: string, unit: string): string {
  if (value === null) return '—';
  if (format === 'percent') return `${(value * 100).toFixed(1)}%`;
  return `${Math.round(value)} ${unit}`;
}

function beijingTime(at: number): string {
  return new Date(at + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * Composes one entry from the window's chronicle-worthy events, the key figures and the modules'
 * sections. Events are read in time-sized pages by primary key and only counted; the few listed one by one
 * are then read with their payloads, so a million events cost a million small rows, not a million
 * parsed payloads, and each page yields to the event loop.
 */
export class ChronicleDrafter {
  constructor(
    private readonly db: Db,
    private readonly repo: ChronicleRepository,
    private readonly chronicle: ChronicleRegistry,
    private readonly figures: FigureRegistry,
  ) {}

  async compose(
    rootPath: string,
    rootName: string,
    number: number,
    start: number,
    end: number,
    locale: Locale = 'zh-CN',
  ): Promise<{ title: string; body: string; data: DraftData }> {
    const sources = this.chronicle.eventSources();
    const types = sources.map((s) => s.eventType);
    const counts: Record<string, number> = Object.fromEntries(types.map((t) => [t, 0]));
    const listed = new Map<string, number[]>(types.map((t) => [t, []]));
    let total = 0;
    const first = await this.repo.edgeId(start, 'first');
    const last = await this.repo.edgeId(end, 'last');
    if (first !== null && last !== null && types.length > 0) {
      let cursor = Math.max(0, first - EDGE_MARGIN);
      const until = last + EDGE_MARGIN;
      let size = FIRST_PAGE;
      for (;;) {
        const began = performance.now();
        const page = await this.repo.eventsPage(cursor, until, types, size);
        for (const e of page) {
          const at = Number(e.created_at);
          if (at < start || at >= end || !e.node_path.startsWith(rootPath)) continue;
          total += 1;
          counts[e.type] = (counts[e.type] ?? 0) + 1;
          const ids = listed.get(e.type)!;
          const limit = this.chronicle.eventSource(e.type)?.listLimit ?? DEFAULT_LIST_LIMIT;
          if (ids.length < limit) ids.push(Number(e.id));
        }
        if (page.length < size) break;
        cursor = Number(page.at(-1)!.id);
        const took = Math.max(1, performance.now() - began);
        size = Math.round(Math.min(MAX_PAGE, Math.max(MIN_PAGE, (size * PAGE_BUDGET_MS) / took)));
        await yieldToLoop();
      }
    }

    const rows = await this.repo.eventsByIds([...listed.values()].flat());
    const names = new Map(
      (await this.repo.nodeNames([...new Set(rows.map((r) => r.node_path))])).map((n) => [n.path, n.name]),
    );
    const byType = new Map<string, string[]>();
    for (const r of rows) {
      const source = this.chronicle.eventSource(r.type)!;
      const line = source.phrase(
        {
          id: Number(r.id),
          type: r.type,
          nodePath: r.node_path,
          place: names.get(r.node_path) ?? '',
          payload: JSON.parse(r.payload) as Record<string, unknown>,
          createdAt: Number(r.created_at),
        },
        locale,
      );
      byType.set(r.type, [
        ...(byType.get(r.type) ?? []),
        `${beijingTime(Number(r.created_at)).slice(11)} ${line}`,
      ]);
    }

    const window = dayWindow(beijingDay(end - 1), end);
    const figureDefs = this.figures.list();
    // One figure at a time with the loop given back between them: on SQLite a Promise.all of every
    // figure's subtree count ran as one uninterrupted stall.
    const values: Array<number | null> = [];
    for (const f of figureDefs) {
      values.push(await f.compute(this.db, rootPath, window));
      await yieldToLoop();
    }
    const figures = figureDefs.map((f, i) => ({
      key: f.key,
      label: f.label[locale],
      value: values[i] ?? null,
      unit: f.unit[locale],
      format: f.format ?? 'integer',
    }));

    const en = locale === 'en';
    const title = en ? `${rootName} chronicle No. ${number}` : `${rootName}疫情防控大事记（第 ${number} 期）`;
    const out: string[] = [
      en
        ? `Period: ${beijingTime(start)} to ${beijingTime(end)} (Beijing time)`
        : `统计时段：${beijingTime(start)} 至 ${beijingTime(end)}（北京时间）`,
      '',
    ];
    let section = 0;
    const heading = (zh: string, english: string) => {
      out.push(en ? `${section + 1}. ${english}` : `${CHINESE_NUMERALS[section] ?? section + 1}、${zh}`);
      section += 1;
    };
    heading('重要事项', 'Events');
    const active = sources.filter((s) => (counts[s.eventType] ?? 0) > 0);
    if (active.length === 0) out.push(en ? 'No notable events were recorded.' : '本时段无重要事项记录。');
    for (const s of active) {
      const n = counts[s.eventType]!;
      out.push(en ? `[${s.label.en}] ${n} in all` : `【${s.label['zh-CN']}】共 ${n} 起`);
      const lines = byType.get(s.eventType) ?? [];
      for (const line of lines) out.push(`· ${line}`);
      if (lines.length > 0 && n > lines.length)
        out.push(en ? `· … and ${n - lines.length} more` : `· ……另有 ${n - lines.length} 起`);
    }
    out.push('');
    heading('主要数据', 'Key figures');
    for (const f of figures) out.push(`· ${f.label}：${formatFigure(f.value, f.format, f.unit)}`);
    for (const s of this.chronicle.sectionList()) {
      await yieldToLoop();
      const lines = await s.lines(this.db, rootPath, start, end, locale);
      out.push('');
      heading(s.label['zh-CN'], s.label.en);
      if (lines.length === 0) out.push(en ? 'None.' : '无。');
      for (const line of lines) out.push(`· ${line}`);
    }
    return { title, body: out.join('\n'), data: { counts, figures, events: total } };
  }
}
