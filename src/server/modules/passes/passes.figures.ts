import type { ChronicleEventSource } from '../../core/chronicle/index.ts';
import type { FigureDefinition } from '../../core/figures/index.ts';
import { inSubtree, num } from '../../core/figures/index.ts';
import type { PassTables } from './passes.tables.ts';

const activePasses =
  (kind: 'person' | 'vehicle'): FigureDefinition['compute'] =>
  async (db, path, window) => {
    const row = await db
      .withTables<PassTables>()
      .selectFrom('passes')
      .select((eb) => eb.fn.countAll().as('n'))
      .where(inSubtree('node_path', path))
      .where('kind', '=', kind)
      .where('status', '=', 'active')
      .where('valid_until', '>', window.now)
      .executeTakeFirst();
    return num(row?.n);
  };

export const passFigures: FigureDefinition[] = [
  {
    key: 'compounds.person-passes',
    label: { 'zh-CN': '有效人员通行证', en: 'Active person passes' },
    unit: { 'zh-CN': '张', en: 'passes' },
    kind: 'count',
    changedBy: ['pass.revoked'],
    compute: activePasses('person'),
  },
  {
    key: 'compounds.vehicle-passes',
    label: { 'zh-CN': '有效车辆通行证', en: 'Active vehicle passes' },
    unit: { 'zh-CN': '张', en: 'passes' },
    kind: 'count',
    changedBy: ['pass.revoked'],
    compute: activePasses('vehicle'),
  },
];

export const passChronicle: ChronicleEventSource = {
  eventType: 'pass.revoked',
  label: { 'zh-CN': '吊销通行证', en: 'Passes revoked' },
  phrase: (e, locale) => (locale === 'en' ? `${e.place}: a pass revoked.` : `${e.place}吊销一张通行证。`),
  listLimit: 0,
};
