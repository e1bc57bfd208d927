import type { Db } from '../../core/db/index.ts';
import type { AttentionSource, FigureDefinition } from '../../core/figures/index.ts';
import { inSubtree, num } from '../../core/figures/index.ts';
import type { CounsellingTables } from './counselling.tables.ts';

const t = (db: Db) => db.withTables<CounsellingTables>();

/** Counts only: who booked or asked for help is never a figure. */
export const counsellingFigures: FigureDefinition[] = [
  {
    key: 'counselling.bookings',
    label: { 'zh-CN': '今日心理咨询预约', en: 'Counselling bookings today' },
    unit: { 'zh-CN': '次', en: 'bookings' },
    kind: 'perDay',
    changedBy: ['counselling.slots-changed'],
    async compute(db, path, window) {
      const row = await t(db)
        .selectFrom('counselling_bookings')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(inSubtree('node_path', path))
        .where('created_at', '>=', window.start)
        .where('created_at', '<', window.end)
        .executeTakeFirst();
      return num(row?.n);
    },
  },
  {
    key: 'counselling.crises',
    label: { 'zh-CN': '今日紧急心理求助', en: 'Crisis requests today' },
    unit: { 'zh-CN': '次', en: 'requests' },
    kind: 'perDay',
    changedBy: ['counselling.crisis', 'counselling.crisis-escalated'],
    async compute(db, path, window) {
      const row = await t(db)
        .selectFrom('counselling_crises')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(inSubtree('node_path', path))
        .where('created_at', '>=', window.start)
        .where('created_at', '<', window.end)
        .executeTakeFirst();
      return num(row?.n);
    },
  },
];

/** Escalated crisis requests nobody has answered yet, oldest first; the item names no one. */
export const escalatedCrises: AttentionSource = {
  key: 'counselling.escalated-crises',
  label: { 'zh-CN': '心理危机升级未接', en: 'Escalated crisis requests' },
  permission: 'counselling.supervise',
  changedBy: ['counselling.crisis-escalated', 'counselling.crisis-answered'],
  async list(db, path, _now, limit) {
    const base = t(db)
      .selectFrom('counselling_crises')
      .where(inSubtree('node_path', path))
      .where('status', '=', 'escalated');
    const [rows, count] = await Promise.all([
      base.select(['id', 'node_path', 'created_at']).orderBy('created_at').limit(limit).execute(),
      base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
    ]);
    return {
      total: num(count?.n),
      items: rows.map((r) => ({
        id: String(r.id),
        title: `#${r.id}`,
        nodePath: r.node_path,
        at: num(r.created_at),
        link: '/counselling/overview',
      })),
    };
  },
};
