import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckDigit } from '../src/contracts/alliance.ts';
import type { ReturneeTables } from '../src/server/modules/returnees/index.ts';
import { loginAs, newPage, startE2E } from './support.ts';

const OFFICIAL_JIATUN = '13800000004';

function field(page: Page, testId: string) {
  return page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
}

describe('the public returnee form in the browser', () => {
  let env: Awaited<ReturnType<typeof startE2E>>;

  beforeAll(async () => {
    env = await startE2E();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('a person without an account reports a return on a phone with an SMS code; the village official sees it live', async () => {
    const official = await newPage(env.browser, env.server, { viewport: 'phone' });
    await loginAs(official.page, OFFICIAL_JIATUN);
    await official.page.goto('/returnees');
    await official.page.getByTestId('returnee-table').getByText('赵春生').waitFor();

    const { page } = await newPage(env.browser, env.server, { viewport: 'phone' });
    await page.goto('/report-return');
    await page.getByTestId('public-place').click();
    await page.keyboard.type('贾屯');
    await page.locator('.ant-select-item-option').filter({ hasText: '贾屯村' }).first().click();
    const first17 = '21088119880714321';
    await field(page, 'public-name').fill('蒋小雨');
    await field(page, 'public-id').fill(first17 + idCheckDigit(first17));
    const phone = '13604179876';
    await field(page, 'public-phone').fill(phone);
    await page.getByTestId('public-from').click();
    await page.keyboard.type('武汉');
    await page.locator('.ant-select-item-option').filter({ hasText: '湖北省武汉市' }).click();
    await page.getByTestId('public-send-code').click();
    await expect.poll(() => page.getByTestId('public-send-code').isDisabled()).toBe(true);

    // No gateway here: the dev adapter's outbox holds the text the phone would receive.
    const outbox = env.server.ctx.db.withTables<ReturneeTables>();
    const sms = async () =>
      (
        await outbox
          .selectFrom('returnee_sms_outbox')
          .select('body')
          .where('phone', '=', phone)
          .executeTakeFirst()
      )?.body ?? '';
    await expect.poll(sms).toMatch(/\d{6}/);
    const body = await sms();
    await field(page, 'public-code').fill(/(\d{6})/.exec(body)![1]!);
    await page.getByTestId('public-submit').click();
    await page
      .getByTestId('public-report-done')
      .getByText(/FX-\d{6}/)
      .waitFor();

    const row = official.page.getByTestId('returnee-table').locator('tr').filter({ hasText: '蒋小雨' });
    await row.getByText('本人申报').waitFor();
    expect(await official.page.getByTestId('returnee-table').textContent()).not.toContain(phone);
  });

  it('a village official on a phone sees the central-isolation room and the close contacts, and downloads a release certificate', async () => {
    const { page } = await newPage(env.browser, env.server, { viewport: 'phone' });
    await loginAs(page, OFFICIAL_JIATUN);
    await page.goto('/returnees');
    await page.getByTestId('returnee-table').getByText('赵春生').click();
    await page.getByTestId('returnee-room-name').filter({ hasText: '海滨酒店） · 101' }).waitFor();
    const contacts = page.getByTestId('contacts-list');
    await contacts.getByText('孙立国').waitFor();
    await contacts.getByText('同住家人').waitFor();
    await field(page, 'contacts-trace-no').fill('G1230');
    await page.getByTestId('contacts-trace').click();
    await page.getByText(/新列入密接 \d+ 人/).waitFor();

    await page.goto('/returnees');
    await page.getByTestId('returnee-table').getByText('周建华').click();
    const link = page.getByTestId('returnee-certificate');
    const href = await link.getAttribute('href');
    const pdf = await page.request.get(href!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
