import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckDigit } from '../src/contracts/alliance.ts';
import { loginAs, newPage, startE2E } from './support.ts';

const OFFICIAL_JIATUN = '13800000004';

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
});
