import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, type TestApp } from '../../../../test/helpers.ts';
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
  let official: Awaited<ReturnType<TestApp['as']>>;
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

    // The supplier's packing sheet as a PDF: read back, its totals are the orders' sums.
    const pdf = await official.get(`/api/grocery/cycles/${cy.id}/packing.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'grocery-packing-'));
    writeFileSync(join(dir, 'packing.pdf'), pdf.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'packing.pdf'), '-'], { encoding: 'utf8' });
    expect(execFileSync('pdffonts', [join(dir, 'packing.pdf')], { encoding: 'utf8' })).toMatch(
      /DroidSansFallback.*yes/,
    );
    expect(text, text).toMatch(
      new RegExp(`订单 5 单\\s+件数 12\\s+金额 ${packing.totals.turnover.toFixed(2)} 元`),
    );
    expect(text).toMatch(/蔬菜包 A\s+7 袋/);
    expect(text).toMatch(/鸡蛋\s+5 盒/);
    expect(text).toMatch(/3号楼\s+3 单/);
    expect(text).toMatch(/12号楼\s+2 单/);
    // Per building, read back from the sheet: 3号楼 packs 1+2+1 = 4, 12号楼 2+1 = 3.
    expect(text).toMatch(/3号楼\s+3 单\s+蔬菜包 A\s+4\s*，\s*鸡蛋\s+3/);
    expect(text).toMatch(/12号楼\s+2 单\s+蔬菜包 A\s+3\s*，\s*鸡蛋\s+2/);
    expect(text).toContain('3号楼 1单元 3号楼-1');

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

  it('places a standing weekly order into each new open cycle once, within its caps, and records a failure', async () => {
    const community = await t.node(COMMUNITY);
    const shop = (
      await official.post('/api/grocery/shops', {
        nodeId: community.id,
        name: '长期订单超市',
        address: '团甸镇南街 1 号',
        phone: '0417-7205555',
        areaNodeIds: [community.id],
      })
    ).json();
    const veg = (
      await official.post(`/api/grocery/shops/${shop.id}/products`, {
        name: '蔬菜包 B',
        unit: '袋',
        cost: 20,
      })
    ).json<Product>();
    const milk = (
      await official.post(`/api/grocery/shops/${shop.id}/products`, { name: '牛奶', unit: '箱', cost: 40 })
    ).json<Product>();
    const [elder, doctor] = await addHouseholds(2, '长期楼');
    const opensAt = Date.now() - HOUR;
    const weekday = new Date(opensAt + 8 * HOUR).getUTCDay();
    const standing = async (householdId: number, lines: Array<{ productId: number; quantity: number }>) => {
      const res = await official.post('/api/grocery/standing', {
        householdId,
        shopId: shop.id,
        weekday,
        lines,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: number }>().id;
    };
    const bad = await official.post('/api/grocery/standing', {
      householdId: elder,
      shopId: shop.id,
      weekday: 7,
      lines: [{ productId: 999_999, quantity: 1.5 }],
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['lines.0.quantity', 'weekday']);
    const elderOrder = await standing(elder!, [{ productId: veg.id, quantity: 1 }]);
    const doctorOrder = await standing(doctor!, [{ productId: veg.id, quantity: 1 }]);
    const resident = await residentOf(c.households[0]!);
    expect((await resident.get('/api/grocery/standing')).statusCode).toBe(403);

    // One pack left for two standing orders: the first is placed, the second fails visibly.
    const open = async (items: Array<{ productId: number; cap?: number }>, days = 0) =>
      (
        await official.post('/api/grocery/cycles', {
          shopId: shop.id,
          nodeId: community.id,
          name: `长期第${Math.floor(Math.random() * 1000)}期`,
          opensAt: opensAt - days * 24 * HOUR,
          closesAt: Date.now() + HOUR,
          items,
        })
      ).json<CycleDetail>();
    const first = await open([{ productId: veg.id, cap: 1 }]);
    const orders = await db()
      .selectFrom('grocery_orders')
      .select(['household_id', 'on_behalf', 'placed_by'])
      .where('cycle_id', '=', first.id)
      .execute();
    expect(orders.map((o) => Number(o.household_id))).toEqual([elder]);
    expect(orders[0]).toMatchObject({ on_behalf: 1 });
    expect(Number(orders[0]!.placed_by)).toBe(official.user.id);

    // The minute job and a second worker do not place it again.
    await t.ctx.jobs.tick(Date.now() + 61_000);
    await t.ctx.jobs.tick(Date.now() + 122_000);
    expect(
      (await db().selectFrom('grocery_orders').select('id').where('cycle_id', '=', first.id).execute())
        .length,
    ).toBe(1);

    const list = (await official.get('/api/grocery/standing')).json<
      Array<{ id: number; runs: Array<{ cycleId: number; status: string; error: string | null }> }>
    >();
    const runOf = (id: number) => list.find((o) => o.id === id)!.runs.find((r) => r.cycleId === first.id);
    expect(runOf(elderOrder)).toMatchObject({ status: 'placed' });
    expect(runOf(doctorOrder)).toMatchObject({ status: 'failed', error: 'GROCERY_SOLD_OUT' });
    const failed = await t.ctx.db
      .selectFrom('audit_log')
      .select('entity_id')
      .where('action', '=', 'grocery.standing.failed')
      .execute();
    expect(failed.map((a) => Number(a.entity_id))).toContain(doctorOrder);

    // A cycle selling other products records the failure too; a cycle opened on another weekday is left alone.
    const noVeg = await open([{ productId: milk.id }]);
    const other = await open([{ productId: veg.id }], 1);
    const runs = await db().selectFrom('grocery_standing_runs').selectAll().execute();
    expect(runs.filter((r) => Number(r.cycle_id) === noVeg.id).map((r) => r.error)).toEqual([
      'GROCERY_PRODUCT_UNKNOWN',
      'GROCERY_PRODUCT_UNKNOWN',
    ]);
    expect(runs.filter((r) => Number(r.cycle_id) === other.id)).toEqual([]);

    // Stopped, it no longer orders.
    expect((await official.post(`/api/grocery/standing/${elderOrder}/stop`)).json().active).toBe(false);
    await official.post(`/api/grocery/standing/${doctorOrder}/stop`);
    const after = await open([{ productId: veg.id }]);
    expect(
      (await db().selectFrom('grocery_orders').select('id').where('cycle_id', '=', after.id).execute())
        .length,
    ).toBe(0);
  }, 180_000);

  it("lets a shop's own account edit its shop inside its grant and its prices, with a public dated price history", async () => {
    const community = await t.node(COMMUNITY);
    const account = await t.as('enterprise', '210881117');
    const shop = (
      await official.post('/api/grocery/shops', {
        nodeId: community.id,
        name: '自营平价店',
        address: '团甸镇东街 3 号',
        phone: '0417-7206666',
        areaNodeIds: [community.id],
        accountPhone: account.user.phone,
      })
    ).json();
    const edit = {
      name: '自营平价店',
      address: '团甸镇东街 5 号',
      phone: '0417-7207777',
      areaNodeIds: [c.id],
      freeDelivery: true,
      hours: '6:30–20:00',
      minOrder: 10,
    };
    const ok = await account.put(`/api/grocery/shops/${shop.id}`, edit);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      phone: '0417-7207777',
      hours: '6:30–20:00',
      minOrder: 10,
      areas: [c.path],
    });
    expect(ok.json().grant).toEqual([community.path]);
    const outside = await account.put(`/api/grocery/shops/${shop.id}`, {
      ...edit,
      areaNodeIds: [(await t.node('210881')).id],
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.fields[0]).toMatchObject({
      field: 'areaNodeIds.0',
      code: 'GROCERY_AREA_OUTSIDE_GRANT',
    });
    expect((await account.put(`/api/grocery/shops/${shopId}`, edit)).statusCode).toBe(403);
    expect(
      (await account.get('/api/grocery/shops/editable')).json().map((s: { id: number }) => s.id),
    ).toEqual([shop.id]);

    const tofu = await account.post(`/api/grocery/shops/${shop.id}/products`, {
      name: '豆腐',
      unit: '块',
      cost: 2,
    });
    expect(tofu.statusCode, tofu.body).toBe(201);
    expect(
      (await account.post(`/api/grocery/shops/${shopId}/products`, { name: 'x', unit: '块', cost: 1 }))
        .statusCode,
    ).toBe(403);
    const changed = await account.put(`/api/grocery/products/${tofu.json().id}/price`, {
      cost: 2.2,
      fees: { transport: 0.3, packing: 0, loss: 0.05 },
    });
    expect(changed.json().price).toBe(2.55);
    expect(
      (await account.put(`/api/grocery/products/${pack.id}/price`, { cost: 1, fees: {} })).statusCode,
    ).toBe(403);

    // Anyone, signed in or not, reads the price list and the dated history.
    const anonymous = t.anonymous();
    const list = await anonymous.get(`/api/grocery/price-list?shopId=${shop.id}`);
    expect(list.statusCode, list.body).toBe(200);
    const [entry] = list.json();
    expect(entry.shop.name).toBe('自营平价店');
    expect(entry.products[0]).toMatchObject({ name: '豆腐', cost: 2.2, price: 2.55 });
    expect(sum(entry.products[0].breakdown)).toBe(2.55);
    const history = (await anonymous.get(`/api/grocery/products/${tofu.json().id}/price-changes`)).json();
    expect(history).toHaveLength(1);
    expect(history[0].before).toMatchObject({ cost: 2, transport: 0, price: 2 });
    expect(history[0].after).toMatchObject({ cost: 2.2, transport: 0.3, loss: 0.05, price: 2.55 });
    expect(history[0].at).toBeGreaterThan(Date.now() - 60_000);
    const audited = await t.ctx.db
      .selectFrom('audit_log')
      .select('actor_id')
      .where('action', '=', 'grocery.price.change')
      .where('entity_id', '=', String(tofu.json().id))
      .executeTakeFirst();
    expect(Number(audited?.actor_id)).toBe(account.user.id);
  });
});
