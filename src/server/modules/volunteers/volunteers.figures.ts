import type { ChronicleEventSource } from '../../core/chronicle/index.ts';
import type { FigureDefinition } from '../../core/figures/index.ts';
import { inSubtree, num } from '../../core/figures/index.ts';
import type { VolunteersTables } from './volunteers.tables.ts';

/** The alliance's standing figures: teams and volunteers in the subtree now. */
export const volunteerFigures: FigureDefinition[] = [
  {
    key: 'alliance.teams',
    label: { 'zh-CN': '志愿队伍', en: 'Teams' },
    unit: { 'zh-CN': '支', en: 'teams' },
    kind: 'count',
    changedBy: ['team.created'],
    async compute(db, path) {
      const row = await db
        .withTables<VolunteersTables>()
        .selectFrom('alliance_teams')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(inSubtree('node_path', path))
        .where('status', '=', 'active')
        .executeTakeFirst();
      return num(row?.n);
    },
  },
  {
    key: 'alliance.volunteers',
    label: { 'zh-CN': '注册志愿者', en: 'Volunteers' },
    unit: { 'zh-CN': '人', en: 'people' },
    kind: 'count',
    changedBy: ['volunteer.approved'],
    async compute(db, path) {
      const row = await db
        .withTables<VolunteersTables>()
        .selectFrom('alliance_volunteers')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(inSubtree('node_path', path))
        .executeTakeFirst();
      return num(row?.n);
    },
  },
];

export const volunteerChronicle: ChronicleEventSource[] = [
  {
    eventType: 'team.created',
    label: { 'zh-CN': '组建志愿队伍', en: 'Teams formed' },
    phrase: (e, locale) =>
      locale === 'en'
        ? `${e.place}: the volunteer team "${String(e.payload.name)}" was formed.`
        : `${e.place}组建志愿队伍“${String(e.payload.name)}”。`,
  },
  {
    eventType: 'volunteer.approved',
    label: { 'zh-CN': '志愿者报名获批', en: 'Volunteers approved' },
    // Names of private persons stay out of the chronicle: counted, never listed.
    phrase: (e, locale) =>
      locale === 'en' ? `${e.place}: a volunteer approved.` : `${e.place}批准一名志愿者。`,
    listLimit: 0,
  },
];
