import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, newPage, startE2E } from './support.ts';

const OFFICER = '13800000005';
const COUNSELLOR = '13800000014';
const CENTRE = '13800000001';

describe('psychological support in the browser', () => {
  let env: Awaited<ReturnType<typeof startE2E>>;

  beforeAll(async () => {
    env = await startE2E();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('a police officer on a phone books under an alias and asks for help now; the counsellor sees only the alias and answers live; a flagged session reaches the command centre live', async () => {
    const { page } = await newPage(env.browser, env.server, { viewport: 'phone' });
    await loginAs(page, OFFICER);
    await page.goto('/counselling');
    await page.getByTestId('open-slot').first().waitFor();
    await page.getByTestId('slot-book').first().click();
    // Nothing is filled in from the account: the alias is empty and the phone is not even asked.
    const alias = page.getByTestId('booking-alias');
    expect(await alias.inputValue()).toBe('');
    expect(await page.getByTestId('booking-phone').count()).toBe(0);
    await alias.fill('夜班民警');
    await page.getByTestId('booking-confirm').click();
    await page.getByTestId('my-bookings').getByText('夜班民警').waitFor();

    const counsellor = await newPage(env.browser, env.server, { viewport: 'phone' });
    await loginAs(counsellor.page, COUNSELLOR);
    await counsellor.page.goto('/counselling/desk');
    await counsellor.page.getByTestId('sessions').getByText('夜班民警').waitFor();
    const sessions = await counsellor.page.getByTestId('sessions').textContent();
    expect(sessions).not.toContain('贾屯村志愿者');
    expect(sessions).not.toContain(OFFICER);

    // "I need help now" reaches the counsellor's open desk live and shows the hotline at once.
    const before = await counsellor.page.getByTestId('crisis').count();
    await page.getByTestId('help-now-button').click();
    await page.getByTestId('help-now-status').waitFor();
    expect(await page.getByTestId('hotline').textContent()).toContain('12356');
    await expect
      .poll(() => counsellor.page.getByTestId('crisis').count(), { timeout: 15_000 })
      .toBe(before + 1);
    await counsellor.page.getByTestId('crisis').first().getByRole('button').click();
    await counsellor.page.getByTestId('crisis').first().getByText('已接听').waitFor();
    await page.reload();
    await page.getByTestId('help-now-status').getByText('咨询师已接听').waitFor();

    // A crisis found in a session goes to the command centre's open page live, with no name.
    const centre = await newPage(env.browser, env.server);
    await loginAs(centre.page, CENTRE);
    await centre.page.goto('/counselling/overview');
    await centre.page.getByTestId('escalated').waitFor();
    const escalatedBefore = await centre.page.getByTestId('escalated-crisis').count();
    await counsellor.page
      .getByTestId('session')
      .filter({ hasText: '夜班民警' })
      .getByTestId('session-flag')
      .click();
    await expect
      .poll(() => centre.page.getByTestId('escalated-crisis').count(), { timeout: 15_000 })
      .toBe(escalatedBefore + 1);
    expect(await centre.page.locator('main, body').first().textContent()).not.toContain('夜班民警');

    const booking = await env.server.ctx.db
      .selectFrom('counselling_bookings' as never)
      .select(['alias', 'phone'] as never)
      .where('alias' as never, '=', '夜班民警' as never)
      .executeTakeFirst();
    expect(booking).toEqual({ alias: '夜班民警', phone: null });
  });
});
