import type { ChronicleEventSource } from '../../core/chronicle/index.ts';
import type { Db } from '../../core/db/index.ts';
import type { AttentionSource, FigureDefinition } from '../../core/figures/index.ts';
import { inSubtree, num } from '../../core/figures/index.ts';
import type { EnterpriseTables } from './enterprises.tables.ts';

const t = (db: Db) => db.withTables<EnterpriseTables>();

const RESUMED = ['approved', 'provisional'];
const PENDING = ['submitted', 'in_review', 'info_requested', 'visit_scheduled', 'visited'];
const FILING_EVENTS = [
  'enterprises.filing-submitted',
  'enterprises.filing-approve',
  'enterprises.filing-reject',
  'enterprises.filing-start',
];

const filings =
  (statuses: string[]): FigureDefinition['compute'] =>
  async (db, path) => {
    const row = await t(db)
      .selectFrom('enterprise_filings')
      .select((eb) => eb.fn.countAll().as('n'))
      .where(inSubtree('node_path', path))
      .where('status', 'in', statuses)
      .executeTakeFirst();
    return num(row?.n);
  };

export const enterpriseFigures: FigureDefinition[] = [
  {
    key: 'enterprises.resumed',
    label: { 'zh-CN': '已复工企业（备案）', en: 'Filings resumed' },
    unit: { 'zh-CN': '家', en: 'filings' },
    kind: 'count',
    changedBy: FILING_EVENTS,
    compute: filings(RESUMED),
  },
  {
    key: 'enterprises.pending',
    label: { 'zh-CN': '待审复工备案', en: 'Filings under review' },
    unit: { 'zh-CN': '件', en: 'filings' },
    kind: 'count',
    changedBy: FILING_EVENTS,
    compute: filings(PENDING),
  },
  {
    key: 'enterprises.rejected',
    label: { 'zh-CN': '未通过复工备案', en: 'Filings refused' },
    unit: { 'zh-CN': '件', en: 'filings' },
    kind: 'count',
    changedBy: FILING_EVENTS,
    compute: filings(['rejected']),
  },
  {
    key: 'enterprises.staff-returned',
    label: { 'zh-CN': '复工返岗员工', en: 'Staff back at work' },
    unit: { 'zh-CN': '人', en: 'people' },
    kind: 'count',
    changedBy: FILING_EVENTS,
    async compute(db, path) {
      const row = await t(db)
        .selectFrom('enterprise_filings')
        .select((eb) => eb.fn.sum<number>('staff_returning').as('n'))
        .where(inSubtree('node_path', path))
        .where('status', 'in', RESUMED)
        .executeTakeFirst();
      return num(row?.n);
    },
  },
  {
    key: 'certificates.issued',
    label: { 'zh-CN': '已出具不可抗力证明', en: 'Force-majeure certificates issued' },
    unit: { 'zh-CN': '份', en: 'certificates' },
    kind: 'count',
    changedBy: ['certificates.issue', 'certificates.revoke'],
    async compute(db, path) {
      const row = await t(db)
        .selectFrom('fm_certificates')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(inSubtree('node_path', path))
        .where('issued_at', 'is not', null)
        .executeTakeFirst();
      return num(row?.n);
    },
  },
  {
    key: 'certificates.median-minutes',
    label: { 'zh-CN': '申请至出证中位用时', en: 'Median time from application to certificate' },
    unit: { 'zh-CN': '分钟', en: 'minutes' },
    kind: 'count',
    format: 'minutes',
    changedBy: ['certificates.issue'],
    // A median is not a sum, but certificates are few (thousands nationally): the subtree's
    // durations are read and the middle one taken.
    async compute(db, path) {
      const rows = await t(db)
        .selectFrom('fm_certificates')
        .select(['submitted_at', 'issued_at'])
        .where(inSubtree('node_path', path))
        .where('issued_at', 'is not', null)
        .execute();
      if (rows.length === 0) return null;
      const minutes = rows
        .map((r) => (num(r.issued_at) - num(r.submitted_at)) / 60_000)
        .sort((a, b) => a - b);
      const mid = Math.floor(minutes.length / 2);
      return Math.round(minutes.length % 2 ? minutes[mid]! : (minutes[mid - 1]! + minutes[mid]!) / 2);
    },
  },
  {
    key: 'customs.cleared',
    label: { 'zh-CN': '今日通关票数', en: 'Export clearances today' },
    unit: { 'zh-CN': '票', en: 'clearances' },
    kind: 'perDay',
    changedBy: ['customs.cleared'],
    async compute(db, path, window) {
      const row = await t(db)
        .selectFrom('customs_bookings')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(inSubtree('node_path', path))
        .where('status', '=', 'cleared')
        .where('cleared_at', '>=', window.start)
        .where('cleared_at', '<', window.end)
        .executeTakeFirst();
      return num(row?.n);
    },
  },
  {
    key: 'customs.tonnes',
    label: { 'zh-CN': '今日出口通关量', en: 'Exports cleared today' },
    unit: { 'zh-CN': '吨', en: 'tonnes' },
    kind: 'perDay',
    changedBy: ['customs.cleared'],
    async compute(db, path, window) {
      const row = await t(db)
        .selectFrom('customs_bookings')
        .select((eb) => eb.fn.sum<number>('weight_kg').as('kg'))
        .where(inSubtree('node_path', path))
        .where('status', '=', 'cleared')
        .where('cleared_at', '>=', window.start)
        .where('cleared_at', '<', window.end)
        .executeTakeFirst();
      return Math.round(num(row?.kg) / 10) / 100;
    },
  },
];

