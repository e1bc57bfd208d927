import { sql } from 'kysely';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import type { Actor } from '../../src/server/core/access/index.ts';
import { SuppliesService } from '../../src/server/modules/supplies/index.ts';
import { SuppliesRepository } from '../../src/server/modules/supplies/supplies.repository.ts';
import type { SuppliesTables } from '../../src/server/modules/supplies/supplies.tables.ts';
import { prepareDatabase } from '../lib/database.ts';
import { goal } from '../lib/report.ts';
import type { BenchContext, BenchRow } from '../lib/types.ts';

const S = 'supplies';
const STORES = 100;
const ITEMS = 50;
const NAMES = { sqlite: 'SQLite', postgres: 'PostgreSQL' } as const;

async function p99(run: () => Promise<unknown>, times = 200): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const t0 = performance.now();
    await run();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return Math.round(ms[Math.floor(ms.length * 0.99)]! * 10) / 10;
}

/**
 * 1,000,000 ledger rows over 100 stores × 50 items (5,000 pairs; a tenth with --quick), the
 * balance table derived from them. Measured through the service, per dialect: stock on hand for
 * the city and for one store, the public totals page (cached), and 100 concurrent allocations of
 * the last 10 units of an item.
 */
export default async function supplies(ctx: BenchContext): Promise<BenchRow[]> {
  const total = ctx.quick ? 100_000 : 1_000_000;
  const rows: BenchRow[] = [];
  for (const dialect of ctx.dialects) {
    const label = NAMES[dialect];
    const database = await prepareDatabase(dialect, ctx.tmpDir, 'supplies');
    const config = {
      ...loadConfig({}),
      databaseUrl: database.url,
      dataDir: ctx.tmpDir,
      jobs: false,
      webDir: undefined,
      logLevel: 'warn' as const,
    };
    const built = await buildApp({ config, dbh: database.dbh, logger: false });
    const db = built.ctx.db;
    const t = db.withTables<SuppliesTables>();
    try {
      const city = await db
        .selectFrom('nodes')
        .select(['id', 'path'])
        .where('code', '=', '2108')
        .executeTakeFirstOrThrow();
      const streets = await db
        .selectFrom('nodes')
        .select(['id', 'path'])
        .where('kind', '=', 'street')
        .orderBy('code')
        .limit(STORES)
        .execute();
      const now = Date.now();
      const user = await db
        .insertInto('users')
        .values({
          phone: '13999990000',
          name: 'bench',
          password_hash: 'x',
          locale: 'zh-CN',
          status: 'active',
          failed_logins: 0,
          locked_until: null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const actor: Actor = {
        id: Number(user.id),
        name: 'bench',
        phone: '13999990000',
        locale: 'zh-CN',
        grants: [{ id: 1, role: 'command_centre', nodeId: Number(city.id), nodePath: city.path }],
        sessionId: '',
        csrfToken: '',
      };
      for (let i = 0; i < ITEMS; i += 1)
        await t
          .insertInto('supplies_items')
          .values({
            name: `物资${i}`,
            unit: '件',
            standard: '',
            category: '',
            large_at: null,
            created_at: now,
          })
          .execute();
      for (let i = 0; i < STORES; i += 1) {
        const s = streets[i % streets.length]!;
        await t
          .insertInto('supplies_stores')
          .values({
            node_id: s.id,
            node_path: s.path,
            name: `仓库${i}`,
            address: '',
            created_by: actor.id,
            created_at: now,
          })
          .execute();
      }
      const genStart = performance.now();
      const series =
        dialect === 'sqlite'
          ? sql`(with recursive s(i) as (select 0 union all select i + 1 from s where i < ${total - 1}) select i from s)`
          : sql`(select generate_series(0, ${total - 1}) as i)`;
      // Receipts mostly; every fourth row a dispatch of one unit and a delivery row beside it.
      await sql`
        insert into supplies_movements (kind, item_id, store_id, node_path, quantity, d_on_hand, d_allocated,
          donor_id, created_by, created_at)
        select case when (s.i / ${STORES}) % 4 = 3 then 'dispatch' when (s.i / ${STORES}) % 4 = 2 then 'deliver' else 'receive' end,
          1 + (s.i / ${STORES}) % ${ITEMS}, st.id, st.node_path,
          case when (s.i / ${STORES}) % 4 >= 2 then 1 else 1 + s.i % 50 end,
          case when (s.i / ${STORES}) % 4 = 3 then -1 when (s.i / ${STORES}) % 4 = 2 then 0 else 1 + s.i % 50 end,
          0, 1, ${actor.id}, cast(${now} as bigint) - s.i
        from ${series} s join supplies_stores st on st.id = 1 + s.i % ${STORES}`.execute(db);
      await sql`
        insert into supplies_stock (store_id, item_id, node_path, on_hand, allocated, updated_at)
        select store_id, item_id, min(node_path), sum(d_on_hand), sum(d_allocated), cast(${now} as bigint)
        from supplies_movements group by store_id, item_id`.execute(db);
      if (dialect === 'postgres') await sql`analyze`.execute(db);
      rows.push({
        scenario: S,
        figure: `generate ${total.toLocaleString('en')} ledger rows, ${STORES * ITEMS} item × store pairs (setup, ${label})`,
        value: Math.round((performance.now() - genStart) / 100) / 10,
        unit: 's',
      });

      const service = new SuppliesService(built.ctx, new SuppliesRepository(db));
      const cityP99 = await p99(() => service.stock(actor, {}));
      rows.push({
        scenario: S,
        figure: `stock on hand, city p99 (${label})`,
        value: cityP99,
        unit: 'ms',
        ...goal(cityP99, '≤', 100),
      });
      const storeP99 = await p99(() => service.stock(actor, { storeId: 1 }));
      rows.push({
        scenario: S,
        figure: `stock on hand, one store p99 (${label})`,
        value: storeP99,
        unit: 'ms',
        ...goal(storeP99, '≤', 100),
      });
      const c0 = performance.now();
      await service.publicTotals();
      rows.push({
        scenario: S,
        figure: `public totals, first read over the ledger (${label})`,
        value: Math.round(performance.now() - c0),
        unit: 'ms',
      });
      const publicP99 = await p99(() => service.publicTotals(), 1000);
      rows.push({
        scenario: S,
        figure: `public totals page p99, cached (${label})`,
        value: publicP99,
        unit: 'ms',
        ...goal(publicP99, '≤', 50),
      });

      const item = (
        await service.createItem(actor, {
          name: '暖宝宝',
          unit: '片',
          standard: '',
          category: '',
          largeAt: null,
        })
      ).id;
      const donor = (await service.createDonor(actor, { kind: 'company', name: 'bench', anonymous: false }))
        .id;
      const pledge = await service.createPledge(actor, {
        donorId: donor,
        itemId: item,
        storeId: 1,
        quantity: 10,
        note: '',
      });
      await service.receive(actor, pledge.id, 10);
      const node = streets[0]!;
      const need = await service.createNeed(actor, {
        nodeId: Number(node.id),
        requesterKind: 'hospital',
        requester: 'bench',
        itemId: item,
        quantity: 1000,
        dueAt: now + 86_400_000,
        source: 'bench',
        verifiedBy: 'bench',
      });
      const a0 = performance.now();
      const results = await Promise.allSettled(
        Array.from({ length: 100 }, () =>
          service.allocate(actor, { needId: need.id, storeId: 1, quantity: 1 }),
        ),
      );
      const took = Math.round(performance.now() - a0);
      const won = results.filter((r) => r.status === 'fulfilled').length;
      const stock = await t
        .selectFrom('supplies_stock')
        .selectAll()
        .where('store_id', '=', 1)
        .where('item_id', '=', item)
        .executeTakeFirstOrThrow();
      rows.push({
        scenario: S,
        figure: `100 concurrent allocations of the last 10 units: allocated (${label}, ${took} ms, available after ${Number(stock.on_hand) - Number(stock.allocated)})`,
        value: won,
        unit: 'allocations',
        goal: '= 10',
        met: won === 10 && Number(stock.on_hand) - Number(stock.allocated) === 0,
      });
    } finally {
      await built.app.close();
      await database.drop();
    }
  }
  return rows;
}
