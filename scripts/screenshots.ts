/**
 * `npm run screenshots`: the pictures in README.md and docs/, taken from the real server with the
 * demo city in headless Chromium (the same stack as the browser specs). Tests never write here.
 */
import { mkdirSync } from 'node:fs';
import { loginAs, newPage, startE2E } from '../e2e/support.ts';

const OUT = 'docs/screenshots';
mkdirSync(OUT, { recursive: true });
const env = await startE2E();
try {
  // The shell: jurisdiction, node picker, navigation by permission.
  const admin = await newPage(env.browser, env.server);
  await loginAs(admin.page, '13800000000');
  await admin.page.getByText('849').waitFor();
  await admin.page.screenshot({ path: `${OUT}/shell.png` });

  // The division tree with a pinyin-initial search.
  await admin.page.goto('/regions');
  await admin.page.getByTestId('children-table').getByText('盖州市').waitFor();
  await admin.page.getByTestId('region-search').locator('input').fill('gz');
  await admin.page.getByTestId('region-search').locator('input').press('Enter');
  await admin.page.getByTestId('search-results').getByRole('link', { name: '盖州市' }).waitFor();
  await admin.page.screenshot({ path: `${OUT}/tree.png` });

  // A gate keeper's phone with a valid pass.
  const keeper = await newPage(env.browser, env.server, { viewport: 'phone' });
  await loginAs(keeper.page, '13800000009');
  const pass = await env.server.ctx.db
    .selectFrom('passes' as never)
    .select(['code' as never])
    .where('status' as never, '=', 'active' as never)
    .where('kind' as never, '=', 'person' as never)
    .executeTakeFirstOrThrow();
  await keeper.page.goto('/gate');
  await keeper.page.getByTestId('gate-code').fill((pass as { code: string }).code);
  await keeper.page.getByTestId('gate-verify').click();
  await keeper.page.getByTestId('gate-result').waitFor();
  await keeper.page.screenshot({ path: `${OUT}/gate.png` });

  // The resident's own pass on a phone.
  const resident = await newPage(env.browser, env.server, { viewport: 'phone' });
  await loginAs(resident.page, '13800000010');
  await resident.page.goto('/my-pass');
  await resident.page.getByTestId('my-pass-qr').first().waitFor();
  await resident.page.screenshot({ path: `${OUT}/my-pass.png` });
  process.stdout.write(`screenshots written to ${OUT}/\n`);
} finally {
  await env.close();
}
