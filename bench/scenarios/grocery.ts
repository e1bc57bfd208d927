import { randomUUID } from 'node:crypto';
import type { Db, DialectName } from '../../src/server/core/db/index.ts';
import { demoIdNumber } from '../../src/server/modules/compounds/compounds.demo.ts';
import { addressKey } from '../../src/server/modules/compounds/compounds.tables.ts';
import type { CompoundTables } from '../../src/server/modules/compounds/index.ts';
import { GroceryRepository } from '../../src/server/modules/grocery/grocery.repository.ts';
import { pinyinKeys } from '../../src/server/modules/regions/index.ts';
import { prepareDatabase } from '../lib/database.ts';
import { measureHttp, signIn } from '../lib/http.ts';
import { goal, ratio } from '../lib/report.ts';
import { PLATFORM_SERVER, startServerProcess } from '../lib/server.ts';
import type { BenchContext, BenchRow } from '../lib/types.ts';
import { BENCH_PASSWORD, createBenchUser } from '../lib/users.ts';

const S = 'grocery';
const STREET = '210802001';
const OFFICIAL = '13900016001';
const RESIDENTS = 20;
const label = (d: DialectName) => (d === 'sqlite' ? 'SQLite' : 'PostgreSQL');

/**
 * 200,000 households in 400 compounds under one street of 站前区 (a tenth with --quick); the
 * households that will order get one registered resident each, so the delivery list has phones.
 */
