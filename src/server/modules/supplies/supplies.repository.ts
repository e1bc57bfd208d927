import { sql } from 'kysely';
import { pathInScope } from '../../core/access/index.ts';
import type { Db } from '../../core/db/index.ts';
import type {
  SuppliesMovementsTable,
  SuppliesNeedsTable,
  SuppliesPledgesTable,
  SuppliesStoresTable,
  SuppliesTables,
  SuppliesWaybillsTable,
} from './supplies.tables.ts';

type Row<T> = { [K in keyof T]: T[K] extends import('kysely').Generated<infer V> ? V : T[K] };
export type StoreRow = Row<SuppliesStoresTable>;
export type PledgeRow = Row<SuppliesPledgesTable>;
export type MovementRow = Row<SuppliesMovementsTable>;
export type NewMovement = Omit<MovementRow, 'id'>;
export type NeedRow = Row<SuppliesNeedsTable>;
export type WaybillRow = Row<SuppliesWaybillsTable>;
export type ImportRow = Row<SuppliesTables['supplies_imports']>;

/** PostgreSQL answers bigint sums as strings; the one row shape is numbers. */
const n = (v: unknown): number => Number(v ?? 0);

export class SuppliesRepository {
  constructor(private readonly db: Db) {}

  private t(trx: Db = this.db) {
    return trx.withTables<SuppliesTables>();
  }

