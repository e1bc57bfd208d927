import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, newPage, startE2E } from './support.ts';

const OFFICIAL_JIATUN = '13800000004';
const VOLUNTEER_JIATUN = '13800000005';
const RESIDENT_JIATUN = '13800000010';
/** The demo enterprise account doubles as the new shop's own account. */
const SHOP_ACCOUNT = '13800000011';
const SHOP = '贾屯平价菜店';

async function field(page: Page, label: string, value: string) {
  await page.locator('.ant-modal:visible').getByLabel(label, { exact: true }).fill(value);
}

describe('zero-markup grocery in the browser', () => {
  let env: Awaited<ReturnType<typeof startE2E>>;
  beforeAll(async () => {
    env = await startE2E();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('an official opens a cycle, a resident orders on a phone and sees the fees, the cap closes it, the shop sees its packing sheet, a volunteer delivers and the resident sees it live', async () => {
    // The official registers a shop with its own account, prices a pack and opens a one-order cycle.
    const { page: official, context: officialContext } = await newPage(env.browser, env.server);
    // The machine this runs on is shared; the first load of a page can take longer than 15 s.
    officialContext.setDefaultTimeout(60_000);
    await loginAs(official, OFFICIAL_JIATUN);
    await official.goto('/grocery/cycles');
    await official.getByTestId('new-shop').click();
    await field(official, '名称', SHOP);
    await field(official, '地址', '贾屯村委会西 20 米');
    await field(official, '电话', '0417-7209999');
    await field(official, '超市账号手机号（可选）', SHOP_ACCOUNT);
    await official.getByTestId('shop-save').click();
    const shopRow = official.getByTestId('shops-table').locator('tr').filter({ hasText: SHOP });
    await shopRow.waitFor();
    await shopRow.locator('.ant-table-row-expand-icon').click();
    await official.getByTestId('product-name').fill('蔬菜包 A');
    await official.getByTestId('product-unit').fill('袋');
    await official.getByTestId('product-cost').fill('25.8');
    await official.getByTestId('product-transport').fill('1.5');
    await official.getByTestId('product-packing').fill('0.5');
    await official.getByTestId('product-loss').fill('0.2');
    await official.getByTestId('add-product').click();
    await official.getByText('¥28.00').first().waitFor();

    await official.getByTestId('new-cycle').click();
    await official.getByTestId('cycle-shop').click();
    await official
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: SHOP })
      .click();
    await field(official, '团期', '第 1 期');
    await official.locator('.ant-modal:visible').getByLabel('订单上限').fill('1');
    await official.locator('.ant-modal:visible').getByText('蔬菜包 A（¥28.00）限量').waitFor();
    await official.getByTestId('cycle-save').click();
    const cycleLink = official.getByTestId('cycles-table').getByRole('link', { name: `${SHOP} · 第 1 期` });
    await cycleLink.click();
    await official.waitForURL(/\/grocery\/cycles\/\d+$/);
    await official.getByTestId('close-cycle').waitFor();
    const cyclePath = new URL(official.url()).pathname;

    // The resident orders from a phone and sees each fee on its own line, no margin line.
    const { page: resident, context: residentContext } = await newPage(env.browser, env.server, {
      viewport: 'phone',
    });
    residentContext.setDefaultTimeout(60_000);
    await loginAs(resident, RESIDENT_JIATUN);
    await resident.goto('/grocery');
    const card = resident.locator('.ant-card').filter({ hasText: `${SHOP} · 第 1 期` });
    await card.getByLabel('蔬菜包 A').fill('1');
    for (const [fee, amount] of [
      ['cost', '¥25.80'],
      ['transport', '¥1.50'],
      ['packing', '¥0.50'],
      ['loss', '¥0.20'],
    ])
      expect(await card.locator(`[data-fee=${fee}]`).first().textContent()).toContain(amount);
    expect(await card.locator('[data-fee=margin]').count()).toBe(0);
    await card.getByRole('button', { name: /下单/ }).click();
    const mine = resident
      .locator('.ant-card')
      .filter({ has: resident.locator('[data-testid^=order-status-]') });
    const status = mine.filter({ hasText: SHOP }).locator('[data-testid^=order-status-]');
    await status.filter({ hasText: '待配送' }).waitFor();
    expect(await mine.filter({ hasText: SHOP }).getByTestId('fee-total').textContent()).toBe('¥28.00');

    // The order cap closed the cycle by itself; the shop's account sees it and its packing sheet.
    const { page: shop, context: shopContext } = await newPage(env.browser, env.server);
    shopContext.setDefaultTimeout(60_000);
    await loginAs(shop, SHOP_ACCOUNT);
    await shop.goto('/grocery/cycles');
    await shop.getByTestId('cycles-table').getByText('订单满额').waitFor();
    await shop
      .getByTestId('cycles-table')
      .getByRole('link', { name: `${SHOP} · 第 1 期` })
      .click();
    await shop.getByTestId('packing-sheet').waitFor();
    expect(await shop.getByTestId('packing-qty').first().textContent()).toBe('1');
    await shop.getByTestId('print-packing').waitFor();
    expect(await shop.getByTestId('close-cycle').count()).toBe(0);

    // The official hands the order to the village volunteer.
    await official.goto(cyclePath);
    await official.getByText('订单满额').waitFor();
    await official.getByRole('tab', { name: '配送清单' }).click();
    await official
      .getByTestId('delivery-list')
      .locator('tr.ant-table-row .ant-table-selection-column')
      .first()
      .click();
    await official.getByPlaceholder('批次名称').fill('贾屯一组');
    await official.getByTestId('courier-phone').fill(VOLUNTEER_JIATUN);
    await official.getByTestId('assign-batch').click();
    await official.getByTestId('delivery-list').getByText('已分派').waitFor();

    // The volunteer marks it delivered from a phone; the resident's page changes without a reload.
    const { page: volunteer, context: volunteerContext } = await newPage(env.browser, env.server, {
      viewport: 'phone',
    });
    volunteerContext.setDefaultTimeout(60_000);
    await loginAs(volunteer, VOLUNTEER_JIATUN);
    await volunteer.goto('/grocery/deliveries');
    const batch = volunteer.locator('.ant-card').filter({ hasText: '贾屯一组' });
    await batch.locator('[data-testid^=delivered-]').first().click();
    await batch.getByText('已送达').waitFor();
    await status.filter({ hasText: '已送达' }).waitFor();
  }, 300_000);

  it('anyone opens the public price list on a phone, without signing in, and sees every sale price beside its cost and fees', async () => {
    const { page } = await newPage(env.browser, env.server, { viewport: 'phone' });
    await page.goto('/grocery/prices');
    const row = page.getByTestId('price-shop').first().locator('tr').filter({ hasText: '蔬菜包 A' });
    await row.waitFor();
    const cells = await row.locator('td').allInnerTexts();
    const money = cells.filter((c) => c.startsWith('¥')).map((c) => Number(c.slice(1)));
    // Sale first, then cost, transport, packing and loss: the sale is their sum, no margin line.
    const [sale, ...parts] = money;
    expect(parts).toHaveLength(4);
    expect(sale).toBeCloseTo(
      parts.reduce((a, b) => a + b, 0),
      2,
    );
    const saleCell = row.locator('td strong');
    await expect.poll(() => saleCell.isVisible()).toBe(true);
    const box = await saleCell.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  }, 120_000);
});
