import { type Expression, type SqlBool, sql } from 'kysely';
import { containing, type Db } from '../../core/db/index.ts';
import { NodeLookup } from '../regions/index.ts';
import type { BroadcastsTables } from './broadcasts.tables.ts';

/** One membership clause of an inbox query: these ancestor paths, this kind bit, maybe a team filter. */
export interface InboxClause {
  paths: string[];
  kindBit: number;
  /** For volunteers and team leaders: the bits of their teams' types (0 = no team). */
  teamBits: number | null;
}

export type BroadcastRow = NonNullable<Awaited<ReturnType<BroadcastsRepository['byId']>>>;

export interface ReceiptInput {
  broadcast_id: number;
  user_id: number;
  node_path: string;
  level: number;
  ack: boolean;
}

export class BroadcastsRepository {
  constructor(private readonly db: Db) {}

  t(trx: Db = this.db) {
    return trx.withTables<BroadcastsTables>();
  }

  async anyPublished(trx: Db = this.db): Promise<boolean> {
    const row = await this.t(trx)
      .selectFrom('broadcasts')
      .select('id')
      .where('status', '=', 'published')
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  nodesByIds(ids: number[], trx: Db = this.db) {
    return new NodeLookup(trx).byIds(ids);
  }

  async insert(row: Omit<BroadcastsTables['broadcasts'], 'id'>, trx: Db) {
    const saved = await this.t(trx)
      .insertInto('broadcasts')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return saved.id;
  }

  async insertTargets(rows: BroadcastsTables['broadcast_targets'][], trx: Db) {
    await this.t(trx).insertInto('broadcast_targets').values(rows).execute();
  }

  /** Draft → published; false if it was published already. */
  async markPublished(id: number, at: number, trx: Db) {
    const result = await this.t(trx)
      .updateTable('broadcasts')
      .set({ status: 'published', published_at: at })
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await this.t(trx)
      .updateTable('broadcast_targets')
      .set({ published: 1 })
      .where('broadcast_id', '=', id)
      .execute();
    return true;
  }

  byId(id: number, trx: Db = this.db) {
    return this.t(trx).selectFrom('broadcasts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  targetsOf(ids: number[], trx: Db = this.db) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.t(trx)
      .selectFrom('broadcast_targets as t')
      .innerJoin('nodes as n', 'n.id', 't.node_id')
      .select([
        't.broadcast_id',
        't.node_id',
        't.node_path',
        'n.name as node_name',
        't.audience',
        't.team_mask',
      ])
      .where('t.broadcast_id', 'in', ids)
      .execute();
  }

  private inboxFilter(clauses: InboxClause[]) {
    return (eb: { selectFrom: ReturnType<BroadcastsRepository['t']>['selectFrom'] }) =>
      eb
        .selectFrom('broadcast_targets as t')
        .select('t.broadcast_id')
        .where('t.published', '=', 1)
        .where((w) =>
          w.or(
            clauses.map((c) => {
              const parts: Expression<SqlBool>[] = [
                w('t.node_path', 'in', c.paths),
                sql<SqlBool>`(t.audience & ${c.kindBit}) <> 0`,
              ];
              if (c.teamBits !== null) {
                parts.push(sql<SqlBool>`(t.team_mask = 0 or (t.team_mask & ${c.teamBits}) <> 0)`);
              }
              return w.and(parts);
            }),
          ),
        );
  }

  /**
   * A member's inbox, newest first: the broadcasts whose targets are ancestors of one of their
   * memberships with a matching audience — a lookup on the small targets table, nothing per member.
   */
  async inbox(userId: number, clauses: InboxClause[], before: number | undefined, limit: number) {
    if (clauses.length === 0) return [];
    const t = this.t();
    let query = t
      .selectFrom('broadcasts as b')
      .leftJoin('broadcast_receipts as r', (j) =>
        j.onRef('r.broadcast_id', '=', 'b.id').on('r.user_id', '=', userId),
      )
      .select([
        'b.id',
        'b.kind',
        'b.title',
        'b.body_html',
        'b.rumour',
        'b.priority',
        'b.ack_required',
        'b.sender_name',
        'b.published_at',
        'r.delivered_at',
        'r.read_at',
        'r.acked_at',
      ])
      .where('b.id', 'in', this.inboxFilter(clauses)(t));
    if (before) query = query.where('b.id', '<', before);
    return query.orderBy('b.id', 'desc').limit(limit).execute();
  }

  async unreadCount(userId: number, clauses: InboxClause[]) {
    if (clauses.length === 0) return 0;
    const t = this.t();
    const row = await t
      .selectFrom('broadcasts as b')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('b.id', 'in', this.inboxFilter(clauses)(t))
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('broadcast_receipts as r')
              .select('r.user_id')
              .whereRef('r.broadcast_id', '=', 'b.id')
              .where('r.user_id', '=', userId)
              .where('r.read_at', 'is not', null),
          ),
        ),
      )
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Records first sight of broadcasts in an inbox; existing receipts are left alone. */
  async markDelivered(
    rows: Array<{ broadcast_id: number; node_path: string; level: number }>,
    userId: number,
    at: number,
  ) {
    if (rows.length === 0) return;
    await this.t()
      .insertInto('broadcast_receipts')
      .values(rows.map((r) => ({ ...r, user_id: userId, delivered_at: at, read_at: null, acked_at: null })))
      .onConflict((oc) => oc.columns(['broadcast_id', 'user_id']).doNothing())
      .execute();
  }

