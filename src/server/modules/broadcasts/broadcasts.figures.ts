import type { ChronicleEventSource } from '../../core/chronicle/index.ts';
import type { Db } from '../../core/db/index.ts';
import type { AttentionSource, DayWindow, FigureDefinition } from '../../core/figures/index.ts';
import { inSubtree, num } from '../../core/figures/index.ts';
import type { BroadcastsTables } from './broadcasts.tables.ts';

const t = (db: Db) => db.withTables<BroadcastsTables>();

/** Broadcasts published in the window (any sender): their receipts are counted where the member is. */
async function publishedIn(db: Db, window: DayWindow, ackOnly = false) {
  let q = t(db)
    .selectFrom('broadcasts')
    .select(['id', 'published_at'])
    .where('status', '=', 'published')
    .where('published_at', '>=', window.start)
    .where('published_at', '<', window.end);
  if (ackOnly) q = q.where('ack_required', '=', 1);
  return q.execute();
}

/** Share of the receipts of the day's broadcasts, held by members in the subtree, that were read / acknowledged. */
async function receiptShare(db: Db, path: string, window: DayWindow, column: 'read_at' | 'acked_at') {
  const ids = (await publishedIn(db, window, column === 'acked_at')).map((b) => b.id);
  if (ids.length === 0) return null;
  const row = await t(db)
    .selectFrom('broadcast_receipts')
    .select((eb) => [eb.fn.countAll().as('delivered'), eb.fn.count(column).as('done')])
    .where('broadcast_id', 'in', ids)
    .where(inSubtree('node_path', path))
    .where((eb) => eb.or([eb(column, 'is', null), eb(column, '<', window.end)]))
    .executeTakeFirst();
  const delivered = num(row?.delivered);
  return delivered === 0 ? null : num(row?.done) / delivered;
}

export const broadcastFigures: FigureDefinition[] = [
  {
    key: 'alliance.broadcasts',
    label: { 'zh-CN': '今日发布', en: 'Broadcasts today' },
    unit: { 'zh-CN': '条', en: 'broadcasts' },
    kind: 'perDay',
    changedBy: ['broadcast.published'],
    async compute(db, path, window) {
      const row = await t(db)
        .selectFrom('broadcasts')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('status', '=', 'published')
        .where('published_at', '>=', window.start)
        .where('published_at', '<', window.end)
        .where(inSubtree('node_path', path))
        .executeTakeFirst();
      return num(row?.n);
    },
  },
  {
    key: 'alliance.read-share',
    label: { 'zh-CN': '已读率', en: 'Read' },
    unit: { 'zh-CN': '%', en: '%' },
    kind: 'ratio',
    format: 'percent',
    changedBy: ['broadcast.published'],
    compute: (db, path, window) => receiptShare(db, path, window, 'read_at'),
  },
  {
    key: 'alliance.ack-share',
    label: { 'zh-CN': '确认率', en: 'Acknowledged' },
    unit: { 'zh-CN': '%', en: '%' },
    kind: 'ratio',
    format: 'percent',
    changedBy: ['broadcast.published'],
    compute: (db, path, window) => receiptShare(db, path, window, 'acked_at'),
  },
  {
    key: 'alliance.minutes-to-half-read',
    label: { 'zh-CN': '半数已读用时（中位）', en: 'Median time to 50 % read' },
    unit: { 'zh-CN': '分钟', en: 'min' },
    kind: 'perDay',
    format: 'minutes',
    changedBy: ['broadcast.published'],
    async compute(db, path, window) {
      const sent = await t(db)
        .selectFrom('broadcasts')
        .select(['id', 'published_at'])
        .where('status', '=', 'published')
        .where('published_at', '>=', window.start)
        .where('published_at', '<', window.end)
        .where(inSubtree('node_path', path))
        .execute();
      const times: number[] = [];
      for (const b of sent) {
        const counted = await t(db)
          .selectFrom('broadcast_receipts')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('broadcast_id', '=', b.id)
          .executeTakeFirst();
        const half = Math.ceil(num(counted?.n) / 2);
        if (half === 0) continue;
        const kth = await t(db)
          .selectFrom('broadcast_receipts')
          .select('read_at')
          .where('broadcast_id', '=', b.id)
          .where('read_at', 'is not', null)
          .orderBy('read_at')
          .limit(1)
          .offset(half - 1)
          .executeTakeFirst();
        if (kth?.read_at != null && kth.read_at <= window.now)
          times.push(num(kth.read_at) - num(b.published_at));
      }
      if (times.length === 0) return null;
      times.sort((a, b) => a - b);
      const mid = Math.floor(times.length / 2);
      const median = times.length % 2 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
      return Math.round(median / 60_000);
    },
  },
];

