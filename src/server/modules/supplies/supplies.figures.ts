import { sql } from 'kysely';
import type { ChronicleEventSource } from '../../core/chronicle/index.ts';
import type { Db } from '../../core/db/index.ts';
import type { AttentionSource, FigureDefinition } from '../../core/figures/index.ts';
import { inSubtree, num } from '../../core/figures/index.ts';
import type { SuppliesTables } from './supplies.tables.ts';

const t = (db: Db) => db.withTables<SuppliesTables>();
const MOVED = ['supplies.movement'];
const NEEDS = ['supplies.need', 'supplies.movement'];

const needCount =
  (where: 'open' | 'overdue'): FigureDefinition['compute'] =>
  async (db, path, window) => {
    let q = t(db)
      .selectFrom('supplies_needs')
      .select((eb) => eb.fn.countAll().as('n'))
      .where(inSubtree('node_path', path))
      .where('status', '=', 'open');
    if (where === 'overdue') q = q.where('due_at', '<', window.now);
    return num((await q.executeTakeFirst())?.n);
  };

export const suppliesFigures: FigureDefinition[] = [
  {
    key: 'supplies.on-hand',
    label: { 'zh-CN': '库存物资', en: 'Supplies on hand' },
    unit: { 'zh-CN': '件', en: 'units' },
    kind: 'count',
    format: 'integer',
    changedBy: MOVED,
    async compute(db, path) {
      const row = await t(db)
        .selectFrom('supplies_stock')
        .select((eb) => eb.fn.sum('on_hand').as('n'))
        .where(inSubtree('node_path', path))
        .executeTakeFirst();
      return num(row?.n);
    },
  },
  {
    key: 'supplies.received-today',
    label: { 'zh-CN': '今日入库', en: 'Received today' },
    unit: { 'zh-CN': '件', en: 'units' },
    kind: 'perDay',
    format: 'integer',
    changedBy: MOVED,
    async compute(db, path, window) {
      const row = await t(db)
        .selectFrom('supplies_movements')
        .select((eb) => eb.fn.sum('d_on_hand').as('n'))
        .where(inSubtree('node_path', path))
        .where((eb) => eb.or([eb('kind', '=', 'receive'), eb('corrects_kind', '=', 'receive')]))
        .where('created_at', '>=', window.start)
        .where('created_at', '<', window.end)
        .executeTakeFirst();
      return num(row?.n);
    },
  },
  {
    key: 'supplies.delivered-today',
    label: { 'zh-CN': '今日签收送达', en: 'Delivered today' },
    unit: { 'zh-CN': '件', en: 'units' },
    kind: 'perDay',
    format: 'integer',
    changedBy: MOVED,
    async compute(db, path, window) {
      const row = await t(db)
        .selectFrom('supplies_movements')
        .select((eb) => eb.fn.sum('quantity').as('n'))
        .where(inSubtree('node_path', path))
        .where('kind', '=', 'deliver')
        .where('created_at', '>=', window.start)
        .where('created_at', '<', window.end)
        .executeTakeFirst();
      return num(row?.n);
    },
  },
  {
    key: 'supplies.needs-open',
    label: { 'zh-CN': '未满足的物资需求', en: 'Needs open' },
    unit: { 'zh-CN': '项', en: 'needs' },
    kind: 'count',
    changedBy: NEEDS,
    compute: needCount('open'),
  },
  {
    key: 'supplies.needs-overdue',
    label: { 'zh-CN': '逾期未满足的需求', en: 'Needs overdue' },
    unit: { 'zh-CN': '项', en: 'needs' },
    kind: 'count',
    changedBy: NEEDS,
    compute: needCount('overdue'),
  },
  {
    key: 'supplies.needs-met',
    label: { 'zh-CN': '今日满足的需求', en: 'Needs met today' },
    unit: { 'zh-CN': '项', en: 'needs' },
    kind: 'perDay',
    changedBy: NEEDS,
    async compute(db, path, window) {
      const row = await t(db)
        .selectFrom('supplies_needs')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(inSubtree('node_path', path))
        .where('status', '=', 'met')
        .where('met_at', '>=', window.start)
        .where('met_at', '<', window.end)
        .executeTakeFirst();
      return num(row?.n);
    },
  },
];