  /**
   * Read (and, with `ack`, acknowledge) once: the first time stays, a repeat changes nothing, so
   * a member counts once however often the button is pressed. Takes a batch (group commit):
   * one statement for every receipt of the batch; a member repeated within it is merged first,
   * since one upsert statement may touch a row only once.
   */
  async upsertReceipts(rows: ReceiptInput[], at: number) {
    const merged = new Map<string, ReceiptInput>();
    for (const row of rows) {
      const key = `${row.broadcast_id}:${row.user_id}`;
      const seen = merged.get(key);
      merged.set(key, seen ? { ...seen, ack: seen.ack || row.ack } : row);
    }
    const saved = await this.t()
      .insertInto('broadcast_receipts')
      .values(
        [...merged.values()].map(({ ack, ...row }) => ({
          ...row,
          delivered_at: at,
          read_at: at,
          acked_at: ack ? at : null,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['broadcast_id', 'user_id']).doUpdateSet({
          read_at: sql`coalesce(broadcast_receipts.read_at, excluded.read_at)`,
          acked_at: sql`coalesce(broadcast_receipts.acked_at, excluded.acked_at)`,
        }),
      )
      .returning(['broadcast_id', 'user_id', 'read_at', 'acked_at'])
      .execute();
    const byKey = new Map(saved.map((r) => [`${r.broadcast_id}:${r.user_id}`, r]));
    return rows.map((r) => byKey.get(`${r.broadcast_id}:${r.user_id}`)!);
  }

  async sent(scopes: (column: string) => Expression<SqlBool>, page: number, pageSize: number) {
    const t = this.t();
    const rows = await t
      .selectFrom('broadcasts')
      .selectAll()
      .where(scopes('node_path'))
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    const total = await t
      .selectFrom('broadcasts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(scopes('node_path'))
      .executeTakeFirstOrThrow();
    return { rows, total: Number(total.n) };
  }

  async publicList(kinds: string[], q: string | undefined, page: number, pageSize: number) {
    const t = this.t();
    let query = t
      .selectFrom('broadcasts')
      .where('is_public', '=', 1)
      .where('status', '=', 'published')
      .where('kind', 'in', kinds);
    if (q) {
      query = query.where((eb) =>
        eb.or([
          eb('title', 'like', containing(q)),
          eb('body_md', 'like', containing(q)),
          eb('rumour', 'like', containing(q)),
        ]),
      );
    }
    const rows = await query
      .selectAll()
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { rows, total: Number(total.n) };
  }

  publicOne(id: number, kinds: string[]) {
    return this.t()
      .selectFrom('broadcasts')
      .selectAll()
      .where('id', '=', id)
      .where('is_public', '=', 1)
      .where('status', '=', 'published')
      .where('kind', 'in', kinds)
      .executeTakeFirst();
  }

  /* ── reach ── */

  receiptsByNode(broadcastId: number) {
    return this.t()
      .selectFrom('broadcast_receipts')
      .select((eb) => [
        'node_path',
        eb.fn.countAll<number>().as('delivered'),
        eb.fn.count<number>('read_at').as('read'),
        eb.fn.count<number>('acked_at').as('acked'),
      ])
      .where('broadcast_id', '=', broadcastId)
      .groupBy('node_path')
      .execute();
  }

  /** The read time of the k-th reader (1-based) at a level, or null if fewer have read. */
  async kthReadAt(broadcastId: number, level: number, k: number) {
    const row = await this.t()
      .selectFrom('broadcast_receipts')
      .select('read_at')
      .where('broadcast_id', '=', broadcastId)
      .where('level', '=', level)
      .where('read_at', 'is not', null)
      .orderBy('read_at')
      .limit(1)
      .offset(k - 1)
      .executeTakeFirst();
    return row?.read_at ?? null;
  }

  async timeline(broadcastId: number, publishedAt: number, column: 'read_at' | 'acked_at') {
    // better-sqlite3 binds JS numbers as REAL: cast, or the division keeps the fraction.
    const minute = sql<number>`cast((${sql.ref(column)} - ${publishedAt}) / 60000 as integer)`;
    return (
      this.t()
        .selectFrom('broadcast_receipts')
        .select((eb) => [minute.as('minute'), eb.fn.countAll<number>().as('n')])
        .where('broadcast_id', '=', broadcastId)
        .where(column, 'is not', null)
        // By position: PostgreSQL does not see two bound copies of the expression as the same.
        .groupBy(sql`1`)
        .execute()
    );
  }

  relaysOf(broadcastId: number) {
    return this.t()
      .selectFrom('broadcast_relays')
      .select(['group_id', 'node_path', 'relayed_at'])
      .where('broadcast_id', '=', broadcastId)
      .execute();
  }

  /* ── group relays and robot deliveries ── */

  async insertRelay(row: BroadcastsTables['broadcast_relays'], trx: Db = this.db) {
    const result = await this.t(trx)
      .insertInto('broadcast_relays')
      .values(row)
      .onConflict((oc) => oc.columns(['broadcast_id', 'group_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  relayedGroups(groupIds: number[], broadcastIds: number[]) {
    if (groupIds.length === 0 || broadcastIds.length === 0) return Promise.resolve([]);
    return this.t()
      .selectFrom('broadcast_relays')
      .select(['broadcast_id', 'group_id'])
      .where('group_id', 'in', groupIds)
      .where('broadcast_id', 'in', broadcastIds)
      .execute();
  }

  /** Recent published broadcasts for residents targeting any of these paths (relay task candidates). */
  relayCandidates(paths: string[], residentBit: number, limit: number) {
    if (paths.length === 0) return Promise.resolve([]);
    return this.t()
      .selectFrom('broadcast_targets as t')
      .innerJoin('broadcasts as b', 'b.id', 't.broadcast_id')
      .select([
        'b.id',
        'b.kind',
        'b.title',
        'b.body_md',
        'b.rumour',
        'b.priority',
        'b.published_at',
        't.node_path',
      ])
      .where('t.node_path', 'in', paths)
      .where('t.published', '=', 1)
      .where(sql<SqlBool>`(t.audience & ${residentBit}) <> 0`)
      .orderBy('b.id', 'desc')
      .limit(limit)
      .execute();
  }

  async insertDeliveries(broadcastId: number, groupIds: number[], at: number, trx: Db) {
    for (let i = 0; i < groupIds.length; i += 200) {
      await this.t(trx)
        .insertInto('broadcast_deliveries')
        .values(
          groupIds.slice(i, i + 200).map((group_id) => ({
            broadcast_id: broadcastId,
            group_id,
            status: 'pending',
            attempts: 0,
            next_attempt_at: at,
            last_status: null,
            last_error: null,
            created_at: at,
            updated_at: at,
          })),
        )
        .onConflict((oc) => oc.columns(['broadcast_id', 'group_id']).doNothing())
        .execute();
    }
  }

  dueDeliveries(now: number, limit: number) {
    return this.t()
      .selectFrom('broadcast_deliveries as d')
      .innerJoin('broadcasts as b', 'b.id', 'd.broadcast_id')
      .select([
        'd.id',
        'd.broadcast_id',
        'd.group_id',
        'd.attempts',
        'd.next_attempt_at',
        'b.title',
        'b.body_md',
        'b.kind',
        'b.rumour',
      ])
      .where('d.status', '=', 'pending')
      .where('d.next_attempt_at', '<=', now)
      .orderBy('d.next_attempt_at')
      .limit(limit)
      .execute();
  }

  /** Takes a delivery for this attempt; false if another instance took it first. */
  async leaseDelivery(id: number, seenNextAttempt: number | null, leaseUntil: number) {
    const result = await this.t()
      .updateTable('broadcast_deliveries')
      .set({ next_attempt_at: leaseUntil })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '=', seenNextAttempt)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async finishDelivery(
    id: number,
    patch: {
      status: string;
      attempts: number;
      next_attempt_at: number | null;
      last_status: number | null;
      last_error: string | null;
    },
    trx: Db = this.db,
  ) {
    await this.t(trx)
      .updateTable('broadcast_deliveries')
      .set({ ...patch, updated_at: Date.now() })
      .where('id', '=', id)
      .execute();
  }

  deliveriesOf(broadcastId: number) {
    return this.t()
      .selectFrom('broadcast_deliveries')
      .select(['id', 'group_id', 'status', 'attempts', 'last_status', 'last_error', 'updated_at'])
      .where('broadcast_id', '=', broadcastId)
      .orderBy('id')
      .execute();
  }
}
