import type { ChronicleEventSource } from '../../core/chronicle/index.ts';
import type { Db } from '../../core/db/index.ts';
import type { AttentionSource, FigureDefinition } from '../../core/figures/index.ts';
import { inSubtree, num } from '../../core/figures/index.ts';
import type { GateTables } from './gate.tables.ts';

const t = (db: Db) => db.withTables<GateTables>();

/** As measured, in hundredths: 37.25 stays 37.25 (decision 0404), 37.90 reads 37.9. */
const formatCelsius = (hundredths: number) => `${Number((hundredths / 100).toFixed(2))} ℃`;

const admitted =
  (filter: { kind?: 'pass' | 'visitor'; direction?: 'in' | 'out' }): FigureDefinition['compute'] =>
  async (db, path, window) => {
    let q = t(db)
      .selectFrom('gate_entries')
      .select((eb) => eb.fn.countAll().as('n'))
      .where(inSubtree('node_path', path))
      .where('at', '>=', window.start)
      .where('at', '<', window.end)
      .where('result', '=', 'ok');
    if (filter.kind) q = q.where('kind', '=', filter.kind);
    if (filter.direction) q = q.where('direction', '=', filter.direction);
    return num((await q.executeTakeFirst())?.n);
  };

export const gateFigures: FigureDefinition[] = [
  {
    key: 'compounds.entries',
    label: { 'zh-CN': '今日进入', en: 'Entries today' },
    unit: { 'zh-CN': '人次', en: 'entries' },
    kind: 'perDay',
    compute: admitted({ kind: 'pass', direction: 'in' }),
  },
  {
    key: 'compounds.exits',
    label: { 'zh-CN': '今日外出', en: 'Exits today' },
    unit: { 'zh-CN': '人次', en: 'exits' },
    kind: 'perDay',
    compute: admitted({ kind: 'pass', direction: 'out' }),
  },
  {
    key: 'compounds.visitors',
    label: { 'zh-CN': '今日访客', en: 'Visitors today' },
    unit: { 'zh-CN': '人次', en: 'visitors' },
    kind: 'perDay',
    compute: admitted({ kind: 'visitor' }),
  },
  {
    key: 'compounds.fevers-open',
    label: { 'zh-CN': '待处置发热', en: 'Open fever alerts' },
    unit: { 'zh-CN': '起', en: 'alerts' },
    kind: 'count',
    changedBy: ['gate.fever', 'gate.fever-closed'],
    async compute(db, path) {
      const row = await t(db)
        .selectFrom('gate_fevers')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(inSubtree('node_path', path))
        .where('status', '=', 'open')
        .executeTakeFirst();
      return num(row?.n);
    },
  },
  {
    key: 'compounds.fevers-closed',
    label: { 'zh-CN': '今日处置发热', en: 'Fever alerts closed today' },
    unit: { 'zh-CN': '起', en: 'alerts' },
    kind: 'perDay',
    changedBy: ['gate.fever-closed'],
    async compute(db, path, window) {
      const row = await t(db)
        .selectFrom('gate_fevers')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(inSubtree('node_path', path))
        .where('status', '=', 'closed')
        .where('closed_at', '>=', window.start)
        .where('closed_at', '<', window.end)
        .executeTakeFirst();
      return num(row?.n);
    },
  },
];

export const openFevers: AttentionSource = {
  key: 'gate.open-fevers',
  label: { 'zh-CN': '待处置的发热报警', en: 'Open fever alerts' },
  permission: 'gate.fever.handle',
  changedBy: ['gate.fever', 'gate.fever-closed'],
  async list(db, path, _now, limit) {
    const [rows, count] = await Promise.all([
      t(db)
        .selectFrom('gate_fevers')
        .select(['id', 'temp_x100', 'at', 'node_path'])
        .where(inSubtree('node_path', path))
        .where('status', '=', 'open')
        .orderBy('at', 'desc')
        .limit(limit)
        .execute(),
      t(db)
        .selectFrom('gate_fevers')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(inSubtree('node_path', path))
        .where('status', '=', 'open')
        .executeTakeFirst(),
    ]);
    return {
      total: num(count?.n),
      items: rows.map((r) => ({
        id: String(r.id),
        title: formatCelsius(r.temp_x100),
        nodePath: r.node_path,
        at: num(r.at),
        link: '/fevers',
      })),
    };
  },
};

export const gateChronicle: ChronicleEventSource[] = [
  {
    eventType: 'gate.fever',
    label: { 'zh-CN': '体温异常报警', en: 'Fever alerts' },
    phrase: (e, locale) => {
      const temp = Number(Number(e.payload.temperature).toFixed(2));
      const compound = String(e.payload.compoundName ?? e.place);
      return locale === 'en'
        ? `${compound}: a temperature of ${temp} °C at the gate; the officials were alerted.`
        : `${compound}门岗测得体温 ${temp} ℃，已向辖区干部报警。`;
    },
  },
  {
    eventType: 'gate.fever-closed',
    label: { 'zh-CN': '发热报警处置', en: 'Fever alerts closed' },
    phrase: (e, locale) =>
      locale === 'en'
        ? `${e.place}: fever alert no. ${e.payload.feverId} closed.`
        : `${e.place}第 ${e.payload.feverId} 号发热报警处置完毕。`,
    listLimit: 0,
  },
];
