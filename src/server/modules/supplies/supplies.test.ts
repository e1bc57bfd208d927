import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import jsQR from 'jsqr';
import { PDFDocument, PDFName, type PDFNumber, PDFRawStream } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, type Client, type TestApp } from '../../../../test/helpers.ts';
import { multipart } from '../../../../test/platform.ts';
import {
  DONATION_COLUMNS,
  type DonationImport,
  type Need,
  type PublicTotals,
  type StockRow,
  type Waybill,
} from '../../../contracts/supplies.ts';
import { inTransaction } from '../../core/db/index.ts';
import type { SuppliesTables } from './supplies.tables.ts';

const CITY = '2108';
const COUNTY = '210881';
const COMMUNITY = '210881117207';
const OTHER_DISTRICT = '210802';
const DAY = 86_400_000;

/** Every image XObject in the PDF, inflated and scaled up to RGBA, read back with jsQR. */
function qrTexts(pdf: PDFDocument): string[] {
  const found: string[] = [];
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue;
    if (object.dict.get(PDFName.of('Subtype')) !== PDFName.of('Image')) continue;
    const size = (object.dict.get(PDFName.of('Width')) as PDFNumber).asNumber();
    const gray = inflateSync(object.contents);
    const scale = 6;
    const side = size * scale;
    const rgba = new Uint8ClampedArray(side * side * 4);
    for (let y = 0; y < side; y += 1)
      for (let x = 0; x < side; x += 1) {
        const v = gray[Math.floor(y / scale) * size + Math.floor(x / scale)]!;
        const o = (y * side + x) * 4;
        rgba[o] = v;
        rgba[o + 1] = v;
        rgba[o + 2] = v;
        rgba[o + 3] = 255;
      }
    const qr = jsQR(rgba, side, side);
    if (qr) found.push(qr.data);
  }
  return found;
}

function pdfText(bytes: Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'xh-supplies-')), 'doc.pdf');
  writeFileSync(file, bytes);
  const out = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  expect(out.status, out.stderr).toBe(0);
  expect(out.stderr).toBe('');
  return out.stdout;
}

