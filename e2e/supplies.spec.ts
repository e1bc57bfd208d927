import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DONATION_COLUMNS } from '../src/contracts/supplies.ts';
import { SuppliesRepository } from '../src/server/modules/supplies/supplies.repository.ts';
import type { SuppliesTables } from '../src/server/modules/supplies/supplies.tables.ts';
import { loginAs, newPage, pickOption, startE2E } from './support.ts';

const CENTRE = '13800000001';

/** antd puts a test id on the input itself or on its wrapper, depending on the component. */
const numberInput = (page: Page, id: string) =>
  page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first();
const DAY = 86_400_000;

describe('donations ledger in the browser', () => {
  let env: Awaited<ReturnType<typeof startE2E>>;
  beforeAll(async () => {
    env = await startE2E();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('a pledge received in part is allocated to a hospital need, dispatched, signed for on a phone, and the public total moves', async () => {
    const ctx = env.server.ctx;
    const db = ctx.db.withTables<SuppliesTables>();
    const repo = new SuppliesRepository(ctx.db);
    const store = await db
      .selectFrom('supplies_stores')
      .selectAll()
      .where('name', '=', '营口市捐赠物资总库')
      .executeTakeFirstOrThrow();
    const donor = await db
      .selectFrom('supplies_donors')
      .select('id')
      .where('name', '=', '营口市慈善总会')
      .executeTakeFirstOrThrow();
    const hospital = await ctx.db
      .selectFrom('nodes')
      .select(['id', 'path'])
      .where('code', '=', '210802')
      .executeTakeFirstOrThrow();
    const centreId = Number(
      (await ctx.db.selectFrom('users').select('id').where('phone', '=', CENTRE).executeTakeFirstOrThrow())
        .id,
    );
    const itemId = await repo.insertItem(ctx.db, {
      name: '医用护目镜',
      unit: '副',
      standard: 'GB 14866-2006',
      category: '防护',
      large_at: null,
    });
    const pledgeId = await repo.insertPledge(ctx.db, {
      donor_id: Number(donor.id),
      item_id: itemId,
      store_id: Number(store.id),
      node_path: store.node_path,
      quantity: 500,
      received: 0,
      status: 'open',
      note: '',
      created_by: centreId,
      created_at: Date.now(),
      closed_at: null,
    });
    const needId = await repo.insertNeed(ctx.db, {
      node_id: Number(hospital.id),
      node_path: hospital.path,
      requester_kind: 'hospital',
      requester: '营口市中心医院发热门诊',
      item_id: itemId,
      quantity: 300,
      allocated: 0,
      delivered: 0,
      due_at: Date.now() + DAY,
      source: '医院物资需求函，已电话核实',
      verified_by: '市指挥部物资组',
      status: 'open',
      met_at: null,
      created_by: centreId,
      created_at: Date.now(),
    });

    const visitor = (await newPage(env.browser, env.server)).page;
    await visitor.goto('/public/donations');
    await visitor.getByText('营口市慈善总会').first().waitFor();
    expect(await visitor.getByTestId('total-received-医用护目镜').count()).toBe(0);

    const centre = (await newPage(env.browser, env.server)).page;
    await loginAs(centre, CENTRE);
    await centre.goto('/supplies');
    await numberInput(centre, `receive-qty-${pledgeId}`).fill('300');
    await centre.getByTestId(`receive-${pledgeId}`).click();
    await expect.poll(() => centre.getByTestId(`received-${pledgeId}`).textContent()).toBe('300');

    await centre.goto('/supplies/needs');
    await pickOption(centre, `allocate-store-${needId}`, '', '营口市捐赠物资总库');
    await numberInput(centre, `allocate-qty-${needId}`).fill('300');
    await centre.getByTestId(`allocate-${needId}`).click();
    await expect.poll(() => centre.getByTestId(`allocate-${needId}`).count()).toBe(0);

    const allocation = await db
      .selectFrom('supplies_movements')
      .select('id')
      .where('kind', '=', 'allocate')
      .where('need_id', '=', needId)
      .executeTakeFirstOrThrow();
    await centre.goto('/supplies/dispatch');
    await centre.getByTestId(`dispatch-${allocation.id}`).click();
    const waybill = await expect
      .poll(() =>
        db
          .selectFrom('supplies_waybills')
          .selectAll()
          .where('allocation_id', '=', allocation.id)
          .executeTakeFirst(),
      )
      .toBeTruthy()
      .then(() =>
        db
          .selectFrom('supplies_waybills')
          .selectAll()
          .where('allocation_id', '=', allocation.id)
          .executeTakeFirstOrThrow(),
      );
    await centre.getByTestId(`waybill-status-${waybill.id}`).waitFor();

    // The receiver scans the QR: the sign-off page opens on their phone without an account.
    const phone = (await newPage(env.browser, env.server, { viewport: 'phone' })).page;
    await phone.goto(`/sign/${waybill.token}`);
    await expect.poll(() => phone.getByTestId('sign-item').textContent()).toBe('医用护目镜 300 副');
    await phone.getByTestId('signer-name').fill('李护士长');
    const pad = await phone.getByTestId('signature-pad').boundingBox();
    await phone.mouse.move(pad!.x + 20, pad!.y + 40);
    await phone.mouse.down();
    await phone.mouse.move(pad!.x + 120, pad!.y + 100, { steps: 8 });
    await phone.mouse.move(pad!.x + 220, pad!.y + 50, { steps: 8 });
    await phone.mouse.up();
    await phone.getByTestId('confirm-sign').click();
    await expect.poll(() => phone.getByTestId('signed').textContent()).toContain('李护士长');

    const signed = await db
      .selectFrom('supplies_waybills')
      .selectAll()
      .where('id', '=', waybill.id)
      .executeTakeFirstOrThrow();
    expect(signed).toMatchObject({ status: 'delivered', signer_name: '李护士长', signed_via: 'drawn' });
    expect(signed.signature).toMatch(/^data:image\/png;base64,/);
    const need = await db
      .selectFrom('supplies_needs')
      .selectAll()
      .where('id', '=', needId)
      .executeTakeFirstOrThrow();
    expect(need.status).toBe('met');

    await centre.reload();
    await expect
      .poll(() => centre.getByTestId(`waybill-status-${waybill.id}`).textContent())
      .toContain('李护士长');

    await visitor.reload();
    await expect.poll(() => visitor.getByTestId('total-received-医用护目镜').textContent()).toBe('300 副');
  }, 180_000);
  it('imports a donation list with a row report, transfers, writes off, counts on a phone, releases an allocation and withdraws a need', async () => {
    const ctx = env.server.ctx;
    const db = ctx.db.withTables<SuppliesTables>();
    const repo = new SuppliesRepository(ctx.db);
    const storeId = async (name: string) =>
      Number(
        (
          await db
            .selectFrom('supplies_stores')
            .select('id')
            .where('name', '=', name)
            .executeTakeFirstOrThrow()
        ).id,
      );
    const main = await storeId('营口市捐赠物资总库');
    const gaizhou = await storeId('盖州市物资库');
    const itemId = await repo.insertItem(ctx.db, {
      name: '医用隔离衣',
      unit: '件',
      standard: 'YY/T 1499-2016',
      category: '防护',
      large_at: null,
    });
    const onHand = async (store: number) => {
      const row = await repo.stockOf(store, itemId);
      return { onHand: Number(row?.on_hand ?? 0), allocated: Number(row?.allocated ?? 0) };
    };

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('捐赠清单');
    ws.addRow([...DONATION_COLUMNS]);
    ws.addRow(['营口某医疗器械有限公司', '企业', '否', '医用隔离衣', '', 100, 100, '']);
    ws.addRow(['王女士', '个人', '否', '医用隔离衣', '', 0, 0, '']);
    const file = join(mkdtempSync(join(tmpdir(), 'xh-e2e-supplies-')), 'donations.xlsx');
    await wb.xlsx.writeFile(file);

    const centre = (await newPage(env.browser, env.server)).page;
    await loginAs(centre, CENTRE);
    await centre.goto('/supplies');
    await pickOption(centre, 'import-store', '', '营口市捐赠物资总库');
    await centre.locator('input[type="file"]').setInputFiles(file);
    await expect
      .poll(() => centre.getByTestId('import-summary').textContent())
      .toContain('导入 1 行，退回 1 行');
    const report = await centre.getByTestId('import-errors').textContent();
    expect(report).toContain('认捐数量');
    expect(report).toContain('数量应为大于零的整数');
    expect(await onHand(main)).toEqual({ onHand: 100, allocated: 0 });

    await pickOption(centre, 'movement-store', '', '营口市捐赠物资总库');
    await pickOption(centre, 'movement-to-store', '', '盖州市物资库');
    await pickOption(centre, 'movement-item', '隔离衣', '医用隔离衣');
    await numberInput(centre, 'movement-quantity').fill('30');
    await centre.getByTestId('movement-submit').click();
    await expect.poll(() => onHand(gaizhou)).toEqual({ onHand: 30, allocated: 0 });
    expect(await onHand(main)).toEqual({ onHand: 70, allocated: 0 });

    await centre.locator('[data-testid="movement-action"] label').filter({ hasText: '报损' }).click();
    await numberInput(centre, 'movement-quantity').fill('5');
    await pickOption(centre, 'movement-write-off-reason', '', '损坏');
    await centre.getByTestId('movement-reason').fill('运输途中破损');
    await centre.getByTestId('movement-submit').click();
    await expect.poll(() => onHand(main)).toEqual({ onHand: 65, allocated: 0 });

    // The keeper counts the shelf with a phone in hand; without a reason the count is refused.
    const keeper = (await newPage(env.browser, env.server, { viewport: 'phone' })).page;
    await loginAs(keeper, CENTRE);
    await keeper.goto('/supplies');
    await keeper.locator('[data-testid="movement-action"] label').filter({ hasText: '盘点' }).click();
    await pickOption(keeper, 'movement-store', '', '营口市捐赠物资总库');
    await pickOption(keeper, 'movement-item', '隔离衣', '医用隔离衣');
    await numberInput(keeper, 'movement-counted').fill('60');
    await keeper.getByTestId('movement-submit').click();
    await keeper.locator('.ant-form-item-explain-error').first().waitFor();
    expect(await onHand(main)).toEqual({ onHand: 65, allocated: 0 });
    await keeper.getByTestId('movement-reason').fill('周盘点：少 5 件');
    await keeper.getByTestId('movement-submit').click();
    await expect.poll(() => onHand(main)).toEqual({ onHand: 60, allocated: 0 });
    const adjust = await db
      .selectFrom('supplies_movements')
      .selectAll()
      .where('kind', '=', 'adjust')
      .where('item_id', '=', itemId)
      .executeTakeFirstOrThrow();
    expect(adjust).toMatchObject({ reason: '周盘点：少 5 件' });
    expect(Number(adjust.d_on_hand)).toBe(-5);

    const hospital = await ctx.db
      .selectFrom('nodes')
      .select(['id', 'path'])
      .where('code', '=', '210802')
      .executeTakeFirstOrThrow();
    const newNeed = (requester: string) =>
      repo.insertNeed(ctx.db, {
        node_id: Number(hospital.id),
        node_path: hospital.path,
        requester_kind: 'hospital',
        requester,
        item_id: itemId,
        quantity: 20,
        allocated: 0,
        delivered: 0,
        due_at: Date.now() + DAY,
        source: '医院物资需求函，已电话核实',
        verified_by: '市指挥部物资组',
        status: 'open',
        met_at: null,
        created_by: 1,
        created_at: Date.now(),
      });
    const released = await newNeed('营口市第二人民医院');
    const withdrawn = await newNeed('营口市第三人民医院');

    await centre.goto('/supplies/needs');
    await pickOption(centre, `allocate-store-${released}`, '', '营口市捐赠物资总库');
    await numberInput(centre, `allocate-qty-${released}`).fill('20');
    await centre.getByTestId(`allocate-${released}`).click();
    await expect.poll(() => onHand(main)).toEqual({ onHand: 60, allocated: 20 });
    const allocation = await db
      .selectFrom('supplies_movements')
      .select('id')
      .where('kind', '=', 'allocate')
      .where('need_id', '=', released)
      .executeTakeFirstOrThrow();

    await centre.goto('/supplies/dispatch');
    await centre.getByTestId(`release-${allocation.id}`).click();
    await centre.getByTestId(`release-${allocation.id}-reason`).fill('医院已从别处获得');
    await centre.locator(`#release-${allocation.id}-ok`).click();
    await expect.poll(() => centre.getByTestId(`dispatch-${allocation.id}`).count()).toBe(0);
    expect(await onHand(main)).toEqual({ onHand: 60, allocated: 0 });

    await centre.goto('/supplies/needs');
    await centre.getByTestId(`withdraw-${withdrawn}`).click();
    await centre.getByTestId(`withdraw-${withdrawn}-reason`).fill('重复登记');
    await centre.locator(`#withdraw-${withdrawn}-ok`).click();
    await expect
      .poll(() => centre.getByTestId(`need-${withdrawn}`).getAttribute('data-status'))
      .toBe('withdrawn');
  }, 240_000);
});