export const suppliesAttention: AttentionSource[] = [
  {
    key: 'supplies.needs-overdue',
    label: { 'zh-CN': '逾期未满足的物资需求', en: 'Supply needs past their date' },
    permission: 'supplies.manage',
    changedBy: NEEDS,
    async list(db, path, now, limit) {
      const base = t(db)
        .selectFrom('supplies_needs as n')
        .where(inSubtree('n.node_path', path))
        .where('n.status', '=', 'open')
        .where('n.due_at', '<', now);
      const [rows, count] = await Promise.all([
        base
          .innerJoin('supplies_items as i', 'i.id', 'n.item_id')
          .select([
            'n.id',
            'n.requester',
            'n.requester_kind',
            'n.node_path',
            'n.due_at',
            'n.quantity',
            'n.delivered',
            'i.name',
            'i.unit',
          ])
          .orderBy('n.due_at')
          .limit(limit)
          .execute(),
        base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
      ]);
      return {
        total: num(count?.n),
        items: rows.map((r) => ({
          id: String(r.id),
          title: `${r.requester_kind === 'family' ? '医护人员家庭' : r.requester}：${r.name} 尚缺 ${num(r.quantity) - num(r.delivered)} ${r.unit}`,
          nodePath: r.node_path,
          at: num(r.due_at),
          link: '/supplies/needs',
        })),
      };
    },
  },
  {
    key: 'supplies.waybills-unsigned',
    label: { 'zh-CN': '发运超过一天未签收的运单', en: 'Waybills unsigned after a day' },
    permission: 'supplies.manage',
    changedBy: MOVED,
    async list(db, path, now, limit) {
      const base = t(db)
        .selectFrom('supplies_waybills as w')
        .where(inSubtree('w.node_path', path))
        .where('w.status', '=', 'dispatched')
        .where('w.created_at', '<', now - 86_400_000);
      const [rows, count] = await Promise.all([
        base
          .innerJoin('supplies_items as i', 'i.id', 'w.item_id')
          .select(['w.id', 'w.node_path', 'w.created_at', 'w.quantity', 'i.name', 'i.unit'])
          .orderBy('w.created_at')
          .limit(limit)
          .execute(),
        base.select(sql<number>`count(*)`.as('n')).executeTakeFirst(),
      ]);
      return {
        total: num(count?.n),
        items: rows.map((r) => ({
          id: String(r.id),
          title: `运单 No.${r.id}：${r.name} ${num(r.quantity)} ${r.unit}`,
          nodePath: r.node_path,
          at: num(r.created_at),
          link: '/supplies/dispatch',
        })),
      };
    },
  },
];

export const suppliesChronicle: ChronicleEventSource[] = [
  {
    eventType: 'supplies.large-donation',
    label: { 'zh-CN': '大宗捐赠入库', en: 'Large donations received' },
    phrase: (e, locale) => {
      const p = e.payload as { item: string; unit: string; quantity: number; donor: string | null };
      if (locale === 'en')
        return `${e.place}: ${p.quantity} ${p.unit} of ${p.item} received as a donation${p.donor ? ` from ${p.donor}` : ''}.`;
      return `${e.place}${p.donor ? `接收${p.donor}` : '接收'}捐赠${p.item} ${p.quantity} ${p.unit}，已入库。`;
    },
  },
  {
    eventType: 'supplies.need-met',
    label: { 'zh-CN': '物资需求已满足', en: 'Supply needs met' },
    phrase: (e, locale) => {
      const p = e.payload as { requester: string | null; item: string; unit: string; quantity: number };
      const who = p.requester ?? (locale === 'en' ? 'a family of medical staff' : '一户医护人员家庭');
      return locale === 'en'
        ? `${e.place}: the need of ${who} for ${p.quantity} ${p.unit} of ${p.item} was met and signed for.`
        : `${e.place}${who}所需${p.item} ${p.quantity} ${p.unit}已送达签收，需求满足。`;
    },
  },
];