describe.each(dialects)('supplies on %s', (dialect) => {
  let t: TestApp;
  let city: Awaited<ReturnType<TestApp['as']>>;
  let county: Client;
  let masks: number;
  let eggs: number;
  let store: number;
  let store2: number;
  let donor: number;
  const db = () => t.ctx.db.withTables<SuppliesTables>();

  const pledge = async (quantity: number, item = masks, at = store, donorId = donor) => {
    const res = await county.post('/api/supplies/pledges', { donorId, itemId: item, storeId: at, quantity });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: number }>().id;
  };
  const receive = async (pledgeId: number, quantity: number) => {
    const res = await county.post(`/api/supplies/pledges/${pledgeId}/receipts`, { quantity });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ movementId: number }>().movementId;
  };
  const stocked = async (quantity: number, item = masks, at = store) =>
    receive(await pledge(quantity, item, at), quantity);
  const need = async (quantity: number, item = masks, extra: Record<string, unknown> = {}) => {
    const res = await county.post('/api/supplies/needs', {
      nodeId: (await t.node(COMMUNITY)).id,
      requesterKind: 'hospital',
      requester: '盖州市中心医院',
      itemId: item,
      quantity,
      dueAt: Date.now() + DAY,
      source: '盖州市卫健局 2020-02-03 通知，已电话核实',
      verifiedBy: '王主任',
      ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Need>();
  };
  const stockRow = async (item: number, at: number) =>
    (await county.get(`/api/supplies/stock?storeId=${at}`)).json<StockRow[]>().find((r) => r.itemId === item);

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    city = await t.as('command_centre', CITY);
    county = await t.as('official', COUNTY);
    masks = (
      await city.post('/api/supplies/items', {
        name: '医用防护口罩',
        unit: '只',
        standard: 'GB 19083-2010',
        category: '防护',
        largeAt: 10000,
      })
    ).json().id;
    eggs = (await city.post('/api/supplies/items', { name: '鸡蛋', unit: '箱', category: '食品' })).json().id;
    const node = (await t.node(COUNTY)).id;
    store = (
      await county.post('/api/supplies/stores', {
        nodeId: node,
        name: '盖州市物资总库',
        address: '盖州市建设路 1 号',
      })
    ).json().id;
    store2 = (await county.post('/api/supplies/stores', { nodeId: node, name: '盖州市二号库' })).json().id;
    donor = (
      await county.post('/api/supplies/donors', { kind: 'company', name: '营口某化工有限公司' })
    ).json().id;
  });
  afterAll(() => t.close());

  it('receives a pledge in several receipts, refuses more than pledged, and cancels the rest', async () => {
    const p = await pledge(1000);
    await receive(p, 400);
    const over = await county.post(`/api/supplies/pledges/${p}/receipts`, { quantity: 700 });
    expect(over.statusCode).toBe(409);
    expect(over.json().error.code).toBe('SUPPLIES_PLEDGE_EXCEEDED');
    await receive(p, 300);
    const cancelled = await county.post(`/api/supplies/pledges/${p}/cancel-rest`);
    expect(cancelled.json()).toMatchObject({ status: 'closed', received: 700, quantity: 1000 });
    const after = await county.post(`/api/supplies/pledges/${p}/receipts`, { quantity: 1 });
    expect(after.json().error.code).toBe('SUPPLIES_PLEDGE_CLOSED');
  });

  it('refuses zero, negative and fractional quantities with a field error, and writes nothing', async () => {
    const p = await pledge(10);
    const allocationNeed = await need(5);
    const before = await db()
      .selectFrom('supplies_movements')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    for (const quantity of [0, -5, 1.5, '3'])
      for (const [url, body] of [
        [`/api/supplies/pledges/${p}/receipts`, { quantity }],
        ['/api/supplies/allocations', { needId: allocationNeed.id, storeId: store, quantity }],
        ['/api/supplies/write-offs', { storeId: store, itemId: masks, quantity, reason: 'damaged' }],
        ['/api/supplies/transfers', { fromStoreId: store, toStoreId: store2, itemId: masks, quantity }],
      ] as const) {
        const res = await county.post(url, body);
        expect(res.statusCode, `${url} ${quantity}`).toBe(400);
        expect(res.json().error.fields.map((f: { field: string }) => f.field)).toContain('quantity');
      }
    const noReason = await county.post('/api/supplies/counts', { storeId: store, itemId: masks, counted: 3 });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields[0].field).toBe('reason');
    const after = await db()
      .selectFrom('supplies_movements')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    expect(Number(after?.n)).toBe(Number(before?.n));
  });

  it('keeps the on-hand balance equal to the sum of the movements for random items and stores', async () => {
    const items = [masks, eggs];
    const stores = [store, store2];
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 60; i += 1) {
      const item = items[rand(2)]!;
      const at = stores[rand(2)]!;
      const op = rand(5);
      if (op === 0) await stocked(1 + rand(50), item, at);
      else if (op === 1)
        await county.post('/api/supplies/transfers', {
          fromStoreId: at,
          toStoreId: at === store ? store2 : store,
          itemId: item,
          quantity: 1 + rand(20),
        });
      else if (op === 2)
        await county.post('/api/supplies/write-offs', {
          storeId: at,
          itemId: item,
          quantity: 1 + rand(5),
          reason: 'expired',
        });
      else if (op === 3) {
        const row = await stockRow(item, at);
        await county.post('/api/supplies/counts', {
          storeId: at,
          itemId: item,
          counted: Math.max(row?.allocated ?? 0, (row?.onHand ?? 0) + rand(7) - 3),
          reason: '月末盘点',
        });
      } else {
        const n = await need(1 + rand(10), item);
        const a = await county.post('/api/supplies/allocations', {
          needId: n.id,
          storeId: at,
          quantity: 1 + rand(10),
        });
        if (a.statusCode === 201 && rand(2) === 0)
          await county.post(`/api/supplies/allocations/${a.json().movementId}/dispatch`);
      }
    }
    const balances = await db().selectFrom('supplies_stock').selectAll().execute();
    const sums = await db()
      .selectFrom('supplies_movements')
      .select((eb) => [
        'store_id',
        'item_id',
        eb.fn.sum('d_on_hand').as('on_hand'),
        eb.fn.sum('d_allocated').as('allocated'),
      ])
      .groupBy(['store_id', 'item_id'])
      .execute();
    expect(balances.length).toBeGreaterThan(0);
    for (const s of sums) {
      const b = balances.find(
        (x) => Number(x.store_id) === Number(s.store_id) && Number(x.item_id) === Number(s.item_id),
      );
      expect(Number(b?.on_hand ?? 0)).toBe(Number(s.on_hand));
      expect(Number(b?.allocated ?? 0)).toBe(Number(s.allocated));
      expect(Number(s.on_hand)).toBeGreaterThanOrEqual(Number(s.allocated));
    }
    expect(balances.every((b) => Number(b.on_hand) >= 0 && Number(b.allocated) >= 0)).toBe(true);
  });

  it('never changes history: a correction is a new row pointing at the one it corrects, once', async () => {
    const p = await pledge(500);
    const wrong = await receive(p, 500); // 50 were counted as 500
    const before = await db().selectFrom('supplies_movements').selectAll().orderBy('id').execute();
    const res = await county.post(`/api/supplies/movements/${wrong}/corrections`, {
      quantity: 50,
      reason: '录入多一个零',
    });
    expect(res.statusCode, res.body).toBe(201);
    const after = await db().selectFrom('supplies_movements').selectAll().orderBy('id').execute();
    expect(after.slice(0, before.length)).toEqual(before);
    const added = after.slice(before.length);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ kind: 'correct', corrects_kind: 'receive', reason: '录入多一个零' });
    expect(Number(added[0]!.corrects_id)).toBe(wrong);
    expect(Number(added[0]!.d_on_hand)).toBe(-450);
    const pledged = (await county.get('/api/supplies/pledges'))
      .json()
      .find((x: { id: number }) => x.id === p);
    expect(pledged.received).toBe(50);
    const again = await county.post(`/api/supplies/movements/${wrong}/corrections`, {
      quantity: 40,
      reason: 'x',
    });
    expect(again.json().error.code).toBe('SUPPLIES_NOT_CORRECTABLE');
    // The correction itself is corrected when it was wrong too: the chain books the difference.
    const chained = await county.post(`/api/supplies/movements/${added[0]!.id}/corrections`, {
      quantity: 40,
      reason: '复核为 40',
    });
    expect(chained.statusCode, chained.body).toBe(201);
    const last = await db()
      .selectFrom('supplies_movements')
      .selectAll()
      .where('id', '=', chained.json().movementId)
      .executeTakeFirstOrThrow();
    expect(Number(last.d_on_hand)).toBe(-10);
    expect(Number(last.corrects_id)).toBe(Number(added[0]!.id));
  });

  it('shows public totals equal to the ledger, thanks donors by name unless anonymous, and moves after a receipt', async () => {
    const anon = (
      await county.post('/api/supplies/donors', { kind: 'person', name: '张某某', anonymous: true })
    ).json().id;
    await receive(await pledge(30, eggs, store, anon), 30);
    const anonymous = t.anonymous();
    const first = (await anonymous.get('/api/public/supplies/totals')).json<PublicTotals>();
    const ledger = await db().selectFrom('supplies_movements').selectAll().execute();
    for (const item of first.items) {
      const received = ledger
        .filter(
          (m) => Number(m.item_id) === item.itemId && (m.kind === 'receive' || m.corrects_kind === 'receive'),
        )
        .reduce((s, m) => s + Number(m.d_on_hand), 0);
      const delivered = ledger
        .filter((m) => Number(m.item_id) === item.itemId && m.kind === 'deliver')
        .reduce((s, m) => s + Number(m.quantity), 0);
      expect([item.itemId, item.received, item.delivered]).toEqual([item.itemId, received, delivered]);
    }
    expect(first.donors.map((d) => d.name)).toContain('营口某化工有限公司');
    expect(first.donors.map((d) => d.name)).not.toContain('张某某');
    expect(first.anonymousDonors).toBeGreaterThanOrEqual(1);
    // Served from the cache until a ledger row is written, then at once the new sum. (On
    // PostgreSQL the earlier receipts' events may still arrive and drop it once more: wait for calm.)
    await expect
      .poll(async () => {
        const a = (await anonymous.get('/api/public/supplies/totals')).json<PublicTotals>().asOf;
        const b = (await anonymous.get('/api/public/supplies/totals')).json<PublicTotals>().asOf;
        return a === b;
      })
      .toBe(true);
    await receive(await pledge(25, eggs), 25);
    const moved = (await anonymous.get('/api/public/supplies/totals')).json<PublicTotals>();
    const eggsOf = (x: PublicTotals) => x.items.find((i) => i.itemId === eggs)!.received;
    expect(eggsOf(moved)).toBe(eggsOf(first) + 25);
  });

  it('drops the cached public totals when a ledger row is written behind the service (another instance)', async () => {
    const anonymous = t.anonymous();
    const first = (await anonymous.get('/api/public/supplies/totals')).json<PublicTotals>();
    // Another instance's receipt reaches this one only as an event on the bus.
    const path = (await t.node(COUNTY)).path;
    await inTransaction(t.ctx.db, async (trx) => {
      await trx
        .withTables<SuppliesTables>()
        .insertInto('supplies_movements')
        .values({
          kind: 'receive',
          item_id: eggs,
          store_id: store,
          node_path: path,
          quantity: 5,
          d_on_hand: 5,
          d_allocated: 0,
          pledge_id: null,
          donor_id: donor,
          need_id: null,
          allocation_id: null,
          waybill_id: null,
          other_store_id: null,
          corrects_id: null,
          corrects_kind: null,
          reason: null,
          created_by: city.user.id,
          created_at: Date.now(),
        })
        .execute();
      await trx
        .withTables<SuppliesTables>()
        .updateTable('supplies_stock')
        .set((eb) => ({ on_hand: eb('on_hand', '+', 5) }))
        .where('store_id', '=', store)
        .where('item_id', '=', eggs)
        .execute();
      await t.ctx.events.append(trx, { type: 'supplies.movement', nodePath: path, payload: {} });
    });
    const eggsOf = (x: PublicTotals) => x.items.find((i) => i.itemId === eggs)!.received;
    await expect
      .poll(async () => eggsOf((await anonymous.get('/api/public/supplies/totals')).json<PublicTotals>()), {
        timeout: 5000,
      })
      .toBe(eggsOf(first) + 5);
  });

  it('allocates exactly the last 10 units among 100 concurrent allocations, and stock never goes negative', async () => {
    const item = (
      await city.post('/api/supplies/items', { name: '暖宝宝', unit: '片', category: '保暖' })
    ).json().id;
    await stocked(10, item, store);
    const n = await need(1000, item);
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        county.post('/api/supplies/allocations', { needId: n.id, storeId: store, quantity: 1 }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(10);
    const refused = results.filter((r) => r.statusCode !== 201);
    expect(refused).toHaveLength(90);
    expect(refused.every((r) => r.json().error.code === 'SUPPLIES_INSUFFICIENT_STOCK')).toBe(true);
    expect(await stockRow(item, store)).toMatchObject({ onHand: 10, allocated: 10, available: 0 });
    const rows = await db()
      .selectFrom('supplies_movements')
      .select('id')
      .where('item_id', '=', item)
      .where('kind', '=', 'allocate')
      .execute();
    expect(rows).toHaveLength(10);
    expect(
      (await county.get('/api/supplies/needs')).json<Need[]>().find((x) => x.id === n.id)?.allocated,
    ).toBe(10);
  });

  it('dispatches on a waybill PDF whose QR opens the sign-off; the receiver signs on a phone and the need is met', async () => {
    await stocked(200, masks, store2);
    const before = (await stockRow(masks, store2))!;
    const n = await need(120);
    const a = (
      await county.post('/api/supplies/allocations', { needId: n.id, storeId: store2, quantity: 120 })
    ).json();
    const w = await county.post(`/api/supplies/allocations/${a.movementId}/dispatch`);
    expect(w.statusCode, w.body).toBe(201);
    const waybill = w.json<Waybill>();
    const twice = await county.post(`/api/supplies/allocations/${a.movementId}/dispatch`);
    expect(twice.json().error.code).toBe('SUPPLIES_ALREADY_DISPATCHED');
    expect(await stockRow(masks, store2)).toMatchObject({
      onHand: before.onHand - 120,
      allocated: before.allocated,
    });

    const pdf = await county.get(`/api/supplies/waybills/${waybill.id}/waybill.pdf`);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain('医用防护口罩');
    expect(text).toContain('120 只');
    expect(text).toContain('盖州市中心医院');
    expect(text).toContain(`签收码 ${waybill.code}`);
    const qr = qrTexts(await PDFDocument.load(pdf.rawPayload));
    expect(qr).toHaveLength(1);
    expect(qr[0]).toMatch(new RegExp(`/sign/${waybill.token}$`));

    const receiver = t.anonymous();
    const shown = await receiver.get(`/api/public/supplies/waybills/${waybill.token}`);
    expect(shown.json()).toMatchObject({ quantity: 120, status: 'dispatched' });
    expect(shown.json().code).toBeUndefined();
    const unsigned = await receiver.post(`/api/public/supplies/waybills/${waybill.token}/sign`, {
      signerName: '李护士长',
    });
    expect(unsigned.json().error.code).toBe('SUPPLIES_SIGNATURE_REQUIRED');
    const wrong = await receiver.post(`/api/public/supplies/waybills/${waybill.token}/sign`, {
      signerName: '李护士长',
      code: waybill.code === '000000' ? '111111' : '000000',
    });
    expect(wrong.json().error.code).toBe('SUPPLIES_WRONG_CODE');
    const png =
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
    const signed = await receiver.post(`/api/public/supplies/waybills/${waybill.token}/sign`, {
      signerName: '李护士长',
      signature: png,
    });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'delivered', signerName: '李护士长', signedVia: 'drawn' });
    const again = await receiver.post(`/api/public/supplies/waybills/${waybill.token}/sign`, {
      signerName: '李护士长',
      signature: png,
    });
    expect(again.json().error.code).toBe('SUPPLIES_ALREADY_DELIVERED');
    const met = (await county.get('/api/supplies/needs')).json<Need[]>().find((x) => x.id === n.id)!;
    expect(met).toMatchObject({ status: 'met', delivered: 120 });
    const events = await t.ctx.db
      .selectFrom('events')
      .select('type')
      .where('type', '=', 'supplies.need-met')
      .execute();
    expect(events.length).toBeGreaterThanOrEqual(1);
  });

  it('keeps stores of one district out of another official’s reach, and lets a volunteer neither receive nor count', async () => {
    const other = await t.as('official', OTHER_DISTRICT);
    expect((await other.get(`/api/supplies/stock?storeId=${store}`)).statusCode).toBe(404);
    expect(
      (
        await other.post('/api/supplies/write-offs', {
          storeId: store,
          itemId: masks,
          quantity: 1,
          reason: 'damaged',
        })
      ).statusCode,
    ).toBe(404);
    expect((await other.get('/api/supplies/stores')).json()).toEqual([]);
    const volunteer = await t.as('volunteer', COMMUNITY);
    expect(
      (
        await volunteer.post('/api/supplies/counts', {
          storeId: store,
          itemId: masks,
          counted: 1,
          reason: 'x',
        })
      ).statusCode,
    ).toBe(403);
    expect((await t.anonymous().get('/api/supplies/stock')).statusCode).toBe(401);
  });

  it('exports the ledger as a workbook and prints a donor’s certificate from the receipts', async () => {
    const res = await county.get('/api/supplies/ledger.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('台账')!;
    const ledger = (await county.get('/api/supplies/ledger?limit=500')).json<Array<{ id: number }>>();
    expect(ws.rowCount - 1).toBe(ledger.length);
    expect(ws.getRow(2).getCell(1).value).toBe(ledger[0]!.id);
    const cert = await county.get(`/api/supplies/donors/${donor}/certificate.pdf`);
    expect(cert.statusCode).toBe(200);
    const text = pdfText(cert.rawPayload);
    expect(text).toContain('营口某化工有限公司');
    expect(text).toContain('医用防护口罩');
  });

  it('imports a donation list: good rows pledged and stocked, bad rows named with field and reason, nothing half-written', async () => {
    const at = (
      await county.post('/api/supplies/stores', { nodeId: (await t.node(COUNTY)).id, name: '盖州市导入库' })
    ).json().id;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('捐赠清单');
    ws.addRow([...DONATION_COLUMNS]);
    ws.addRow(['营口某药业有限公司', '企业', '否', '医用防护口罩', 'GB 19083-2010', 2000, 1500, '首批']);
    ws.addRow(['张先生', '个人', '是', '鸡蛋', '', 30, 30, '']);
    ws.addRow(['', '企业', '否', '鸡蛋', '', 5, 0, '']);
    ws.addRow(['某商会', '协会', '否', '鸡蛋', '', 5, 0, '']);
    ws.addRow(['某商会', '组织', '否', '消毒液（未入目录）', '', 5, 0, '']);
    ws.addRow(['某商会', '组织', '否', '鸡蛋', '', 0, 0, '']);
    ws.addRow(['某商会', '组织', '否', '鸡蛋', '', 10, 12, '']);
    ws.addRow(['某商会', '组织', '否', '鸡蛋', '', '1.5', '', '']);
    ws.addRow(['营口某药业有限公司', 'company', '', '鸡蛋', '', 8, '', '']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const before = await db()
      .selectFrom('supplies_movements')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    const { payload, headers } = multipart('donations.xlsx', bytes);
    const res = await county.post(`/api/supplies/stores/${at}/imports`, payload, headers);
    expect(res.statusCode, res.body).toBe(201);
    const report = res.json<DonationImport>();
    expect(report).toMatchObject({ rowsRead: 9, imported: 3, rejected: 6, repeated: false });
    expect(report.errors.map(({ row, field, code }) => ({ row, field, code }))).toEqual([
      { row: 4, field: 'donor', code: 'MISSING_FIELD' },
      { row: 5, field: 'donorKind', code: 'BAD_DONOR_KIND' },
      { row: 6, field: 'item', code: 'UNKNOWN_ITEM' },
      { row: 7, field: 'quantity', code: 'BAD_QUANTITY' },
      { row: 8, field: 'received', code: 'RECEIVED_ABOVE_PLEDGED' },
      { row: 9, field: 'quantity', code: 'BAD_QUANTITY' },
    ]);
    // Good rows: three pledges, two receipts; the company donating twice is one donor.
    expect(await stockRow(masks, at)).toMatchObject({ onHand: 1500 });
    expect(await stockRow(eggs, at)).toMatchObject({ onHand: 30 });
    const pledges = await db()
      .selectFrom('supplies_pledges')
      .selectAll()
      .where('store_id', '=', at)
      .execute();
    expect(pledges.map((p) => [Number(p.quantity), Number(p.received), p.status])).toEqual([
      [2000, 1500, 'open'],
      [30, 30, 'received'],
      [8, 0, 'open'],
    ]);
    expect(new Set(pledges.map((p) => Number(p.donor_id))).size).toBe(2);
    const after = await db()
      .selectFrom('supplies_movements')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    expect(Number(after?.n) - Number(before?.n)).toBe(2);

    // The same file again (a retry): the first report, nothing booked twice.
    const again = await county.post(`/api/supplies/stores/${at}/imports`, payload, headers);
    expect(again.json<DonationImport>()).toMatchObject({ id: report.id, imported: 3, repeated: true });
    expect(await stockRow(masks, at)).toMatchObject({ onHand: 1500 });
  });

  it('refuses a donation list whose header is not the template, writing nothing', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('捐赠清单');
    ws.addRow(['物资', '捐赠方', '数量']);
    ws.addRow(['鸡蛋', '某公司', 10]);
    const { payload, headers } = multipart('bad.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const res = await county.post(`/api/supplies/stores/${store}/imports`, payload, headers);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'IMPORT_BAD_HEADER', fields: [{ field: 'file' }] });
    const imports = await db()
      .selectFrom('supplies_imports')
      .selectAll()
      .where('store_id', '=', store)
      .execute();
    expect(imports).toEqual([]);
  });

  it('releases an allocation back to the shelf once, and then refuses to dispatch it', async () => {
    const at = (
      await county.post('/api/supplies/stores', { nodeId: (await t.node(COUNTY)).id, name: '盖州市周转库' })
    ).json().id;
    await stocked(20, eggs, at);
    const n = await need(15, eggs);
    const allocated = await county.post('/api/supplies/allocations', {
      needId: n.id,
      storeId: at,
      quantity: 12,
    });
    const allocationId = allocated.json().movementId;
    expect(await stockRow(eggs, at)).toMatchObject({ onHand: 20, allocated: 12 });
    const released = await county.post(`/api/supplies/allocations/${allocationId}/release`, {
      reason: '医院已从别处获得',
    });
    expect(released.statusCode, released.body).toBe(201);
    expect(released.json().need).toMatchObject({ allocated: 0, status: 'open' });
    expect(await stockRow(eggs, at)).toMatchObject({ onHand: 20, allocated: 0 });
    const twice = await county.post(`/api/supplies/allocations/${allocationId}/release`, { reason: 'x' });
    expect(twice.json().error.code).toBe('SUPPLIES_ALLOCATION_CLOSED');
    const dispatch = await county.post(`/api/supplies/allocations/${allocationId}/dispatch`);
    expect(dispatch.json().error.code).toBe('SUPPLIES_ALLOCATION_CLOSED');
    const open = (await county.get('/api/supplies/allocations/open')).json<Array<{ id: number }>>();
    expect(open.map((a) => a.id)).not.toContain(allocationId);
    const noReason = await county.post(`/api/supplies/allocations/${allocationId}/release`, {});
    expect(noReason.json().error.fields[0].field).toBe('reason');
  });

  it('withdraws an open need, releasing its undispatched allocations, and refuses a met one', async () => {
    const at = (
      await county.post('/api/supplies/stores', { nodeId: (await t.node(COUNTY)).id, name: '盖州市备用库' })
    ).json().id;
    await stocked(10, masks, at);
    const n = await need(8);
    await county.post('/api/supplies/allocations', { needId: n.id, storeId: at, quantity: 6 });
    const res = await county.post(`/api/supplies/needs/${n.id}/withdraw`, { reason: '重复登记' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Need>()).toMatchObject({ status: 'withdrawn', allocated: 0, longUnmet: false });
    expect(await stockRow(masks, at)).toMatchObject({ onHand: 10, allocated: 0 });
    const publicIds = (await t.anonymous().get('/api/public/supplies/needs')).json<Need[]>().map((x) => x.id);
    expect(publicIds).not.toContain(n.id);
    const again = await county.post(`/api/supplies/needs/${n.id}/withdraw`, { reason: '重复登记' });
    expect(again.json().error.code).toBe('SUPPLIES_NEED_CLOSED');
  });
});
