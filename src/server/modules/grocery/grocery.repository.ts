import { sql } from 'kysely';
import { pathInScope } from '../../core/access/index.ts';
import type { Db } from '../../core/db/index.ts';
import { NodeLookup } from '../regions/index.ts';
import { UsersRepository } from '../users/index.ts';
import type {
  GroceryCyclesTable,
  GroceryOrderLinesTable,
  GroceryOrdersTable,
  GroceryProductsTable,
  GroceryShopsTable,
  GroceryStandingOrdersTable,
  GroceryTables,
} from './grocery.tables.ts';

type Row<T> = { [K in keyof T]: T[K] extends import('kysely').Generated<infer V> ? V : T[K] };
export type ShopRow = Row<GroceryShopsTable>;
export type ProductRow = Row<GroceryProductsTable>;
export type CycleRow = Row<GroceryCyclesTable>;
export type OrderRow = Row<GroceryOrdersTable>;
export type NewOrder = Omit<OrderRow, 'id'>;
export type LineRow = GroceryOrderLinesTable;
export type StandingRow = Row<GroceryStandingOrdersTable>;

/** Every ancestor of a path, itself included: '2108/210881/' → ['2108/', '2108/210881/']. */
export function ancestorsOf(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, i) => `${parts.slice(0, i + 1).join('/')}/`);
}

/** PostgreSQL answers bigint columns as strings; the one row shape is numbers. */
const n = (v: unknown): number => Number(v ?? 0);

export class GroceryRepository {
  constructor(private readonly db: Db) {}

  private t(trx: Db = this.db) {
    return trx.withTables<GroceryTables>();
  }

  node(id: number) {
    return new NodeLookup(this.db).byId(id);
  }

  nodes(ids: number[]) {
    return new NodeLookup(this.db).byIds(ids);
  }

  userByPhone(phone: string) {
    return new UsersRepository(this.db).phoneExists(phone);
  }

