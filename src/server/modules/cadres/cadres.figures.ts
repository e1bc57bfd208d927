import { sql } from 'kysely';
import type { ChronicleEventSource } from '../../core/chronicle/index.ts';
import type { Db } from '../../core/db/index.ts';
import type { AttentionSource, FigureDefinition } from '../../core/figures/index.ts';
import { inSubtree } from '../../core/figures/index.ts';
import { CadresRepository } from './cadres.repository.ts';

const WEEK = 7 * 24 * 3600_000;
const AREA_EVENTS = ['cadres.area-assigned', 'cadres.area-ended'];
const repo = (db: Db) => new CadresRepository(db);

export const cadresFigures: FigureDefinition[] = [
  {
    key: 'cadres.areas-covered',
    label: { 'zh-CN': '有包联干部的村（社区）', en: 'Villages / communities with a leader' },
    unit: { 'zh-CN': '个', en: 'places' },
    kind: 'count',
    changedBy: AREA_EVENTS,
    compute: (db, path, window) => repo(db).coveredCount(path, Math.min(window.now, window.end - 1)),
  },
  {
    key: 'cadres.areas-uncovered',
    label: { 'zh-CN': '无包联干部的村（社区）', en: 'Villages / communities with no leader' },
    unit: { 'zh-CN': '个', en: 'places' },
    kind: 'count',
    changedBy: AREA_EVENTS,
    async compute(db, path, window) {
      const r = repo(db);
      const [all, covered] = await Promise.all([
        r.communityCount(path),
        r.coveredCount(path, Math.min(window.now, window.end - 1)),
      ]);
      return Math.max(0, all - covered);
    },
  },
  {
    key: 'cadres.ledger-week',
    label: { 'zh-CN': '近 7 天纪实台账条目', en: 'Ledger entries, last 7 days' },
    unit: { 'zh-CN': '条', en: 'entries' },
    kind: 'count',
    changedBy: ['cadres.ledger-entry'],
    compute: (db, path, window) => repo(db).entriesBetween(path, window.end - WEEK, window.end),
  },
];

/** A village or community nobody holds stands out for whoever assigns areas there. */
export const uncoveredAreas: AttentionSource = {
  key: 'cadres.uncovered',
  label: { 'zh-CN': '无包联干部的村（社区）', en: 'Villages / communities with no leader' },
  permission: 'cadres.manage',
  changedBy: AREA_EVENTS,
  async list(db, path, now, limit) {
    // Raw because the correlated subquery refers to the outer alias, which the builder cannot type.
    const base = db
      .selectFrom('nodes as n')
      .where('n.kind', '=', 'community')
      .where(inSubtree('n.path', path))
      .where(
        sql<boolean>`not exists (select 1 from cadre_areas a where a.node_id = n.id and a.starts_at <= ${now} and (a.ends_at is null or a.ends_at > ${now}))`,
      );
    const [rows, count] = await Promise.all([
      base.select(['n.id', 'n.name', 'n.path']).orderBy('n.path').limit(limit).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    ]);
    return {
      items: rows.map((r) => ({
        id: String(r.id),
        title: r.name,
        nodePath: r.path,
        at: now,
        link: `/cadres?nodeId=${r.id}`,
      })),
      total: Number(count?.n ?? 0),
    };
  },
};

export const cadresChronicle: ChronicleEventSource[] = [
  {
    eventType: 'cadres.list-published',
    label: { 'zh-CN': '优秀干部名单公布', en: 'Outstanding-cadre lists published' },
    phrase: (e, locale) =>
      locale === 'zh-CN'
        ? `${e.place}公布《${String(e.payload.title)}》，共 ${Number(e.payload.count)} 名干部。`
        : `${e.place} published "${String(e.payload.title)}", naming ${Number(e.payload.count)} cadres.`,
  },
];
