import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, newPage, startE2E } from './support.ts';

const COMMAND_CENTRE = '13800000001';

/** The platform's machinery, which was API-only, and the public release people forward. */
describe('system pages and the shareable release', () => {
  let env: Awaited<ReturnType<typeof startE2E>>;

  beforeAll(async () => {
    env = await startE2E();
  });
  afterAll(() => env?.close());

  it('the command centre registers a webhook, sees its secret once, and reads its empty delivery log', async () => {
    const { page, errors } = await newPage(env.browser, env.server);
    await loginAs(page, COMMAND_CENTRE);
    await page.goto('/system/webhooks');
    await page.getByTestId('webhook-new').click();
    await page.getByTestId('webhook-url').fill('https://hooks.example.org/xinghuo');
    await page.getByTestId('webhook-create').click();
    await expect.poll(() => page.getByTestId('webhook-secret').textContent()).toMatch(/[A-Za-z0-9_-]{20,}/);
    const row = page
      .getByTestId('webhooks-table')
      .locator('tr.ant-table-row', { hasText: 'hooks.example.org' });
    await expect.poll(() => row.textContent()).toContain('启用');
    await row.getByRole('button', { name: '投递记录' }).click();
    await page.getByTestId('deliveries-table').getByText('还没有投递记录').waitFor();
    expect(errors).toEqual([]);
  });

  it('the command centre reads job runs in words and rotates the pass key, the old one staying valid', async () => {
    await env.server.ctx.jobs.tick();
    const { page, errors } = await newPage(env.browser, env.server);
    await loginAs(page, COMMAND_CENTRE);
    await page.goto('/system/jobs');
    const rows = page.getByTestId('jobs-table').locator('tr.ant-table-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    // Job names and statuses in words, not codes such as webhooks.deliver / succeeded.
    await expect.poll(() => page.getByTestId('jobs-table').textContent()).toContain('投递 Webhook');
    expect(await page.getByTestId('jobs-table').textContent()).not.toContain('succeeded');

    await page.goto('/system/keys');
    const keys = page.getByTestId('keys-table').locator('tr.ant-table-row');
    await expect.poll(() => keys.count()).toBeGreaterThan(0);
    const before = await keys.count();
    await page.getByTestId('key-rotate').click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => keys.count()).toBe(before + 1);
    await expect.poll(() => keys.first().textContent()).toContain('启用');
    expect(await keys.nth(1).textContent()).toContain('仅验证');
    expect(errors).toEqual([]);
  });

  it('anyone opens one release at its own address from the public list, on a phone', async () => {
    const { page, errors } = await newPage(env.browser, env.server, { viewport: 'phone' });
    await page.goto('/releases');
    const link = page.locator('[data-testid^="release-link-"]').first();
    const title = (await link.textContent()) ?? '';
    await link.click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/releases\/\d+$/);
    await expect.poll(() => page.getByTestId('release').textContent()).toContain(title);
    await page.getByTestId('release-share').waitFor();
    // The address alone opens it: a fresh visitor with nothing in the browser.
    const fresh = await newPage(env.browser, env.server, { viewport: 'phone' });
    await fresh.page.goto(new URL(page.url()).pathname);
    await expect.poll(() => fresh.page.getByTestId('release').textContent()).toContain(title);
    expect([...errors, ...fresh.errors]).toEqual([]);
  });

  it('live activity names the place, not its code path', async () => {
    const { page, errors } = await newPage(env.browser, env.server);
    await loginAs(page, COMMAND_CENTRE);
    await page.goto('/notifications');
    const places = page.getByTestId('event-place');
    await expect.poll(() => places.count()).toBeGreaterThan(0);
    await expect
      .poll(async () => (await places.allTextContents()).some((p) => /市|区|镇|村|社区/.test(p)))
      .toBe(true);
    expect((await places.allTextContents()).filter((p) => /^\d{4}\//.test(p))).toEqual([]);
    expect(errors).toEqual([]);
  });
});
