import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArchivesTables, BATCH_COLUMNS } from '../src/server/modules/archives/index.ts';
import { loginAs, newPage, startE2E } from './support.ts';

const ARCHIVIST = '13800000013';

async function metadata(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('metadata');
  sheet.addRow([...BATCH_COLUMNS]);
  sheet.addRow([
    '消杀记录.txt',
    '站前区消杀记录（批量）',
    '站前区指挥部',
    '2020-02-08',
    '工作简报',
    '210802',
    '',
    '',
    '',
    '1 件',
  ]);
  sheet.addRow([
    '会议.txt',
    '会议纪要（批量）',
    '指挥部',
    '2020-02-09',
    '会议纪要',
    '999999',
    '',
    '',
    '',
    '1 件',
  ]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('archives in the browser', () => {
  let env: Awaited<ReturnType<typeof startE2E>>;
  beforeAll(async () => {
    env = await startE2E();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('the archivist files a folder with its metadata sheet, sees each file reach 100 % and a row report, and finds the filed item by a two-character search', async () => {
    const page = (await newPage(env.browser, env.server)).page;
    page.setDefaultTimeout(30_000);
    await loginAs(page, ARCHIVIST);
    await page.goto('/archives');
    const file = await env.server.ctx.db
      .withTables<ArchivesTables>()
      .selectFrom('archive_units')
      .select(['id', 'title'])
      .where('level', '=', 'file')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const fileId = Number(file.id);
    const search = page.getByPlaceholder('全文检索，如“口罩”“消杀”');
    await search.fill(file.title);
    await search.press('Enter');
    await page.getByTestId(`batch-open-${fileId}`).click();
    await page.getByTestId('batch-files').setInputFiles([
      { name: 'metadata.xlsx', mimeType: 'application/octet-stream', buffer: await metadata() },
      {
        name: '消杀记录.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('站前区今日完成楼道消杀一百二十栋。'),
      },
      { name: '会议.txt', mimeType: 'text/plain', buffer: Buffer.from('会议') },
    ]);
    await page.getByTestId('batch-send').click();
    await page.getByTestId('batch-summary').getByText('导入 1 件，1 行未导入').waitFor();
    for (const name of ['metadata.xlsx', '消杀记录.txt', '会议.txt'])
      await page.getByTestId(`batch-progress-${name}`).getByText('100%').waitFor();
    const report = page.getByTestId('batch-report');
    await report.getByText('已导入').waitFor();
    expect(await report.locator('tr', { hasText: '未导入' }).textContent()).toContain('地点编码');
    await page.getByRole('button', { name: '关闭' }).click();

    await search.fill('消杀');
    await search.press('Enter');
    await page.getByTestId('archives-table').getByText('站前区消杀记录（批量）').waitFor();
  });
});
