import { householdLabel } from '../../../contracts/compounds.ts';
import {
  type Breakdown,
  type CloseReason,
  type Cycle,
  type CycleBody,
  type CycleDetail,
  type DeliveryStop,
  type Order,
  type OrderBody,
  type OrderStatus,
  type OwnShop,
  type Packing,
  type PriceBody,
  type PriceChange,
  type PriceList,
  type Product,
  type ProductBody,
  type Shop,
  type ShopBody,
  type ShopUpdate,
  type Standing,
  type StandingBody,
  toFen,
  toYuan,
} from '../../../contracts/grocery.ts';
import type { MessageCode } from '../../../contracts/messages.ts';
import {
  type Actor,
  canAccessPath,
  hasPermission,
  loadInScope,
  requireAllInScope,
  scopePaths,
} from '../../core/access/index.ts';
import type { AppContext } from '../../core/context.ts';
import { type Db, inTransaction, withIdempotency } from '../../core/db/index.ts';
import { AppError, notFound } from '../../core/errors.ts';
import type { CompoundsRepository, HouseholdAddress } from '../compounds/index.ts';
import type { CycleRow, GroceryRepository, LineRow, ProductRow, ShopRow } from './grocery.repository.ts';

type CycleJoined = CycleRow & { shop_name: string; owner_user_id: number | null; min_order_fen: number };
type Priced = Pick<ProductRow, 'cost_fen' | 'transport_fen' | 'packing_fen' | 'loss_fen'>;

/** The sale price is the cost plus the named fees and nothing else: zero markup by construction. */
export function saleFen(p: Priced): number {
  return p.cost_fen + p.transport_fen + p.packing_fen + p.loss_fen;
}

export function breakdown(p: Priced, quantity = 1): Breakdown {
  return [
    { type: 'cost', amount: toYuan(p.cost_fen * quantity) },
    { type: 'transport', amount: toYuan(p.transport_fen * quantity) },
    { type: 'packing', amount: toYuan(p.packing_fen * quantity) },
    { type: 'loss', amount: toYuan(p.loss_fen * quantity) },
  ];
}

const beijing = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
const num = (v: unknown) => Number(v ?? 0);
const byRoute = new Intl.Collator('zh-CN', { numeric: true });

const CLOSED_CODE: Record<CloseReason, MessageCode> = {
  time: 'GROCERY_CLOSED_TIME',
  orders: 'GROCERY_CLOSED_ORDERS',
  turnover: 'GROCERY_CLOSED_TURNOVER',
  manual: 'GROCERY_CLOSED_MANUAL',
};

export class GroceryService {
  constructor(
    private readonly ctx: AppContext,
    private readonly repo: GroceryRepository,
    private readonly compounds: CompoundsRepository,
  ) {}

  // ---- shops and the directory ------------------------------------------------------------

  private toShop(row: ShopRow, areas: string[]): Shop {
    return {
      id: num(row.id),
      nodeId: num(row.node_id),
      nodePath: row.node_path,
      name: row.name,
      kind: row.kind as Shop['kind'],
      address: row.address,
      phone: row.phone,
      freeDelivery: row.free_delivery === 1,
      hours: row.hours,
      minOrder: toYuan(row.min_order_fen),
      areas,
    };
  }

