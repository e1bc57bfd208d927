import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, type Client, type TestApp } from '../../../../test/helpers.ts';
import type { Breakdown, CycleDetail, Order, Product } from '../../../contracts/grocery.ts';
import { type CompoundFixture, makeCompound } from '../compounds/compounds.fixtures.ts';
import type { CompoundTables } from '../compounds/index.ts';
import type { GroceryTables } from './grocery.tables.ts';

const COMMUNITY = '210881117207';
const HOUR = 3600_000;
const sum = (b: Breakdown) => Math.round(b.reduce((s, l) => s + l.amount * 100, 0)) / 100;

describe.each(dialects)('grocery on %s', (dialect) => {
  let t: TestApp;
  let c: CompoundFixture;
  let official: Client;
  let shopId: number;
  let pack: Product;
  let eggs: Product;

  const db = () => t.ctx.db.withTables<GroceryTables & CompoundTables>();

  /** A resident user whose phone is that of the household's first resident: their own household. */
  const residentOf = async (householdId: number) => {
    const user = await t.as('resident', COMMUNITY);
    const r = await db()
      .selectFrom('residents')
      .select('id')
      .where('household_id', '=', householdId)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await db().updateTable('residents').set({ phone: user.user.phone }).where('id', '=', r.id).execute();
    return user;
  };

  /** Households straight in the table: the concurrency test needs hundreds, not the import path. */
  const addHouseholds = async (count: number, building: string) => {
    const ids: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const room = `${building}-${i + 1}`;
      const row = await db()
        .insertInto('households')
        .values({
          compound_id: c.id,
          node_path: c.path,
          building,
          unit: '1',
          room,
          address_key: `${building}|1|${room}`,
          created_at: Date.now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(Number(row.id));
    }
    return ids;
  };

  const cycle = async (
    extra: Record<string, unknown> = {},
    items?: Array<{ productId: number; cap?: number }>,
  ) => {
    const res = await official.post('/api/grocery/cycles', {
      shopId,
      nodeId: (await t.node(COMMUNITY)).id,
      name: `第${Math.floor(Math.random() * 1000)}期`,
      opensAt: Date.now() - HOUR,
      closesAt: Date.now() + HOUR,
      items: items ?? [{ productId: pack.id }, { productId: eggs.id }],
      ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<CycleDetail>();
  };

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    official = await t.as('official', COMMUNITY);
    c = await makeCompound(t, COMMUNITY, { households: 3, residentsPer: 1, vehicles: 0, official });
    const shop = await official.post('/api/grocery/shops', {
      nodeId: (await t.node(COMMUNITY)).id,
      name: '兴隆大家庭超市',
      address: '团甸镇中街 8 号',
      phone: '0417-7201234',
      areaNodeIds: [(await t.node(COMMUNITY)).id],
      hours: '7:00–19:00',
    });
    expect(shop.statusCode, shop.body).toBe(201);
    shopId = shop.json().id;
    pack = (
      await official.post(`/api/grocery/shops/${shopId}/products`, {
        name: '蔬菜包 A',
        kind: 'pack',
        unit: '袋',
        contents: '白菜、土豆、萝卜、洋葱',
        weightGrams: 5000,
        cost: 25.8,
        fees: { transport: 1.5, packing: 0.5, loss: 0.2 },
      })
    ).json();
    eggs = (
      await official.post(`/api/grocery/shops/${shopId}/products`, {
        name: '鸡蛋',
        unit: '盒',
        weightGrams: 1500,
        cost: 18,
        fees: { transport: 0.6 },
      })
    ).json();
  });
  afterAll(() => t.close());

  it('prices every product at cost plus its named fees and lists cost beside sale', async () => {
    expect(pack.price).toBe(28);
    expect(pack.breakdown.map((l) => l.type)).toEqual(['cost', 'transport', 'packing', 'loss']);
    const list = (
      await (await residentOf(c.households[0]!)).get(`/api/grocery/shops/${shopId}/products`)
    ).json<Product[]>();
    expect(list.length).toBe(2);
    for (const p of list) {
      expect(sum(p.breakdown)).toBe(p.price);
      expect(p.breakdown[0]).toEqual({ type: 'cost', amount: p.cost });
    }
  });

  it('refuses hostile input with the field and the reason', async () => {
    const price = await official.put(`/api/grocery/products/${eggs.id}/price`, {
      cost: 1.234,
      fees: { transport: 0 },
    });
    expect(price.statusCode).toBe(400);
    expect(price.json().error.fields[0]).toMatchObject({ field: 'cost', code: 'PRICE_DECIMALS' });
    const margin = await official.put(`/api/grocery/products/${eggs.id}/price`, {
      cost: 1,
      fees: { margin: 2 },
    });
    expect(margin.statusCode).toBe(400);

    const cy = await cycle();
    const resident = await residentOf(c.households[0]!);
    const order = (lines: unknown) => resident.post(`/api/grocery/cycles/${cy.id}/orders`, { lines });
    const negative = await order([{ productId: pack.id, quantity: -1 }]);
    expect(negative.json().error.fields[0]).toMatchObject({
      field: 'lines.0.quantity',
      code: 'QUANTITY_POSITIVE',
    });
    const fraction = await order([{ productId: pack.id, quantity: 1.5 }]);
    expect(fraction.json().error.fields[0]).toMatchObject({
      field: 'lines.0.quantity',
      code: 'QUANTITY_WHOLE',
    });
    const unknown = await order([{ productId: 999_999, quantity: 1 }]);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields[0]).toMatchObject({
      field: 'lines.0.productId',
      code: 'GROCERY_PRODUCT_UNKNOWN',
    });
    expect(unknown.json().error.message).toBe('本期团购没有这个商品');
  });

  it('places an order once per key and per household, and keeps its prices after a price change', async () => {
    const cy = await cycle();
    const resident = await residentOf(c.households[1]!);
    const body = {
      lines: [
        { productId: pack.id, quantity: 2 },
        { productId: eggs.id, quantity: 1 },
      ],
    };
    const headers = { 'idempotency-key': `order-${dialect}-${cy.id}` };
    const first = await resident.post(`/api/grocery/cycles/${cy.id}/orders`, body, headers);
    expect(first.statusCode, first.body).toBe(201);
    const again = await resident.post(`/api/grocery/cycles/${cy.id}/orders`, body, headers);
    expect(again.json().id).toBe(first.json().id);
    const order = first.json<Order>();
    expect(order.total).toBe(2 * 28 + 18.6);
    expect(sum(order.breakdown)).toBe(order.total);
    for (const line of order.lines) expect(sum(line.breakdown)).toBe(line.amount);

    const second = await resident.post(`/api/grocery/cycles/${cy.id}/orders`, body);
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('GROCERY_ORDER_LIMIT');

    const changed = await official.put(`/api/grocery/products/${pack.id}/price`, {
      cost: 30,
      fees: { transport: 1.5, packing: 0.5, loss: 0.2 },
    });
    expect(changed.json().price).toBe(32.2);
    const kept = (await resident.get(`/api/grocery/orders/${order.id}`)).json<Order>();
    expect(kept.total).toBe(order.total);
    expect(kept.lines[0]!.unitPrice).toBe(28);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'grocery.price.change')
      .where('entity_id', '=', String(pack.id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail!)).toMatchObject({ before: { price: 28 }, after: { price: 32.2 } });
    await official.put(`/api/grocery/products/${pack.id}/price`, {
      cost: 25.8,
      fees: { transport: 1.5, packing: 0.5, loss: 0.2 },
    });
  });

  it('closes itself at its order cap and tells the late shopper why', async () => {
    const cy = await cycle({ maxOrders: 2 });
    const households = await addHouseholds(3, '7号楼');
    const place = (h: number) =>
      official.post(`/api/grocery/cycles/${cy.id}/orders`, {
        householdId: h,
        lines: [{ productId: eggs.id, quantity: 1 }],
      });
    expect((await place(households[0]!)).statusCode).toBe(201);
    expect((await place(households[1]!)).statusCode).toBe(201);
    const late = await place(households[2]!);
    expect(late.statusCode).toBe(409);
    expect(late.json().error).toMatchObject({ code: 'GROCERY_CLOSED_ORDERS' });
    expect(late.json().error.message).toContain('2 单');
    const closed = (await official.get(`/api/grocery/cycles/${cy.id}`)).json<CycleDetail>();
    expect(closed).toMatchObject({ status: 'closed', closedReason: 'orders', orderCount: 2 });
    const event = await t.ctx.db
      .selectFrom('events')
      .select('payload')
      .where('type', '=', 'grocery.cycle-closed')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.payload)).toMatchObject({ cycleId: cy.id, reason: 'orders', orders: 2 });
  });

  it('closes itself at its turnover cap', async () => {
    const cy = await cycle({ maxTurnover: 50 });
    const households = await addHouseholds(3, '8号楼');
    const place = (h: number) =>
      official.post(`/api/grocery/cycles/${cy.id}/orders`, {
        householdId: h,
        lines: [{ productId: pack.id, quantity: 1 }],
      });
    expect((await place(households[0]!)).statusCode).toBe(201);
    expect((await place(households[1]!)).statusCode).toBe(201);
    const late = await place(households[2]!);
    expect(late.json().error.code).toBe('GROCERY_CLOSED_TURNOVER');
    expect((await official.get(`/api/grocery/cycles/${cy.id}`)).json()).toMatchObject({
      status: 'closed',
      closedReason: 'turnover',
      turnover: 56,
    });
  });

  it('sells exactly the last 50 units to 200 concurrent orders', async () => {
    const cy = await cycle({}, [{ productId: eggs.id, cap: 50 }]);
    const households = await addHouseholds(200, '9号楼');
    const results = await Promise.all(
      households.map((h) =>
        official.post(`/api/grocery/cycles/${cy.id}/orders`, {
          householdId: h,
          lines: [{ productId: eggs.id, quantity: 1 }],
        }),
      ),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((s) => s === 201).length).toBe(50);
    expect(codes.filter((s) => s === 409).length).toBe(150);
    expect(results.find((r) => r.statusCode === 409)!.json().error.code).toBe('GROCERY_SOLD_OUT');
    const item = await db()
      .selectFrom('grocery_cycle_items')
      .select('sold')
      .where('cycle_id', '=', cy.id)
      .executeTakeFirstOrThrow();
    expect(item.sold).toBe(50);
    const orders = await db()
      .selectFrom('grocery_order_lines')
      .select((eb) => eb.fn.sum<number>('quantity').as('n'))
      .where('cycle_id', '=', cy.id)
      .executeTakeFirstOrThrow();
    expect(Number(orders.n)).toBe(50);
    expect((await official.get(`/api/grocery/cycles/${cy.id}`)).json().orderCount).toBe(50);
  });

  it('packs by product and by building with totals equal to the orders, and delivers by batch', async () => {
    const cy = await cycle();
    const a = await addHouseholds(3, '3号楼');
    const b = await addHouseholds(2, '12号楼');
    for (const [i, h] of [...a, ...b].entries())
      await official.post(`/api/grocery/cycles/${cy.id}/orders`, {
        householdId: h,
        lines: [
          { productId: pack.id, quantity: 1 + (i % 2) },
          { productId: eggs.id, quantity: 1 },
        ],
      });
    const earlyBatch = await official.post(`/api/grocery/cycles/${cy.id}/batches`, {
      name: '3号楼',
      assigneePhone: '13800000000',
      orderIds: [1],
    });
    expect(earlyBatch.json().error.code).toBe('GROCERY_CYCLE_STILL_OPEN');
    expect((await official.post(`/api/grocery/cycles/${cy.id}/close`)).json()).toMatchObject({
      status: 'closed',
      closedReason: 'manual',
    });

    const packing = (await official.get(`/api/grocery/cycles/${cy.id}/packing`)).json();
    const lines = await db()
      .selectFrom('grocery_order_lines')
      .select(['product_id', 'quantity'])
      .where('cycle_id', '=', cy.id)
      .execute();
    for (const p of packing.products) {
      const expected = lines
        .filter((l) => Number(l.product_id) === p.productId)
        .reduce((s, l) => s + l.quantity, 0);
      expect(p.quantity).toBe(expected);
      expect(p.households.reduce((s: number, h: { quantity: number }) => s + h.quantity, 0)).toBe(expected);
    }
    expect(packing.products.find((p: { productId: number }) => p.productId === pack.id).quantity).toBe(7);
    expect(packing.points.map((p: { building: string }) => p.building)).toEqual(['3号楼', '12号楼']);
    const b3 = packing.points[0];
    expect(b3.orders).toBe(3);
    expect(b3.products.find((p: { productId: number }) => p.productId === pack.id).quantity).toBe(4);
    expect(packing.totals).toMatchObject({ orders: 5, units: 12 });

    const stops = (await official.get(`/api/grocery/cycles/${cy.id}/delivery`)).json();
    expect(stops.map((s: { building: string }) => s.building)).toEqual([
      '3号楼',
      '3号楼',
      '3号楼',
      '12号楼',
      '12号楼',
    ]);
    expect(stops.map((s: { room: string }) => s.room).slice(0, 3)).toEqual(['3号楼-1', '3号楼-2', '3号楼-3']);

    const volunteer = await t.as('volunteer', COMMUNITY);
    const other = await t.as('volunteer', COMMUNITY);
    const batch = await official.post(`/api/grocery/cycles/${cy.id}/batches`, {
      name: '3号楼一趟',
      assigneePhone: volunteer.user.phone,
      orderIds: stops.slice(0, 3).map((s: { orderId: number }) => s.orderId),
    });
    expect(batch.json()).toMatchObject({ assigned: 3 });
    const mine = (await volunteer.get('/api/grocery/batches/mine')).json();
    expect(mine[0].stops.length).toBe(3);
    expect((await other.get(`/api/grocery/batches/${batch.json().id}`)).statusCode).toBe(404);
    expect((await other.get('/api/grocery/batches/mine')).json()).toEqual([]);
    const first = stops[0].orderId;
    expect(
      (await other.post(`/api/grocery/orders/${first}/delivery`, { outcome: 'delivered' })).statusCode,
    ).toBe(404);
    const done = await volunteer.post(`/api/grocery/orders/${first}/delivery`, { outcome: 'delivered' });
    expect(done.json().status).toBe('delivered');
    const missed = await volunteer.post(`/api/grocery/orders/${stops[1].orderId}/delivery`, {
      outcome: 'not_home',
    });
    expect(missed.json().status).toBe('not_home');
    const again = await official.post(`/api/grocery/orders/${stops[1].orderId}/reschedule`);
    expect(again.json().status).toBe('placed');
    expect((await volunteer.get('/api/grocery/batches/mine')).json()[0].stops.length).toBe(2);
    const read = await t.ctx.db
      .selectFrom('audit_log')
      .select('actor_id')
      .where('action', '=', 'grocery.delivery-list.read')
      .where('actor_id', '=', volunteer.user.id)
      .execute();
    expect(read.length).toBeGreaterThan(0);
  });

  it('shows a resident only their household, and a shop only its own cycles', async () => {
    const cy = await cycle();
    const mine = await residentOf(c.households[2]!);
    const theirs = await addHouseholds(1, '5号楼');
    const own = await mine.post(`/api/grocery/cycles/${cy.id}/orders`, {
      lines: [{ productId: eggs.id, quantity: 1 }],
    });
    expect(own.statusCode, own.body).toBe(201);
    const other = await official.post(`/api/grocery/cycles/${cy.id}/orders`, {
      householdId: theirs[0],
      lines: [{ productId: eggs.id, quantity: 1 }],
    });
    expect((await mine.get(`/api/grocery/orders/${other.json().id}`)).statusCode).toBe(404);
    expect((await mine.get('/api/grocery/orders/mine')).json().map((o: Order) => o.id)).toEqual([
      own.json().id,
    ]);
    expect(
      (
        await mine.post(`/api/grocery/cycles/${cy.id}/orders`, {
          householdId: theirs[0],
          lines: [{ productId: eggs.id, quantity: 1 }],
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await mine.post(`/api/grocery/orders/${own.json().id}/delivery`, { outcome: 'delivered' })).statusCode,
    ).toBe(403);

    const shopUser = await t.as('enterprise', '210881117');
    const ownShop = await official.post('/api/grocery/shops', {
      nodeId: (await t.node(COMMUNITY)).id,
      name: '贾屯便民店',
      address: '贾屯村 2 号',
      phone: '13800001111',
      areaNodeIds: [(await t.node(COMMUNITY)).id],
      accountPhone: shopUser.user.phone,
    });
    const product = (
      await official.post(`/api/grocery/shops/${ownShop.json().id}/products`, {
        name: '豆腐',
        unit: '块',
        cost: 2,
      })
    ).json();
    const ownCycle = (
      await official.post('/api/grocery/cycles', {
        shopId: ownShop.json().id,
        nodeId: (await t.node(COMMUNITY)).id,
        name: '豆腐团',
        opensAt: Date.now() - HOUR,
        closesAt: Date.now() + HOUR,
        items: [{ productId: product.id }],
      })
    ).json();
    expect((await shopUser.get('/api/grocery/cycles')).json().map((x: { id: number }) => x.id)).toEqual([
      ownCycle.id,
    ]);
    expect((await shopUser.get(`/api/grocery/cycles/${ownCycle.id}/packing`)).statusCode).toBe(200);
    expect((await shopUser.get(`/api/grocery/cycles/${cy.id}/packing`)).statusCode).toBe(404);
  });

  it('finds the shops for a compound and prints them on an A4 sheet with a QR and an xlsx', async () => {
    const resident = await residentOf(c.households[0]!);
    const community = await t.node(COMMUNITY);
    const found = (
      await resident.get(`/api/grocery/directory?nodeId=${c.id}&q=${encodeURIComponent('兴隆')}`)
    ).json();
    expect(found.shops.map((s: { name: string }) => s.name)).toEqual(['兴隆大家庭超市']);
    expect(
      (await resident.get(`/api/grocery/directory?nodeId=${(await t.node('210881')).id}`)).statusCode,
    ).toBe(404);

    const pdf = await resident.get(`/api/grocery/directory.pdf?nodeId=${community.id}`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'grocery-pdf-'));
    writeFileSync(join(dir, 'sheet.pdf'), pdf.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'sheet.pdf'), '-'], { encoding: 'utf8' });
    expect(text, text).toContain('兴隆大家庭超市');
    expect(text).toContain('0417-7201234');
    expect(text).toContain('保供超市联系表');
    const info = execFileSync('pdfinfo', [join(dir, 'sheet.pdf')], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+/);
    const fonts = execFileSync('pdffonts', [join(dir, 'sheet.pdf')], { encoding: 'utf8' });
    expect(fonts).toMatch(/DroidSansFallback.*yes/);

    const xlsx = await resident.get(`/api/grocery/directory.xlsx?nodeId=${community.id}`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('保供超市')!;
    const names = sheet.getColumn(1).values.slice(2);
    expect(names).toContain('兴隆大家庭超市');
  });
});
