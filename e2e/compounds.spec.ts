import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompoundTables } from '../src/server/modules/compounds/index.ts';
import type { GateTables } from '../src/server/modules/gate/index.ts';
import { PassesRepository, type PassTables, passesService } from '../src/server/modules/passes/index.ts';
import { Client } from '../test/helpers.ts';
import { DEMO_PASSWORD, loginAs, newPage, startE2E } from './support.ts';

const GATE_KEEPER_JIATUN = '13800000009';
const OFFICIAL_JIATUN = '13800000004';

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

describe('closed compounds in the browser', () => {
  let env: Awaited<ReturnType<typeof startE2E>>;
  let valid: string[] = [];
  let revoked = '';

  beforeAll(async () => {
    env = await startE2E();
    const { ctx, app } = env.server;
    // The demo already issues passes; issuing again only fills gaps, so this holds either way.
    const village = await ctx.db
      .selectFrom('nodes')
      .select('path')
      .where('code', '=', '210881117207')
      .executeTakeFirstOrThrow();
    const compounds = await new PassesRepository(ctx.db).compoundsUnder(village.path, [village.path]);
    await passesService(ctx).runBulk(0, null, compounds);
    const first = compounds[0]!;
    const passes = await ctx.db
      .withTables<PassTables & CompoundTables>()
      .selectFrom('passes')
      .select(['id', 'code'])
      .where('compound_id', '=', first.id)
      .where('kind', '=', 'person')
      .where('status', '=', 'active')
      .orderBy('id')
      .limit(3)
      .execute();
    valid = passes.slice(0, 2).map((p) => p.code);
    revoked = passes[2]!.code;
    const official = new Client(app);
    await official.login(OFFICIAL_JIATUN, DEMO_PASSWORD);
    const res = await official.post(`/api/passes/${passes[2]!.id}/revoke`, { reason: '居民已迁出' });
    expect(res.statusCode).toBe(200);
  });
  afterAll(async () => {
    await env?.close();
  });

  it('a gate keeper on a phone: valid code → green and 36.5 recorded; revoked code → red with the reason; 37.8 → the official sees the alert live', async () => {
    const official = (await newPage(env.browser, env.server)).page;
    await loginAs(official, OFFICIAL_JIATUN);
    await official.goto('/fevers');
    await official.getByTestId('fever-table').waitFor();
    expect(await official.getByTestId('fever-temperature').count()).toBe(0);

    const gate = (await newPage(env.browser, env.server, { viewport: 'phone' })).page;
    await loginAs(gate, GATE_KEEPER_JIATUN);
    await gate.goto('/gate');

    const green = await check(gate, valid[0]!);
    await expect.poll(() => green.getAttribute('data-result')).toBe('green');
    await expect.poll(() => gate.getByTestId('gate-reason').textContent()).toBe('通行证有效，准予通行');
    await field(gate, 'gate-temperature').fill('36.5');
    await gate.getByTestId('gate-record').click();
    await expect.poll(() => gate.getByTestId('gate-recorded').textContent()).toContain('已登记');
    const entry = await env.server.ctx.db
      .withTables<GateTables>()
      .selectFrom('gate_entries')
      .select(['temp_x100', 'result'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({ temp_x100: 3650, result: 'ok' });

    const red = await check(gate, revoked);
    await expect.poll(() => red.getAttribute('data-result')).toBe('red');
    expect(await gate.getByTestId('gate-reason').textContent()).toBe('通行证已吊销');

    const next = await check(gate, valid[1]!);
    await expect.poll(() => next.getAttribute('data-result')).toBe('green');
    await field(gate, 'gate-temperature').fill('37.8');
    await gate.getByTestId('gate-record').click();
    await expect.poll(() => gate.getByTestId('gate-recorded').textContent()).toContain('37.3');

    // No reload: the fever page got it from the live stream.
    await expect
      .poll(() => official.getByTestId('fever-temperature').first().textContent(), { timeout: 10_000 })
      .toBe('37.8 °C');
  });

  it('a village official opens a compound: residents masked until revealed, the gate log, the passes', async () => {
    const { page } = await newPage(env.browser, env.server);
    await loginAs(page, OFFICIAL_JIATUN);
    await page.goto('/compounds');
    await page.getByTestId('compounds-table').getByRole('link', { name: '贾屯新村小区' }).click();
    await page.getByRole('tab', { name: '居民' }).click();
    const masked = page.getByRole('cell', { name: /^\d{4}\*{10}[\dX]{4}$/ }).first();
    await masked.waitFor();
    await page
      .getByRole('button', { name: /查看完整信息/ })
      .first()
      .click();
    await page
      .getByRole('cell', { name: /^\d{17}[\dX]$/ })
      .first()
      .waitFor();
    await page.getByRole('tab', { name: '出入记录' }).click();
    await page.getByRole('cell', { name: '36.5' }).first().waitFor();
    await page.getByRole('tab', { name: '通行证' }).click();
    await page.getByRole('link', { name: /打印通行证/ }).waitFor();
  });
});