  async createShop(actor: Actor, body: ShopBody): Promise<Shop> {
    const node = await loadInScope(actor, 'grocery.manage', this.repo.node(body.nodeId));
    const areaNodes = requireAllInScope(
      actor,
      'grocery.manage',
      body.areaNodeIds,
      await this.repo.nodes(body.areaNodeIds),
    );
    let ownerId: number | null = null;
    if (body.accountPhone) {
      const owner = await this.repo.userByPhone(body.accountPhone);
      if (!owner)
        throw new AppError('GROCERY_ASSIGNEE_UNKNOWN', 400, {}, [
          { field: 'accountPhone', in: 'body', code: 'GROCERY_ASSIGNEE_UNKNOWN' },
        ]);
      ownerId = num(owner.id);
    }
    const now = Date.now();
    const row = {
      node_id: num(node.id),
      node_path: node.path,
      name: body.name,
      kind: body.kind,
      address: body.address,
      phone: body.phone,
      free_delivery: body.freeDelivery ? 1 : 0,
      hours: body.hours,
      min_order_fen: toFen(body.minOrder),
      owner_user_id: ownerId,
      created_at: now,
      updated_at: now,
    };
    const areas = areaNodes.map((a) => a.path);
    const id = await inTransaction(this.ctx.db, async (trx) => {
      const id = await this.repo.insertShop(trx, row, areas);
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'grocery.shop.create',
        entityType: 'grocery_shop',
        entityId: String(id),
        nodePath: node.path,
        detail: { name: body.name, areas },
      });
      return id;
    });
    return this.toShop({ ...row, id, area_grant: JSON.stringify(areas) }, areas);
  }

  async shops(actor: Actor): Promise<Shop[]> {
    const rows = await this.repo.shopsInScope(scopePaths(actor, 'grocery.manage'));
    const areas = await this.repo.areasOf(rows.map((r) => num(r.id)));
    return rows.map((r) => this.toShop(r, areas.get(num(r.id)) ?? []));
  }

  /** The shops serving a compound (or anything inside a street), for a resident's search or a sheet. */
  async directory(actor: Actor, nodeId: number, q?: string) {
    const node = await loadInScope(actor, 'grocery.directory', this.repo.node(nodeId));
    const rows = await this.repo.shopsServing(node.path, q);
    const areas = await this.repo.areasOf(rows.map((r) => num(r.id)));
    return {
      node: { id: num(node.id), name: node.name, path: node.path },
      shops: rows.map((r) => this.toShop(r, areas.get(num(r.id)) ?? [])),
    };
  }

  // ---- products and prices ----------------------------------------------------------------

  private toProduct(row: ProductRow): Product {
    return {
      id: num(row.id),
      shopId: num(row.shop_id),
      name: row.name,
      kind: row.kind as Product['kind'],
      unit: row.unit,
      contents: row.contents,
      weightGrams: row.weight_g,
      cost: toYuan(row.cost_fen),
      price: toYuan(saleFen(row)),
      breakdown: breakdown(row),
      priceFrom: num(row.price_from),
    };
  }

  /** An official over the shop's place, or the shop's own account; anyone else gets 404. */
  private async editableShop(actor: Actor, shopId: number) {
    const shop = await this.repo.shop(shopId);
    if (!shop) throw notFound();
    if (shop.owner_user_id !== null && num(shop.owner_user_id) === actor.id) return { shop, own: true };
    return { shop: await loadInScope(actor, 'grocery.manage', Promise.resolve(shop)), own: false };
  }

  private async managedShop(actor: Actor, shopId: number) {
    return loadInScope(actor, 'grocery.manage', this.repo.shop(shopId));
  }

  private toOwnShop(row: ShopRow, areas: string[], own: boolean): OwnShop {
    return { ...this.toShop(row, areas), grant: JSON.parse(row.area_grant) as string[], own };
  }

  /** The shops a caller may edit: their own shop's account, or the officials' shops in scope. */
  async editableShops(actor: Actor): Promise<OwnShop[]> {
    const owned = await this.repo.shopsOwnedBy(actor.id);
    const managed = hasPermission(actor, 'grocery.manage')
      ? await this.repo.shopsInScope(scopePaths(actor, 'grocery.manage'))
      : [];
    const seen = new Set<number>();
    const rows = [...owned, ...managed].filter((r) => !seen.has(num(r.id)) && seen.add(num(r.id)));
    const areas = await this.repo.areasOf(rows.map((r) => num(r.id)));
    return rows.map((r) =>
      this.toOwnShop(
        r,
        areas.get(num(r.id)) ?? [],
        r.owner_user_id !== null && num(r.owner_user_id) === actor.id,
      ),
    );
  }

  /**
   * The shop's own account edits its contacts, hours, minimum order and delivery area, the area
   * only inside the grant the officials gave it; an official's edit sets the grant as well.
   */
  async updateShop(actor: Actor, id: number, body: ShopUpdate): Promise<OwnShop> {
    const { shop, own } = await this.editableShop(actor, id);
    const nodes = await this.repo.nodes(body.areaNodeIds);
    const found = new Map(nodes.map((n) => [num(n.id), n.path]));
    const grant = JSON.parse(shop.area_grant) as string[];
    const areas: string[] = [];
    for (const [index, nodeId] of body.areaNodeIds.entries()) {
      const path = found.get(nodeId);
      const allowed =
        path !== undefined &&
        (own ? grant.some((g) => path.startsWith(g)) : canAccessPath(actor, 'grocery.manage', path));
      if (!allowed)
        throw new AppError('GROCERY_AREA_OUTSIDE_GRANT', 400, {}, [
          { field: `areaNodeIds.${index}`, in: 'body', code: 'GROCERY_AREA_OUTSIDE_GRANT' },
        ]);
      if (!areas.includes(path)) areas.push(path);
    }
    const now = Date.now();
    const patch = {
      name: body.name,
      address: body.address,
      phone: body.phone,
      free_delivery: body.freeDelivery ? 1 : 0,
      hours: body.hours,
      min_order_fen: toFen(body.minOrder),
      updated_at: now,
      ...(own ? {} : { area_grant: JSON.stringify(areas) }),
    };
    await inTransaction(this.ctx.db, async (trx) => {
      await this.repo.updateShop(trx, id, patch, areas);
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'grocery.shop.update',
        entityType: 'grocery_shop',
        entityId: String(id),
        nodePath: shop.node_path,
        detail: { own, before: { ...this.toShop(shop, []), areas: undefined }, after: body, areas },
      });
    });
    const fresh = (await this.repo.shop(id))!;
    return this.toOwnShop(fresh, areas, own);
  }

  async createProduct(actor: Actor, shopId: number, body: ProductBody): Promise<Product> {
    const { shop } = await this.editableShop(actor, shopId);
    const now = Date.now();
    const row = {
      shop_id: num(shop.id),
      node_path: shop.node_path,
      name: body.name,
      kind: body.kind,
      unit: body.unit,
      contents: body.contents,
      weight_g: body.weightGrams,
      cost_fen: toFen(body.cost),
      transport_fen: toFen(body.fees.transport),
      packing_fen: toFen(body.fees.packing),
      loss_fen: toFen(body.fees.loss),
      active: 1,
      price_from: now,
      updated_at: now,
    };
    const id = await inTransaction(this.ctx.db, async (trx) => {
      const id = await this.repo.insertProduct(trx, row);
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'grocery.product.create',
        entityType: 'grocery_product',
        entityId: String(id),
        nodePath: shop.node_path,
        detail: { name: body.name, cost: body.cost, fees: body.fees },
      });
      return id;
    });
    return this.toProduct({ ...row, id });
  }

  /** The public price list: cost beside sale for every product. Prices are not personal data. */
  async products(shopId: number): Promise<Product[]> {
    const shop = await this.repo.shop(shopId);
    if (!shop) throw notFound();
    return (await this.repo.productsOf(shopId)).map((r) => this.toProduct(r));
  }

  /** Every shop's price list with cost, each fee and sale, for anyone without signing in (0912). */
  async priceList(shopId?: number): Promise<PriceList> {
    const shops = shopId === undefined ? await this.repo.allShops() : [await this.repo.shop(shopId)];
    const out: PriceList = [];
    for (const shop of shops) {
      if (!shop) throw notFound();
      out.push({
        shop: { id: num(shop.id), name: shop.name, address: shop.address, phone: shop.phone },
        products: (await this.repo.productsOf(num(shop.id))).map((r) => this.toProduct(r)),
      });
    }
    return out;
  }

  /** The dated history of a product's price, public like the price itself; who changed it is in the audit log. */
  async priceChanges(productId: number): Promise<PriceChange[]> {
    if (!(await this.repo.product(productId))) throw notFound();
    const state = (json: string) => {
      const v = JSON.parse(json) as Partial<
        Record<'cost' | 'transport' | 'packing' | 'loss' | 'price', number>
      >;
      return {
        cost: v.cost ?? 0,
        transport: v.transport ?? null,
        packing: v.packing ?? null,
        loss: v.loss ?? null,
        price: v.price ?? 0,
      };
    };
    return (await this.repo.priceChanges(productId)).map((c) => ({
      id: num(c.id),
      at: num(c.at),
      before: state(c.before),
      after: state(c.after),
    }));
  }

  /** A dated, audited price change; orders keep the prices on their own lines. */
  async setPrice(actor: Actor, productId: number, body: PriceBody): Promise<Product> {
    const product = await this.repo.product(productId);
    if (!product) throw notFound();
    await this.editableShop(actor, num(product.shop_id));
    const price = {
      cost_fen: toFen(body.cost),
      transport_fen: toFen(body.fees.transport),
      packing_fen: toFen(body.fees.packing),
      loss_fen: toFen(body.fees.loss),
    };
    const now = Date.now();
    const state = (p: Priced) => ({
      cost: toYuan(p.cost_fen),
      transport: toYuan(p.transport_fen),
      packing: toYuan(p.packing_fen),
      loss: toYuan(p.loss_fen),
      price: toYuan(saleFen(p)),
    });
    const before = state(product);
    const after = state(price);
    await inTransaction(this.ctx.db, async (trx) => {
      await this.repo.setPrice(trx, productId, price, {
        at: now,
        by: actor.id,
        before: JSON.stringify(before),
        after: JSON.stringify(after),
      });
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'grocery.price.change',
        entityType: 'grocery_product',
        entityId: String(productId),
        nodePath: product.node_path,
        detail: { before, after },
      });
    });
    return this.toProduct({ ...product, ...price, price_from: now, updated_at: now });
  }

  // ---- cycles ------------------------------------------------------------------------------

  private toCycle(row: CycleJoined, now = Date.now()): Cycle {
    const closed = row.status === 'closed';
    return {
      id: num(row.id),
      shopId: num(row.shop_id),
      shopName: row.shop_name,
      nodeId: num(row.node_id),
      nodePath: row.node_path,
      name: row.name,
      opensAt: num(row.opens_at),
      closesAt: num(row.closes_at),
      maxOrders: row.max_orders,
      maxTurnover: row.max_turnover_fen === null ? null : toYuan(num(row.max_turnover_fen)),
      ordersPerHousehold: row.orders_per_household,
      status: closed
        ? 'closed'
        : now < num(row.opens_at)
          ? 'scheduled'
          : now >= num(row.closes_at)
            ? 'closed'
            : 'open',
      closedReason: closed ? (row.closed_reason as CloseReason) : now >= num(row.closes_at) ? 'time' : null,
      closedAt: closed ? num(row.closed_at) : now >= num(row.closes_at) ? num(row.closes_at) : null,
      orderCount: row.order_count,
      turnover: toYuan(num(row.turnover_fen)),
    };
  }

  /** A manager of the cycle's area, or the account of the cycle's own shop; anyone else gets 404. */
  private async visibleCycle(actor: Actor, id: number, manage = false) {
    const cycle = await this.repo.cycle(id);
    if (!cycle) throw notFound();
    const own = cycle.owner_user_id !== null && num(cycle.owner_user_id) === actor.id && !manage;
    if (!own && !canAccessPath(actor, 'grocery.manage', cycle.node_path)) throw notFound();
    return cycle;
  }

  async createCycle(actor: Actor, body: CycleBody): Promise<CycleDetail> {
    const node = await loadInScope(actor, 'grocery.manage', this.repo.node(body.nodeId));
    await this.managedShop(actor, body.shopId);
    if (body.closesAt <= body.opensAt)
      throw new AppError('GROCERY_CYCLE_TIMES', 400, {}, [
        { field: 'closesAt', in: 'body', code: 'GROCERY_CYCLE_TIMES' },
      ]);
    const items = body.items.map((i) => ({ productId: i.productId, cap: i.cap ?? null }));
    for (const [index, item] of items.entries()) {
      const p = await this.repo.product(item.productId);
      if (!p || num(p.shop_id) !== body.shopId)
        throw new AppError('GROCERY_PRODUCT_UNKNOWN', 400, {}, [
          { field: `items.${index}.productId`, in: 'body', code: 'GROCERY_PRODUCT_UNKNOWN' },
        ]);
    }
    const id = await inTransaction(this.ctx.db, async (trx) => {
      const id = await this.repo.insertCycle(
        trx,
        {
          shop_id: body.shopId,
          node_id: num(node.id),
          node_path: node.path,
          name: body.name,
          opens_at: body.opensAt,
          closes_at: body.closesAt,
          max_orders: body.maxOrders ?? null,
          max_turnover_fen: body.maxTurnover === undefined ? null : toFen(body.maxTurnover),
          orders_per_household: body.ordersPerHousehold,
          status: 'open',
          closed_reason: null,
          closed_at: null,
          order_count: 0,
          turnover_fen: 0,
          created_by: actor.id,
          created_at: Date.now(),
        },
        items,
      );
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'grocery.cycle.create',
        entityType: 'grocery_cycle',
        entityId: String(id),
        nodePath: node.path,
        detail: { name: body.name, opensAt: body.opensAt, closesAt: body.closesAt },
      });
      await this.ctx.events.append(trx, {
        type: 'grocery.cycle-opened',
        nodePath: node.path,
        actorId: actor.id,
        permission: 'grocery.order',
        payload: { cycleId: id, name: body.name },
      });
      return id;
    });
    await this.placeStanding(Date.now(), { cycleId: id });
    return this.detail(id);
  }

  private async detail(id: number): Promise<CycleDetail> {
    const cycle = (await this.repo.cycle(id))!;
    const items = await this.repo.cycleItems(id);
    return {
      ...this.toCycle(cycle),
      items: items.map((i) => ({
        ...this.toProduct(i),
        cap: i.cap,
        sold: i.sold,
        left: i.cap === null ? null : Math.max(0, i.cap - i.sold),
      })),
    };
  }

  async cycle(actor: Actor, id: number): Promise<CycleDetail> {
    const cycle = await this.repo.cycle(id);
    if (!cycle) throw notFound();
    const own = cycle.owner_user_id !== null && num(cycle.owner_user_id) === actor.id;
    const canSee =
      own ||
      canAccessPath(actor, 'grocery.manage', cycle.node_path) ||
      (await this.householdsOf(actor)).some((h) => h.node_path.startsWith(cycle.node_path));
    if (!canSee) throw notFound();
    await this.closeIfDue(cycle);
    return this.detail(id);
  }

  async cycles(actor: Actor): Promise<Cycle[]> {
    const managed = await this.repo.cycles({ paths: scopePaths(actor, 'grocery.manage') });
    const owned = await this.repo.cycles({ ownerId: actor.id });
    const seen = new Set<number>();
    return [...managed, ...owned]
      .filter((c) => !seen.has(num(c.id)) && seen.add(num(c.id)))
      .map((c) => this.toCycle(c));
  }

  private householdsOf(actor: Actor) {
    return this.compounds.householdsOfPhone(actor.phone, scopePaths(actor, 'grocery.order'));
  }

  /** The cycles a resident can order from now: open, covering their household's compound. */
  async openForMe(actor: Actor): Promise<CycleDetail[]> {
    const households = await this.householdsOf(actor);
    const now = Date.now();
    const out: CycleDetail[] = [];
    const seen = new Set<number>();
    for (const h of households) {
      for (const c of await this.repo.cycles({ covering: h.node_path, openAt: now })) {
        if (seen.has(num(c.id))) continue;
        seen.add(num(c.id));
        out.push(await this.detail(num(c.id)));
      }
    }
    return out;
  }

  async close(actor: Actor, id: number): Promise<Cycle> {
    const cycle = await this.visibleCycle(actor, id, true);
    await this.closeWith(cycle, 'manual', Date.now(), actor.id);
    return this.toCycle((await this.repo.cycle(id))!);
  }

  private async closeIfDue(cycle: CycleJoined): Promise<void> {
    if (cycle.status === 'open' && num(cycle.closes_at) <= Date.now())
      await this.closeWith(cycle, 'time', num(cycle.closes_at), null);
  }

  /** The `grocery.close-due` job: cycles whose closing time has passed close with their totals. */
  async closeDue(now: number): Promise<number> {
    const due = await this.repo.dueCycles(now);
    for (const { id } of due) {
      const cycle = await this.repo.cycle(num(id));
      if (cycle) await this.closeIfDue(cycle);
    }
    return due.length;
  }

  private async closeWith(
    cycle: CycleJoined,
    reason: CloseReason,
    at: number,
    actorId: number | null,
    trx?: Db,
  ) {
    const run = async (t: Db) => {
      if (!(await this.repo.closeCycle(t, num(cycle.id), reason, at))) return;
      const totals = await this.repo.cycleTotals(t, num(cycle.id));
      await this.ctx.audit.record(t, {
        actorId,
        action: 'grocery.cycle.close',
        entityType: 'grocery_cycle',
        entityId: String(cycle.id),
        nodePath: cycle.node_path,
        detail: { reason, ...totals },
      });
      await this.ctx.events.append(t, {
        type: 'grocery.cycle-closed',
        nodePath: cycle.node_path,
        actorId,
        permission: 'grocery.read',
        payload: {
          cycleId: num(cycle.id),
          name: cycle.name,
          shop: cycle.shop_name,
          reason,
          orders: totals.orders,
          households: totals.households,
          turnover: toYuan(totals.turnoverFen),
          kg: Math.round(totals.weightG / 100) / 10,
        },
      });
    };
    if (trx) await run(trx);
    else await inTransaction(this.ctx.db, run);
  }

  private closedError(cycle: CycleJoined, now: number): AppError {
    if (now < num(cycle.opens_at))
      return new AppError('GROCERY_NOT_YET_OPEN', 409, { opensAt: beijing(num(cycle.opens_at)) });
    const reason = (cycle.closed_reason as CloseReason | null) ?? 'time';
    const cap =
      reason === 'orders'
        ? cycle.max_orders
        : reason === 'turnover'
          ? toYuan(num(cycle.max_turnover_fen))
          : undefined;
    return new AppError(CLOSED_CODE[reason], 409, {
      cap,
      closedAt: beijing(num(cycle.closed_at ?? cycle.closes_at)),
    });
  }

  // ---- orders ------------------------------------------------------------------------------

  /**
   * Places one order exactly once per idempotency key. In one transaction: the cycle admits it
   * against its order and turnover caps (a conditional update that also locks the cycle row), the
   * household's order count is checked, each capped product gives up its units or the whole order
   * fails, the lines keep today's prices, and a cap reached closes the cycle with its totals.
   */
  async placeOrder(actor: Actor, cycleId: number, body: OrderBody, key: string | undefined): Promise<Order> {
    const cycle = await this.repo.cycle(cycleId);
    if (!cycle) throw notFound();
    const household = await this.orderingHousehold(actor, cycle, body.householdId);
    return this.place(actor.id, cycle, household, body, key, body.householdId !== undefined);
  }

  private async place(
    actorId: number,
    cycle: CycleJoined,
    household: { id: number; node_path: string; compound_id: number },
    body: OrderBody,
    key: string | undefined,
    onBehalf: boolean,
  ): Promise<Order> {
    const cycleId = num(cycle.id);
    const now = Date.now();
    await this.closeIfDue(cycle);
    const items = new Map((await this.repo.cycleItems(cycleId)).map((i) => [num(i.id), i]));
    const seenProducts = new Set<number>();
    const lines: Omit<LineRow, 'order_id'>[] = body.lines.map((l, index) => {
      const p = items.get(l.productId);
      if (!p)
        throw new AppError('GROCERY_PRODUCT_UNKNOWN', 400, {}, [
          { field: `lines.${index}.productId`, in: 'body', code: 'GROCERY_PRODUCT_UNKNOWN' },
        ]);
      if (seenProducts.has(l.productId))
        throw new AppError('GROCERY_DUPLICATE_LINE', 400, {}, [
          { field: `lines.${index}.productId`, in: 'body', code: 'GROCERY_DUPLICATE_LINE' },
        ]);
      seenProducts.add(l.productId);
      return {
        product_id: l.productId,
        cycle_id: cycleId,
        name: p.name,
        unit: p.unit,
        quantity: l.quantity,
        cost_fen: p.cost_fen,
        transport_fen: p.transport_fen,
        packing_fen: p.packing_fen,
        loss_fen: p.loss_fen,
        weight_g: p.weight_g,
      };
    });
    const totalFen = lines.reduce((s, l) => s + saleFen(l) * l.quantity, 0);
    if (totalFen < cycle.min_order_fen)
      throw new AppError('GROCERY_MIN_ORDER', 400, { min: toYuan(cycle.min_order_fen) });
    // Lock order: the cycle row first, then items by product id, so concurrent orders never deadlock.
    const ordered = [...lines].sort((a, b) => a.product_id - b.product_id);
    const { result } = await withIdempotency(this.ctx.db, actorId, key, { cycleId, body }, async (trx) => {
      if (!(await this.repo.admit(trx, cycleId, totalFen, now))) {
        const fresh = (await this.repo.cycle(cycleId, trx))!;
        throw this.closedError(fresh, now);
      }
      const seq = (await this.repo.householdOrderCount(trx, cycleId, num(household.id))) + 1;
      if (seq > cycle.orders_per_household)
        throw new AppError('GROCERY_ORDER_LIMIT', 409, { limit: cycle.orders_per_household });
      for (const l of ordered) {
        if (!(await this.repo.take(trx, cycleId, l.product_id, l.quantity))) {
          const item = items.get(l.product_id)!;
          const left = await this.repo.cycleItems(cycleId, trx);
          const now = left.find((i) => num(i.id) === l.product_id);
          throw new AppError('GROCERY_SOLD_OUT', 409, {
            product: item.name,
            unit: item.unit,
            left: now && now.cap !== null ? Math.max(0, now.cap - now.sold) : 0,
          });
        }
      }
      const weight = lines.reduce((s, l) => s + l.weight_g * l.quantity, 0);
      const orderId = await this.repo
        .insertOrder(
          trx,
          {
            cycle_id: cycleId,
            shop_id: num(cycle.shop_id),
            household_id: num(household.id),
            seq,
            compound_id: num(household.compound_id),
            node_path: household.node_path,
            placed_by: actorId,
            on_behalf: onBehalf ? 1 : 0,
            payment: body.payment,
            note: body.note ?? null,
            total_fen: totalFen,
            cost_fen: lines.reduce((s, l) => s + l.cost_fen * l.quantity, 0),
            weight_g: weight,
            status: 'placed',
            batch_id: null,
            status_at: now,
            created_at: now,
          },
          lines,
        )
        .catch((err: unknown) => {
          // Two orders of one household raced past the count: the (cycle, household, seq) key decides.
          if (/unique|duplicate/i.test(String((err as Error).message)))
            throw new AppError('GROCERY_ORDER_LIMIT', 409, { limit: cycle.orders_per_household });
          throw err;
        });
      await this.ctx.audit.record(trx, {
        actorId,
        action: 'grocery.order.place',
        entityType: 'grocery_order',
        entityId: String(orderId),
        nodePath: household.node_path,
        detail: { cycleId, total: toYuan(totalFen), onBehalf },
      });
      await this.ctx.events.append(trx, {
        type: 'grocery.order-placed',
        nodePath: household.node_path,
        actorId,
        permission: 'grocery.read',
        payload: { orderId, cycleId },
      });
      const after = (await this.repo.cycle(cycleId, trx))!;
      const capHit =
        after.max_orders !== null && after.order_count >= after.max_orders
          ? 'orders'
          : after.max_turnover_fen !== null && num(after.turnover_fen) >= num(after.max_turnover_fen)
            ? 'turnover'
            : null;
      if (capHit) await this.closeWith(after, capHit, now, null, trx);
      return this.orderOf(orderId, trx);
    });
    return result;
  }

  /** The resident's own household, or — for a cadre's standing order — one in the cadre's area. */
  private async orderingHousehold(actor: Actor, cycle: CycleJoined, householdId: number | undefined) {
    if (householdId !== undefined) {
      const h = await loadInScope(actor, 'grocery.manage', this.compounds.household(householdId));
      if (!h.node_path.startsWith(cycle.node_path)) throw notFound();
      return h;
    }
    const mine = (await this.householdsOf(actor)).find((h) => h.node_path.startsWith(cycle.node_path));
    if (mine) return mine;
    if ((await this.householdsOf(actor)).length === 0) throw new AppError('GROCERY_NO_HOUSEHOLD', 404);
    throw notFound();
  }

  private async orderOf(id: number, trx?: Db): Promise<Order> {
    const row = (await this.repo.order(id, trx))!;
    const [order] = await this.toOrders([row], trx);
    return order!;
  }

  private async toOrders(
    rows: NonNullable<Awaited<ReturnType<GroceryRepository['order']>>>[],
    trx?: Db,
  ): Promise<Order[]> {
    const [lines, homes] = await Promise.all([
      this.repo.linesOf(
        rows.map((r) => num(r.id)),
        trx,
      ),
      this.compounds.householdAddresses(
        rows.map((r) => num(r.household_id)),
        false,
        trx,
      ),
    ]);
    return rows.map((r) => {
      const own = lines.filter((l) => num(l.order_id) === num(r.id));
      const sum = (k: 'cost_fen' | 'transport_fen' | 'packing_fen' | 'loss_fen') =>
        own.reduce((s, l) => s + l[k] * l.quantity, 0);
      const totals = {
        cost_fen: sum('cost_fen'),
        transport_fen: sum('transport_fen'),
        packing_fen: sum('packing_fen'),
        loss_fen: sum('loss_fen'),
      };
      return {
        id: num(r.id),
        cycleId: num(r.cycle_id),
        cycleName: r.cycle_name,
        shopName: r.shop_name,
        household: householdLabel(homes.get(num(r.household_id)) ?? { building: null, unit: null, room: '' }),
        payment: r.payment as Order['payment'],
        note: r.note,
        status: r.status as OrderStatus,
        statusAt: num(r.status_at),
        onBehalf: r.on_behalf === 1,
        lines: own.map((l) => ({
          productId: num(l.product_id),
          name: l.name,
          unit: l.unit,
          quantity: l.quantity,
          unitPrice: toYuan(saleFen(l)),
          amount: toYuan(saleFen(l) * l.quantity),
          breakdown: breakdown(l, l.quantity),
        })),
        breakdown: breakdown(totals),
        total: toYuan(r.total_fen),
        createdAt: num(r.created_at),
      };
    });
  }

  async myOrders(actor: Actor): Promise<Order[]> {
    const households = await this.householdsOf(actor);
    if (households.length === 0) return [];
    return this.toOrders(await this.repo.ordersOfHouseholds(households.map((h) => num(h.id))));
  }

  /** Own household's order, the cycle's manager or shop, or the courier holding its batch. */
  private async visibleOrder(actor: Actor, id: number) {
    const row = await this.repo.order(id);
    if (!row) throw notFound();
    if (canAccessPath(actor, 'grocery.manage', row.cycle_path)) return row;
    if (row.owner_user_id !== null && num(row.owner_user_id) === actor.id) return row;
    if (row.batch_id !== null) {
      const batch = await this.repo.batch(num(row.batch_id));
      if (batch && num(batch.assignee_id) === actor.id) return row;
    }
    if ((await this.householdsOf(actor)).some((h) => num(h.id) === num(row.household_id))) return row;
    throw notFound();
  }

  async order(actor: Actor, id: number): Promise<Order> {
    await this.visibleOrder(actor, id);
    return this.orderOf(id);
  }

  /** Delivered / not at home / refused, by the courier holding the batch, the shop or an official. */
  async deliver(
    actor: Actor,
    id: number,
    outcome: 'delivered' | 'not_home' | 'refused',
    note?: string,
  ): Promise<Order> {
    const row = await this.visibleOrder(actor, id);
    const batch = row.batch_id === null ? undefined : await this.repo.batch(num(row.batch_id));
    const courier = batch !== undefined && num(batch.assignee_id) === actor.id;
    const shop = row.owner_user_id !== null && num(row.owner_user_id) === actor.id;
    // The household sees its order but does not mark its own delivery.
    if (!courier && !shop && !canAccessPath(actor, 'grocery.manage', row.cycle_path))
      throw new AppError('FORBIDDEN', 403);
    return this.changeStatus(actor, row, ['placed', 'not_home'], outcome, { note });
  }

  /** A missed delivery goes back to the packing list for the next round. */
  async reschedule(actor: Actor, id: number): Promise<Order> {
    const row = await this.visibleOrder(actor, id);
    return this.changeStatus(actor, row, ['not_home'], 'placed', { unassign: true });
  }

  private async changeStatus(
    actor: Actor,
    row: NonNullable<Awaited<ReturnType<GroceryRepository['order']>>>,
    from: OrderStatus[],
    to: OrderStatus,
    extra: { note?: string; unassign?: boolean },
  ): Promise<Order> {
    const now = Date.now();
    await inTransaction(this.ctx.db, async (trx) => {
      const ok = await this.repo.setOrderStatus(trx, num(row.id), from, {
        status: to,
        at: now,
        ...(extra.unassign ? { batchId: null } : {}),
      });
      if (!ok) throw new AppError('GROCERY_ORDER_STATE', 409);
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: `grocery.order.${to}`,
        entityType: 'grocery_order',
        entityId: String(row.id),
        nodePath: row.node_path,
        detail: { from: row.status, to, note: extra.note ?? null },
      });
      // To the household's orderer personally (their page updates live), and to the area's officials.
      await this.ctx.events.append(trx, {
        type: 'grocery.order-status',
        nodePath: row.node_path,
        actorId: actor.id,
        userId: num(row.placed_by),
        payload: { orderId: num(row.id), status: to },
      });
      await this.ctx.events.append(trx, {
        type: 'grocery.delivery',
        nodePath: row.node_path,
        actorId: actor.id,
        permission: 'grocery.read',
        payload: { orderId: num(row.id), status: to },
      });
    });
    return this.orderOf(num(row.id));
  }

  // ---- after close: packing, pick-up points, delivery ---------------------------------------

  async packing(actor: Actor, cycleId: number): Promise<Packing> {
    const cycle = await this.visibleCycle(actor, cycleId);
    await this.closeIfDue(cycle);
    const rows = await this.repo.packingLines(cycleId);
    const homes = await this.compounds.householdAddresses(
      rows.map((r) => num(r.household_id)),
      false,
    );
    const products = new Map<number, Packing['products'][number]>();
    const pointMap = new Map<string, Packing['points'][number] & { ids: Set<number> }>();
    const orders = new Set<number>();
    for (const r of rows) {
      const id = num(r.product_id);
      const home = homes.get(num(r.household_id));
      let p = products.get(id);
      if (!p) {
        p = { productId: id, name: r.name, unit: r.unit, quantity: 0, households: [] };
        products.set(id, p);
      }
      p.quantity += r.quantity;
      p.households.push({
        orderId: num(r.order_id),
        household: householdLabel(home ?? { building: null, unit: null, room: '' }),
        quantity: r.quantity,
      });
      orders.add(num(r.order_id));
      // Quantities per pick-up point: compound → building → product.
      const compound = home?.compound ?? '';
      const building = home?.building ?? '';
      const key = `${compound}\u0000${building}`;
      let point = pointMap.get(key);
      if (!point) {
        point = { compound, building, orders: 0, products: [], ids: new Set() };
        pointMap.set(key, point);
      }
      point.ids.add(num(r.order_id));
      const line = point.products.find((x) => x.productId === id);
      if (line) line.quantity += r.quantity;
      else point.products.push({ productId: id, name: r.name, quantity: r.quantity });
    }
    for (const p of products.values()) p.households.sort((a, b) => byRoute.compare(a.household, b.household));
    const fresh = (await this.repo.cycle(cycleId))!;
    return {
      cycle: this.toCycle(fresh),
      products: [...products.values()],
      points: [...pointMap.values()]
        .map(({ ids, ...point }) => ({ ...point, orders: ids.size }))
        .sort((a, b) => byRoute.compare(a.compound, b.compound) || byRoute.compare(a.building, b.building)),
      totals: {
        orders: orders.size,
        units: [...products.values()].reduce((s, p) => s + p.quantity, 0),
        turnover: toYuan(num(fresh.turnover_fen)),
      },
    };
  }

  private async toStops(rows: Awaited<ReturnType<GroceryRepository['stops']>>): Promise<DeliveryStop[]> {
    const lines = new Map<number, string[]>();
    const [orderLines, homes] = await Promise.all([
      this.repo.linesOf(rows.map((r) => num(r.id))),
      this.compounds.householdAddresses(rows.map((r) => num(r.household_id))),
    ]);
    for (const l of orderLines) {
      const id = num(l.order_id);
      lines.set(id, [...(lines.get(id) ?? []), `${l.name}×${l.quantity}`]);
    }
    const none: HouseholdAddress = {
      id: 0,
      compoundId: 0,
      compound: '',
      building: null,
      unit: null,
      room: '',
      phone: null,
    };
    return rows
      .map((r) => {
        const home = homes.get(num(r.household_id)) ?? none;
        return {
          orderId: num(r.id),
          compound: home.compound,
          building: home.building ?? '',
          unit: home.unit ?? '',
          room: home.room,
          phone: home.phone ?? '',
          note: r.note,
          items: (lines.get(num(r.id)) ?? []).join('，'),
          total: toYuan(r.total_fen),
          payment: r.payment as DeliveryStop['payment'],
          status: r.status as OrderStatus,
          batchId: r.batch_id === null ? null : num(r.batch_id),
        };
      })
      .sort(
        (a, b) =>
          byRoute.compare(a.compound, b.compound) ||
          byRoute.compare(a.building, b.building) ||
          byRoute.compare(a.unit, b.unit) ||
          byRoute.compare(a.room, b.room),
      );
  }

  /** The walking-route list with phones: the courier needs them, so the read is audited. */
  async deliveryList(actor: Actor, cycleId: number): Promise<DeliveryStop[]> {
    const cycle = await this.visibleCycle(actor, cycleId);
    const stops = await this.toStops(await this.repo.stops({ cycleId }));
    await this.auditRead(actor, 'grocery_cycle', cycleId, cycle.node_path, stops.length);
    return stops;
  }

  private async auditRead(actor: Actor, entity: string, id: number, nodePath: string, count: number) {
    await inTransaction(this.ctx.db, (trx) =>
      this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'grocery.delivery-list.read',
        entityType: entity,
        entityId: String(id),
        nodePath,
        detail: { stops: count },
      }),
    );
  }

  async createBatch(
    actor: Actor,
    cycleId: number,
    body: { name: string; assigneePhone: string; orderIds: number[] },
  ) {
    const cycle = await this.visibleCycle(actor, cycleId);
    await this.closeIfDue(cycle);
    if ((await this.repo.cycle(cycleId))!.status !== 'closed')
      throw new AppError('GROCERY_CYCLE_STILL_OPEN', 409);
    const assignee = await this.repo.userByPhone(body.assigneePhone);
    if (!assignee)
      throw new AppError('GROCERY_ASSIGNEE_UNKNOWN', 400, {}, [
        { field: 'assigneePhone', in: 'body', code: 'GROCERY_ASSIGNEE_UNKNOWN' },
      ]);
    return inTransaction(this.ctx.db, async (trx) => {
      const batch = await this.repo.insertBatch(
        trx,
        {
          cycle_id: cycleId,
          node_path: cycle.node_path,
          name: body.name,
          assignee_id: num(assignee.id),
          created_by: actor.id,
          created_at: Date.now(),
        },
        body.orderIds,
      );
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'grocery.batch.create',
        entityType: 'grocery_batch',
        entityId: String(batch.id),
        nodePath: cycle.node_path,
        detail: { assignee: num(assignee.id), orders: batch.assigned },
      });
      return batch;
    });
  }

  /** The batches a volunteer or courier holds, each with its stops. */
  async myBatches(actor: Actor) {
    const batches = await this.repo.batchesOf(actor.id);
    const out = [];
    for (const b of batches) {
      const stops = await this.toStops(await this.repo.stops({ batchId: num(b.id) }));
      await this.auditRead(actor, 'grocery_batch', num(b.id), b.node_path, stops.length);
      out.push({ id: num(b.id), cycleId: num(b.cycle_id), name: b.name, stops });
    }
    return out;
  }

  async batch(actor: Actor, id: number) {
    const b = await this.repo.batch(id);
    if (!b) throw notFound();
    if (num(b.assignee_id) !== actor.id) await this.visibleCycle(actor, num(b.cycle_id));
    const stops = await this.toStops(await this.repo.stops({ batchId: id }));
    await this.auditRead(actor, 'grocery_batch', id, b.node_path, stops.length);
    return { id, cycleId: num(b.cycle_id), name: b.name, stops };
  }

  // ---- standing weekly orders (0913) ---------------------------------------------------------

  /**
   * A cadre or liaison keeps a standing order for a household that cannot order itself. The
   * household is in their area and the shop delivers to it; the products are the shop's own.
   */
  async createStanding(actor: Actor, body: StandingBody): Promise<Standing> {
    const household = await loadInScope(actor, 'grocery.manage', this.compounds.household(body.householdId));
    const shop = await this.repo.shop(body.shopId);
    if (!shop) throw notFound();
    const areas = (await this.repo.areasOf([body.shopId])).get(body.shopId) ?? [];
    if (!areas.some((a) => household.node_path.startsWith(a)))
      throw new AppError('GROCERY_SHOP_NOT_SERVING', 400, {}, [
        { field: 'shopId', in: 'body', code: 'GROCERY_SHOP_NOT_SERVING' },
      ]);
    const products = new Map((await this.repo.productsOf(body.shopId)).map((p) => [num(p.id), p]));
    const seen = new Set<number>();
    for (const [index, l] of body.lines.entries()) {
      const code = !products.has(l.productId)
        ? 'GROCERY_PRODUCT_UNKNOWN'
        : seen.has(l.productId)
          ? 'GROCERY_DUPLICATE_LINE'
          : null;
      if (code) throw new AppError(code, 400, {}, [{ field: `lines.${index}.productId`, in: 'body', code }]);
      seen.add(l.productId);
    }
    const now = Date.now();
    const id = await inTransaction(this.ctx.db, async (trx) => {
      const id = await this.repo.insertStanding(trx, {
        shop_id: body.shopId,
        household_id: num(household.id),
        compound_id: num(household.compound_id),
        node_path: household.node_path,
        weekday: body.weekday,
        lines: JSON.stringify(body.lines),
        payment: body.payment,
        note: body.note ?? null,
        active: 1,
        created_by: actor.id,
        created_at: now,
        updated_at: now,
      });
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'grocery.standing.create',
        entityType: 'grocery_standing_order',
        entityId: String(id),
        nodePath: household.node_path,
        detail: {
          householdId: num(household.id),
          shopId: body.shopId,
          weekday: body.weekday,
          lines: body.lines,
        },
      });
      return id;
    });
    // A cycle already open on its weekday gets the order now rather than at the next job tick.
    await this.placeStanding(now, { standingId: id });
    return (await this.standingOrders(actor)).find((o) => o.id === id)!;
  }

  async stopStanding(actor: Actor, id: number): Promise<Standing> {
    const row = await loadInScope(actor, 'grocery.manage', this.repo.standing(id));
    await inTransaction(this.ctx.db, async (trx) => {
      await this.repo.setStandingActive(trx, id, false, Date.now());
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'grocery.standing.stop',
        entityType: 'grocery_standing_order',
        entityId: String(id),
        nodePath: row.node_path,
        detail: {},
      });
    });
    return (await this.standingOrders(actor)).find((o) => o.id === id)!;
  }

  /** The standing orders in the caller's area, each with its runs: a failed placement stays visible. */
  async standingOrders(actor: Actor): Promise<Standing[]> {
    const rows = await this.repo.standingInScope(scopePaths(actor, 'grocery.manage'));
    const [runs, homes] = await Promise.all([
      this.repo.runsOf(rows.map((r) => num(r.id))),
      this.compounds.householdAddresses(
        rows.map((r) => num(r.household_id)),
        false,
      ),
    ]);
    const names = new Map<number, string>();
    for (const shopId of new Set(rows.map((r) => num(r.shop_id))))
      for (const p of await this.repo.productsOf(shopId)) names.set(num(p.id), p.name);
    return rows.map((r) => {
      const home = homes.get(num(r.household_id));
      const lines = JSON.parse(r.lines) as Array<{ productId: number; quantity: number }>;
      return {
        id: num(r.id),
        householdId: num(r.household_id),
        household: householdLabel(home ?? { building: null, unit: null, room: '' }),
        compound: home?.compound ?? '',
        shopId: num(r.shop_id),
        shopName: r.shop_name,
        weekday: r.weekday,
        lines: lines.map((l) => ({ ...l, name: names.get(l.productId) ?? '' })),
        payment: r.payment as Standing['payment'],
        note: r.note,
        active: r.active === 1,
        runs: runs
          .filter((x) => num(x.standing_id) === num(r.id))
          .slice(0, 8)
          .map((x) => ({
            cycleId: num(x.cycle_id),
            cycleName: x.cycle_name,
            status: x.status as 'placed' | 'failed',
            orderId: x.order_id === null ? null : num(x.order_id),
            error: x.error,
            detail: x.detail === null ? null : (JSON.parse(x.detail) as Record<string, unknown>),
            at: num(x.at),
          })),
      };
    });
  }

  /**
   * The `grocery.standing` job (and a new cycle or standing order right away): each active standing
   * order goes once into every open cycle of its shop that covers its household and opened on its
   * weekday. It is placed as its cadre through the ordinary path, so caps and sold-out hold; the
   * idempotency key and the (standing, cycle) key make a retry or a second worker harmless; a
   * failure is recorded on the run, audited and sent to the area's officials.
   */
  async placeStanding(now: number, filter: { standingId?: number; cycleId?: number } = {}): Promise<number> {
    const due = await this.repo.standingDue(now, filter.cycleId);
    let placed = 0;
    for (const d of due) {
      if (filter.standingId !== undefined && num(d.id) !== filter.standingId) continue;
      if (new Date(num(d.opens_at) + 8 * 3600_000).getUTCDay() !== d.weekday) continue;
      const cycleId = num(d.cycle_id);
      const cycle = await this.repo.cycle(cycleId);
      if (!cycle) continue;
      const body: OrderBody = {
        lines: JSON.parse(d.lines) as OrderBody['lines'],
        payment: d.payment as OrderBody['payment'],
        ...(d.note ? { note: d.note } : {}),
        householdId: num(d.household_id),
      };
      const household = { id: num(d.household_id), node_path: d.node_path, compound_id: num(d.compound_id) };
      const run = { standing_id: num(d.id), cycle_id: cycleId, at: Date.now() };
      try {
        const order = await this.place(
          num(d.created_by),
          cycle,
          household,
          body,
          `standing-${d.id}-${cycleId}`,
          true,
        );
        await inTransaction(this.ctx.db, (trx) =>
          this.repo.insertRun(trx, {
            ...run,
            status: 'placed',
            order_id: order.id,
            error: null,
            detail: null,
          }),
        );
        placed += 1;
      } catch (err) {
        const error = err instanceof AppError ? err.code : 'INTERNAL';
        const detail =
          err instanceof AppError ? (err.params ?? {}) : { message: String((err as Error).message) };
        await inTransaction(this.ctx.db, async (trx) => {
          if (
            !(await this.repo.insertRun(trx, {
              ...run,
              status: 'failed',
              order_id: null,
              error,
              detail: JSON.stringify(detail),
            }))
          )
            return;
          await this.ctx.audit.record(trx, {
            actorId: null,
            action: 'grocery.standing.failed',
            entityType: 'grocery_standing_order',
            entityId: String(d.id),
            nodePath: d.node_path,
            detail: { cycleId, error, ...detail },
          });
          await this.ctx.events.append(trx, {
            type: 'grocery.standing-failed',
            nodePath: d.node_path,
            actorId: null,
            permission: 'grocery.manage',
            payload: { standingId: num(d.id), cycleId, error },
          });
        });
      }
    }
    return placed;
  }
}
