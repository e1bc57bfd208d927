import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PassesRepository, type PassTables, passesService } from '../src/server/modules/passes/index.ts';
import { Client } from '../test/helpers.ts';
import { DEMO_PASSWORD, loginAs, newPage, startE2E } from './support.ts';

const COMMAND_CENTRE = '13800000001';
const GATE_KEEPER_JIATUN = '13800000009';

describe('the command dashboard in the browser', () => {
  let env: Awaited<ReturnType<typeof startE2E>>;
  let code = '';
  let compoundId = 0;

  beforeAll(async () => {
    mkdirSync('docs/screenshots', { recursive: true });
    env = await startE2E();
    const { ctx } = env.server;
    const village = await ctx.db
      .selectFrom('nodes')
      .select('path')
      .where('code', '=', '210881117207')
      .executeTakeFirstOrThrow();
    const compounds = await new PassesRepository(ctx.db).compoundsUnder(village.path, [village.path]);
    await passesService(ctx).runBulk(0, null, compounds);
    compoundId = compounds[0]!.id;
    const pass = await ctx.db
      .withTables<PassTables>()
      .selectFrom('passes')
      .select('code')
      .where('compound_id', '=', compoundId)
      .where('kind', '=', 'person')
      .where('status', '=', 'active')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    code = pass.code;
  });
  afterAll(async () => {
    await env?.close();
  });

  const figure = (page: import('playwright-core').Page, key: string) =>
    page.getByTestId(`figure-${key}`).getByTestId('figure-value');

  it('the command centre lands on the city figures, drills 盖州市 → 团甸镇, and sees a fever at 贾屯村 arrive without reloading', async () => {
    const { page } = await newPage(env.browser, env.server);
    await loginAs(page, COMMAND_CENTRE);
    await page.getByTestId('dashboard').waitFor();
    expect(await page.getByTestId('dashboard-title').textContent()).toContain('营口市');
    await expect
      .poll(async () => Number((await figure(page, 'compounds.residents').textContent())?.replace(/\D/g, '')))
      .toBeGreaterThan(0);
    await page.getByTestId('county-map').waitFor();
    await page.screenshot({ path: 'docs/screenshots/dashboard.png', fullPage: true });

    await page.getByTestId('breakdown-table').getByRole('link', { name: '盖州市' }).click();
    await expect.poll(() => page.getByTestId('dashboard-title').textContent()).toContain('盖州市');
    await page.getByTestId('breakdown-table').getByRole('link', { name: '团甸镇' }).click();
    await expect.poll(() => page.getByTestId('dashboard-title').textContent()).toContain('团甸镇');
    expect(await page.getByTestId('dashboard-breadcrumb').textContent()).toMatch(/营口市.*盖州市.*团甸镇/);

    const before = Number((await figure(page, 'compounds.fevers-open').textContent())?.replace(/\D/g, ''));
    let reloaded = false;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) reloaded = true;
    });
    const keeper = new Client(env.server.app);
    await keeper.login(GATE_KEEPER_JIATUN, DEMO_PASSWORD);
    const scan = await keeper.post('/api/gate/scans', {
      id: crypto.randomUUID(),
      compoundId,
      lane: 'person',
      direction: 'in',
      code,
      temperature: 38.6,
    });
    expect(scan.json()).toMatchObject({ ok: true, fever: true });
    await expect
      .poll(
        async () => Number((await figure(page, 'compounds.fevers-open').textContent())?.replace(/\D/g, '')),
        {
          timeout: 10_000,
        },
      )
      .toBe(before + 1);
    await expect.poll(() => page.getByTestId('attention').textContent()).toContain('38.6 ℃');
    expect(reloaded).toBe(false);

    await page.getByTestId('dashboard-breadcrumb').getByRole('link', { name: '营口市' }).click();
    await expect.poll(() => page.getByTestId('dashboard-title').textContent()).toContain('营口市');
  });

  it('on a phone the dashboard is one column', async () => {
    const { page } = await newPage(env.browser, env.server, { viewport: 'phone' });
    await loginAs(page, COMMAND_CENTRE);
    await page.getByTestId('dashboard').waitFor();
    const boxes = await Promise.all(
      ['compounds.residents', 'compounds.entries'].map((k) => page.getByTestId(`figure-${k}`).boundingBox()),
    );
    expect(boxes[0]!.x).toBe(boxes[1]!.x);
    expect(boxes[1]!.y).toBeGreaterThan(boxes[0]!.y);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(page.viewportSize()!.width + 1);
  });
});
