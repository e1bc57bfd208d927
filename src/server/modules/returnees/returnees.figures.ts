import type { ChronicleEventSource } from '../../core/chronicle/index.ts';
import type { Db } from '../../core/db/index.ts';
import type { AttentionSource, FigureDefinition } from '../../core/figures/index.ts';
import { inSubtree, num } from '../../core/figures/index.ts';
import type { ReturneeTables } from './returnees.tables.ts';

const t = (db: Db) => db.withTables<ReturneeTables>();
const CHANGED = [
  'returnees.registered',
  'returnees.imported',
  'returnees.isolation-started',
  'returnees.released',
  'returnees.lost',
];

const underMeasure =
  (measure: string): FigureDefinition['compute'] =>
  async (db, path) => {
    const row = await t(db)
      .selectFrom('returnees')
      .select((eb) => eb.fn.countAll().as('n'))
      .where(inSubtree('node_path', path))
      .where('status', '=', 'isolating')
      .where('measure', '=', measure)
      .executeTakeFirst();
    return num(row?.n);
  };

/** Follow-ups of the day (by their deadline), in one status set. */
const followUps =
  (statuses: string[], overdue = false): FigureDefinition['compute'] =>
  async (db, path, window) => {
    let q = t(db)
      .selectFrom('returnee_visits')
      .select((eb) => eb.fn.countAll().as('n'))
      .where(inSubtree('node_path', path))
      .where('status', 'in', statuses)
      .where('due_at', '>=', window.start)
      .where('due_at', '<', window.end);
    if (overdue) q = q.where('due_at', '<', window.now);
    return num((await q.executeTakeFirst())?.n);
  };

export const returneeFigures: FigureDefinition[] = [
  {
    key: 'returnees.registered',
    label: { 'zh-CN': '今日登记返乡', en: 'Returnees registered today' },
    unit: { 'zh-CN': '人', en: 'people' },
    kind: 'perDay',
    changedBy: ['returnees.registered', 'returnees.imported'],
    async compute(db, path, window) {
      const row = await t(db)
        .selectFrom('returnees')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(inSubtree('node_path', path))
        .where('created_at', '>=', window.start)
        .where('created_at', '<', window.end)
        .executeTakeFirst();
      return num(row?.n);
    },
  },
  {
    key: 'returnees.home',
    label: { 'zh-CN': '居家隔离', en: 'In home isolation' },
    unit: { 'zh-CN': '人', en: 'people' },
    kind: 'count',
    changedBy: CHANGED,
    compute: underMeasure('home'),
  },
  {
    key: 'returnees.central',
    label: { 'zh-CN': '集中隔离', en: 'In central isolation' },
    unit: { 'zh-CN': '人', en: 'people' },
    kind: 'count',
    changedBy: CHANGED,
    compute: underMeasure('central'),
  },
  {
    key: 'returnees.follow-ups-due',
    label: { 'zh-CN': '今日应随访', en: 'Follow-ups due today' },
    unit: { 'zh-CN': '次', en: 'visits' },
    kind: 'perDay',
    compute: followUps(['planned', 'seen_ok', 'seen_not_ok', 'missed']),
  },
  {
    key: 'returnees.follow-ups-done',
    label: { 'zh-CN': '今日已随访', en: 'Follow-ups done today' },
    unit: { 'zh-CN': '次', en: 'visits' },
    kind: 'perDay',
    compute: followUps(['seen_ok', 'seen_not_ok', 'missed']),
  },
  {
    key: 'returnees.follow-ups-overdue',
    label: { 'zh-CN': '随访逾期', en: 'Follow-ups overdue' },
    unit: { 'zh-CN': '次', en: 'visits' },
    kind: 'perDay',
    compute: followUps(['planned'], true),
  },
  {
    key: 'returnees.released',
    label: { 'zh-CN': '今日解除隔离', en: 'Released today' },
    unit: { 'zh-CN': '人', en: 'people' },
    kind: 'perDay',
    changedBy: ['returnees.released'],
    async compute(db, path, window) {
      const row = await t(db)
        .selectFrom('returnees')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(inSubtree('node_path', path))
        .where('released_at', '>=', window.start)
        .where('released_at', '<', window.end)
        .executeTakeFirst();
      return num(row?.n);
    },
  },
  {
    key: 'returnees.contacts-listed',
    label: { 'zh-CN': '今日排查密接', en: 'Close contacts listed today' },
    unit: { 'zh-CN': '人', en: 'people' },
    kind: 'perDay',
    changedBy: ['returnees.contacts-listed'],
    async compute(db, path, window) {
      const row = await t(db)
        .selectFrom('returnee_contacts')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(inSubtree('node_path', path))
        .where('created_at', '>=', window.start)
        .where('created_at', '<', window.end)
        .executeTakeFirst();
      return num(row?.n);
    },
  },
  {
    key: 'returnees.central-beds-free',
    label: { 'zh-CN': '集中隔离点空余床位', en: 'Free beds in central facilities' },
    unit: { 'zh-CN': '张', en: 'beds' },
    kind: 'count',
    changedBy: ['returnees.room-assigned', 'returnees.released'],
    async compute(db, path) {
      const row = await t(db)
        .selectFrom('returnee_rooms')
        .select((eb) => eb.fn.sum<number>(eb('capacity', '-', eb.ref('occupied'))).as('n'))
        .where(inSubtree('node_path', path))
        .executeTakeFirst();
      return num(row?.n);
    },
  },
];

