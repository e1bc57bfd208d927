import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckDigit } from '../src/contracts/alliance.ts';
import { loginAs, newPage, startE2E } from './support.ts';

const OFFICIAL_JIATUN = '13800000004';
const RESIDENT_JIATUN = '13800000010';
const CENTRE = '13800000001';

function field(page: Page, testId: string) {
  return page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
}

describe('returnees in the browser', () => {
  let env: Awaited<ReturnType<typeof startE2E>>;

  beforeAll(async () => {
    env = await startE2E();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('a village cadre on a phone registers a returnee, starts home isolation and records a 37.6 visit that shows as not well', async () => {
    const { page } = await newPage(env.browser, env.server, { viewport: 'phone' });
    await loginAs(page, OFFICIAL_JIATUN);
    await page.goto('/returnees');
    // The demo's returnees of 贾屯村 are listed, identities masked.
    await page.getByTestId('returnee-table').getByText('赵春生').waitFor();
    expect(await page.getByTestId('returnee-table').textContent()).not.toMatch(/\d{17}[\dX]/);

    await page.getByTestId('returnee-add').click();
    const first17 = '21088119850315123';
    await field(page, 'returnee-name').fill('冯晓东');
    await field(page, 'returnee-id').fill(first17 + idCheckDigit(first17));
    await field(page, 'returnee-phone').fill('13904171234');
    await page.getByTestId('returnee-from').click();
    await page.keyboard.type('武汉');
    await page.locator('.ant-select-item-option').filter({ hasText: '湖北省武汉市' }).click();
    await page.getByTestId('returnee-save').click();
    await page.getByTestId('returnee-table').getByText('冯晓东').click();

    await page.getByTestId('returnee-detail').waitFor();
    // The register's own community sees the full identity (the read is audited with its purpose).
    expect(await page.getByTestId('returnee-detail').textContent()).toContain('13904171234');
    await page.getByTestId('returnee-place').click();
    await page.getByTestId('returnee-status').filter({ hasText: '隔离观察中' }).waitFor();

    await field(page, 'visit-temperature').fill('37.6');
    await page.getByTestId('visit-seen').click();
    await page.getByTestId('visit-status').filter({ hasText: '异常' }).first().waitFor();

    const row = await env.server.ctx.db
      .selectFrom('audit_log')
      .select(['reason'])
      .where('action', '=', 'personal.read')
      .where('entity_type', '=', 'returnee')
      .executeTakeFirst();
    expect(row?.reason).toBe('follow_up');
    const alerts = await env.server.ctx.db
      .selectFrom('events')
      .select('payload')
      .where('type', '=', 'returnees.alert')
      .execute();
    expect(alerts.map((a) => JSON.parse(a.payload).temperature)).toContain(37.6);
  });

  it('a resident on a phone reports a return from Wuhan; the village official sees it live and places them in home isolation as high risk; the command centre sees the name masked', async () => {
    const official = await newPage(env.browser, env.server, { viewport: 'phone' });
    await loginAs(official.page, OFFICIAL_JIATUN);
    await official.page.goto('/returnees');
    await official.page.getByTestId('returnee-table').getByText('赵春生').waitFor();

    const { page } = await newPage(env.browser, env.server, { viewport: 'phone' });
    await loginAs(page, RESIDENT_JIATUN);
    await page.goto('/returnees/self');
    const first17 = '21088119870412345';
    await field(page, 'self-name').fill('韩梅梅');
    await field(page, 'self-id').fill(first17 + idCheckDigit(first17));
    await field(page, 'self-phone').fill('13904172468');
    await page.getByTestId('self-from').click();
    await page.keyboard.type('武汉');
    await page.locator('.ant-select-item-option').filter({ hasText: '湖北省武汉市' }).click();
    await page.getByTestId('self-submit').click();
    await page.getByTestId('self-reports').getByText('湖北省武汉市').waitFor();

    // The official's open list hears of it without a reload, marked as self-reported.
    const row = official.page.getByTestId('returnee-table').locator('tr').filter({ hasText: '韩梅梅' });
    await row.getByText('本人申报').waitFor();
    await row.getByText('韩梅梅').click();
    await official.page.getByTestId('returnee-place-category').click();
    await official.page.locator('.ant-select-item-option').filter({ hasText: '高风险' }).click();
    await official.page.getByTestId('returnee-place').click();
    await official.page.getByTestId('returnee-status').filter({ hasText: '隔离观察中' }).waitFor();
    expect(await official.page.getByTestId('returnee-detail').textContent()).toContain('高风险');

    const centre = await newPage(env.browser, env.server);
    await loginAs(centre.page, CENTRE);
    await centre.page.goto('/returnees');
    await centre.page.getByTestId('returnee-table').getByText('韩*梅').waitFor();
    expect(await centre.page.getByTestId('returnee-table').textContent()).not.toContain('韩梅梅');
  });
});
