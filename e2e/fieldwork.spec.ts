import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldworkTables } from '../src/server/modules/fieldwork/index.ts';
import { PNG_BYTES } from '../test/platform.ts';
import { loginAs, newPage, startE2E } from './support.ts';

const VOLUNTEER = '13800000005';
const LEADER = '13800000008';
const OFFICIAL = '13800000004';
const HOUR = 3_600_000;
const BEIJING = 8 * HOUR;

describe('field work in the browser', () => {
  let env: Awaited<ReturnType<typeof startE2E>>;
  beforeAll(async () => {
    env = await startE2E();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('a volunteer signs up for two shifts on a phone, the leader grid turns green live; the volunteer checks in with the checkpoint code', async () => {
    const db = env.server.ctx.db.withTables<FieldworkTables>();
    const market = await db
      .selectFrom('field_checkpoints')
      .select(['node_id', 'node_path'])
      .where('name', '=', '贾屯村集市卡点')
      .executeTakeFirstOrThrow();
    const tomorrow = Math.floor((Date.now() + BEIJING) / (24 * HOUR) + 1) * 24 * HOUR - BEIJING;
    const shifts = await db
      .selectFrom('field_shifts')
      .select(['id', 'starts_at', 'ends_at'])
      .where('checkpoint_id', '=', market.node_id)
      .where('starts_at', 'in', [tomorrow + 8 * HOUR, tomorrow + 12 * HOUR])
      .orderBy('starts_at')
      .execute();
    expect(shifts).toHaveLength(2);

    const leader = (await newPage(env.browser, env.server)).page;
    await loginAs(leader, LEADER);
    await leader.goto('/fieldwork/grid');
    const gridFrom = Math.floor(Date.now() / HOUR) * HOUR;
    const cell = leader.getByTestId(
      `cell-${market.node_id}-${(Number(shifts[0]!.starts_at) - gridFrom) / HOUR}`,
    );
    await cell.waitFor();
    expect(await cell.getAttribute('data-state')).toBe('gap');

    const phone = (await newPage(env.browser, env.server, { viewport: 'phone' })).page;
    await loginAs(phone, VOLUNTEER);
    await phone.goto('/fieldwork/duty');
    for (const s of shifts) await phone.getByTestId(`slot-${s.id}-设卡检查`).click();
    await phone.getByTestId('sign-up').click();
    await phone.getByText('已报名：设卡检查').first().waitFor();

    // No reload: the sign-up's live event makes the grid fetch again.
    await expect.poll(() => cell.getAttribute('data-state'), { timeout: 15_000 }).toBe('full');

    // A shift on now, signed up earlier (sign-up closes at the start), to check in to.
    const now = Date.now();
    const current = await db
      .selectFrom('field_shifts')
      .select(['id', 'starts_at', 'ends_at'])
      .where('checkpoint_id', '=', market.node_id)
      .where('starts_at', '<=', now)
      .where('ends_at', '>', now)
      .executeTakeFirstOrThrow();
    const volunteerId = (
      await env.server.ctx.db
        .selectFrom('users')
        .select('id')
        .where('phone', '=', VOLUNTEER)
        .executeTakeFirstOrThrow()
    ).id;
    await db
      .insertInto('field_signups')
      .values({
        shift_id: current.id,
        checkpoint_id: market.node_id,
        node_path: market.node_path,
        user_id: volunteerId,
        skill: '设卡检查',
        starts_at: Number(current.starts_at),
        ends_at: Number(current.ends_at),
        checked_in_at: null,
        checked_out_at: null,
        stand_in_for: null,
        created_at: now,
      })
      .execute();

    await leader.getByTestId('code-select').click();
    await leader.getByTitle('贾屯村集市卡点').click();
    const code = (await leader.getByTestId('code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^\d{6}$/);

    await phone.reload();
    await phone.getByTestId('checkin-code').fill(code);
    await phone.getByRole('button', { name: '到岗签到' }).click();
    await phone.getByTestId('checked-in').waitFor();
  });

  it('a task completed offline with a photo, the upload cut and resumed, arrives exactly once; the official sees the evidence', async () => {
    const db = env.server.ctx.db.withTables<FieldworkTables>();
    const task = await db
      .selectFrom('field_tasks')
      .select('id')
      .where('title', '=', '返乡人员排查')
      .executeTakeFirstOrThrow();
    // The cut upload is made with `page.route`, which a service worker in control would bypass.
    const { page: phone, context } = await newPage(env.browser, env.server, {
      viewport: 'phone',
      serviceWorkers: 'block',
    });
    await loginAs(phone, VOLUNTEER);
    await phone.goto('/fieldwork/tasks');
    const item = phone.getByTestId(`task-${task.id}`);
    // The page's first load (login, lazy chunk, list) is the slow part when the machine is busy.
    await item.getByTestId('claim-task').waitFor({ timeout: 30_000 });
    await item.getByTestId('claim-task').click();
    await item.getByTestId('claim-timer').waitFor();

    await context.setOffline(true);
    await item.locator('input[type=file]').setInputFiles({
      name: 'after.png',
      mimeType: 'image/png',
      buffer: PNG_BYTES,
    });
    await item.getByTestId('done-task').click();
    await phone.getByTestId('outbox-pending').waitFor();
    await expect.poll(() => phone.getByTestId(`queued-${task.id}`).textContent()).toContain('2');

    // Back online, the first upload reaches the server but its answer is lost on the way back.
    let uploads = 0;
    await phone.route('**/api/fieldwork/tasks/*/evidence/*', async (route) => {
      uploads += 1;
      if (uploads === 1) {
        await route.fetch();
        await route.abort('failed');
      } else await route.continue();
    });
    await context.setOffline(false);
    const receipt = phone.getByTestId(`receipt-${task.id}`);
    await receipt.waitFor({ timeout: 20_000 });
    await expect.poll(() => receipt.textContent(), { timeout: 20_000 }).toContain('已完成');
    expect(await receipt.textContent()).toContain('照片 1 张');
    expect(uploads).toBeGreaterThanOrEqual(2);

    const stored = await env.server.ctx.db
      .selectFrom('files')
      .select('id')
      .where('owner_type', '=', 'field-task')
      .where('owner_id', '=', String(task.id))
      .execute();
    expect(stored).toHaveLength(1);

    const official = (await newPage(env.browser, env.server)).page;
    await loginAs(official, OFFICIAL);
    await official.goto('/fieldwork/tasks');
    const evidence = official.getByTestId(`evidence-${task.id}`);
    await evidence.locator('img').first().waitFor();
    expect(await evidence.locator('img').count()).toBe(1);
  });
});
