import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatShortCode } from '../src/contracts/passes.ts';
import type { CompoundTables } from '../src/server/modules/compounds/index.ts';
import { PassesRepository, type PassTables, passesService } from '../src/server/modules/passes/index.ts';
import { Client } from '../test/helpers.ts';
import { DEMO_PASSWORD, loginAs, newPage, startE2E } from './support.ts';

const OFFICIAL_JIATUN = '13800000004';
const VOLUNTEER_JIATUN = '13800000005';
const GATE_KEEPER_JIATUN = '13800000009';
const RESIDENT_JIATUN = '13800000010';
const OFFICIAL_GAIZHOU = '13800000002';

/** Antd puts a test id on the input itself or on its wrapper, depending on the component. */
function field(page: Page, testId: string) {
  return page
    .locator(
      `input[data-testid="${testId}"], textarea[data-testid="${testId}"], [data-testid="${testId}"] input`,
    )
    .first();
}

async function check(page: Page, code: string) {
  await field(page, 'gate-code').fill(code);
  await page.getByTestId('gate-verify').click();
  return page.getByTestId('gate-result');
}

/** The page fits its window: no 8 px body frame, no extra scroll on a full-height page. */
async function scrollSlack(page: Page) {
  return page.evaluate(() => ({
    margin: getComputedStyle(document.body).margin,
    extra: document.documentElement.scrollHeight - window.innerHeight,
  }));
}

/** Waits until the service worker controls the page and has cached what it needs to start. */
async function readyOffline(page: Page, paths: string[]) {
  await expect
    .poll(() =>
      page.evaluate(async (wanted) => {
        if (!navigator.serviceWorker.controller) return false;
        const keys = (
          await Promise.all((await caches.keys()).map(async (k) => (await caches.open(k)).keys()))
        )
          .flat()
          .map((r) => new URL(r.url).pathname);
        return wanted.every((p) => keys.includes(p)) && keys.some((p) => p.startsWith('/assets/'));
      }, paths),
    )
    .toBe(true);
}

