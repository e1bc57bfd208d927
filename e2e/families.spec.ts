import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDay, dayWindow } from '../src/server/core/figures/index.ts';
import { FamiliesRepository } from '../src/server/modules/families/families.repository.ts';
import { FamiliesService } from '../src/server/modules/families/families.service.ts';
import type { FamilyTables } from '../src/server/modules/families/families.tables.ts';
import { loginAs, newPage, startE2E } from './support.ts';

const LIAISON_JIATUN = '13800000030';
const FAMILY_ACCOUNT = '13800000032';

describe('families in the browser', () => {
  let env: Awaited<ReturnType<typeof startE2E>>;

  beforeAll(async () => {
    env = await startE2E();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('a liaison on a phone marks a weekly delivery done, and a missed one raises an alert live', async () => {
    const db = env.server.ctx.db.withTables<FamilyTables>();
    const liaison = await db
      .selectFrom('users')
      .select('id')
      .where('phone', '=', LIAISON_JIATUN)
      .executeTakeFirstOrThrow();
    const family = await db
      .selectFrom('families')
      .select(['id', 'node_path', 'worker_name'])
      .where('liaison_id', '=', liaison.id)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    // Two weekly services on today's weekday whose windows are still open, whatever the hour the spec runs.
    const now = Date.now();
    const today = beijingDay(now);
    const start = dayWindow(today, now).start;
    const weekday = ((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    const occurrence = async (kind: string, dueBy: number) => {
      const service = await db
        .insertInto('family_services')
        .values({
          family_id: family.id,
          node_path: family.node_path,
          kind,
          cadence: 'weekly',
          weekday,
          window_start: 0,
          window_end: 1440,
          note: '',
          active: 1,
          created_by: null,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return db
        .insertInto('family_deliveries')
        .values({
          service_id: service.id,
          family_id: family.id,
          node_path: family.node_path,
          liaison_id: liaison.id,
          kind,
          day: today,
          due_from: start,
          due_by: dueBy,
          status: 'open',
          volunteer_id: null,
          code: '2468',
          code_attempts: 0,
          confirmed_by: null,
          closed_by: null,
          closed_at: null,
          note: '',
          created_at: now,
        })
        .returning(['id', 'due_by'])
        .executeTakeFirstOrThrow();
    };
    const groceries = await occurrence('groceries', now + 3 * 3600_000);
    const medicine = await occurrence('medicine', now + 60_000);

    const { page, errors } = await newPage(env.browser, env.server, { viewport: 'phone' });
    await loginAs(page, LIAISON_JIATUN);
    await page.goto('/families/todo');
    await page.getByTestId(`todo-${groceries.id}`).waitFor();
    await page.getByTestId(`delivery-done-${groceries.id}`).click();
    await page.getByTestId(`todo-status-${groceries.id}`).filter({ hasText: '已送达' }).waitFor();

    // The medicine window passes unconfirmed: the job marks it missed and the page shows the alert live.
    const service = new FamiliesService(env.server.ctx, new FamiliesRepository(env.server.ctx.db));
    expect(await service.markMissed(Number(medicine.due_by) + 1)).toBeGreaterThanOrEqual(1);
    await page.getByTestId('live-alert').filter({ hasText: '送药' }).waitFor();
    await page.getByTestId(`todo-status-${medicine.id}`).filter({ hasText: '未送达' }).waitFor();

    const rows = await db
      .selectFrom('family_deliveries')
      .select(['id', 'status', 'confirmed_by', 'closed_by'])
      .where('id', 'in', [groceries.id, medicine.id])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { id: groceries.id, status: 'done', confirmed_by: 'call', closed_by: liaison.id },
      { id: medicine.id, status: 'missed', confirmed_by: null, closed_by: null },
    ]);
    expect(errors).toEqual([]);
  }, 120_000);
  it("the family's own account on a phone reads its codes and raises an urgent need its liaison sees live", async () => {
    const db = env.server.ctx.db.withTables<FamilyTables>();
    const account = await db
      .selectFrom('users')
      .select('id')
      .where('phone', '=', FAMILY_ACCOUNT)
      .executeTakeFirstOrThrow();
    const family = await db
      .selectFrom('families as f')
      .innerJoin('users as u', 'u.id', 'f.liaison_id')
      .select(['f.id', 'u.phone as liaison_phone'])
      .where('f.family_user_id', '=', account.id)
      .executeTakeFirstOrThrow();
    const liaison = await newPage(env.browser, env.server, { viewport: 'phone' });
    await loginAs(liaison.page, family.liaison_phone);
    await liaison.page.goto('/families/todo');
    await liaison.page.getByTestId('todo-needs').waitFor();

    const { page, errors } = await newPage(env.browser, env.server, { viewport: 'phone' });
    await loginAs(page, FAMILY_ACCOUNT);
    await page.goto(`/families/${family.id}`);
    await page.getByTestId('family-detail').waitFor();
    // The family reads; it neither edits the record nor pauses services.
    await page.getByTestId('family-services').waitFor();
    expect(await page.getByTestId('family-edit').count()).toBe(0);
    expect(await page.locator('[data-testid^="service-pause-"]').count()).toBe(0);
    await page.getByPlaceholder('需要什么帮助？').fill('孩子发烧，家里没有退烧药');
    await page.getByRole('button', { name: '提出紧急求助' }).click();
    await page.getByTestId('family-needs').getByText('孩子发烧，家里没有退烧药').waitFor();

    await liaison.page.getByTestId('live-alert').filter({ hasText: '紧急求助' }).waitFor();
    await liaison.page.getByTestId('todo-needs').getByText('孩子发烧，家里没有退烧药').waitFor();
    expect(errors).toEqual([]);
    expect(liaison.errors).toEqual([]);
  }, 120_000);
});
