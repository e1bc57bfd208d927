import { sql } from 'kysely';
import { SHIFT_RULES } from '../../../contracts/fieldwork.ts';
import type { ChronicleEventSource } from '../../core/chronicle/index.ts';
import type { AttentionSource, FigureDefinition } from '../../core/figures/index.ts';
import { inSubtree, num } from '../../core/figures/index.ts';
import type { FieldworkTables } from './fieldwork.tables.ts';

const SIGNUPS = ['fieldwork.signed-up', 'fieldwork.signed-out', 'fieldwork.stand-in'];
const DUTY = ['fieldwork.checked-in', 'fieldwork.checked-out'];
const TASKS = [
  'fieldwork.tasks-created',
  'fieldwork.task-done',
  'fieldwork.task-partial',
  'fieldwork.task-cannot',
];
const LATE_MS = SHIFT_RULES.noShowMinutes * 60_000;

const claimed = (yes: boolean): FigureDefinition => ({
  key: yes ? 'fieldwork.checkpoints-claimed' : 'fieldwork.checkpoints-unclaimed',
  label: yes
    ? { 'zh-CN': '已认领卡点', en: 'Checkpoints claimed' }
    : { 'zh-CN': '未认领卡点', en: 'Checkpoints unclaimed' },
  unit: { 'zh-CN': '个', en: 'checkpoints' },
  kind: 'count',
  changedBy: ['fieldwork.checkpoint-claimed', 'fieldwork.checkpoint-set-up'],
  async compute(db, path) {
    const row = await db
      .withTables<FieldworkTables>()
      .selectFrom('field_checkpoints')
      .select((eb) => eb.fn.countAll().as('n'))
      .where(inSubtree('node_path', path))
      .where('team_id', yes ? 'is not' : 'is', null)
      .executeTakeFirst();
    return num(row?.n);
  },
});

/** Person-hours of shifts starting that Beijing day: needed, or filled by sign-ups. */
const shiftHours = (column: 'needed' | 'filled'): FigureDefinition => ({
  key: `fieldwork.shift-hours-${column}`,
  label:
    column === 'needed'
      ? { 'zh-CN': '今日应值守人时', en: 'Shift hours needed' }
      : { 'zh-CN': '今日已排班人时', en: 'Shift hours filled' },
  unit: { 'zh-CN': '人时', en: 'person-hours' },
  kind: 'perDay',
  changedBy: SIGNUPS,
  async compute(db, path, w) {
    const row = await db
      .withTables<FieldworkTables>()
      .selectFrom('field_shifts as s')
      .innerJoin('field_seats as st', 'st.shift_id', 's.id')
      .select(sql<number>`sum(st.${sql.ref(column)} * (s.ends_at - s.starts_at))`.as('ms'))
      .where(inSubtree('s.node_path', path))
      .where('s.starts_at', '>=', w.start)
      .where('s.starts_at', '<', w.end)
      .executeTakeFirst();
    return Math.round(num(row?.ms) / 3_600_000);
  },
});

export const fieldworkFigures: FigureDefinition[] = [
  claimed(true),
  claimed(false),
  shiftHours('needed'),
  shiftHours('filled'),
  {
    key: 'fieldwork.no-shows',
    label: { 'zh-CN': '未到岗', en: 'No-shows' },
    unit: { 'zh-CN': '人次', en: 'shifts' },
    kind: 'perDay',
    changedBy: [...DUTY, 'fieldwork.stand-in'],
    async compute(db, path, w) {
      const row = await db
        .withTables<FieldworkTables>()
        .selectFrom('field_signups')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(inSubtree('node_path', path))
        .where('starts_at', '>=', w.start)
        .where('starts_at', '<', w.end)
        .where('starts_at', '<=', w.now - LATE_MS)
        .where('checked_in_at', 'is', null)
        .executeTakeFirst();
      return num(row?.n);
    },
  },
  {
    key: 'fieldwork.on-duty',
    label: { 'zh-CN': '在岗志愿者', en: 'Volunteers on duty' },
    unit: { 'zh-CN': '人', en: 'people' },
    kind: 'count',
    changedBy: DUTY,
    async compute(db, path, w) {
      const row = await db
        .withTables<FieldworkTables>()
        .selectFrom('field_signups')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(inSubtree('node_path', path))
        .where('checked_in_at', 'is not', null)
        .where('checked_out_at', 'is', null)
        .where('ends_at', '>', w.now)
        .executeTakeFirst();
      return num(row?.n);
    },
  },
  {
    key: 'fieldwork.tasks-open',
    label: { 'zh-CN': '待办任务', en: 'Tasks open' },
    unit: { 'zh-CN': '项', en: 'tasks' },
    kind: 'count',
    changedBy: TASKS,
    async compute(db, path) {
      const row = await db
        .withTables<FieldworkTables>()
        .selectFrom('field_tasks')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(inSubtree('node_path', path))
        .where('status', 'in', ['open', 'claimed'])
        .executeTakeFirst();
      return num(row?.n);
    },
  },
  {
    key: 'fieldwork.tasks-done',
    label: { 'zh-CN': '今日完成任务', en: 'Tasks done today' },
    unit: { 'zh-CN': '项', en: 'tasks' },
    kind: 'perDay',
    changedBy: TASKS,
    async compute(db, path, w) {
      const row = await db
        .withTables<FieldworkTables>()
        .selectFrom('field_tasks')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(inSubtree('node_path', path))
        .where('status', 'in', ['done', 'partial'])
        .where('done_at', '>=', w.start)
        .where('done_at', '<', w.end)
        .executeTakeFirst();
      return num(row?.n);
    },
  },
];

