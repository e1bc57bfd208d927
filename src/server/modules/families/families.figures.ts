import type { ChronicleEventSource } from '../../core/chronicle/index.ts';
import type { Db } from '../../core/db/index.ts';
import type { AttentionSource, FigureDefinition } from '../../core/figures/index.ts';
import { addDays, inSubtree, num } from '../../core/figures/index.ts';
import { weekdayOf } from './families.repository.ts';
import type { FamilyTables } from './families.tables.ts';

const t = (db: Db) => db.withTables<FamilyTables>();
const DELIVERY_EVENTS = [
  'families.service-added',
  'families.delivery-done',
  'families.delivery-missed',
  'families.batch-returned',
];

/** Deliveries of the Beijing week (Monday–Sunday) holding the window's day, in one status (or all). */
const week =
  (status?: string): FigureDefinition['compute'] =>
  async (db, path, window) => {
    const monday = addDays(window.day, 1 - weekdayOf(window.day));
    let q = t(db)
      .selectFrom('family_deliveries')
      .select((eb) => eb.fn.countAll().as('n'))
      .where(inSubtree('node_path', path))
      .where('day', '>=', monday)
      .where('day', '<=', addDays(monday, 6));
    if (status) q = q.where('status', '=', status);
    return num((await q.executeTakeFirst())?.n);
  };

export const familyFigures: FigureDefinition[] = [
  {
    key: 'families.cared-for',
    label: { 'zh-CN': '包联照护家属户数', en: 'Families cared for' },
    unit: { 'zh-CN': '户', en: 'families' },
    kind: 'count',
    changedBy: ['families.registered', 'families.batch-returned'],
    async compute(db, path) {
      const row = await t(db)
        .selectFrom('families')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(inSubtree('node_path', path))
        .where('back_day', 'is', null)
        .executeTakeFirst();
      return num(row?.n);
    },
  },
  {
    key: 'families.deliveries-due-week',
    label: { 'zh-CN': '本周应送服务', en: 'Deliveries due this week' },
    unit: { 'zh-CN': '次', en: 'deliveries' },
    kind: 'count',
    changedBy: DELIVERY_EVENTS,
    compute: week(),
  },
  {
    key: 'families.deliveries-done-week',
    label: { 'zh-CN': '本周已确认送达', en: 'Deliveries done this week' },
    unit: { 'zh-CN': '次', en: 'deliveries' },
    kind: 'count',
    changedBy: DELIVERY_EVENTS,
    compute: week('done'),
  },
  {
    key: 'families.deliveries-missed-week',
    label: { 'zh-CN': '本周未送达', en: 'Deliveries missed this week' },
    unit: { 'zh-CN': '次', en: 'deliveries' },
    kind: 'count',
    changedBy: DELIVERY_EVENTS,
    compute: week('missed'),
  },
];

/**
 * Missed deliveries of the last seven days. The item names the service and day, never the family:
 * the register itself stays with the liaison, the community and the centre.
 */
export const missedDeliveries: AttentionSource = {
  key: 'families.missed-deliveries',
  label: { 'zh-CN': '家属服务未送达', en: 'Missed family deliveries' },
  permission: 'families.read',
  changedBy: ['families.delivery-missed', 'families.delivery-done'],
  async list(db, path, now, limit) {
    const base = t(db)
      .selectFrom('family_deliveries')
      .where(inSubtree('node_path', path))
      .where('status', '=', 'missed')
      .where('due_by', '>=', now - 7 * 86_400_000);
    const [rows, count] = await Promise.all([
      base
        .select(['id', 'family_id', 'kind', 'day', 'due_by', 'node_path'])
        .orderBy('due_by', 'desc')
        .limit(limit)
        .execute(),
      base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
    ]);
    return {
      total: num(count?.n),
      items: rows.map((r) => ({
        id: String(r.id),
        title: `${KIND_ZH[r.kind] ?? r.kind} ${r.day}`,
        nodePath: r.node_path,
        at: num(r.due_by),
        link: `/families/${r.family_id}`,
      })),
    };
  },
};

const KIND_ZH: Record<string, string> = {
  groceries: '送菜',
  child_pickup: '接送孩子',
  elder_care: '照看老人',
  medicine: '送药',
  psych_support: '心理疏导',
};

export const familyChronicle: ChronicleEventSource[] = [
  {
    eventType: 'families.batch-sent',
    label: { 'zh-CN': '医疗队出征', en: 'Medical teams sent out' },
    phrase: (e, locale) =>
      locale === 'en'
        ? `${String(e.payload.name)} of medical staff left for ${String(e.payload.destination)} on ${String(e.payload.day)}.`
        : `${String(e.payload.name)}医疗队员于 ${String(e.payload.day)} 出发驰援${String(e.payload.destination)}。`,
  },
  {
    eventType: 'families.batch-returned',
    label: { 'zh-CN': '医疗队凯旋', en: 'Medical teams returned' },
    phrase: (e, locale) =>
      locale === 'en'
        ? `${String(e.payload.name)} of medical staff returned from ${String(e.payload.destination)} on ${String(e.payload.day)}.`
        : `${String(e.payload.name)}医疗队员于 ${String(e.payload.day)} 自${String(e.payload.destination)}返回。`,
  },
];