  /** The areas an official registers a shop with are also its grant. */
  async insertShop(trx: Db, row: Omit<ShopRow, 'id' | 'area_grant'>, areas: string[]): Promise<number> {
    const { id } = await this.t(trx)
      .insertInto('grocery_shops')
      .values({ ...row, area_grant: JSON.stringify(areas) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.t(trx)
      .insertInto('grocery_shop_areas')
      .values(areas.map((node_path) => ({ shop_id: id, node_path })))
      .execute();
    return n(id);
  }

  shop(id: number, trx: Db = this.db) {
    return this.t(trx).selectFrom('grocery_shops').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async areasOf(shopIds: number[]): Promise<Map<number, string[]>> {
    const map = new Map<number, string[]>();
    if (shopIds.length === 0) return map;
    const rows = await this.t()
      .selectFrom('grocery_shop_areas')
      .select(['shop_id', 'node_path'])
      .where('shop_id', 'in', shopIds)
      .execute();
    for (const r of rows) {
      const list = map.get(n(r.shop_id)) ?? [];
      list.push(r.node_path);
      map.set(n(r.shop_id), list);
    }
    return map;
  }

  shopsInScope(paths: string[]) {
    return this.t()
      .selectFrom('grocery_shops')
      .selectAll()
      .where(pathInScope('node_path', paths))
      .orderBy('node_path')
      .orderBy('name')
      .execute();
  }

  /** Shops delivering to the node (an area at or above it) or anywhere inside it (a street's sheet). */
  shopsServing(path: string, q?: string) {
    let query = this.t()
      .selectFrom('grocery_shops as s')
      .selectAll('s')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('grocery_shop_areas as a')
            .select('a.shop_id')
            .whereRef('a.shop_id', '=', 's.id')
            .where((e) =>
              e.or([e('a.node_path', 'in', ancestorsOf(path)), pathInScope('a.node_path', [path])]),
            ),
        ),
      );
    if (q) {
      const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) =>
        eb.or([
          sql<boolean>`${sql.ref('s.name')} like ${like} escape '\\'`,
          sql<boolean>`${sql.ref('s.address')} like ${like} escape '\\'`,
        ]),
      );
    }
    return query.orderBy('s.name').execute();
  }

  async updateShop(trx: Db, id: number, patch: Partial<Omit<ShopRow, 'id'>>, areas: string[]) {
    await this.t(trx).updateTable('grocery_shops').set(patch).where('id', '=', id).execute();
    await this.t(trx).deleteFrom('grocery_shop_areas').where('shop_id', '=', id).execute();
    await this.t(trx)
      .insertInto('grocery_shop_areas')
      .values(areas.map((node_path) => ({ shop_id: id, node_path })))
      .execute();
  }

  allShops() {
    return this.t().selectFrom('grocery_shops').selectAll().orderBy('node_path').orderBy('name').execute();
  }

  shopsOwnedBy(userId: number) {
    return this.t()
      .selectFrom('grocery_shops')
      .selectAll()
      .where('owner_user_id', '=', userId)
      .orderBy('name')
      .execute();
  }

  async insertProduct(trx: Db, row: Omit<ProductRow, 'id'>): Promise<number> {
    const r = await this.t(trx)
      .insertInto('grocery_products')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return n(r.id);
  }

  product(id: number, trx: Db = this.db) {
    return this.t(trx).selectFrom('grocery_products').selectAll().where('id', '=', id).executeTakeFirst();
  }

  productsOf(shopId: number) {
    return this.t()
      .selectFrom('grocery_products')
      .selectAll()
      .where('shop_id', '=', shopId)
      .where('active', '=', 1)
      .orderBy('kind')
      .orderBy('id')
      .execute();
  }

  async setPrice(
    trx: Db,
    id: number,
    price: Pick<ProductRow, 'cost_fen' | 'transport_fen' | 'packing_fen' | 'loss_fen'>,
    change: { at: number; by: number; before: string; after: string },
  ) {
    await this.t(trx)
      .updateTable('grocery_products')
      .set({ ...price, price_from: change.at, updated_at: change.at })
      .where('id', '=', id)
      .execute();
    await this.t(trx)
      .insertInto('grocery_price_changes')
      .values({
        product_id: id,
        at: change.at,
        changed_by: change.by,
        before: change.before,
        after: change.after,
      })
      .execute();
  }

  priceChanges(productId: number) {
    return this.t()
      .selectFrom('grocery_price_changes')
      .select(['id', 'at', 'before', 'after'])
      .where('product_id', '=', productId)
      .orderBy('at', 'desc')
      .execute();
  }

  async insertCycle(
    trx: Db,
    row: Omit<CycleRow, 'id'>,
    items: Array<{ productId: number; cap: number | null }>,
  ) {
    const { id } = await this.t(trx)
      .insertInto('grocery_cycles')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.t(trx)
      .insertInto('grocery_cycle_items')
      .values(items.map((i) => ({ cycle_id: id, product_id: i.productId, cap: i.cap, sold: 0 })))
      .execute();
    return n(id);
  }

  cycle(id: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('grocery_cycles as c')
      .innerJoin('grocery_shops as s', 's.id', 'c.shop_id')
      .selectAll('c')
      .select(['s.name as shop_name', 's.owner_user_id', 's.min_order_fen'])
      .where('c.id', '=', id)
      .executeTakeFirst();
  }

  cycleItems(cycleId: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('grocery_cycle_items as i')
      .innerJoin('grocery_products as p', 'p.id', 'i.product_id')
      .selectAll('p')
      .select(['i.cap', 'i.sold'])
      .where('i.cycle_id', '=', cycleId)
      .orderBy('p.kind')
      .orderBy('p.id')
      .execute();
  }

  /** Cycles whose area is in the scope, or (for a shop's account) cycles of the shops it owns. */
  cycles(filter: { paths?: string[]; ownerId?: number; covering?: string; openAt?: number }) {
    let q = this.t()
      .selectFrom('grocery_cycles as c')
      .innerJoin('grocery_shops as s', 's.id', 'c.shop_id')
      .selectAll('c')
      .select(['s.name as shop_name', 's.owner_user_id', 's.min_order_fen']);
    if (filter.paths) q = q.where(pathInScope('c.node_path', filter.paths));
    if (filter.ownerId !== undefined) q = q.where('s.owner_user_id', '=', filter.ownerId);
    if (filter.covering) q = q.where('c.node_path', 'in', ancestorsOf(filter.covering));
    if (filter.openAt !== undefined)
      q = q
        .where('c.status', '=', 'open')
        .where('c.opens_at', '<=', filter.openAt)
        .where('c.closes_at', '>', filter.openAt);
    return q.orderBy('c.opens_at', 'desc').limit(200).execute();
  }

  dueCycles(now: number) {
    return this.t()
      .selectFrom('grocery_cycles')
      .select('id')
      .where('status', '=', 'open')
      .where('closes_at', '<=', now)
      .execute();
  }

  /** Closes an open cycle; false when another request closed it first. */
  async closeCycle(trx: Db, id: number, reason: string, at: number): Promise<boolean> {
    const r = await this.t(trx)
      .updateTable('grocery_cycles')
      .set({ status: 'closed', closed_reason: reason, closed_at: at })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return n(r.numUpdatedRows) === 1;
  }

  /**
   * Admits one order against the cycle's caps in a single conditional update. On PostgreSQL the
   * row lock serialises concurrent orders of one cycle, and the re-checked WHERE sees the last
   * committed totals; on SQLite writers are serialised anyway.
   */
  async admit(trx: Db, cycleId: number, totalFen: number, now: number): Promise<boolean> {
    const r = await this.t(trx)
      .updateTable('grocery_cycles')
      .set((eb) => ({
        order_count: eb('order_count', '+', 1),
        turnover_fen: eb('turnover_fen', '+', totalFen),
      }))
      .where('id', '=', cycleId)
      .where('status', '=', 'open')
      .where('opens_at', '<=', now)
      .where('closes_at', '>', now)
      .where((eb) => eb.or([eb('max_orders', 'is', null), eb('order_count', '<', eb.ref('max_orders'))]))
      .where((eb) =>
        eb.or([eb('max_turnover_fen', 'is', null), eb('turnover_fen', '<', eb.ref('max_turnover_fen'))]),
      )
      .executeTakeFirst();
    return n(r.numUpdatedRows) === 1;
  }

  /** Takes `quantity` units of a capped product, or nothing when fewer are left. */
  async take(trx: Db, cycleId: number, productId: number, quantity: number): Promise<boolean> {
    const r = await this.t(trx)
      .updateTable('grocery_cycle_items')
      .set((eb) => ({ sold: eb('sold', '+', quantity) }))
      .where('cycle_id', '=', cycleId)
      .where('product_id', '=', productId)
      .where((eb) => eb.or([eb('cap', 'is', null), eb(eb('sold', '+', quantity), '<=', eb.ref('cap'))]))
      .executeTakeFirst();
    return n(r.numUpdatedRows) === 1;
  }

  async householdOrderCount(trx: Db, cycleId: number, householdId: number): Promise<number> {
    const r = await this.t(trx)
      .selectFrom('grocery_orders')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('cycle_id', '=', cycleId)
      .where('household_id', '=', householdId)
      .executeTakeFirst();
    return n(r?.n);
  }

  async insertOrder(trx: Db, row: NewOrder, lines: Omit<LineRow, 'order_id'>[]): Promise<number> {
    const { id } = await this.t(trx)
      .insertInto('grocery_orders')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.t(trx)
      .insertInto('grocery_order_lines')
      .values(lines.map((l) => ({ ...l, order_id: id })))
      .execute();
    return n(id);
  }

  private orderQuery(trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('grocery_orders as o')
      .innerJoin('grocery_cycles as c', 'c.id', 'o.cycle_id')
      .innerJoin('grocery_shops as s', 's.id', 'o.shop_id')
      .selectAll('o')
      .select([
        'c.name as cycle_name',
        'c.node_path as cycle_path',
        's.name as shop_name',
        's.owner_user_id',
      ]);
  }

  order(id: number, trx: Db = this.db) {
    return this.orderQuery(trx).where('o.id', '=', id).executeTakeFirst();
  }

  ordersOfHouseholds(ids: number[], limit = 20) {
    return this.orderQuery()
      .where('o.household_id', 'in', ids)
      .orderBy('o.id', 'desc')
      .limit(limit)
      .execute();
  }

  linesOf(orderIds: number[], trx: Db = this.db) {
    if (orderIds.length === 0) return Promise.resolve([]);
    return this.t(trx)
      .selectFrom('grocery_order_lines')
      .selectAll()
      .where('order_id', 'in', orderIds)
      .orderBy('order_id')
      .orderBy('product_id')
      .execute();
  }

  async setOrderStatus(
    trx: Db,
    id: number,
    from: string[],
    set: { status: string; at: number; batchId?: null },
  ) {
    const r = await this.t(trx)
      .updateTable('grocery_orders')
      .set({ status: set.status, status_at: set.at, ...(set.batchId === null ? { batch_id: null } : {}) })
      .where('id', '=', id)
      .where('status', 'in', from)
      .executeTakeFirst();
    return n(r.numUpdatedRows) === 1;
  }

  /** Every line of a cycle's live orders, from the prices-at-order lines: packing sheet and pick-up points. */
  packingLines(cycleId: number) {
    return this.t()
      .selectFrom('grocery_order_lines as l')
      .innerJoin('grocery_orders as o', 'o.id', 'l.order_id')
      .select(['l.product_id', 'l.name', 'l.unit', 'l.quantity', 'o.id as order_id', 'o.household_id'])
      .where('l.cycle_id', '=', cycleId)
      .where('o.status', '!=', 'cancelled')
      .orderBy('l.product_id')
      .execute();
  }

  /** Delivery stops; the door and phone come from the compounds module. */
  stops(filter: { cycleId?: number; batchId?: number; orderIds?: number[] }) {
    let q = this.t()
      .selectFrom('grocery_orders as o')
      .select([
        'o.id',
        'o.cycle_id',
        'o.household_id',
        'o.node_path',
        'o.note',
        'o.total_fen',
        'o.payment',
        'o.status',
        'o.batch_id',
        'o.placed_by',
      ])
      .where('o.status', '!=', 'cancelled');
    if (filter.cycleId !== undefined) q = q.where('o.cycle_id', '=', filter.cycleId);
    if (filter.batchId !== undefined) q = q.where('o.batch_id', '=', filter.batchId);
    if (filter.orderIds) q = q.where('o.id', 'in', filter.orderIds);
    return q.execute();
  }

  async insertBatch(
    trx: Db,
    row: {
      cycle_id: number;
      node_path: string;
      name: string;
      assignee_id: number;
      created_by: number;
      created_at: number;
    },
    orderIds: number[],
  ) {
    const { id } = await this.t(trx)
      .insertInto('grocery_batches')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    const r = await this.t(trx)
      .updateTable('grocery_orders')
      .set({ batch_id: id })
      .where('cycle_id', '=', row.cycle_id)
      .where('id', 'in', orderIds)
      .executeTakeFirst();
    return { id: n(id), assigned: n(r.numUpdatedRows) };
  }

  batch(id: number) {
    return this.t().selectFrom('grocery_batches').selectAll().where('id', '=', id).executeTakeFirst();
  }

  batchesOf(assigneeId: number) {
    return this.t()
      .selectFrom('grocery_batches')
      .selectAll()
      .where('assignee_id', '=', assigneeId)
      .orderBy('id', 'desc')
      .limit(20)
      .execute();
  }

  async cycleTotals(trx: Db, cycleId: number) {
    const r = await this.t(trx)
      .selectFrom('grocery_orders')
      .select((eb) => [
        eb.fn.countAll().as('orders'),
        eb.fn.count('household_id').distinct().as('households'),
        eb.fn.sum('total_fen').as('turnover'),
        eb.fn.sum('weight_g').as('weight'),
      ])
      .where('cycle_id', '=', cycleId)
      .where('status', '!=', 'cancelled')
      .executeTakeFirst();
    return {
      orders: n(r?.orders),
      households: n(r?.households),
      turnoverFen: n(r?.turnover),
      weightG: n(r?.weight),
    };
  }

  // ---- standing orders ------------------------------------------------------------------------

  async insertStanding(trx: Db, row: Omit<StandingRow, 'id'>): Promise<number> {
    const r = await this.t(trx)
      .insertInto('grocery_standing_orders')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return n(r.id);
  }

  standing(id: number) {
    return this.t().selectFrom('grocery_standing_orders').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async setStandingActive(trx: Db, id: number, active: boolean, at: number) {
    await this.t(trx)
      .updateTable('grocery_standing_orders')
      .set({ active: active ? 1 : 0, updated_at: at })
      .where('id', '=', id)
      .execute();
  }

  standingInScope(paths: string[]) {
    return this.t()
      .selectFrom('grocery_standing_orders as so')
      .innerJoin('grocery_shops as s', 's.id', 'so.shop_id')
      .selectAll('so')
      .select('s.name as shop_name')
      .where(pathInScope('so.node_path', paths))
      .orderBy('so.id', 'desc')
      .limit(500)
      .execute();
  }

  /** The last few runs of each standing order, newest first: a failure stays visible on the page. */
  runsOf(standingIds: number[]) {
    if (standingIds.length === 0) return Promise.resolve([]);
    return this.t()
      .selectFrom('grocery_standing_runs as r')
      .innerJoin('grocery_cycles as c', 'c.id', 'r.cycle_id')
      .selectAll('r')
      .select('c.name as cycle_name')
      .where('r.standing_id', 'in', standingIds)
      .orderBy('r.at', 'desc')
      .execute();
  }

  /**
   * Active standing orders paired with each open cycle of their shop that covers their household
   * and has no run for them yet. The weekday is matched by the caller (Beijing time).
   */
  standingDue(now: number, cycleId?: number) {
    let q = this.t()
      .selectFrom('grocery_standing_orders as so')
      .innerJoin('grocery_cycles as c', 'c.shop_id', 'so.shop_id')
      .selectAll('so')
      .select(['c.id as cycle_id', 'c.opens_at'])
      .where('so.active', '=', 1)
      .where('c.status', '=', 'open')
      .where('c.opens_at', '<=', now)
      .where('c.closes_at', '>', now)
      .where(
        sql<boolean>`substr(${sql.ref('so.node_path')}, 1, length(${sql.ref('c.node_path')})) = ${sql.ref('c.node_path')}`,
      )
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('grocery_standing_runs as r')
              .select('r.cycle_id')
              .whereRef('r.standing_id', '=', 'so.id')
              .whereRef('r.cycle_id', '=', 'c.id'),
          ),
        ),
      );
    if (cycleId !== undefined) q = q.where('c.id', '=', cycleId);
    return q.orderBy('so.id').execute();
  }

  /** Records a run; false when this standing order already has one for the cycle. */
  async insertRun(
    trx: Db,
    row: {
      standing_id: number;
      cycle_id: number;
      status: string;
      order_id: number | null;
      error: string | null;
      detail: string | null;
      at: number;
    },
  ): Promise<boolean> {
    const r = await this.t(trx)
      .insertInto('grocery_standing_runs')
      .values(row)
      .onConflict((oc) => oc.columns(['standing_id', 'cycle_id']).doNothing())
      .executeTakeFirst();
    return n(r.numInsertedOrUpdatedRows) === 1;
  }
}
