import type { ChronicleEventSource } from '../../core/chronicle/index.ts';
import type { AttentionSource, FigureDefinition } from '../../core/figures/index.ts';
import { inSubtree, num } from '../../core/figures/index.ts';
import type { SupervisionTables } from './supervision.tables.ts';

const WEEK = 7 * 24 * 3600_000;
const VISITS = ['supervision.visit-started', 'supervision.finding-recorded'];
const ORDERS = [
  'supervision.finding-recorded',
  'supervision.order-answered',
  'supervision.order-closed',
  'supervision.order-sent-back',
  'supervision.orders-escalated',
];

/** Visits started in the seven days up to the end of the window (random draws / unannounced). */
const visitsThisWeek = (unannounced: boolean): FigureDefinition => ({
  key: unannounced ? 'supervision.visits-week-unannounced' : 'supervision.visits-week-random',
  label: unannounced
    ? { 'zh-CN': '本周不打招呼督查', en: 'Unannounced visits this week' }
    : { 'zh-CN': '本周随机督查', en: 'Random visits this week' },
  unit: { 'zh-CN': '次', en: 'visits' },
  kind: 'count',
  format: 'integer',
  changedBy: VISITS,
  async compute(db, path, w) {
    const row = await db
      .withTables<SupervisionTables>()
      .selectFrom('sup_visits')
      .select((eb) => eb.fn.countAll().as('n'))
      .where(inSubtree('node_path', path))
      .where('unannounced', '=', unannounced ? 1 : 0)
      .where('started_at', '>=', w.end - WEEK)
      .where('started_at', '<', w.end)
      .executeTakeFirst();
    return num(row?.n);
  },
});

const findings = (
  key: string,
  label: { 'zh-CN': string; en: string },
  where: 'open' | 'rectified' | 'overdue',
): FigureDefinition => ({
  key: `supervision.findings-${key}`,
  label,
  unit: { 'zh-CN': '条', en: 'findings' },
  kind: 'count',
  format: 'integer',
  changedBy: ORDERS,
  async compute(db, path, w) {
    let q = db
      .withTables<SupervisionTables>()
      .selectFrom('sup_findings')
      .select((eb) => eb.fn.countAll().as('n'))
      .where(inSubtree('node_path', path));
    if (where === 'open') q = q.where('status', 'in', ['open', 'answered']);
    else if (where === 'rectified') q = q.where('status', '=', 'closed');
    else q = q.where('status', '=', 'open').where('deadline', '<', w.now);
    const row = await q.executeTakeFirst();
    return num(row?.n);
  },
});

export const supervisionFigures: FigureDefinition[] = [
  visitsThisWeek(false),
  visitsThisWeek(true),
  findings('open', { 'zh-CN': '待整改问题', en: 'Findings open' }, 'open'),
  findings('rectified', { 'zh-CN': '已整改销号', en: 'Findings rectified' }, 'rectified'),
  findings('overdue', { 'zh-CN': '逾期未整改', en: 'Findings overdue' }, 'overdue'),
];

export const supervisionAttention: AttentionSource = {
  key: 'supervision.overdue-orders',
  label: { 'zh-CN': '逾期整改单', en: 'Overdue rectification orders' },
  permission: 'supervision.rectify',
  changedBy: ORDERS,
  async list(db, path, now, limit) {
    const base = db
      .withTables<SupervisionTables>()
      .selectFrom('sup_findings')
      .where(inSubtree('node_path', path))
      .where('status', '=', 'open')
      .where('deadline', '<', now);
    const [rows, total] = await Promise.all([
      base
        .select(['id', 'node_path', 'target_label', 'rule', 'deadline'])
        .orderBy('deadline')
        .limit(limit)
        .execute(),
      base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
    ]);
    return {
      items: rows.map((r) => ({
        id: String(r.id),
        title: `${r.target_label} · ${r.rule}`,
        nodePath: r.node_path,
        at: Number(r.deadline),
        link: `/supervision/orders/${r.id}`,
      })),
      total: num(total?.n),
    };
  },
};

const MEASURES = {
  criticism: { 'zh-CN': '通报批评', en: 'a criticism' },
  warning: { 'zh-CN': '警告处分', en: 'a warning' },
  removal: { 'zh-CN': '免职', en: 'removal from post' },
} as const;

export const supervisionChronicle: ChronicleEventSource[] = [
  {
    eventType: 'supervision.results-published',
    label: { 'zh-CN': '督查结果公布', en: 'Supervision results published' },
    phrase: (e, locale) => {
      const p = e.payload as { title?: string; targets?: number; findings?: number; rectified?: number };
      return locale === 'en'
        ? `${e.place}: results of the round "${p.title}" published — ${p.targets} targets visited, ${p.findings} problems found, ${p.rectified} rectified.`
        : `${e.place}公布“${p.title}”督查结果：督查对象 ${p.targets} 个，发现问题 ${p.findings} 个，已整改 ${p.rectified} 个。`;
    },
  },
  {
    // Names no one: the payload carries only the measure.
    eventType: 'supervision.discipline-recorded',
    label: { 'zh-CN': '督查问责', en: 'Discipline after supervision' },
    phrase: (e, locale) => {
      const m = MEASURES[(e.payload as { measure: keyof typeof MEASURES }).measure] ?? MEASURES.criticism;
      return locale === 'en'
        ? `${e.place}: one cadre received ${m.en} following a supervision finding.`
        : `${e.place}一名干部因督查发现问题受到${m['zh-CN']}。`;
    },
  },
];
