import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../src/server/core/db/index.ts';
import { DEMO_PASSWORD, loginAs, logout, newPage, pickOption, startE2E } from './support.ts';

const ADMIN = '13800000000';
const NEW_USER = { name: '团甸镇新干部', phone: '13912345678', password: 'Tuandian2020' };

let env: Awaited<ReturnType<typeof startE2E>>;

beforeAll(async () => {
  env = await startE2E();
  mkdirSync('test-output/screenshots', { recursive: true });
});
afterAll(async () => {
  await env?.close();
});

async function nodeId(code: string): Promise<number> {
  const row = await env.server.ctx.db
    .selectFrom('nodes')
    .select('id')
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Presses OK in the open Popconfirm and waits until it has gone, so the next one is unambiguous. */
async function confirmPopover(page: Page) {
  await page
    .locator('.ant-popover:visible')
    .getByRole('button', { name: /^确\s*定$/ })
    .click();
  await expect.poll(() => page.locator('.ant-popover:visible').count()).toBe(0);
}

/** Types into an antd Input.Search (the test id sits on its wrapper) and submits. */
async function search(page: Page, testId: string, text: string) {
  const input = page.getByTestId(testId).locator('input');
  await input.fill(text);
  await input.press('Enter');
}

async function apiGet(
  page: Page,
  path: string,
): Promise<{ status: number; body: { error?: { message: string } } }> {
  return page.evaluate(async (url) => {
    const res = await fetch(url, { credentials: 'same-origin' });
    return { status: res.status, body: await res.json() };
  }, path);
}

describe('foundation in the browser', () => {
  it('an administrator signs in, switches language, browses the tree and creates a street official', async () => {
    const { page, context } = await newPage(env.browser, env.server);
    await loginAs(page, ADMIN);
    await expect.poll(() => page.getByTestId('jurisdiction').textContent()).toContain('营口市');
    const menu = page.getByTestId('nav-menu');
    await menu.getByText('辖区树', { exact: true }).waitFor();
    await page.getByText('849').waitFor();
    await page.screenshot({ path: 'test-output/screenshots/shell.png' });

    // English, saved to the account: it survives a reload and the API answers errors in English.
    await page.getByTestId('language-switch').getByText('EN').click();
    await menu.getByText('Division tree', { exact: true }).waitFor();
    await page.reload();
    await menu.getByText('Division tree', { exact: true }).waitFor();
    const missing = await apiGet(page, '/api/regions/nodes/99999999');
    expect(missing.status).toBe(404);
    expect(missing.body.error?.message).toBe('Not found, or not yours to see');
    await page.getByTestId('language-switch').getByText('中文').click();
    await menu.getByText('辖区树', { exact: true }).waitFor();
    expect((await apiGet(page, '/api/regions/nodes/99999999')).body.error?.message).toBe(
      '未找到该记录，或您无权查看',
    );

    // The tree: the city with its counties, then pinyin-initial search.
    await menu.getByText('辖区树', { exact: true }).click();
    await expect.poll(() => page.getByTestId('node-title').textContent()).toBe('营口市');
    await page.getByTestId('children-table').getByText('盖州市').waitFor();
    await search(page, 'region-search', 'gz');
    await page.getByTestId('search-results').getByRole('link', { name: '盖州市' }).waitFor();
    await page.screenshot({ path: 'test-output/screenshots/tree.png' });

    // A compound below a village, from the village's page.
    await page.goto(`/regions/${await nodeId('210881117207')}`);
    await expect.poll(() => page.getByTestId('node-title').textContent()).toBe('贾屯村委会');
    await expect
      .poll(() => page.getByTestId('breadcrumb').textContent())
      .toMatch(/营口市.*盖州市.*团甸镇.*贾屯村/s);
    await page.getByTestId('add-node').click();
    await page.getByTestId('node-name').fill('贾屯新苑');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByTestId('children-table').getByText('贾屯新苑').waitFor();

    // A new official on 团甸镇; the list shows the phone masked.
    const bell = page.getByTestId('notification-bell').locator('..');
    const unread = async () => Number((await bell.textContent())?.match(/\d+/)?.[0] ?? 0);
    await menu.getByText('用户与授权', { exact: true }).click();
    await page.getByTestId('create-user').click();
    await page.getByTestId('user-name').fill(NEW_USER.name);
    await page.getByTestId('user-phone').fill(NEW_USER.phone);
    await page.getByTestId('user-password').fill(NEW_USER.password);
    await pickOption(page, 'grant-node-0', '团甸', '团甸镇');
    const unreadBefore = await unread();
    await page.getByTestId('create-user-submit').click();
    // The dialog holds the keyboard focus until it has gone; only then does the search box take it.
    await page.getByTestId('user-name').waitFor({ state: 'detached' });
    await search(page, 'user-search', NEW_USER.phone);
    const rows = page.getByTestId('users-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.textContent()).toContain('139****5678');
    expect(await rows.textContent()).toContain('辖区干部 · 团甸镇');

    // The creation reached the live stream: the bell counts it and the notifications page lists it.
    await expect.poll(unread).toBeGreaterThan(unreadBefore);
    await page.getByTestId('notification-bell').click();
    await page.getByTestId('notifications').getByText(NEW_USER.name).waitFor();

    await logout(page);
    await context.close();
  });

  it('the new street official sees only their own subtree', async () => {
    const { page, context } = await newPage(env.browser, env.server);
    await loginAs(page, NEW_USER.phone, NEW_USER.password);
    await expect.poll(() => page.getByTestId('jurisdiction').textContent()).toContain('团甸镇');
    await page.getByTestId('nav-menu').getByText('辖区树', { exact: true }).click();
    await expect.poll(() => page.getByTestId('node-title').textContent()).toBe('团甸镇');
    expect(await page.getByTestId('breadcrumb').textContent()).not.toContain('盖州市');
    await page.getByTestId('children-table').getByText('贾屯村委会').waitFor();

    await search(page, 'region-search', '站前区');
    await page.getByTestId('search-results').getByText('没有找到匹配的节点').waitFor();

    await page.goto(`/regions/${await nodeId('210802')}`);
    await expect
      .poll(() => page.getByTestId('error-message').textContent())
      .toContain('未找到该记录，或您无权查看');
    await context.close();
  });

  it('the account page puts the server field errors under the fields they belong to', async () => {
    const { page, context } = await newPage(env.browser, env.server);
    await loginAs(page, NEW_USER.phone, NEW_USER.password);
    await page.goto('/account');
    await page.getByTestId('current-password').fill(NEW_USER.password);
    await page.getByTestId('new-password').fill('lettersonly');
    await page.getByTestId('confirm-password').fill('lettersonly');
    await page.getByTestId('change-password').click();
    await page.getByText('密码至少 8 位，且同时包含字母和数字').waitFor();
    await page.getByTestId('current-password').fill('NotMine2020');
    await page.getByTestId('new-password').fill('Stronger2021');
    await page.getByTestId('confirm-password').fill('Stronger2021');
    await page.getByTestId('change-password').click();
    await page.getByText('当前密码不正确').waitFor();
    await context.close();
  });

  it('an administrator adds and revokes a grant, finds the reads in the audit log and disables the account', async () => {
    const { page, context } = await newPage(env.browser, env.server);
    await loginAs(page, ADMIN);
    await page.goto('/users');
    await search(page, 'user-search', NEW_USER.phone);
    await page.getByTestId('users-table').getByText(NEW_USER.name).click();
    const drawer = page.getByRole('dialog');
    // The detail read shows the whole number (and is audited on the server).
    await drawer.getByText(NEW_USER.phone).waitFor();

    const grants = page.getByTestId('user-grants');
    await pickOption(page, 'add-grant-node', '站前', '站前区');
    await page.getByTestId('add-grant-submit').click();
    await grants.getByText('站前区').waitFor();
    await pickOption(page, 'add-grant-node', '站前', '站前区');
    await page.getByTestId('add-grant-submit').click();
    await page.getByText('该授权已存在').waitFor();
    await grants.locator('li').filter({ hasText: '站前区' }).getByTestId('remove-grant').click();
    await confirmPopover(page);
    await expect.poll(() => grants.locator('li').filter({ hasText: '站前区' }).count()).toBe(0);

    await page.getByTestId('toggle-status').click();
    await confirmPopover(page);
    await drawer.getByText('已停用').waitFor();
    await page.locator('.ant-drawer-close').click();

    await page.getByTestId('nav-menu').getByText('审计日志', { exact: true }).click();
    await page.getByLabel('动作').fill('personal.read');
    await page
      .getByTestId('audit-filters')
      .getByRole('button', { name: /搜\s*索/ })
      .click();
    const rows = page.getByTestId('audit-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    expect(await rows.first().textContent()).toContain('系统管理员');
    expect(await page.getByTestId('audit-table').locator('tbody').textContent()).not.toContain(
      'user.created',
    );
    await context.close();

    // The disabled account cannot sign in, and the form says why.
    const again = await newPage(env.browser, env.server);
    await again.page.goto('/login');
    await again.page.getByTestId('login-phone').fill(NEW_USER.phone);
    await again.page.getByTestId('login-password').fill(NEW_USER.password);
    await again.page.getByTestId('login-submit').click();
    await again.page.getByText('账号已停用').waitFor();
    await again.context.close();
  });

  it('the live stream resumes after a dropped connection and replays what it missed', async () => {
    const { page, context } = await newPage(env.browser, env.server);
    await loginAs(page, ADMIN);
    await page.getByTestId('nav-menu').getByText('实时动态', { exact: true }).click();
    await page.getByText('实时连接正常').waitFor();
    // Drop every connection, then publish while the browser waits to reconnect (retry: 3 s).
    env.server.app.server.closeAllConnections();
    await inTransaction(env.server.ctx.db, (trx) =>
      env.server.ctx.events.append(trx, {
        type: 'region.node-created',
        nodePath: '2108/',
        payload: { name: '断线期间新增的卡点' },
      }),
    );
    const item = page.getByTestId('notifications').locator('li').filter({ hasText: '断线期间新增的卡点' });
    await item.waitFor({ timeout: 20_000 });
    expect(await item.textContent()).toContain('新增节点');
    await context.close();
  });

  it('an expired session sends the user back to the sign-in page and then to where they were', async () => {
    const { page, context } = await newPage(env.browser, env.server);
    await loginAs(page, ADMIN);
    await context.clearCookies();
    // Opened while the session is gone (the shell may already be noticing it in the background).
    await page.goto('/audit');
    await page.getByTestId('login-phone').waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/audit');
    await page.getByTestId('login-phone').fill(ADMIN);
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('audit-table').waitFor();
    await context.close();
  });

  it('a node search keeps its last results while the next keystroke loads, so an option never moves under the pointer', async () => {
    const attempt = async () => {
      const { page, context } = await newPage(env.browser, env.server, { serviceWorkers: 'block' });
      try {
        await loginAs(page, ADMIN);
        await page.goto('/users');
        await page.getByTestId('create-user').click();
        const select = page.getByTestId('grant-node-0');
        const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
        await select.click();
        await page.keyboard.type('团');
        await options.filter({ hasText: '团甸镇' }).waitFor();

        // Hold the answer for the next keystroke, as a slow network would.
        let release = () => {};
        const held = new Promise<void>((resolve) => {
          release = resolve;
        });
        const nextSearch = /\/api\/regions\/search\?.*q=%E5%9B%A2%E7%94%B8/;
        await page.route(nextSearch, async (route) => {
          await held;
          await route.continue();
        });
        const asked = page.waitForRequest(nextSearch);
        await page.keyboard.type('甸');
        await asked;
        await expect.poll(() => select.getAttribute('class')).toContain('ant-select-loading');
        expect(await options.filter({ hasText: '团甸镇' }).count()).toBe(1);
        expect(await options.count()).toBeGreaterThan(1);

        const answered = page.waitForResponse(nextSearch);
        release();
        await answered;
        await expect.poll(() => select.getAttribute('class')).not.toContain('ant-select-loading');
        // The list now holds the answer for 团甸 (plus the current choice): only then is a click a
        // click on what the user sees, not on a row the virtual list is still placing.
        await expect
          .poll(async () =>
            (await options.allTextContents()).every(
              (text) => text.includes('团甸') || text === '营口市（市）',
            ),
          )
          .toBe(true);
        await options.filter({ hasText: '团甸镇' }).click();
        await expect.poll(() => select.textContent()).toContain('团甸镇');
      } finally {
        await context.close();
      }
    };
    // One retry in a fresh page, and only one: on a starved 2-core runner Chromium about once in
    // twenty runs loses a synthetic keystroke or click on the dropdown (seen as a search that never
    // starts, or a click that selects nothing). A broken list fails both attempts.
    await attempt().catch(attempt);
  }, 150_000);

  it('on a phone the menu sits behind a button and still navigates', async () => {
    const { page, context } = await newPage(env.browser, env.server, { viewport: 'phone' });
    await loginAs(page, '13800000005');
    expect(await page.getByTestId('nav-menu').count()).toBe(0);
    await page.getByTestId('menu-toggle').click();
    const menu = page.getByTestId('nav-menu');
    await menu.getByText('辖区树', { exact: true }).click();
    await expect.poll(() => page.getByTestId('node-title').textContent()).toBe('贾屯村委会');
    // A volunteer holds no users.read: the users page is not in the menu.
    await page.getByTestId('menu-toggle').click();
    await menu.getByText('实时动态', { exact: true }).waitFor();
    expect(await menu.getByText('用户与授权', { exact: true }).count()).toBe(0);
    await context.close();
  });
});
