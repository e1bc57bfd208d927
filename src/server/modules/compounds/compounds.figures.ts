import type { FigureDefinition } from '../../core/figures/index.ts';
import { inSubtree, num } from '../../core/figures/index.ts';
import type { CompoundTables } from './compounds.tables.ts';

export const compoundFigures: FigureDefinition[] = [
  {
    key: 'compounds.closed',
    label: { 'zh-CN': '封闭管理小区', en: 'Compounds under closed management' },
    unit: { 'zh-CN': '个', en: 'compounds' },
    kind: 'count',
    async compute(db, path) {
      const row = await db
        .withTables<CompoundTables>()
        .selectFrom('compound_profiles')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(inSubtree('node_path', path))
        .executeTakeFirst();
      return num(row?.n);
    },
  },
  {
    key: 'compounds.residents',
    label: { 'zh-CN': '在册居民', en: 'Residents' },
    unit: { 'zh-CN': '人', en: 'people' },
    kind: 'count',
    async compute(db, path) {
      const row = await db
        .withTables<CompoundTables>()
        .selectFrom('residents')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(inSubtree('node_path', path))
        .where('status', '<>', 'moved_out')
        .executeTakeFirst();
      return num(row?.n);
    },
  },
];
