import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FamilyTables } from '../src/server/modules/families/families.tables.ts';
import { loginAs, newPage, pickOption, startE2E } from './support.ts';

const LIAISON_JIATUN = '13800000030';
const OFFICIAL_JIATUN = '13800000004';

describe('registering and keeping a family in the browser', () => {
  let env: Awaited<ReturnType<typeof startE2E>>;

  beforeAll(async () => {
    env = await startE2E();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('a village official registers a family through the form, then pauses its service and hands it to another liaison', async () => {
    const db = env.server.ctx.db.withTables<FamilyTables>();
    const { page, errors } = await newPage(env.browser, env.server);
    await loginAs(page, OFFICIAL_JIATUN);
    await page.goto('/families');
    await page.getByTestId('family-register').click();
    await pickOption(page, 'family-form-batch', '', '第二批');
    await page.getByTestId('family-form-worker').fill('韩晓梅');
    await page.getByTestId('family-form-profession').fill('护士');
    await page.getByTestId('family-form-hospital').fill('大石桥市中心医院');
    await page.getByTestId('family-form-destination').fill('湖北省襄阳市');
    await page.getByTestId('family-form-out-day').fill('2020-02-09');
    await page.getByTestId('family-form-member-0').fill('韩小宇');
    await page.getByPlaceholder('关系').first().fill('子女');
    await page.getByTestId('family-form-address').fill('贾屯村 6组 12号');
    await page.getByTestId('family-form-phone').fill('13904170012');
    await page.getByLabel('免费送菜').check();
    // A phone that is nobody's account is refused under its field, and nothing is registered.
    await page.getByTestId('family-form-liaison').fill('13999990000');
    await page.getByTestId('family-form-submit').click();
    await page.locator('.ant-form-item-explain-error').filter({ hasText: '未找到该账号' }).waitFor();
    expect(
      await db.selectFrom('families').select('id').where('worker_name', '=', '韩晓梅').execute(),
    ).toEqual([]);
    await page.getByTestId('family-form-liaison').fill(LIAISON_JIATUN);
    await page.getByTestId('family-form-submit').click();
    await page.getByTestId('family-list').getByText('韩晓梅').waitFor();
    const family = await db
      .selectFrom('families')
      .selectAll()
      .where('worker_name', '=', '韩晓梅')
      .executeTakeFirstOrThrow();
    expect(family).toMatchObject({ address: '贾屯村 6组 12号', needs: '["groceries"]' });

    // A weekly grocery run (set up directly), then paused from the family's page with a reason.
    const added = await db
      .insertInto('family_services')
      .values({
        family_id: family.id,
        node_path: family.node_path,
        kind: 'groceries',
        cadence: 'weekly',
        weekday: 6,
        window_start: 540,
        window_end: 660,
        note: '',
        active: 1,
        created_by: null,
        created_at: Date.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await page.goto(`/families/${family.id}`);
    await page.getByTestId(`service-pause-reason-${added.id}`).fill('家人去外地隔离点');
    await page.getByTestId(`service-pause-${added.id}`).click();
    await page.getByTestId(`service-${added.id}`).filter({ hasText: '已暂停：家人去外地隔离点' }).waitFor();
    await page.getByTestId(`service-resume-${added.id}`).waitFor();

    // The official hands the family to the other liaison through the edit form.
    await page.getByTestId('family-edit').click();
    await page.getByTestId('family-form-liaison').fill('13800000031');
    await page.getByTestId('family-form-submit').click();
    await expect
      .poll(
        async () =>
          (
            await db
              .selectFrom('families')
              .select('liaison_id')
              .where('id', '=', family.id)
              .executeTakeFirstOrThrow()
          ).liaison_id,
      )
      .not.toBe(family.liaison_id);
    const audit = await env.server.ctx.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'family.edited')
      .where('entity_id', '=', String(family.id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail!).fields).toEqual(['liaisonId']);
    // The one 400 is the refused liaison phone above.
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
  }, 120_000);
});