async function generate(db: Db, households: number, orderers: number) {
  const q = db.withTables<CompoundTables>();
  const street = await q
    .selectFrom('nodes')
    .select(['id', 'code', 'path', 'depth'])
    .where('code', '=', STREET)
    .executeTakeFirstOrThrow();
  const community = await q
    .selectFrom('nodes')
    .select(['id', 'code', 'path', 'depth'])
    .where('parent_id', '=', street.id)
    .orderBy('code')
    .executeTakeFirstOrThrow();
  const now = Date.now();
  const compounds = Math.max(10, Math.round(households / 500));
  const saved: Array<{ id: number; path: string }> = [];
  for (let i = 0; i < compounds; i += 200) {
    const nodes = Array.from({ length: Math.min(200, compounds - i) }, (_, k) => {
      const code = `${community.code}-g${i + k + 1}`;
      const name = `平价第${i + k + 1}小区`;
      return {
        code,
        name,
        kind: 'compound',
        parent_id: community.id,
        path: `${community.path}${code}/`,
        depth: community.depth + 1,
        ...pinyinKeys(name),
        custom: 1,
        created_at: now,
        created_by: null,
      };
    });
    saved.push(...(await q.insertInto('nodes').values(nodes).returning(['id', 'path']).execute()));
  }
  const perCompound = Math.ceil(households / compounds);
  const ids: number[] = [];
  for (let h0 = 0; h0 < households; h0 += 1000) {
    const rows = [];
    for (let h = h0; h < Math.min(households, h0 + 1000); h += 1) {
      const c = saved[Math.floor(h / perCompound)]!;
      const n = h % perCompound;
      const building = `${Math.floor(n / 24) + 1}号楼`;
      const unit = String(Math.floor((n % 24) / 12) + 1);
      const room = `${Math.floor((n % 12) / 2) + 1}0${(n % 2) + 1}`;
      rows.push({
        compound_id: c.id,
        node_path: c.path,
        building,
        unit,
        room,
        address_key: addressKey(building, unit, room),
        created_at: now,
      });
    }
    ids.push(...(await q.insertInto('households').values(rows).returning('id').execute()).map((r) => r.id));
  }
  // Orderers are spread over every compound: every tenth household or so, not the first block.
  const step = Math.max(1, Math.floor(households / orderers));
  const buyers = Array.from({ length: orderers }, (_, i) => ids[i * step]!);
  for (let i = 0; i < buyers.length; i += 500) {
    const slice = buyers.slice(i, i + 500);
    const rows = await q
      .selectFrom('households')
      .select(['id', 'compound_id', 'node_path'])
      .where('id', 'in', slice)
      .execute();
    await q
      .insertInto('residents')
      .values(
        rows.map((r, k) => ({
          household_id: r.id,
          compound_id: r.compound_id,
          node_path: r.node_path,
          name: `买菜${i + k}`,
          phone: `137${String(i + k).padStart(8, '0')}`,
          id_number: demoIdNumber('210802', 500_000 + i + k),
          relation: 'head',
          status: 'living',
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  }
  return { community, street, buyers, compounds: saved.length };
}

/** One shop serving the community, five products, an open cycle without caps and a racing cycle. */
async function seedShop(
  db: Db,
  community: { id: number; path: string },
  official: number,
  raceUnits: number,
) {
  const repo = new GroceryRepository(db);
  const now = Date.now();
  const shopId = await repo.insertShop(
    db,
    {
      node_id: community.id,
      node_path: community.path,
      name: '压测平价超市',
      kind: 'supermarket',
      address: '站前区',
      phone: '0417-0000000',
      free_delivery: 1,
      hours: '',
      min_order_fen: 0,
      owner_user_id: null,
      created_at: now,
      updated_at: now,
    },
    [community.path],
  );
  const products: number[] = [];
  for (const [i, name] of ['蔬菜包 A', '蔬菜包 B', '鸡蛋', '大米', '猪肉'].entries())
    products.push(
      await repo.insertProduct(db, {
        shop_id: shopId,
        node_path: community.path,
        name,
        kind: i < 2 ? 'pack' : 'item',
        unit: '份',
        contents: '',
        weight_g: 2000,
        cost_fen: 2000 + i * 100,
        transport_fen: 100,
        packing_fen: 50,
        loss_fen: 20,
        active: 1,
        price_from: now,
        updated_at: now,
      }),
    );
  const cycle = (name: string, caps: Array<number | null>) =>
    repo.insertCycle(
      db,
      {
        shop_id: shopId,
        node_id: community.id,
        node_path: community.path,
        name,
        opens_at: now - 3_600_000,
        closes_at: now + 86_400_000,
        max_orders: null,
        max_turnover_fen: null,
        orders_per_household: 1,
        status: 'open',
        closed_reason: null,
        closed_at: null,
        order_count: 0,
        turnover_fen: 0,
        created_by: official,
        created_at: now,
      },
      products.map((productId, i) => ({ productId, cap: caps[i] ?? null })),
    );
  return {
    products,
    cycleId: await cycle('压测第 1 期', []),
    raceId: await cycle('最后 50 份', [raceUnits]),
  };
}

function p99(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]!;
}

async function measureDialect(ctx: BenchContext, dialect: DialectName): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const L = label(dialect);
  const households = ctx.quick ? 20_000 : 200_000;
  const orders = ctx.quick ? 1_000 : 10_000;
  const raceUnits = 50;
  const racers = 200;
  const database = await prepareDatabase(dialect, ctx.tmpDir, `grocery-${dialect}`);
  try {
    const db = database.dbh.db;
    const t0 = performance.now();
    const { community, buyers } = await generate(db, households, orders + racers);
    const official = await createBenchUser(db, OFFICIAL, 'official', STREET);
    const shop = await seedShop(db, community, official, raceUnits);
    const residentPhones = Array.from({ length: RESIDENTS }, (_, i) => `137${String(i).padStart(8, '0')}`);
    // The resident accounts are the first orderers' registered residents (same phone).
    for (const phone of residentPhones) await createBenchUser(db, phone, 'resident', STREET);
    rows.push({
      scenario: S,
      figure: `generate ${households.toLocaleString('en-US')} households (${L})`,
      value: (performance.now() - t0) / 1000,
      unit: 's',
    });

    const server = await startServerProcess(PLATFORM_SERVER, {
      ...database.env,
      XINGHUO_DATABASE_URL: database.url,
      XINGHUO_DATA_DIR: ctx.tmpDir,
    });
    try {
      const session = await signIn(server.url, OFFICIAL, BENCH_PASSWORD);
      const headers: Record<string, string> = { ...session, 'content-type': 'application/json' };
      // A cadre places each household's order (the standing-order path): one session, many households.
      let n = 0;
      const request = {
        method: 'POST',
        path: `/api/grocery/cycles/${shop.cycleId}/orders`,
        headers,
        setupRequest: (req: { body?: string; headers?: Record<string, string> }) => {
          const i = n++;
          req.headers = { ...headers, 'idempotency-key': randomUUID() };
          req.body = JSON.stringify({
            householdId: buyers[i]!,
            lines: [
              { productId: shop.products[i % 2]!, quantity: 1 },
              { productId: shop.products[2 + (i % 3)]!, quantity: 1 + (i % 2) },
            ],
          });
          return req;
        },
      };
      const placed = await measureHttp({
        url: `${server.url}/api/grocery/cycles/${shop.cycleId}/orders`,
        method: 'POST',
        headers,
        requests: [request as never],
        connections: 20,
        amount: orders,
      });
      if (placed.non2xx > 0 || placed.errors > 0)
        rows.push({
          scenario: S,
          figure: `orders refused or failed (${L})`,
          value: placed.non2xx + placed.errors,
          unit: 'requests',
        });
      rows.push({
        scenario: S,
        figure: `place ${orders.toLocaleString('en-US')} orders over HTTP, one cycle (${L})`,
        value: placed.rps,
        unit: 'req/s',
        ...goal(placed.rps, '≥', 1000),
        ratio: ratio(placed.rps, ctx.baseline.helloRps),
      });

      // The resident's order page: open cycles and their own orders, each resident in turn.
      const sessions = [];
      for (const phone of residentPhones) sessions.push(await signIn(server.url, phone, BENCH_PASSWORD));
      const pageSamples: number[] = [];
      for (let i = 0; i < (ctx.quick ? 100 : 500); i += 1) {
        const h = sessions[i % sessions.length]!;
        const s = performance.now();
        const [a, b] = await Promise.all([
          fetch(`${server.url}/api/grocery/cycles/open`, { headers: h }),
          fetch(`${server.url}/api/grocery/orders/mine`, { headers: h }),
        ]);
        await Promise.all([a.arrayBuffer(), b.arrayBuffer()]);
        if (!a.ok || !b.ok) throw new Error(`resident page: ${a.status} ${b.status}`);
        pageSamples.push(performance.now() - s);
      }
      const pageP99 = p99(pageSamples);
      rows.push({
        scenario: S,
        figure: `resident's order page (open cycles + my orders), p99 (${L})`,
        value: pageP99,
        unit: 'ms',
        ...goal(pageP99, '≤', 30),
      });

      // Close the cycle, then every packing sheet and delivery list of it.
      const c0 = performance.now();
      const closed = await fetch(`${server.url}/api/grocery/cycles/${shop.cycleId}/close`, {
        method: 'POST',
        headers: session,
      });
      if (!closed.ok) throw new Error(`close: ${closed.status} ${await closed.text()}`);
      const packing = await fetch(`${server.url}/api/grocery/cycles/${shop.cycleId}/packing`, { headers });
      const packed = (await packing.json()) as { totals: { orders: number }; points: unknown[] };
      const delivery = await fetch(`${server.url}/api/grocery/cycles/${shop.cycleId}/delivery`, { headers });
      const stops = (await delivery.json()) as unknown[];
      const closeS = (performance.now() - c0) / 1000;
      rows.push({
        scenario: S,
        figure: `close, packing sheet (${packed.totals.orders.toLocaleString('en-US')} orders, ${packed.points.length} buildings) and delivery list (${stops.length.toLocaleString('en-US')} stops) (${L})`,
        value: closeS,
        unit: 's',
        ...goal(closeS, '≤', 10),
      });

      // 200 households at once for the last 50 units of a capped pack.
      const raceBuyers = buyers.slice(orders, orders + racers);
      const results = await Promise.all(
        raceBuyers.map((householdId) =>
          fetch(`${server.url}/api/grocery/cycles/${shop.raceId}/orders`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ householdId, lines: [{ productId: shop.products[0]!, quantity: 1 }] }),
          }).then(async (r) => ({ status: r.status, body: await r.text() })),
        ),
      );
      const sold = results.filter((r) => r.status === 201).length;
      const other = results.filter((r) => r.status !== 201 && !r.body.includes('GROCERY_SOLD_OUT')).length;
      const detail = await fetch(`${server.url}/api/grocery/cycles/${shop.raceId}`, { headers });
      const item = ((await detail.json()) as { items: Array<{ id: number; sold: number }> }).items.find(
        (x) => x.id === shop.products[0],
      );
      rows.push({
        scenario: S,
        figure: `${racers} concurrent orders for the last ${raceUnits} units: sold (${L})`,
        value: sold,
        unit: 'orders',
        goal: `= ${raceUnits}`,
        met: sold === raceUnits && item?.sold === raceUnits && other === 0,
      });
      if (other > 0)
        rows.push({
          scenario: S,
          figure: `race: answers other than sold out (${L})`,
          value: other,
          unit: 'requests',
        });
    } finally {
      await server.close();
    }
  } finally {
    await database.drop();
  }
  return rows;
}

export default async function grocery(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const dialect of ctx.dialects) rows.push(...(await measureDialect(ctx, dialect)));
  return rows;
}