/** Overdue follow-ups: a planned visit past its deadline, oldest first. Names stay on the handling page. */
export const overdueFollowUps: AttentionSource = {
  key: 'returnees.overdue-follow-ups',
  label: { 'zh-CN': '逾期未随访', en: 'Overdue follow-ups' },
  permission: 'returnees.manage',
  async list(db, path, now, limit) {
    const base = t(db)
      .selectFrom('returnee_visits')
      .where(inSubtree('node_path', path))
      .where('status', '=', 'planned')
      .where('due_at', '<', now);
    const [rows, count] = await Promise.all([
      base
        .select(['id', 'returnee_id', 'day', 'slot', 'due_at', 'node_path'])
        .orderBy('due_at')
        .limit(limit)
        .execute(),
      base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
    ]);
    return {
      total: num(count?.n),
      items: rows.map((r) => ({
        id: String(r.id),
        title: `${r.day} #${r.slot + 1}`,
        nodePath: r.node_path,
        at: num(r.due_at),
        link: `/returnees/${r.returnee_id}`,
      })),
    };
  },
};

export const returneeChronicle: ChronicleEventSource[] = [
  {
    eventType: 'returnees.released',
    label: { 'zh-CN': '解除隔离', en: 'Released from isolation' },
    phrase: (e, locale) =>
      locale === 'en'
        ? `${e.place}: a returnee was released from isolation.`
        : `${e.place}一名返乡人员解除隔离。`,
    listLimit: 0,
  },
  {
    eventType: 'returnees.alert',
    label: { 'zh-CN': '随访异常', en: 'Follow-up alerts' },
    phrase: (e, locale) =>
      locale === 'en'
        ? `${e.place}: a follow-up found ${Number(e.payload.temperature).toFixed(1)} °C or symptoms; the officials were alerted.`
        : `${e.place}随访发现体温 ${Number(e.payload.temperature).toFixed(1)} ℃ 或症状异常，已向辖区干部报警。`,
    listLimit: 0,
  },
  {
    eventType: 'returnees.contacts-listed',
    label: { 'zh-CN': '密接排查', en: 'Contact listings' },
    phrase: (e, locale) =>
      locale === 'en'
        ? `${e.place}: ${Number(e.payload.count)} close contact(s) of a confirmed case were listed and the community notified.`
        : `${e.place}排查出确诊病例密切接触者 ${Number(e.payload.count)} 人，已通知所在社区。`,
    listLimit: 0,
  },
];
