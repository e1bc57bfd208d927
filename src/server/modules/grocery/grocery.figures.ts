import type { ChronicleEventSource } from '../../core/chronicle/index.ts';
import type { Db } from '../../core/db/index.ts';
import type { FigureDefinition } from '../../core/figures/index.ts';
import { inSubtree, num } from '../../core/figures/index.ts';
import type { GroceryTables } from './grocery.tables.ts';

const t = (db: Db) => db.withTables<GroceryTables>();
const ORDER_EVENTS = ['grocery.order-placed', 'grocery.delivery', 'grocery.cycle-closed'];

const delivered =
  (statuses: string[], measure: 'count' | 'kg'): FigureDefinition['compute'] =>
  async (db, path, window) => {
    const row = await t(db)
      .selectFrom('grocery_orders')
      .select((eb) => (measure === 'kg' ? eb.fn.sum('weight_g').as('n') : eb.fn.countAll().as('n')))
      .where(inSubtree('node_path', path))
      .where('status', 'in', statuses)
      .where('status_at', '>=', window.start)
      .where('status_at', '<', window.end)
      .executeTakeFirst();
    return measure === 'kg' ? Math.round(num(row?.n) / 100) / 10 : num(row?.n);
  };

export const groceryFigures: FigureDefinition[] = [
  {
    key: 'grocery.members',
    label: { 'zh-CN': '平价菜会员户', en: 'Member households' },
    unit: { 'zh-CN': '户', en: 'households' },
    kind: 'count',
    changedBy: ['grocery.order-placed'],
    async compute(db, path) {
      const row = await t(db)
        .selectFrom('grocery_orders')
        .select((eb) => eb.fn.count('household_id').distinct().as('n'))
        .where(inSubtree('node_path', path))
        .executeTakeFirst();
      return num(row?.n);
    },
  },
  {
    key: 'grocery.orders',
    label: { 'zh-CN': '今日订单', en: 'Orders today' },
    unit: { 'zh-CN': '单', en: 'orders' },
    kind: 'perDay',
    format: 'integer',
    changedBy: ['grocery.order-placed'],
    async compute(db, path, window) {
      const row = await t(db)
        .selectFrom('grocery_orders')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(inSubtree('node_path', path))
        .where('created_at', '>=', window.start)
        .where('created_at', '<', window.end)
        .executeTakeFirst();
      return num(row?.n);
    },
  },
  {
    key: 'grocery.households-served',
    label: { 'zh-CN': '今日送达住户', en: 'Households served today' },
    unit: { 'zh-CN': '户', en: 'households' },
    kind: 'perDay',
    changedBy: ORDER_EVENTS,
    async compute(db, path, window) {
      const row = await t(db)
        .selectFrom('grocery_orders')
        .select((eb) => eb.fn.count('household_id').distinct().as('n'))
        .where(inSubtree('node_path', path))
        .where('status', '=', 'delivered')
        .where('status_at', '>=', window.start)
        .where('status_at', '<', window.end)
        .executeTakeFirst();
      return num(row?.n);
    },
  },
  {
    key: 'grocery.kg-delivered',
    label: { 'zh-CN': '今日配送重量', en: 'Delivered today' },
    unit: { 'zh-CN': '公斤', en: 'kg' },
    kind: 'perDay',
    changedBy: ['grocery.delivery'],
    compute: delivered(['delivered'], 'kg'),
  },
  {
    key: 'grocery.deliveries-done',
    label: { 'zh-CN': '今日送达', en: 'Deliveries done today' },
    unit: { 'zh-CN': '单', en: 'orders' },
    kind: 'perDay',
    changedBy: ['grocery.delivery'],
    compute: delivered(['delivered'], 'count'),
  },
  {
    key: 'grocery.deliveries-failed',
    label: { 'zh-CN': '今日未送达', en: 'Deliveries failed today' },
    unit: { 'zh-CN': '单', en: 'orders' },
    kind: 'perDay',
    changedBy: ['grocery.delivery'],
    compute: delivered(['not_home', 'refused'], 'count'),
  },
  {
    key: 'grocery.cycles-open',
    label: { 'zh-CN': '进行中的团购', en: 'Order cycles open' },
    unit: { 'zh-CN': '期', en: 'cycles' },
    kind: 'count',
    changedBy: ['grocery.cycle-opened', 'grocery.cycle-closed'],
    async compute(db, path, window) {
      const row = await t(db)
        .selectFrom('grocery_cycles')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(inSubtree('node_path', path))
        .where('status', '=', 'open')
        .where('opens_at', '<=', window.now)
        .where('closes_at', '>', window.now)
        .executeTakeFirst();
      return num(row?.n);
    },
  },
];

const REASON = {
  'zh-CN': { time: '到点截单', orders: '订单满额自动截单', turnover: '金额满额自动截单', manual: '人工截单' },
  en: {
    time: 'closed on time',
    orders: 'closed itself at its order cap',
    turnover: 'closed itself at its turnover cap',
    manual: 'closed by hand',
  },
} as const;

export const groceryChronicle: ChronicleEventSource[] = [
  {
    eventType: 'grocery.cycle-closed',
    label: { 'zh-CN': '平价菜团购截单', en: 'Grocery order cycles closed' },
    phrase: (e, locale) => {
      const p = e.payload as {
        name: string;
        shop: string;
        reason: keyof (typeof REASON)['en'];
        orders: number;
        households: number;
        turnover: number;
        kg: number;
      };
      const reason = REASON[locale][p.reason] ?? p.reason;
      return locale === 'en'
        ? `${e.place}: order cycle "${p.name}" of ${p.shop} ${reason} with ${p.orders} orders from ${p.households} households, ¥${p.turnover.toFixed(2)} at cost plus fees, ${p.kg} kg.`
        : `${e.place}“${p.name}”（${p.shop}）${reason}，共 ${p.orders} 单、${p.households} 户，金额 ${p.turnover.toFixed(2)} 元（成本加明示费用），约 ${p.kg} 公斤。`;
    },
  },
];
