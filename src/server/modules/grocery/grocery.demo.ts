import type { AppContext, DemoDirectory } from '../../core/context.ts';
import { inTransaction } from '../../core/db/index.ts';
import { CompoundsRepository } from '../compounds/index.ts';
import { GroceryRepository } from './grocery.repository.ts';
import type { GroceryTables } from './grocery.tables.ts';

const DAY = 86_400_000;

const SHOPS = [
  { community: '210881117207', name: '兴隆大家庭团甸店', address: '团甸镇中街 8 号', phone: '0417-7201234' },
  { community: '210881117207', name: '贾屯供销社超市', address: '贾屯村委会东 50 米', phone: '0417-7205678' },
  { community: '210802001003', name: '站前大润发', address: '站前区渤海大街 16 号', phone: '0417-2861111' },
  {
    community: '210802001003',
    name: '五大门生鲜便民店',
    address: '五大门花园 3 号楼底商',
    phone: '13904170033',
  },
];

const PRODUCTS = [
  {
    name: '蔬菜包 A',
    kind: 'pack',
    unit: '袋',
    contents: '白菜、土豆、萝卜、洋葱、西红柿',
    weight: 5000,
    cost: 2580,
    fees: [150, 50, 20],
  },
  {
    name: '蔬菜包 B',
    kind: 'pack',
    unit: '袋',
    contents: '黄瓜、茄子、青椒、豆角',
    weight: 3500,
    cost: 2280,
    fees: [150, 50, 20],
  },
  {
    name: '鸡蛋',
    kind: 'item',
    unit: '盒（30 枚）',
    contents: '',
    weight: 1500,
    cost: 1800,
    fees: [60, 0, 10],
  },
  {
    name: '大米',
    kind: 'item',
    unit: '袋（5 公斤）',
    contents: '',
    weight: 5000,
    cost: 2900,
    fees: [100, 0, 0],
  },
  { name: '猪肉', kind: 'item', unit: '斤', contents: '', weight: 500, cost: 1650, fees: [40, 20, 10] },
] as const;

/** A few shops per community, a price list, two closed cycles with deliveries and one open cycle. */
export async function seedGrocery(ctx: AppContext, demo: DemoDirectory): Promise<void> {
  const repo = new GroceryRepository(ctx.db);
  const compounds = new CompoundsRepository(ctx.db);
  const q = ctx.db.withTables<GroceryTables>();
  if (await q.selectFrom('grocery_shops').select('id').limit(1).executeTakeFirst()) return;
  const now = Date.now();
  const official = demo.userId('13800000003');
  for (const [si, s] of SHOPS.entries()) {
    const path = demo.nodePath(s.community);
    await inTransaction(ctx.db, async (trx) => {
      const shopId = await repo.insertShop(
        trx,
        {
          node_id: demo.nodeId(s.community),
          node_path: path,
          name: s.name,
          kind: 'supermarket',
          address: s.address,
          phone: s.phone,
          free_delivery: 1,
          hours: '7:00–19:00',
          min_order_fen: 0,
          owner_user_id: null,
          created_at: now - 20 * DAY,
          updated_at: now - 20 * DAY,
        },
        [path],
      );
      const products: Array<{ id: number; p: (typeof PRODUCTS)[number] }> = [];
      for (const p of PRODUCTS) {
        const id = await repo.insertProduct(trx, {
          shop_id: shopId,
          node_path: path,
          name: p.name,
          kind: p.kind,
          unit: p.unit,
          contents: p.contents,
          weight_g: p.weight,
          cost_fen: p.cost,
          transport_fen: p.fees[0],
          packing_fen: p.fees[1],
          loss_fen: p.fees[2],
          active: 1,
          price_from: now - 20 * DAY,
          updated_at: now - 20 * DAY,
        });
        products.push({ id, p });
      }
      // Only the first shop of each community runs cycles; the others are in the directory.
      if (si % 2 === 1) return;
      const households = await compounds.householdsUnder(path, 40, trx);
      for (const [ci, days] of [14, 7, 0].entries()) {
        const open = days === 0;
        const opensAt = now - days * DAY - 2 * 3600_000;
        const closesAt = open ? now + 2 * DAY : opensAt + DAY;
        const cycleId = await repo.insertCycle(
          trx,
          {
            shop_id: shopId,
            node_id: demo.nodeId(s.community),
            node_path: path,
            name: `第 ${ci + 1} 期平价菜`,
            opens_at: opensAt,
            closes_at: closesAt,
            max_orders: 500,
            max_turnover_fen: null,
            orders_per_household: 1,
            status: open ? 'open' : 'closed',
            closed_reason: open ? null : 'time',
            closed_at: open ? null : closesAt,
            order_count: 0,
            turnover_fen: 0,
            created_by: official,
            created_at: opensAt,
          },
          products.map((x) => ({ productId: x.id, cap: x.p.kind === 'pack' ? 300 : null })),
        );
        // The open cycle leaves the demo resident's household free to order.
        const buyers = open ? households.slice(1, 15) : households;
        let count = 0;
        let turnover = 0;
        for (const [hi, h] of buyers.entries()) {
          const picked = [products[hi % 2]!, products[2 + (hi % 3)]!];
          const lines = picked.map(({ id, p }) => ({
            product_id: id,
            cycle_id: cycleId,
            name: p.name,
            unit: p.unit,
            quantity: 1 + (hi % 2),
            cost_fen: p.cost,
            transport_fen: p.fees[0],
            packing_fen: p.fees[1],
            loss_fen: p.fees[2],
            weight_g: p.weight,
          }));
          const total = lines.reduce(
            (t, l) => t + (l.cost_fen + l.transport_fen + l.packing_fen + l.loss_fen) * l.quantity,
            0,
          );
          const status = open ? 'placed' : hi % 13 === 5 ? 'not_home' : 'delivered';
          await repo.insertOrder(
            trx,
            {
              cycle_id: cycleId,
              shop_id: shopId,
              household_id: Number(h.id),
              seq: 1,
              compound_id: Number(h.compound_id),
              node_path: h.node_path,
              placed_by: official,
              on_behalf: 1,
              payment: 'on_delivery',
              note: null,
              total_fen: total,
              cost_fen: lines.reduce((t, l) => t + l.cost_fen * l.quantity, 0),
              weight_g: lines.reduce((t, l) => t + l.weight_g * l.quantity, 0),
              status,
              batch_id: null,
              status_at: open ? opensAt : closesAt + 3 * 3600_000,
              created_at: opensAt + hi * 60_000,
            },
            lines,
          );
          for (const l of lines) await repo.take(trx, cycleId, l.product_id, l.quantity);
          count += 1;
          turnover += total;
        }
        await trx
          .withTables<GroceryTables>()
          .updateTable('grocery_cycles')
          .set({ order_count: count, turnover_fen: turnover })
          .where('id', '=', cycleId)
          .execute();
      }
    });
  }
}