  node(id: number) {
    return this.db
      .selectFrom('nodes')
      .select(['id', 'path', 'name', 'kind'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  nodeNames(paths: string[]) {
    if (paths.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('nodes').select(['path', 'name']).where('path', 'in', paths).execute();
  }

  // ---- catalogue, stores, donors ------------------------------------------------------------

  async insertItem(
    trx: Db,
    row: { name: string; unit: string; standard: string; category: string; large_at: number | null },
  ) {
    const r = await this.t(trx)
      .insertInto('supplies_items')
      .values({ ...row, created_at: Date.now() })
      .onConflict((oc) => oc.columns(['name', 'standard']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (r) return n(r.id);
    const existing = await this.t(trx)
      .selectFrom('supplies_items')
      .select('id')
      .where('name', '=', row.name)
      .where('standard', '=', row.standard)
      .executeTakeFirstOrThrow();
    return n(existing.id);
  }

  items() {
    return this.t().selectFrom('supplies_items').selectAll().orderBy('category').orderBy('name').execute();
  }

  item(id: number, trx: Db = this.db) {
    return this.t(trx).selectFrom('supplies_items').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertStore(trx: Db, row: Omit<StoreRow, 'id'>) {
    const r = await this.t(trx)
      .insertInto('supplies_stores')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return n(r.id);
  }

  store(id: number, trx: Db = this.db) {
    return this.t(trx).selectFrom('supplies_stores').selectAll().where('id', '=', id).executeTakeFirst();
  }

  storesInScope(paths: string[]) {
    return this.t()
      .selectFrom('supplies_stores')
      .selectAll()
      .where(pathInScope('node_path', paths))
      .orderBy('node_path')
      .orderBy('id')
      .execute();
  }

  async insertDonor(
    trx: Db,
    row: { kind: string; name: string; anonymous: number; node_path: string; created_by: number },
  ) {
    const r = await this.t(trx)
      .insertInto('supplies_donors')
      .values({ ...row, created_at: Date.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return n(r.id);
  }

  donor(id: number, trx: Db = this.db) {
    return this.t(trx).selectFrom('supplies_donors').selectAll().where('id', '=', id).executeTakeFirst();
  }

  donorsInScope(paths: string[]) {
    return this.t()
      .selectFrom('supplies_donors')
      .selectAll()
      .where(pathInScope('node_path', paths))
      .orderBy('id', 'desc')
      .limit(500)
      .execute();
  }

  /** The donor of this kind and name registered at this node, reused by an imported list. */
  donorNamed(path: string, kind: string, name: string, anonymous: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('supplies_donors')
      .select('id')
      .where('node_path', '=', path)
      .where('kind', '=', kind)
      .where('name', '=', name)
      .where('anonymous', '=', anonymous)
      .orderBy('id')
      .executeTakeFirst();
  }

  // ---- imported donation lists --------------------------------------------------------------

  importOf(storeId: number, sha256: string, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('supplies_imports')
      .selectAll()
      .where('store_id', '=', storeId)
      .where('sha256', '=', sha256)
      .executeTakeFirst();
  }

  /** Null when the same file reached this store first through another request. */
  async insertImport(trx: Db, row: Omit<ImportRow, 'id'>) {
    const r = await this.t(trx)
      .insertInto('supplies_imports')
      .values(row)
      .onConflict((oc) => oc.columns(['store_id', 'sha256']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return r ? n(r.id) : null;
  }

  // ---- pledges ------------------------------------------------------------------------------

  async insertPledge(trx: Db, row: Omit<PledgeRow, 'id'>) {
    const r = await this.t(trx)
      .insertInto('supplies_pledges')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return n(r.id);
  }

  pledge(id: number, trx: Db = this.db) {
    return this.t(trx).selectFrom('supplies_pledges').selectAll().where('id', '=', id).executeTakeFirst();
  }

  pledgesInScope(paths: string[], status?: string) {
    let q = this.t()
      .selectFrom('supplies_pledges as p')
      .innerJoin('supplies_donors as d', 'd.id', 'p.donor_id')
      .innerJoin('supplies_items as i', 'i.id', 'p.item_id')
      .innerJoin('supplies_stores as s', 's.id', 'p.store_id')
      .selectAll('p')
      .select([
        'd.name as donor_name',
        'd.anonymous',
        'i.name as item_name',
        'i.unit',
        's.name as store_name',
      ])
      .where(pathInScope('p.node_path', paths));
    if (status) q = q.where('p.status', '=', status);
    return q.orderBy('p.id', 'desc').limit(200).execute();
  }

  /** Raises `received` only while it stays within the pledge: a receipt beyond it changes nothing. */
  async raisePledge(trx: Db, id: number, delta: number): Promise<boolean> {
    const r = await this.t(trx)
      .updateTable('supplies_pledges')
      .set({
        received: sql`received + ${delta}`,
        status: sql`case when received + ${delta} >= quantity then 'received' else 'open' end`,
      })
      .where('id', '=', id)
      .where('status', '!=', 'closed')
      .where(sql<boolean>`received + ${delta} <= quantity and received + ${delta} >= 0`)
      .executeTakeFirst();
    return n(r.numUpdatedRows) === 1;
  }

  async closePledge(trx: Db, id: number, now: number): Promise<boolean> {
    const r = await this.t(trx)
      .updateTable('supplies_pledges')
      .set({ status: 'closed', closed_at: now })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return n(r.numUpdatedRows) === 1;
  }

  // ---- the ledger and the balance -----------------------------------------------------------

  async insertMovement(trx: Db, row: NewMovement): Promise<number> {
    const r = await this.t(trx)
      .insertInto('supplies_movements')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return n(r.id);
  }

  movement(id: number, trx: Db = this.db) {
    return this.t(trx).selectFrom('supplies_movements').selectAll().where('id', '=', id).executeTakeFirst();
  }

  correctionOf(id: number) {
    return this.t()
      .selectFrom('supplies_movements')
      .select('id')
      .where('corrects_id', '=', id)
      .executeTakeFirst();
  }

  /**
   * Moves the balance of one item in one store by a guarded update: it happens only if on-hand
   * stays at or above what is allocated and allocated stays at or above zero, so concurrent
   * callers can never drive stock negative — the loser's update matches no row. Returns false then.
   */
  async moveStock(
    trx: Db,
    key: { storeId: number; itemId: number; path: string },
    dOnHand: number,
    dAllocated: number,
    now: number,
  ): Promise<boolean> {
    if (dOnHand > 0) {
      await this.t(trx)
        .insertInto('supplies_stock')
        .values({
          store_id: key.storeId,
          item_id: key.itemId,
          node_path: key.path,
          on_hand: 0,
          allocated: 0,
          updated_at: now,
        })
        .onConflict((oc) => oc.columns(['store_id', 'item_id']).doNothing())
        .execute();
    }
    const r = await this.t(trx)
      .updateTable('supplies_stock')
      .set({
        on_hand: sql`on_hand + ${dOnHand}`,
        allocated: sql`allocated + ${dAllocated}`,
        updated_at: now,
      })
      .where('store_id', '=', key.storeId)
      .where('item_id', '=', key.itemId)
      .where(
        sql<boolean>`on_hand + ${dOnHand} >= allocated + ${dAllocated} and allocated + ${dAllocated} >= 0`,
      )
      .executeTakeFirst();
    return n(r.numUpdatedRows) === 1;
  }

  stockOf(storeId: number, itemId: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('supplies_stock')
      .select(['on_hand', 'allocated'])
      .where('store_id', '=', storeId)
      .where('item_id', '=', itemId)
      .executeTakeFirst();
  }

  /** Stock per item and store in the subtree (one index range over the balance table). */
  stockByStore(paths: string[], storeId?: number) {
    let q = this.t()
      .selectFrom('supplies_stock as k')
      .innerJoin('supplies_items as i', 'i.id', 'k.item_id')
      .innerJoin('supplies_stores as s', 's.id', 'k.store_id')
      .select([
        'k.store_id',
        's.name as store_name',
        'k.item_id',
        'i.name as item_name',
        'i.unit',
        'k.on_hand',
        'k.allocated',
      ])
      .where(pathInScope('k.node_path', paths));
    if (storeId) q = q.where('k.store_id', '=', storeId);
    return q.orderBy('k.store_id').orderBy('k.item_id').limit(5000).execute();
  }

  /** Stock per item summed over every store of the subtree. */
  stockByItem(paths: string[]) {
    return this.t()
      .selectFrom('supplies_stock as k')
      .innerJoin('supplies_items as i', 'i.id', 'k.item_id')
      .select((eb) => [
        'k.item_id',
        'i.name as item_name',
        'i.unit',
        eb.fn.sum<number>('k.on_hand').as('on_hand'),
        eb.fn.sum<number>('k.allocated').as('allocated'),
      ])
      .where(pathInScope('k.node_path', paths))
      .groupBy(['k.item_id', 'i.name', 'i.unit'])
      .orderBy('k.item_id')
      .execute();
  }

  ledger(paths: string[], filter: { storeId?: number; itemId?: number; before?: number; limit: number }) {
    let q = this.t()
      .selectFrom('supplies_movements as m')
      .innerJoin('supplies_items as i', 'i.id', 'm.item_id')
      .innerJoin('supplies_stores as s', 's.id', 'm.store_id')
      .selectAll('m')
      .select(['i.name as item_name', 's.name as store_name'])
      .where(pathInScope('m.node_path', paths));
    if (filter.storeId) q = q.where('m.store_id', '=', filter.storeId);
    if (filter.itemId) q = q.where('m.item_id', '=', filter.itemId);
    if (filter.before) q = q.where('m.id', '<', filter.before);
    return q.orderBy('m.id', 'desc').limit(filter.limit).execute();
  }

  /** Public totals: sums straight off the ledger rows, per item. */
  async publicTotals() {
    const rows = await this.t()
      .selectFrom('supplies_movements as m')
      .innerJoin('supplies_items as i', 'i.id', 'm.item_id')
      .select((eb) => [
        'm.item_id',
        'i.name as item_name',
        'i.unit',
        'i.standard',
        eb.fn
          .sum<number>(
            sql`case when m.kind = 'receive' or m.corrects_kind = 'receive' then m.d_on_hand else 0 end`,
          )
          .as('received'),
        eb.fn.sum<number>(sql`case when m.kind = 'deliver' then m.quantity else 0 end`).as('delivered'),
      ])
      .where((eb) =>
        eb.or([eb('m.kind', 'in', ['receive', 'deliver']), eb('m.corrects_kind', '=', 'receive')]),
      )
      .groupBy(['m.item_id', 'i.name', 'i.unit', 'i.standard'])
      .orderBy('m.item_id')
      .execute();
    const receipts = await this.t()
      .selectFrom('supplies_movements')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('kind', '=', 'receive')
      .executeTakeFirst();
    return {
      rows: rows.map((r) => ({ ...r, received: n(r.received), delivered: n(r.delivered) })),
      receipts: n(receipts?.n),
    };
  }

  /** Donors with at least one receipt on the books, first receipt first. */
  donorsReceived() {
    return this.t()
      .selectFrom('supplies_donors as d')
      .select(['d.id', 'd.name', 'd.kind', 'd.anonymous'])
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('supplies_pledges as p')
            .select('p.id')
            .whereRef('p.donor_id', '=', 'd.id')
            .where('p.received', '>', 0),
        ),
      )
      .orderBy('d.id')
      .execute();
  }

  /** What the ledger holds as received from one donor, per item, corrections included. */
  donorReceipts(donorId: number) {
    return this.t()
      .selectFrom('supplies_movements as m')
      .innerJoin('supplies_items as i', 'i.id', 'm.item_id')
      .select((eb) => [
        'i.name as item_name',
        'i.unit',
        'i.standard',
        eb.fn.sum<number>('m.d_on_hand').as('quantity'),
        eb.fn.min<number>('m.created_at').as('first'),
        eb.fn.max<number>('m.created_at').as('last'),
      ])
      .where('m.donor_id', '=', donorId)
      .where((eb) => eb.or([eb('m.kind', '=', 'receive'), eb('m.corrects_kind', '=', 'receive')]))
      .groupBy(['m.item_id', 'i.name', 'i.unit', 'i.standard'])
      .orderBy('m.item_id')
      .execute();
  }

  // ---- needs --------------------------------------------------------------------------------

  async insertNeed(trx: Db, row: Omit<NeedRow, 'id'>) {
    const r = await this.t(trx)
      .insertInto('supplies_needs')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return n(r.id);
  }

  need(id: number, trx: Db = this.db) {
    return this.t(trx).selectFrom('supplies_needs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  needs(paths: string[] | null, status?: string, hideWithdrawn = false) {
    let q = this.t()
      .selectFrom('supplies_needs as n')
      .innerJoin('supplies_items as i', 'i.id', 'n.item_id')
      .selectAll('n')
      .select(['i.name as item_name', 'i.unit', 'i.standard']);
    if (paths) q = q.where(pathInScope('n.node_path', paths));
    if (status) q = q.where('n.status', '=', status);
    if (hideWithdrawn) q = q.where('n.status', '!=', 'withdrawn');
    // Open first, the most overdue at the top; met ones after, latest first.
    return q
      .orderBy(sql`case when n.status = 'open' then 0 else 1 end`)
      .orderBy(sql`case when n.status = 'open' then n.due_at else -coalesce(n.met_at, 0) end`)
      .limit(500)
      .execute();
  }

  /** Allocates against a need only while the allocations stay within what is still wanted. */
  async allocateToNeed(trx: Db, id: number, delta: number): Promise<boolean> {
    const r = await this.t(trx)
      .updateTable('supplies_needs')
      .set({ allocated: sql`allocated + ${delta}` })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .where(sql<boolean>`allocated + ${delta} <= quantity`)
      .executeTakeFirst();
    return n(r.numUpdatedRows) === 1;
  }

  /** Gives back allocated units; a released allocation never depends on the need being open. */
  async releaseFromNeed(trx: Db, id: number, delta: number): Promise<void> {
    await this.t(trx)
      .updateTable('supplies_needs')
      .set({ allocated: sql`allocated - ${delta}` })
      .where('id', '=', id)
      .execute();
  }

  /** Only an open need is withdrawn: a met one stays met. */
  async withdrawNeed(trx: Db, id: number): Promise<boolean> {
    const r = await this.t(trx)
      .updateTable('supplies_needs')
      .set({ status: 'withdrawn' })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return n(r.numUpdatedRows) === 1;
  }

  /** Counts a delivery against the need; the need is met (greyed out) once fully delivered. */
  async deliverToNeed(trx: Db, id: number, delta: number, now: number): Promise<{ met: boolean }> {
    await this.t(trx)
      .updateTable('supplies_needs')
      .set({
        delivered: sql`delivered + ${delta}`,
        status: sql`case when delivered + ${delta} >= quantity then 'met' else status end`,
        met_at: sql`case when delivered + ${delta} >= quantity then ${now} else met_at end`,
      })
      .where('id', '=', id)
      .execute();
    const after = await this.need(id, trx);
    return { met: after?.status === 'met' };
  }

  // ---- waybills -----------------------------------------------------------------------------

  async insertWaybill(trx: Db, row: Omit<WaybillRow, 'id'>) {
    const r = await this.t(trx)
      .insertInto('supplies_waybills')
      .values(row)
      .onConflict((oc) => oc.column('allocation_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    return r ? n(r.id) : null;
  }

  waybill(id: number, trx: Db = this.db) {
    return this.t(trx).selectFrom('supplies_waybills').selectAll().where('id', '=', id).executeTakeFirst();
  }

  waybillByToken(token: string, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('supplies_waybills')
      .selectAll()
      .where('token', '=', token)
      .executeTakeFirst();
  }

  waybills(paths: string[], status?: string) {
    let q = this.t()
      .selectFrom('supplies_waybills as w')
      .innerJoin('supplies_needs as n', 'n.id', 'w.need_id')
      .innerJoin('supplies_items as i', 'i.id', 'w.item_id')
      .innerJoin('supplies_stores as s', 's.id', 'w.store_id')
      .selectAll('w')
      .select(['n.requester', 'i.name as item_name', 'i.unit', 's.name as store_name'])
      .where(pathInScope('w.node_path', paths));
    if (status) q = q.where('w.status', '=', status);
    return q.orderBy('w.id', 'desc').limit(200).execute();
  }

  /** Signs for a waybill once: the second signature finds it delivered already and changes nothing. */
  async signWaybill(
    trx: Db,
    id: number,
    sign: {
      signer_name: string;
      signature: string | null;
      signed_file_id: string | null;
      signed_via: string;
    },
    now: number,
  ): Promise<boolean> {
    const r = await this.t(trx)
      .updateTable('supplies_waybills')
      .set({ ...sign, status: 'delivered', delivered_at: now })
      .where('id', '=', id)
      .where('status', '=', 'dispatched')
      .executeTakeFirst();
    return n(r.numUpdatedRows) === 1;
  }

  /** The dispatch or release that ended an allocation, if any. */
  allocationEnd(allocationId: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('supplies_movements')
      .select(['id', 'kind'])
      .where('allocation_id', '=', allocationId)
      .where('kind', 'in', ['dispatch', 'release'])
      .executeTakeFirst();
  }

  /** A need's allocations still waiting for a waybill, released when the need is withdrawn. */
  pendingAllocations(needId: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('supplies_movements as m')
      .leftJoin('supplies_movements as e', (j) =>
        j.onRef('e.allocation_id', '=', 'm.id').on('e.kind', 'in', ['dispatch', 'release']),
      )
      .selectAll('m')
      .where('m.kind', '=', 'allocate')
      .where('m.need_id', '=', needId)
      .where('e.id', 'is', null)
      .orderBy('m.id')
      .execute();
  }

  /** Allocations in the subtree not yet on a waybill nor released, for the dispatch page. */
  openAllocations(paths: string[]) {
    return this.t()
      .selectFrom('supplies_movements as m')
      .innerJoin('supplies_needs as n', 'n.id', 'm.need_id')
      .innerJoin('supplies_items as i', 'i.id', 'm.item_id')
      .innerJoin('supplies_stores as s', 's.id', 'm.store_id')
      .leftJoin('supplies_waybills as w', 'w.allocation_id', 'm.id')
      .select([
        'm.id',
        'm.need_id',
        'm.store_id',
        'm.quantity',
        'm.created_at',
        'n.requester',
        'i.name as item_name',
        'i.unit',
        's.name as store_name',
      ])
      .where('m.kind', '=', 'allocate')
      .where('w.id', 'is', null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('supplies_movements as r')
              .select('r.id')
              .whereRef('r.allocation_id', '=', 'm.id')
              .where('r.kind', '=', 'release'),
          ),
        ),
      )
      .where(pathInScope('m.node_path', paths))
      .orderBy('m.id')
      .limit(200)
      .execute();
  }
}
