import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompoundTables } from '../src/server/modules/compounds/index.ts';
import { loginAs, newPage, startE2E } from './support.ts';

const COMMAND_CENTRE = '13800000001';
const OFFICIAL_JIATUN = '13800000004';

describe('retention in the browser', () => {
  let env: Awaited<ReturnType<typeof startE2E>>;
  beforeAll(async () => {
    env = await startE2E();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('the command centre reads every table of the inventory with its rule and setting, and previews the purge', async () => {
    const { page } = await newPage(env.browser, env.server);
    await loginAs(page, COMMAND_CENTRE);
    await page.goto('/retention');
    const rules = page.getByTestId('retention-rules');
    await rules.locator('code').getByText('gate_entries', { exact: true }).waitFor();
    expect(await rules.textContent()).toContain('XINGHUO_RETAIN_GATE_ENTRIES_DAYS');
    for (const table of ['residents', 'passes', 'alliance_volunteers', 'audit_log'])
      await rules.locator('code').getByText(table, { exact: true }).waitFor();
    await page.getByRole('button', { name: '预览下次清除' }).last().click();
    await page.getByTestId('dry-run').waitFor();
  });

  it('an official exports one resident as a file named by date, then erases them', async () => {
    const resident = await env.server.ctx.db
      .withTables<CompoundTables>()
      .selectFrom('residents')
      .select(['id_number', 'name'])
      .where('node_path', 'like', '2108/210881/210881117/210881117207/%')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const { page } = await newPage(env.browser, env.server);
    await loginAs(page, OFFICIAL_JIATUN);
    await page.goto('/personal-data');
    await page.getByTestId('person-form').locator('input').fill(resident.id_number);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出此人的全部信息' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^personal-data-\d{4}-\d{2}-\d{2}\.json$/);
    await page.getByRole('button', { name: '删除此人的信息' }).click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByTestId('erasure').getByText('residents', { exact: true }).waitFor();
    const left = await env.server.ctx.db
      .withTables<CompoundTables>()
      .selectFrom('residents')
      .select('id')
      .where('id_number', '=', resident.id_number)
      .execute();
    expect(left).toEqual([]);
  });
});
