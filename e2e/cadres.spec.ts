import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CadresTables } from '../src/server/modules/cadres/index.ts';
import { PNG_BYTES } from '../test/platform.ts';
import { loginAs, newPage, pickOption, startE2E } from './support.ts';

const INSPECTOR = '13800000012';
const COMMAND = '13800000001';
const JIATUN_SECRETARY = '13800000004';

describe('cadres in the browser', () => {
  let env: Awaited<ReturnType<typeof startE2E>>;
  beforeAll(async () => {
    env = await startE2E();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('an assessment-group member records an entry with a photo on a phone; the command centre nominates and approves; the public list shows the cadre', async () => {
    const db = env.server.ctx.db;
    const cadre = await db
      .selectFrom('users')
      .select(['id', 'name'])
      .where('phone', '=', JIATUN_SECRETARY)
      .executeTakeFirstOrThrow();

    const phone = (await newPage(env.browser, env.server, { viewport: 'phone' })).page;
    // Three browsers and a seeded city on one server: leave room beyond the 15 s default.
    phone.setDefaultTimeout(30_000);
    await loginAs(phone, INSPECTOR);
    await phone.goto('/cadres/people');
    await phone.getByTestId(`cadre-${cadre.id}`).getByRole('link').first().click();
    await phone.getByTestId('chain-status').waitFor();
    await phone.getByTestId('entry-place').fill('贾屯村北路口卡点');
    await phone.getByTestId('entry-content').fill('夜查卡点，督促值守人员规范登记');
    await phone
      .locator('input[type=file]')
      .first()
      .setInputFiles({ name: 'site.png', mimeType: 'image/png', buffer: PNG_BYTES });
    await phone.getByText('拍照上传证据（已传 1 张）').waitFor();
    await phone.getByTestId('entry-save').click();
    await phone.locator('.ant-timeline').getByText('夜查卡点，督促值守人员规范登记').waitFor();

    const entry = await db
      .withTables<CadresTables>()
      .selectFrom('cadre_ledger')
      .selectAll()
      .where('cadre_id', '=', cadre.id)
      .where('content', '=', '夜查卡点，督促值守人员规范登记')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(entry.evidence)).toHaveLength(1);

    const centre = (await newPage(env.browser, env.server)).page;
    centre.setDefaultTimeout(30_000);
    await loginAs(centre, COMMAND);
    await centre.goto(`/cadres/people/${cadre.id}`);
    await centre.getByTestId(`entry-${entry.id}`).waitFor();
    await centre.getByTestId('nominate-reason').fill('包联贾屯村期间坚守一线，夜查卡点');
    await centre.getByTestId('nominate-evidence').getByText(`#${entry.seq} `, { exact: false }).click();
    await centre.getByTestId('nominate-submit').click();
    await centre.getByText('已提交推荐').waitFor();

    await centre.goto('/cadres/honours');
    const nomination = await db
      .withTables<CadresTables>()
      .selectFrom('cadre_nominations')
      .select('id')
      .where('cadre_id', '=', cadre.id)
      .executeTakeFirstOrThrow();
    await centre.getByTestId(`approve-${nomination.id}`).click();
    await centre.getByTestId(`nomination-${nomination.id}`).getByText('已批准').waitFor();
    await centre.getByTestId('publish-title').fill('营口市优秀包联干部名单（第二批）');
    await centre.getByTestId('publish').click();
    await centre.getByText('名单已公布').waitFor();

    const visitor = (await newPage(env.browser, env.server)).page;
    visitor.setDefaultTimeout(30_000);
    await visitor.goto('/honours');
    const list = visitor.locator('.ant-card', { hasText: '营口市优秀包联干部名单（第二批）' });
    await list.getByText(cadre.name, { exact: true }).waitFor();
    await list.getByText('包联贾屯村期间坚守一线，夜查卡点').waitFor();
    // The public page carries the reason, never the ledger itself.
    expect(await visitor.getByText('夜查卡点，督促值守人员规范登记').count()).toBe(0);
  }, 300_000);

  it('the command centre pairs a leader with an uncovered village and forms an assessment group from the coverage page', async () => {
    const db = env.server.ctx.db;
    const county = await db
      .selectFrom('nodes')
      .select(['id', 'path'])
      .where('code', '=', '210881')
      .executeTakeFirstOrThrow();
    const held = db
      .withTables<CadresTables>()
      .selectFrom('cadre_areas')
      .select('node_id')
      .where('ends_at', 'is', null);
    const place = await db
      .selectFrom('nodes')
      .select(['id', 'name', 'parent_id'])
      .where('kind', '=', 'community')
      .where('path', 'like', `${county.path}%`)
      .where('id', 'not in', held)
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const town = await db
      .selectFrom('nodes')
      .select('name')
      .where('id', '=', place.parent_id!)
      .executeTakeFirstOrThrow();

    const centre = (await newPage(env.browser, env.server)).page;
    centre.setDefaultTimeout(30_000);
    await loginAs(centre, COMMAND);
    await centre.goto(`/cadres?nodeId=${county.id}`);
    await centre.locator('.ant-collapse-header', { hasText: town.name }).click();
    await centre.locator(`[data-testid="place-${place.id}"][data-covered="no"]`).waitFor();
    await centre.getByTestId(`assign-${place.id}`).click();
    await pickOption(centre, 'area-leader', '团甸镇干部', '团甸镇干部');
    await centre.getByTestId('area-save').click();
    await centre.locator(`[data-testid="place-${place.id}"][data-covered="yes"]`).waitFor();
    const area = await db
      .withTables<CadresTables>()
      .selectFrom('cadre_areas')
      .select(['tier', 'duties'])
      .where('node_id', '=', place.id)
      .executeTakeFirstOrThrow();
    expect(area.tier).toBe('village');
    expect(JSON.parse(area.duties)).toHaveLength(4);

    await centre.getByTestId('group-name').fill('盖州市第五考核组');
    await centre.getByTestId('group-create').click();
    await centre.getByText('盖州市第五考核组').waitFor();
  }, 180_000);
});