/** Acknowledgement target and how long members have to reach it: an urgent order sooner. */
export const ACK_TARGET = 0.9;
const ACK_DEADLINE_MS = { urgent: 2 * 3600_000, normal: 24 * 3600_000 } as const;
const ACK_LOOKBACK_MS = 7 * 24 * 3600_000;

/** Broadcasts that asked for acknowledgement, whose deadline passed with fewer than 90 % acknowledged. */
export const ackBelowTarget: AttentionSource = {
  key: 'broadcasts.ack-below-target',
  label: { 'zh-CN': '确认率未达标的通知', en: 'Broadcasts below their acknowledgement target' },
  permission: 'broadcasts.read-reach',
  changedBy: ['broadcast.published'],
  async list(db, path, now, limit) {
    const candidates = await t(db)
      .selectFrom('broadcasts')
      .select(['id', 'title', 'node_path', 'priority', 'published_at'])
      .where('status', '=', 'published')
      .where('ack_required', '=', 1)
      .where('published_at', '>=', now - ACK_LOOKBACK_MS)
      .where('published_at', '<', now - ACK_DEADLINE_MS.urgent)
      .where(inSubtree('node_path', path))
      .orderBy('published_at', 'desc')
      .execute();
    const due = candidates.filter(
      (b) =>
        num(b.published_at) + (b.priority === 'urgent' ? ACK_DEADLINE_MS.urgent : ACK_DEADLINE_MS.normal) <=
        now,
    );
    if (due.length === 0) return { items: [], total: 0 };
    const counts = await t(db)
      .selectFrom('broadcast_receipts')
      .select((eb) => ['broadcast_id', eb.fn.countAll().as('delivered'), eb.fn.count('acked_at').as('acked')])
      .where(
        'broadcast_id',
        'in',
        due.map((b) => b.id),
      )
      .groupBy('broadcast_id')
      .execute();
    const byId = new Map(counts.map((c) => [num(c.broadcast_id), c]));
    const below = due.filter((b) => {
      const c = byId.get(num(b.id));
      return !c || num(c.delivered) === 0 || num(c.acked) / num(c.delivered) < ACK_TARGET;
    });
    return {
      total: below.length,
      items: below.slice(0, limit).map((b) => {
        const c = byId.get(num(b.id));
        const share = c && num(c.delivered) > 0 ? Math.round((100 * num(c.acked)) / num(c.delivered)) : 0;
        return {
          id: String(b.id),
          title: `${b.title} · ${share}%`,
          nodePath: b.node_path,
          at: num(b.published_at),
          link: `/broadcasts/${b.id}/reach`,
        };
      }),
    };
  },
};

const KIND_LABELS: Record<string, { 'zh-CN': string; en: string }> = {
  release: { 'zh-CN': '权威发布', en: 'authoritative release' },
  knowledge: { 'zh-CN': '防控知识', en: 'prevention knowledge' },
  refutation: { 'zh-CN': '辟谣', en: 'rumour refutation' },
  order: { 'zh-CN': '政府令', en: 'government order' },
  dispatch: { 'zh-CN': '调度通知', en: 'dispatch' },
};

export const broadcastChronicle: ChronicleEventSource = {
  eventType: 'broadcast.published',
  label: { 'zh-CN': '发布通知', en: 'Broadcasts' },
  phrase: (e, locale) => {
    const kind = KIND_LABELS[String(e.payload.kind)]?.[locale] ?? String(e.payload.kind);
    return locale === 'en'
      ? `${e.place} published the ${kind} "${String(e.payload.title)}".`
      : `${e.place}发布${kind}《${String(e.payload.title)}》。`;
  },
};