/** Filings waiting for a reviewer's first look, oldest first. */
export const enterpriseAttention: AttentionSource = {
  key: 'enterprises.awaiting-review',
  label: { 'zh-CN': '待受理的复工备案', en: 'Resumption filings awaiting review' },
  permission: 'enterprises.review',
  changedBy: FILING_EVENTS,
  async list(db, path, _now, limit) {
    const base = t(db)
      .selectFrom('enterprise_filings as f')
      .where(inSubtree('f.node_path', path))
      .where('f.status', 'in', ['submitted', 'provisional']);
    const [rows, count] = await Promise.all([
      base
        .innerJoin('enterprises as e', 'e.id', 'f.enterprise_id')
        .select(['f.id', 'f.node_path', 'f.submitted_at', 'e.name'])
        .orderBy('f.submitted_at')
        .limit(limit)
        .execute(),
      base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
    ]);
    return {
      total: num(count?.n),
      items: rows.map((r) => ({
        id: String(r.id),
        title: r.name,
        nodePath: r.node_path,
        at: num(r.submitted_at),
        link: `/enterprise-filings/${r.id}`,
      })),
    };
  },
};

export const enterpriseChronicle: ChronicleEventSource[] = [
  {
    eventType: 'certificates.issue',
    label: { 'zh-CN': '不可抗力事实性证明', en: 'Force-majeure certificates' },
    phrase: (e, locale) => {
      const p = e.payload as { enterprise: string; number: string; country: string; minutes: number };
      return locale === 'en'
        ? `Certificate ${p.number} issued to ${p.enterprise} (trade with ${p.country}), ${p.minutes} minutes after application.`
        : `为${p.enterprise}出具不可抗力事实性证明 ${p.number}（涉${p.country}贸易），自申请起用时 ${p.minutes} 分钟。`;
    },
  },
  {
    eventType: 'enterprises.filing-approve',
    label: { 'zh-CN': '企业复工备案核准', en: 'Resumption filings approved' },
    phrase: (e, locale) => {
      const p = e.payload as { enterprise: string };
      return locale === 'en'
        ? `${e.place}: ${p.enterprise} approved to resume work.`
        : `${e.place}${p.enterprise}复工备案核准。`;
    },
  },
  {
    eventType: 'customs.cleared',
    label: { 'zh-CN': '出口预约通关', en: 'Export clearances' },
    phrase: (e, locale) => {
      const p = e.payload as {
        enterprise: string;
        goods: string;
        destination: string;
        tonnes: number;
        valueUsd: number;
      };
      return locale === 'en'
        ? `${p.enterprise} cleared ${p.tonnes} t of ${p.goods} to ${p.destination}, US$${p.valueUsd.toLocaleString('en')}.`
        : `${p.enterprise}${p.tonnes} 吨${p.goods}通关出口${p.destination}，货值 ${p.valueUsd.toLocaleString('en')} 美元。`;
    },
  },
];