describe('every role, from sign-in to its main job', () => {
  let env: Awaited<ReturnType<typeof startE2E>>;
  let valid: { id: number; code: string }[] = [];
  let replaced = '';

  beforeAll(async () => {
    env = await startE2E();
    const { ctx, app } = env.server;
    const village = await ctx.db
      .selectFrom('nodes')
      .select('path')
      .where('code', '=', '210881117207')
      .executeTakeFirstOrThrow();
    const compounds = await new PassesRepository(ctx.db).compoundsUnder(village.path, [village.path]);
    await passesService(ctx).runBulk(0, null, compounds);
    const passes = await ctx.db
      .withTables<PassTables & CompoundTables>()
      .selectFrom('passes')
      .select(['id', 'code'])
      .where('compound_id', '=', compounds[0]!.id)
      .where('kind', '=', 'person')
      .where('status', '=', 'active')
      .orderBy('id', 'desc')
      .limit(3)
      .execute();
    valid = passes.slice(0, 2);
    replaced = passes[2]!.code;
    const official = new Client(app);
    await official.login(OFFICIAL_JIATUN, DEMO_PASSWORD);
    expect((await official.post(`/api/passes/${passes[2]!.id}/renew`)).statusCode).toBe(201);
  });
  afterAll(async () => {
    await env?.close();
  });

  it('signed out: sign-in links the public pages, which log no errors and fit the window', async () => {
    const { page, errors } = await newPage(env.browser, env.server, { viewport: 'phone' });
    await page.goto('/login');
    await page.getByTestId('login-phone').waitFor();
    expect(await scrollSlack(page)).toEqual({ margin: '0px', extra: 0 });
    await page.getByTestId('login-join').click();
    await page.getByTestId('signup-name').waitFor();
    // The pledge: its error names what to do and clears the moment the signature matches.
    await page.getByTestId('signup-name').fill('张三');
    await page.getByTestId('signup-submit').click();
    const pledgeError = page.getByText('请输入您的姓名以确认志愿书');
    await pledgeError.waitFor();
    await page.getByTestId('signup-pledge').fill('张三');
    await expect.poll(() => pledgeError.count()).toBe(0);
    await page.goto('/login');
    await page.getByTestId('login-releases').click();
    await page.getByTestId('public-search').waitFor();
    expect(errors).toEqual([]);
  });

  it('a gate keeper on a phone lands on the gate: green, fever, normal temperature, short code, replaced pass, then opens the page with no network', async () => {
    const { page, context, errors } = await newPage(env.browser, env.server, { viewport: 'phone' });
    await loginAs(page, GATE_KEEPER_JIATUN);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/gate');

    const result = await check(page, valid[0]!.code);
    await expect.poll(() => result.getAttribute('data-result')).toBe('green');
    await field(page, 'gate-temperature').fill('37.8');
    // A fever changes what the keeper sees before anything is recorded.
    await expect.poll(() => result.getAttribute('data-result')).toBe('fever');
    expect(await page.getByTestId('gate-headline').textContent()).toBe('体温异常 · 暂停通行');
    await field(page, 'gate-temperature').fill('36.5');
    await expect.poll(() => result.getAttribute('data-result')).toBe('green');
    await page.getByTestId('gate-temp-normal').waitFor();
    await page.getByTestId('gate-record').click();
    await expect
      .poll(() => page.getByTestId('gate-recorded').textContent())
      .toBe('已登记：体温 36.5 °C 正常，可以通行');

    const official = new Client(env.server.app);
    await official.login(OFFICIAL_JIATUN, DEMO_PASSWORD);
    const pass = (await official.get(`/api/passes/${valid[1]!.id}`)).json();
    const typed = await check(page, pass.shortCode.toLowerCase());
    await expect.poll(() => typed.getAttribute('data-reason')).toBe('ok');

    const old = await check(page, replaced);
    await expect.poll(() => old.getAttribute('data-reason')).toBe('replaced');
    expect(await page.getByTestId('gate-reason').textContent()).toBe('此证已换发，请出示新证');
    expect(errors).toEqual([]);

    // No network: the installed page opens from the service worker and checks on the device.
    await readyOffline(page, ['/index.html', '/api/auth/session', '/api/gate/compounds']);
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('gate-code').waitFor();
    await expect.poll(() => page.getByTestId('gate-online').textContent()).toContain('离线');
    const offline = await check(page, valid[0]!.code);
    await expect.poll(() => offline.getAttribute('data-result')).toBe('green');
    // A typed short code cannot be checked on the device: the keeper is told so, not shown a red refusal.
    await field(page, 'gate-code').fill(formatShortCode(valid[0]!.id, 0));
    await page.getByTestId('gate-verify').click();
    await expect.poll(() => page.getByTestId('gate-short-offline').textContent()).toContain('联网');
    expect(await page.getByTestId('gate-result').count()).toBe(0);
    await context.setOffline(false);
  });

  it('a resident on a phone lands on their pass, with the household’s, and it opens with no network', async () => {
    const { page, context, errors } = await newPage(env.browser, env.server, { viewport: 'phone' });
    await loginAs(page, RESIDENT_JIATUN);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/my-pass');
    await page.getByTestId('my-pass-qr').first().waitFor();
    const shortCodes = await page.getByTestId('my-pass-short').allTextContents();
    expect(shortCodes.length).toBeGreaterThan(1); // own pass and the household's
    for (const code of shortCodes) expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(errors).toEqual([]);

    await readyOffline(page, ['/index.html', '/api/auth/session', '/api/passes/mine']);
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('my-pass-qr').first().waitFor();
    expect(await page.getByTestId('my-pass-short').allTextContents()).toEqual(shortCodes);
    await context.setOffline(false);
  });

  it('a volunteer on a phone lands on the inbox, where titles keep their row', async () => {
    const { page, errors } = await newPage(env.browser, env.server, { viewport: 'phone' });
    await loginAs(page, VOLUNTEER_JIATUN);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/inbox');
    await page.getByTestId('inbox-unread').waitFor();
    const titles = page.locator('[data-testid^="inbox-title-"]');
    if ((await titles.count()) > 0) {
      // The whole title shows (wrapping if need be), not two characters and an ellipsis.
      const cut = await titles.first().evaluate((el) => el.scrollWidth > el.clientWidth + 1);
      expect(cut).toBe(false);
    }
    expect(errors).toEqual([]);
  });

  it('an official lands home, finds a place by pinyin initials, opens a district’s groups and reads the roll-up by area', async () => {
    const { page, errors } = await newPage(env.browser, env.server);
    await loginAs(page, OFFICIAL_GAIZHOU);
    // An official's home is their dashboard: home sends them on once its code has loaded.
    await expect.poll(() => new URL(page.url()).pathname).toBe('/dashboard');
    // The header picker searches the server: a town two levels down, found before any expanding.
    await page.getByTestId('node-picker').click();
    await page.keyboard.type('tdz'); // 团甸镇's pinyin initials
    await page.locator('[title="团甸镇"]').first().waitFor();
    await page.keyboard.press('Escape');

    await page.goto('/volunteers');
    await page.getByRole('tab', { name: '群矩阵' }).click();
    const rows = page.getByTestId('matrix-children').locator('tbody tr.ant-table-row');
    if ((await rows.count()) > 0) {
      const name = (await rows.first().locator('td').first().textContent())!;
      await rows.first().click();
      await expect.poll(() => page.getByTestId('matrix-trail').textContent()).toContain(name);
    }

    await page.goto('/fevers');
    await page.getByTestId('gate-stats').getByRole('columnheader', { name: '辖区' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('an official renews a pass with a confirmation and sees the result; the list tells holders apart', async () => {
    const { page, errors } = await newPage(env.browser, env.server);
    await loginAs(page, OFFICIAL_JIATUN);
    await page.goto('/compounds');
    await page.getByTestId('compounds-table').getByRole('link', { name: '贾屯新村小区' }).click();
    await page.getByRole('tab', { name: '通行证' }).click();
    const renew = page.locator('[data-testid^="renew-"]').first();
    await renew.click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByText(/已换发：新证 No\.\d+/).waitFor();
    // 孙*明: family name, length and last character.
    await page
      .getByRole('cell', { name: /^\p{Script=Han}\*+\p{Script=Han}$/u })
      .first()
      .waitFor();
    expect(errors).toEqual([]);
  });
});