export const fieldworkAttention: AttentionSource[] = [
  {
    key: 'fieldwork.no-shows',
    label: { 'zh-CN': '卡点未到岗', en: 'Checkpoint no-shows' },
    permission: 'fieldwork.read',
    changedBy: [...DUTY, 'fieldwork.stand-in'],
    async list(db, path, now, limit) {
      const base = db
        .withTables<FieldworkTables>()
        .selectFrom('field_signups as g')
        .innerJoin('field_checkpoints as c', 'c.node_id', 'g.checkpoint_id')
        .where(inSubtree('g.node_path', path))
        .where('g.checked_in_at', 'is', null)
        .where('g.starts_at', '<=', now - LATE_MS)
        .where('g.ends_at', '>', now);
      const [rows, total] = await Promise.all([
        base
          .select(['g.id', 'g.node_path', 'g.starts_at', 'g.skill', 'c.name'])
          .orderBy('g.starts_at')
          .limit(limit)
          .execute(),
        base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
      ]);
      return {
        items: rows.map((r) => ({
          id: String(r.id),
          title: `${r.name} · ${r.skill}`,
          nodePath: r.node_path,
          at: Number(r.starts_at),
          link: '/fieldwork/grid',
        })),
        total: num(total?.n),
      };
    },
  },
  {
    key: 'fieldwork.overdue-tasks',
    label: { 'zh-CN': '逾期任务', en: 'Overdue tasks' },
    permission: 'fieldwork.read',
    changedBy: TASKS,
    async list(db, path, now, limit) {
      const base = db
        .withTables<FieldworkTables>()
        .selectFrom('field_tasks')
        .where(inSubtree('node_path', path))
        .where('status', 'in', ['open', 'claimed'])
        .where('window_end', '<', now);
      const [rows, total] = await Promise.all([
        base.select(['id', 'node_path', 'title', 'window_end']).orderBy('window_end').limit(limit).execute(),
        base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
      ]);
      return {
        items: rows.map((r) => ({
          id: String(r.id),
          title: r.title,
          nodePath: r.node_path,
          at: Number(r.window_end),
          link: '/fieldwork/tasks',
        })),
        total: num(total?.n),
      };
    },
  },
];

export const fieldworkChronicle: ChronicleEventSource[] = [
  {
    eventType: 'fieldwork.checkpoint-claimed',
    label: { 'zh-CN': '队伍认领卡点', en: 'Checkpoints claimed' },
    phrase: (e, locale) =>
      locale === 'en'
        ? `${e.place}: the team "${String(e.payload.team)}" took charge of the checkpoint.`
        : `${String(e.payload.team)}认领${e.place}卡点值守。`,
  },
  {
    eventType: 'fieldwork.batch-completed',
    label: { 'zh-CN': '任务批次完成', en: 'Task batches completed' },
    phrase: (e, locale) =>
      locale === 'en'
        ? `${e.place}: the task batch "${String(e.payload.title)}" was completed.`
        : `${e.place}完成任务批次“${String(e.payload.title)}”。`,
  },
];
