import type { ChronicleEventSource } from '../../core/chronicle/index.ts';
import type { FigureDefinition } from '../../core/figures/index.ts';
import { inSubtree, num } from '../../core/figures/index.ts';
import type { GroupsTables } from './groups.tables.ts';

/** The group matrix: active groups and the members they reach (their declared member counts). */
export const groupFigures: FigureDefinition[] = [
  {
    key: 'alliance.groups',
    label: { 'zh-CN': '工作群', en: 'Groups' },
    unit: { 'zh-CN': '个', en: 'groups' },
    kind: 'count',
    changedBy: ['group.created'],
    async compute(db, path) {
      const row = await db
        .withTables<GroupsTables>()
        .selectFrom('alliance_groups')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(inSubtree('node_path', path))
        .where('active', '=', 1)
        .executeTakeFirst();
      return num(row?.n);
    },
  },
  {
    key: 'alliance.members-reached',
    label: { 'zh-CN': '群覆盖人数', en: 'Members reached' },
    unit: { 'zh-CN': '人', en: 'people' },
    kind: 'count',
    changedBy: ['group.created'],
    async compute(db, path) {
      const row = await db
        .withTables<GroupsTables>()
        .selectFrom('alliance_groups')
        .select((eb) => eb.fn.sum('member_count').as('n'))
        .where(inSubtree('node_path', path))
        .where('active', '=', 1)
        .executeTakeFirst();
      return num(row?.n);
    },
  },
];

export const groupChronicle: ChronicleEventSource = {
  eventType: 'group.created',
  label: { 'zh-CN': '新建工作群', en: 'Groups created' },
  phrase: (e, locale) =>
    locale === 'en'
      ? `${e.place}: the group "${String(e.payload.name)}" joined the matrix.`
      : `${e.place}新建工作群“${String(e.payload.name)}”。`,
};
