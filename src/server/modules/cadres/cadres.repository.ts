import { sql } from 'kysely';
import { pathInScope } from '../../core/access/index.ts';
import { type Db, dialectOf } from '../../core/db/index.ts';
import { inSubtree } from '../../core/figures/index.ts';
import type { CadreLedgerTable, CadresTables } from './cadres.tables.ts';

type Row<T> = { [K in keyof T]: T[K] extends import('kysely').Generated<infer U> ? U : T[K] };
export type LedgerRow = Row<CadreLedgerTable>;
export type NewLedgerRow = Omit<LedgerRow, 'id'>;

/** Active at `now`: started, and not ended yet. */
const activeAt = (now: number) =>
  sql<boolean>`a.starts_at <= ${now} and (a.ends_at is null or a.ends_at > ${now})`;

export class CadresRepository {
  constructor(private readonly base: Db) {}

  private t(trx: Db) {
    return trx.withTables<CadresTables>();
  }

  // ---- the spine: nodes and users are core tables ----

  node(id: number, trx: Db = this.base) {
    return trx
      .selectFrom('nodes')
      .select(['id', 'name', 'path', 'kind', 'code'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  user(id: number, trx: Db = this.base) {
    return trx
      .selectFrom('users')
      .select(['id', 'name'])
      .where('id', '=', id)
      .where('status', '=', 'active')
      .executeTakeFirst();
  }

  /** Villages and communities under `path`, with the town (street) above each. */
  places(path: string, trx: Db = this.base) {
    return trx
      .selectFrom('nodes as n')
      .innerJoin('nodes as p', 'p.id', 'n.parent_id')
      .select(['n.id', 'n.name', 'n.kind', 'n.path', 'p.id as town_id', 'p.name as town_name'])
      .where('n.kind', '=', 'community')
      .where(inSubtree('n.path', path))
      .orderBy('n.path')
      .execute();
  }

  nodeByPath(path: string, trx: Db = this.base) {
    return trx.selectFrom('nodes').select(['id', 'name']).where('path', '=', path).executeTakeFirst();
  }

  async communityCount(path: string, trx: Db = this.base): Promise<number> {
    const row = await trx
      .selectFrom('nodes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'community')
      .where(inSubtree('path', path))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  childrenOf(path: string, depth: number, trx: Db = this.base) {
    return trx
      .selectFrom('nodes')
      .select(['id', 'code', 'name', 'path'])
      .where('depth', '=', depth)
      .where(inSubtree('path', path))
      .orderBy('path')
      .execute();
  }

  // ---- areas ----

  insertArea(row: Omit<Row<CadresTables['cadre_areas']>, 'id'>, trx: Db = this.base) {
    return this.t(trx).insertInto('cadre_areas').values(row).returning('id').executeTakeFirstOrThrow();
  }

  area(id: number, trx: Db = this.base) {
    return this.t(trx).selectFrom('cadre_areas').selectAll().where('id', '=', id).executeTakeFirst();
  }

  endArea(id: number, endsAt: number, trx: Db = this.base) {
    return this.t(trx).updateTable('cadre_areas').set({ ends_at: endsAt }).where('id', '=', id).execute();
  }

  heldNow(leaderId: number, nodeId: number, now: number, trx: Db = this.base) {
    return this.t(trx)
      .selectFrom('cadre_areas as a')
      .select('a.id')
      .where('a.leader_id', '=', leaderId)
      .where('a.node_id', '=', nodeId)
      .where(activeAt(now))
      .executeTakeFirst();
  }

  /** Areas (with leader and node names) in scope, optionally under a node or of one leader. */
  listAreas(
    scopes: readonly string[] | null,
    q: { under?: string; leaderId?: number; activeAt?: number },
    trx: Db = this.base,
  ) {
    let query = this.t(trx)
      .selectFrom('cadre_areas as a')
      .innerJoin('users as u', 'u.id', 'a.leader_id')
      .innerJoin('nodes as n', 'n.id', 'a.node_id')
      .select([
        'a.id',
        'a.leader_id',
        'u.name as leader_name',
        'a.node_id',
        'n.name as node_name',
        'n.kind as node_kind',
        'a.node_path',
        'a.tier',
        'a.duties',
        'a.starts_at',
        'a.ends_at',
      ]);
    if (scopes) query = query.where(pathInScope('a.node_path', scopes));
    if (q.under) query = query.where(inSubtree('a.node_path', q.under));
    if (q.leaderId) query = query.where('a.leader_id', '=', q.leaderId);
    if (q.activeAt != null) query = query.where(activeAt(q.activeAt));
    return query.orderBy('a.node_path').orderBy('a.id').limit(5000).execute();
  }

  /** Every node path a cadre has held an area on (their ledger's home). */
  async areaPaths(cadreId: number, trx: Db = this.base): Promise<string[]> {
    const rows = await this.t(trx)
      .selectFrom('cadre_areas')
      .select('node_path')
      .distinct()
      .where('leader_id', '=', cadreId)
      .execute();
    return rows.map((r) => r.node_path);
  }

  /** The places each of these users holds an area on at `now`: supervision recuses them there. */
  async heldPaths(userIds: number[], now: number, trx: Db = this.base): Promise<Map<number, string[]>> {
    const held = new Map<number, string[]>();
    if (userIds.length === 0) return held;
    const rows = await this.t(trx)
      .selectFrom('cadre_areas as a')
      .select(['a.leader_id', 'a.node_path'])
      .where('a.leader_id', 'in', userIds)
      .where(activeAt(now))
      .execute();
    for (const r of rows)
      held.set(Number(r.leader_id), [...(held.get(Number(r.leader_id)) ?? []), r.node_path]);
    return held;
  }

  isLeaderAt(userId: number, now: number, trx: Db = this.base) {
    return this.t(trx)
      .selectFrom('cadre_areas as a')
      .select('a.id')
      .where('a.leader_id', '=', userId)
      .where(activeAt(now))
      .limit(1)
      .executeTakeFirst();
  }

  async coveredCount(path: string, now: number, trx: Db = this.base): Promise<number> {
    const row = await this.t(trx)
      .selectFrom('cadre_areas as a')
      .select((eb) => eb.fn.count<number>(sql`distinct a.node_id`).as('n'))
      .where(inSubtree('a.node_path', path))
      .where(activeAt(now))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Cadres with an area whose path falls in `scopes` (the command centre's or a group's). */
  cadresIn(scopes: readonly string[], q: string | undefined, trx: Db = this.base) {
    let query = this.t(trx)
      .selectFrom('cadre_areas as a')
      .innerJoin('users as u', 'u.id', 'a.leader_id')
      .innerJoin('nodes as n', 'n.id', 'a.node_id')
      .select(['u.id', 'u.name', 'n.id as node_id', 'n.name as node_name'])
      .where(pathInScope('a.node_path', scopes));
    if (q) query = query.where('u.name', 'like', `%${q.replace(/[%_\\]/g, '')}%`);
    return query.orderBy('u.id').orderBy('n.path').limit(2000).execute();
  }

  // ---- groups ----

  insertGroup(row: Omit<Row<CadresTables['cadre_groups']>, 'id'>, trx: Db = this.base) {
    return this.t(trx).insertInto('cadre_groups').values(row).returning('id').executeTakeFirstOrThrow();
  }

  group(id: number, trx: Db = this.base) {
    return this.t(trx).selectFrom('cadre_groups').selectAll().where('id', '=', id).executeTakeFirst();
  }

  groups(scopes: readonly string[], trx: Db = this.base) {
    return this.t(trx)
      .selectFrom('cadre_groups as g')
      .innerJoin('nodes as n', 'n.id', 'g.node_id')
      .select(['g.id', 'g.name', 'g.node_id', 'g.node_path', 'n.name as node_name'])
      .where(pathInScope('g.node_path', scopes))
      .orderBy('g.id')
      .execute();
  }

  members(groupIds: number[], trx: Db = this.base) {
    if (groupIds.length === 0) return Promise.resolve([]);
    return this.t(trx)
      .selectFrom('cadre_group_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.group_id', 'm.user_id', 'm.role', 'u.name'])
      .where('m.group_id', 'in', groupIds)
      .orderBy('m.group_id')
      .orderBy('m.user_id')
      .execute();
  }

  async addMember(groupId: number, userId: number, role: string, now: number, trx: Db = this.base) {
    const res = await this.t(trx)
      .insertInto('cadre_group_members')
      .values({ group_id: groupId, user_id: userId, role, added_at: now })
      .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** The groups a user sits on, with the subtree each covers. */
  groupsOf(userId: number, trx: Db = this.base) {
    return this.t(trx)
      .selectFrom('cadre_group_members as m')
      .innerJoin('cadre_groups as g', 'g.id', 'm.group_id')
      .select(['g.id', 'g.node_path', 'm.role'])
      .where('m.user_id', '=', userId)
      .execute();
  }

  // ---- ledger ----

  /** Locks (creating if need be) the cadre's chain head: appends to one chain are serialised. */
  async lockHead(cadreId: number, trx: Db) {
    await this.t(trx)
      .insertInto('cadre_ledger_heads')
      .values({ cadre_id: cadreId, last_seq: 0, last_hash: '0'.repeat(64) })
      .onConflict((oc) => oc.column('cadre_id').doNothing())
      .execute();
    const q = this.t(trx)
      .selectFrom('cadre_ledger_heads')
      .select(['last_seq', 'last_hash'])
      .where('cadre_id', '=', cadreId);
    return (dialectOf(trx) === 'postgres' ? q.forUpdate() : q).executeTakeFirstOrThrow();
  }

  async appendEntry(row: NewLedgerRow, trx: Db) {
    const inserted = await this.t(trx)
      .insertInto('cadre_ledger')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.t(trx)
      .updateTable('cadre_ledger_heads')
      .set({ last_seq: row.seq, last_hash: row.hash })
      .where('cadre_id', '=', row.cadre_id)
      .execute();
    return Number(inserted.id);
  }

  entryBySource(eventId: number, trx: Db = this.base) {
    return this.t(trx)
      .selectFrom('cadre_ledger')
      .select('id')
      .where('source_event_id', '=', eventId)
      .executeTakeFirst();
  }

  entry(id: number, trx: Db = this.base) {
    return this.t(trx).selectFrom('cadre_ledger').selectAll().where('id', '=', id).executeTakeFirst();
  }

  entriesByIds(ids: number[], trx: Db = this.base) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.t(trx).selectFrom('cadre_ledger').selectAll().where('id', 'in', ids).execute();
  }

  correctionOf(id: number, trx: Db = this.base) {
    return this.t(trx)
      .selectFrom('cadre_ledger')
      .select('id')
      .where('corrects_id', '=', id)
      .executeTakeFirst();
  }

  /** One page of a cadre's ledger, newest first, with the recorder's name and any later correction. */
  ledgerPage(cadreId: number, beforeSeq: number | undefined, limit: number, trx: Db = this.base) {
    let q = this.t(trx)
      .selectFrom('cadre_ledger as l')
      .leftJoin('users as r', 'r.id', 'l.recorded_by')
      .leftJoin('cadre_ledger as c', 'c.corrects_id', 'l.id')
      .selectAll('l')
      .select(['r.name as recorder_name', 'c.id as corrected_by'])
      .where('l.cadre_id', '=', cadreId);
    if (beforeSeq) q = q.where('l.seq', '<', beforeSeq);
    return q.orderBy('l.seq', 'desc').limit(limit).execute();
  }

  async ledgerTotal(cadreId: number, trx: Db = this.base): Promise<number> {
    const head = await this.t(trx)
      .selectFrom('cadre_ledger_heads')
      .select('last_seq')
      .where('cadre_id', '=', cadreId)
      .executeTakeFirst();
    return Number(head?.last_seq ?? 0);
  }

  async entryCounts(cadreIds: number[], trx: Db = this.base): Promise<Map<number, number>> {
    if (cadreIds.length === 0) return new Map();
    const rows = await this.t(trx)
      .selectFrom('cadre_ledger_heads')
      .select(['cadre_id', 'last_seq'])
      .where('cadre_id', 'in', cadreIds)
      .execute();
    return new Map(rows.map((r) => [Number(r.cadre_id), Number(r.last_seq)]));
  }

  /** Walks every chain in (cadre, seq) order, a batch at a time. */
  ledgerBatch(afterCadre: number, afterSeq: number, limit: number, cadreId?: number, trx: Db = this.base) {
    let q = this.t(trx).selectFrom('cadre_ledger').selectAll();
    if (cadreId != null) q = q.where('cadre_id', '=', cadreId).where('seq', '>', afterSeq);
    else
      q = q.where((eb) =>
        eb.or([
          eb('cadre_id', '>', afterCadre),
          eb.and([eb('cadre_id', '=', afterCadre), eb('seq', '>', afterSeq)]),
        ]),
      );
    return q.orderBy('cadre_id').orderBy('seq').limit(limit).execute();
  }

  heads(cadreId?: number, trx: Db = this.base) {
    let q = this.t(trx).selectFrom('cadre_ledger_heads').selectAll();
    if (cadreId != null) q = q.where('cadre_id', '=', cadreId);
    return q.orderBy('cadre_id').execute();
  }

  // ---- nominations, lists, press ----

  insertNomination(row: Omit<Row<CadresTables['cadre_nominations']>, 'id'>, trx: Db = this.base) {
    return this.t(trx).insertInto('cadre_nominations').values(row).returning('id').executeTakeFirstOrThrow();
  }

  nomination(id: number, trx: Db = this.base) {
    return this.t(trx).selectFrom('cadre_nominations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  openNomination(cadreId: number, trx: Db = this.base) {
    return this.t(trx)
      .selectFrom('cadre_nominations')
      .select('id')
      .where('cadre_id', '=', cadreId)
      .where('status', 'in', ['nominated', 'approved'])
      .executeTakeFirst();
  }

  /** Moves a nomination only from the state the caller saw: two deciders, one decision. */
  async setNominationStatus(
    id: number,
    from: string,
    set: { status: string; decided_by?: number; decided_at?: number; list_id?: number },
    trx: Db = this.base,
  ) {
    const res = await this.t(trx)
      .updateTable('cadre_nominations')
      .set(set)
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  nominations(scopes: readonly string[], status: string | undefined, trx: Db = this.base) {
    let q = this.t(trx)
      .selectFrom('cadre_nominations as n')
      .innerJoin('users as u', 'u.id', 'n.cadre_id')
      .selectAll('n')
      .select('u.name as cadre_name')
      .where(pathInScope('n.node_path', scopes));
    if (status) q = q.where('n.status', '=', status);
    return q.orderBy('n.id', 'desc').limit(500).execute();
  }

  approvedIn(path: string, trx: Db = this.base) {
    return this.t(trx)
      .selectFrom('cadre_nominations')
      .select(['id'])
      .where('status', '=', 'approved')
      .where(inSubtree('node_path', path))
      .execute();
  }

  insertList(row: Omit<Row<CadresTables['cadre_lists']>, 'id'>, trx: Db = this.base) {
    return this.t(trx).insertInto('cadre_lists').values(row).returning('id').executeTakeFirstOrThrow();
  }

  lists(trx: Db = this.base) {
    return this.t(trx)
      .selectFrom('cadre_lists')
      .selectAll()
      .orderBy('published_at', 'desc')
      .limit(50)
      .execute();
  }

  listMembers(listIds: number[], trx: Db = this.base) {
    if (listIds.length === 0) return Promise.resolve([]);
    return this.t(trx)
      .selectFrom('cadre_nominations as n')
      .innerJoin('users as u', 'u.id', 'n.cadre_id')
      .select(['n.id', 'n.list_id', 'n.cadre_id', 'n.reason', 'u.name'])
      .where('n.list_id', 'in', listIds)
      .where('n.status', '=', 'published')
      .orderBy('n.id')
      .execute();
  }

  insertPress(row: Omit<Row<CadresTables['cadre_press']>, 'id'>, trx: Db = this.base) {
    return this.t(trx).insertInto('cadre_press').values(row).returning('id').executeTakeFirstOrThrow();
  }

  press(nominationIds: number[], trx: Db = this.base) {
    if (nominationIds.length === 0) return Promise.resolve([]);
    return this.t(trx)
      .selectFrom('cadre_press')
      .select(['id', 'nomination_id', 'title', 'url'])
      .where('nomination_id', 'in', nominationIds)
      .orderBy('id')
      .execute();
  }

  /** Current area node names per cadre (for the public list: where they served). */
  placesOf(cadreIds: number[], trx: Db = this.base) {
    if (cadreIds.length === 0) return Promise.resolve([]);
    return this.t(trx)
      .selectFrom('cadre_areas as a')
      .innerJoin('nodes as n', 'n.id', 'a.node_id')
      .select(['a.leader_id', 'n.name'])
      .where('a.leader_id', 'in', cadreIds)
      .orderBy('a.id')
      .execute();
  }

  async entriesBetween(path: string, start: number, end: number, trx: Db = this.base): Promise<number> {
    const row = await this.t(trx)
      .selectFrom('cadre_ledger')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(inSubtree('node_path', path))
      .where('created_at', '>=', start)
      .where('created_at', '<', end)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
