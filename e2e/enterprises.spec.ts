import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, newPage, startE2E } from './support.ts';

const ENTERPRISE = '13800000011';
const COMMAND_CENTRE = '13800000001';

const pdf = (name: string) => ({
  name: `${name}.pdf`,
  mimeType: 'application/pdf',
  buffer: Buffer.from(`%PDF-1.4\n% ${name}\n%%EOF\n`),
});

async function status(page: Page, text: string) {
  await page.getByTestId('filing-status').filter({ hasText: text }).waitFor();
}

describe('enterprises in the browser', () => {
  let env: Awaited<ReturnType<typeof startE2E>>;
  beforeAll(async () => {
    env = await startE2E();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('an enterprise files on a desktop, a reviewer asks for one more document from a phone, the enterprise adds it from a phone, approval', async () => {
    const { page: firm } = await newPage(env.browser, env.server);
    await loginAs(firm, ENTERPRISE);
    await firm.goto('/enterprise-filings');
    await firm.getByTestId('new-filing').click();
    await status(firm, '草稿');
    // Each checklist document uploaded; the missing list shrinks to nothing.
    for (const key of ['licence', 'staff_list', 'disinfection_plan', 'emergency_plan']) {
      await firm.getByTestId('missing').locator('input[type=file]').first().setInputFiles(pdf(key));
      await firm.getByTestId(`upload-${key}`).waitFor({ state: 'detached' });
    }
    await firm.getByText('材料齐全').waitFor();
    await firm.getByTestId('action-text').fill('王建国');
    await firm.getByTestId('action-submit').click();
    await status(firm, '已提交');
    const filingUrl = firm.url();

    const { page: reviewer } = await newPage(env.browser, env.server, { viewport: 'phone' });
    await loginAs(reviewer, COMMAND_CENTRE);
    await reviewer.goto(filingUrl.replace(env.server.url, ''));
    // Sign-off is not offered before validation.
    expect(await reviewer.getByTestId('action-approve').count()).toBe(0);
    await reviewer.getByTestId('action-start').click();
    await status(reviewer, '审核中');
    await reviewer.getByTestId('request-document').click();
    await reviewer
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: '安全生产许可证' })
      .click();
    await reviewer.getByTestId('action-text').fill('请补充安全生产许可证');
    await reviewer.getByTestId('action-request').click();
    await status(reviewer, '待补正');
    expect(await reviewer.getByTestId('reply-due').textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

    const { page: phone } = await newPage(env.browser, env.server, { viewport: 'phone' });
    await loginAs(phone, ENTERPRISE);
    await phone.goto(filingUrl.replace(env.server.url, ''));
    await status(phone, '待补正');
    await phone
      .getByTestId('missing')
      .locator('input[type=file]')
      .first()
      .setInputFiles(pdf('safety_permit'));
    await phone.getByText('材料齐全').waitFor();
    await phone.getByTestId('action-text').fill('已补充许可证');
    await phone.getByTestId('action-reply').click();
    await status(phone, '审核中');

    await reviewer.reload();
    await reviewer.getByTestId('action-schedule').click();
    await status(reviewer, '待现场核查');
    await reviewer.getByTestId('action-visit').click();
    await status(reviewer, '已现场核查');
    await reviewer.getByTestId('action-approve').click();
    await status(reviewer, '已核准复工');
  });

  it('an exporter applies for a certificate, it is issued, and a visitor verifies it on the public page', async () => {
    const { page: firm } = await newPage(env.browser, env.server);
    await loginAs(firm, ENTERPRISE);
    await firm.goto('/fm-certificates');
    const form = firm.getByTestId('apply-form');
    await form.locator('#contracts').fill('YKPV-2020-007');
    await form.locator('#counterparty').fill('Anatolia Enerji A.S.');
    await form.locator('#country').fill('土耳其');
    await form.locator('#obligation').fill('按期交付光伏组件生产线一条');
    for (const [id, date] of [
      ['#from', '2020-01-24'],
      ['#until', '2020-03-15'],
    ] as const) {
      await form.locator(id).click();
      await form.locator(id).fill(date);
      await form.locator(id).press('Enter');
    }
    // Enter in the last date field submits the form, as a keyboard user would.
    await firm.getByTestId('cert-status').filter({ hasText: 'submitted' }).waitFor();
    await firm.getByTestId('attach-filing').click();
    await firm
      .getByTestId('evidence')
      .getByText(/复工备案/)
      .waitFor();
    const certUrl = firm.url().replace(env.server.url, '');

    const { page: council } = await newPage(env.browser, env.server);
    await loginAs(council, COMMAND_CENTRE);
    await council.goto(certUrl);
    await council.getByTestId('cert-start').click();
    await council.getByTestId('decision-text').fill('CCPIT-LN-2020-0042');
    await council.getByTestId('cert-council').click();
    await council.getByText('CCPIT-LN-2020-0042').waitFor();
    await council.getByTestId('cert-issue').click();
    await council.getByTestId('cert-status').filter({ hasText: 'issued' }).waitFor();
    const number = (await council.getByTestId('cert-number').textContent())!;
    expect(number).toMatch(/^YKCCPIT-FM-\d{4}-\d{4}$/);

    const { page: visitor } = await newPage(env.browser, env.server, { viewport: 'phone' });
    await visitor.goto(`/verify/fm/${number}`);
    await visitor.locator('[data-testid=verify-result][data-verdict=valid]').waitFor();

    // The offline verifier: list and keys fetched while online, then the signed record checked in the browser.
    const signed = await council.evaluate(
      async (path) => JSON.stringify((await (await fetch(path)).json()).signed),
      certUrl.replace('/fm-certificates/', '/api/fm-certificates/'),
    );
    const { page: offline } = await newPage(env.browser, env.server, {
      viewport: 'phone',
      serviceWorkers: 'block',
    });
    await offline.goto('/verify/fm-offline');
    await offline.getByTestId('offline-refresh').click();
    await offline.locator('[data-testid=list-age][data-version="0"]').waitFor();
    await offline.getByTestId('offline-record').fill(signed);
    await offline.getByTestId('offline-verify').click();
    await offline.locator('[data-testid=offline-result][data-verdict=valid]').waitFor();
    await offline.getByTestId('offline-record').fill(signed.replace('Anatolia', 'Anatolya'));
    await offline.getByTestId('offline-verify').click();
    await offline.locator('[data-testid=offline-result][data-verdict=tampered]').waitFor();

    await council.getByTestId('decision-text').fill('合同已解除');
    await council.getByTestId('cert-revoke').click();
    await council.getByTestId('cert-status').filter({ hasText: 'revoked' }).waitFor();
    await visitor.reload();
    await visitor.locator('[data-testid=verify-result][data-verdict=revoked]').waitFor();

    await offline.getByTestId('offline-refresh').click();
    await offline.locator('[data-testid=list-age][data-version="1"]').waitFor();
    await offline.getByTestId('offline-record').fill(signed);
    await offline.getByTestId('offline-verify').click();
    await offline.locator('[data-testid=offline-result][data-verdict=revoked]').waitFor();
    // A stale list offered later (version 0, nothing revoked) never un-revokes, even after a reload.
    await offline.route('**/api/public/fm-certificates/revocations', (route) =>
      route.fulfill({ json: { version: 0, issuedAt: Date.now() - 86_400_000, revoked: [] } }),
    );
    await offline.reload();
    await offline.getByTestId('offline-refresh').click();
    await offline.getByTestId('offline-record').fill(signed);
    await offline.getByTestId('offline-verify').click();
    await offline.locator('[data-testid=offline-result][data-verdict=revoked]').waitFor();
    expect(await offline.getByTestId('list-age').getAttribute('data-version')).toBe('1');
  });

  it('an exporter books a clearance appointment and the customs officer clears it and reads the statistics', async () => {
    const { page: firm } = await newPage(env.browser, env.server, { viewport: 'phone' });
    await loginAs(firm, ENTERPRISE);
    await firm.goto('/customs');
    // Tomorrow's slots are more than 24 h ahead only from 20:00 on; the last day of the week always is.
    const row = firm.getByTestId('slots-table').locator('tbody tr').filter({ hasText: '鲅鱼圈海关' }).last();
    await firm.getByTestId('slots-table').locator('tbody tr.ant-table-row').first().waitFor();
    await firm.locator('.ant-pagination').first().locator('.ant-pagination-item').last().click();
    await row.getByRole('button').click();
    await firm.getByTestId('booking-goods').fill('鲜苹果');
    await firm.getByTestId('booking-hs').fill('080810');
    await firm.getByTestId('booking-quantity').fill('1200');
    await firm.getByTestId('booking-weight').fill('24000');
    await firm.getByTestId('booking-value').fill('41376');
    await firm.getByTestId('booking-destination').fill('新加坡');
    await firm.getByTestId('booking-submit').click();
    const mine = firm.getByTestId('bookings-table').locator('tbody tr').filter({ hasText: '新加坡' });
    await mine.filter({ hasText: '已受理' }).waitFor();
    const receipt = (await mine.locator('td').first().textContent())!;

    const { page: officer } = await newPage(env.browser, env.server);
    await loginAs(officer, COMMAND_CENTRE);
    await officer.goto('/customs');
    const booked = officer.getByTestId('bookings-table').locator('tbody tr').filter({ hasText: receipt });
    await booked.locator('[data-testid^=clear-]').click();
    await officer.getByTestId('clear-submit').click();
    await booked.filter({ hasText: '已放行' }).waitFor();
    await officer.getByTestId('customs-chart').locator('canvas').waitFor();
    await officer.getByTestId('customs-stats').getByText('新加坡').first().waitFor();
    await officer.getByTestId('stats-by').getByText('按货物').click();
    await officer.getByTestId('customs-stats').getByText('鲜苹果（080810）').first().waitFor();
    await firm.reload();
    await mine.filter({ hasText: '已放行' }).waitFor();
  });
});
