import ExcelJS from 'exceljs';
import { type SqlBool, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, type Client, type TestApp } from '../../../../test/helpers.ts';
import { multipart } from '../../../../test/platform.ts';
import type { ArchiveList, ArchiveUnit } from '../../../contracts/archives.ts';
import { TextPdf } from '../../core/pdf/index.ts';
import { ArchivesRepository } from './archives.repository.ts';
import { tokenize } from './tokens.ts';
import { docxText, unzipEntry, zipStore } from './zip.ts';

/** A minimal .docx: only the part the text extraction reads. */
function docx(text: string): Buffer {
  const xml = `<?xml version="1.0"?><w:document xmlns:w="w"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`;
  return zipStore([
    { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
    { name: 'word/document.xml', data: Buffer.from(xml) },
  ]);
}

describe('archive tokens', () => {
  it('indexes Chinese as character bigrams and Latin words whole', () => {
    expect(tokenize('口罩发放 N95口罩')).toEqual(['口罩', '罩发', '发放', 'n95']);
    expect(tokenize('消')).toEqual(['消']);
  });
});

describe.each(dialects)('archives on %s', (dialect) => {
  let t: TestApp;
  let archivist: Client;
  let series: ArchiveUnit;
  let file: ArchiveUnit;
  const ids: Record<string, number> = {};

  const search = async (client: Client, q: string) =>
    (await client.get(`/api/archives/units?q=${encodeURIComponent(q)}`)).json<ArchiveList>();
  const create = async (body: Record<string, unknown>) => {
    const res = await archivist.post('/api/archives/units', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<ArchiveUnit>();
  };

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    archivist = await t.as('archivist', '2108');
    const city = await t.node('2108');
    const base = { creator: '营口市疫情防控指挥部', date: Date.UTC(2020, 1, 3), category: '命令通知' };
    series = await create({ ...base, level: 'series', nodeId: city.id, title: '疫情防控档案' });
    file = await create({
      ...base,
      level: 'file',
      parentId: series.id,
      nodeId: city.id,
      title: '命令通知卷',
    });
    for (const [key, code, title, description] of [
      ['masks', '210881117207', '贾屯村发放口罩', '向 312 户居民发放口罩'],
      ['disinfect', '210881117', '团甸镇卡点消杀记录', '每日两次'],
      ['zhanqian', '210802', '站前区会议纪要', '研究复工复产'],
      ['split', '210802', '罩子与口腔卫生', '口 罩 分开写不算'],
    ] as const) {
      const node = await t.node(code);
      ids[key] = (
        await create({ ...base, level: 'item', parentId: file.id, nodeId: node.id, title, description })
      ).id;
    }
  });
  afterAll(() => t.close());

  it('files series → files → items with ISAD(G) reference codes, as drafts, in the configured categories', async () => {
    expect(series).toMatchObject({ level: 'series', referenceCode: 'YK-2020-S001', status: 'draft' });
    expect(file.referenceCode).toBe('YK-2020-S001-F1');
    const item = (await archivist.get(`/api/archives/units/${ids.masks}`)).json<ArchiveUnit>();
    expect(item).toMatchObject({
      referenceCode: 'YK-2020-S001-F1-1',
      nodeName: '贾屯村委会',
      status: 'draft',
      isPublic: false,
    });
    const categories = (await archivist.get('/api/archives/categories')).json<string[]>();
    expect(categories).toHaveLength(21);
    const wrong = await archivist.post('/api/archives/units', {
      level: 'item',
      nodeId: (await t.node('2108')).id,
      title: '无类别',
      creator: '某',
      date: 0,
      category: '不存在',
    });
    expect(wrong.json().error.fields[0]).toMatchObject({
      field: 'category',
      code: 'ARCHIVE_CATEGORY_UNKNOWN',
    });
    const orphan = await archivist.post('/api/archives/units', {
      level: 'file',
      nodeId: (await t.node('2108')).id,
      title: '没有全宗的案卷',
      creator: '某',
      date: 0,
      category: '其他',
    });
    expect(orphan.json().error.fields[0]).toMatchObject({ field: 'parentId', code: 'ARCHIVE_PARENT_LEVEL' });
  });

  it('finds two-character queries like 口罩 and 消杀, and not characters that are merely both present', async () => {
    expect((await search(archivist, '口罩')).items.map((u) => u.id)).toEqual([ids.masks]);
    expect((await search(archivist, '消杀')).items.map((u) => u.id)).toEqual([ids.disinfect]);
    expect((await search(archivist, '发放口罩')).items.map((u) => u.id)).toEqual([ids.masks]);
    expect((await search(archivist, '复工')).total).toBe(1);
    expect((await search(archivist, '疫苗')).total).toBe(0);
  });

  it('keeps a draft invisible to non-archivists until an archivist publishes it', async () => {
    const official = await t.as('official', '210881');
    expect((await search(official, '口罩')).total).toBe(0);
    expect((await official.get(`/api/archives/units/${ids.masks}`)).statusCode).toBe(404);
    expect((await official.post(`/api/archives/units/${ids.masks}/publish`)).statusCode).toBe(403);
    const published = await archivist.post(`/api/archives/units/${ids.masks}/publish`);
    expect(published.json()).toMatchObject({ status: 'published' });
    expect((await archivist.post(`/api/archives/units/${ids.masks}/publish`)).statusCode).toBe(409);
    expect((await search(official, '口罩')).items.map((u) => u.id)).toEqual([ids.masks]);
    expect((await official.get(`/api/archives/units/${ids.disinfect}`)).statusCode).toBe(404);
    // 站前区 sees nothing of 盖州市, published or not.
    const zhanqian = await t.as('official', '210802');
    expect((await zhanqian.get(`/api/archives/units/${ids.masks}`)).statusCode).toBe(404);
    expect((await search(zhanqian, '口罩')).total).toBe(0);
    const trail = await t.ctx.db
      .selectFrom('audit_log')
      .select('entity_id')
      .where('action', '=', 'archives.published')
      .execute();
    expect(trail.map((r) => r.entity_id)).toEqual([String(ids.masks)]);
  });

  it('searches the text of an uploaded .docx and exports the series as a zip with its files and a metadata sheet', async () => {
    const upload = multipart('会议记录.docx', docx('会议决定：对农贸市场全面消毒，严控聚集。'));
    const res = await archivist.post(
      `/api/archives/units/${ids.zhanqian}/files`,
      upload.payload,
      upload.headers,
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().fileCount).toBe(1);
    expect((await search(archivist, '农贸市场')).items.map((u) => u.id)).toEqual([ids.zhanqian]);
    const zip = await archivist.get(`/api/archives/units/${series.id}/export.zip`);
    expect(zip.statusCode).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    const doc = unzipEntry(zip.rawPayload, 'YK-2020-S001-F1-3/会议记录.docx');
    expect(docxText(doc!)).toContain('农贸市场');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(unzipEntry(zip.rawPayload, 'metadata.xlsx') as unknown as ArrayBuffer);
    const codes = book.worksheets[0]!.getColumn(1).values.slice(2).map(String);
    expect(codes).toEqual([
      'YK-2020-S001',
      'YK-2020-S001-F1',
      'YK-2020-S001-F1-1',
      'YK-2020-S001-F1-2',
      'YK-2020-S001-F1-3',
      'YK-2020-S001-F1-4',
    ]);
  });

  it('searches the text inside an uploaded PDF, Chinese included', async () => {
    const pdf = await TextPdf.create('消杀台账', '团甸镇');
    pdf.paragraph('二月五日：爱心企业捐赠防护服 200 套，已分发至各卡点。Donated protective suits.');
    const upload = multipart('消杀台账.pdf', Buffer.from(await pdf.save()));
    const res = await archivist.post(
      `/api/archives/units/${ids.disinfect}/files`,
      upload.payload,
      upload.headers,
    );
    expect(res.statusCode, res.body).toBe(201);
    expect((await search(archivist, '防护服')).items.map((u) => u.id)).toEqual([ids.disinfect]);
    expect((await search(archivist, 'protective')).items.map((u) => u.id)).toEqual([ids.disinfect]);
    expect((await search(archivist, '护服捐')).total).toBe(0);
  });

  it('files a folder of files with a metadata sheet, reporting each row, leaving bad rows out', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('著录');
    sheet.addRow(['文件名', '题名', '责任者', '日期', '类别', '地点编码', '人物', '来源', '描述', '数量']);
    sheet.addRow([
      '简报1.txt',
      '第一期工作简报',
      '指挥部',
      '2020-02-05',
      '工作简报',
      '2108',
      '',
      '',
      '',
      '1 件',
    ]);
    sheet.addRow([
      '简报2.txt',
      '第二期工作简报',
      '指挥部',
      '2020-02-06',
      '工作简报',
      '999999',
      '',
      '',
      '',
      '1 件',
    ]);
    sheet.addRow([
      '缺失.txt',
      '第三期工作简报',
      '指挥部',
      '2020-02-07',
      '工作简报',
      '2108',
      '',
      '',
      '',
      '1 件',
    ]);
    const xlsx = Buffer.from(await book.xlsx.writeBuffer());
    const upload = multipart('metadata.xlsx', xlsx, [
      { filename: '简报1.txt', content: '全市设立体温检测点一百二十处。' },
      { filename: '简报2.txt', content: '第二期' },
    ]);
    const res = await archivist.post(`/api/archives/units/${file.id}/batch`, upload.payload, upload.headers);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<{
      imported: number;
      rejected: number;
      rows: Array<{ row: number; ok: boolean; errors: string[] }>;
    }>();
    expect([report.imported, report.rejected]).toEqual([1, 2]);
    expect(report.rows.map((r) => [r.row, r.ok])).toEqual([
      [2, true],
      [3, false],
      [4, false],
    ]);
    expect(report.rows[1]!.errors[0]).toContain('地点编码');
    expect(report.rows[2]!.errors[0]).toContain('未上传');
    expect((await search(archivist, '体温检测')).items.map((u) => u.title)).toEqual(['第一期工作简报']);
  });

  it('lists the items filed in a window in the daily chronicle', async () => {
    const section = t.ctx.chronicle.sectionList().find((s) => s.key === 'archives.filed')!;
    const lines = await section.lines(
      t.ctx.db,
      (await t.node('2108')).path,
      Date.now() - 3600_000,
      Date.now() + 1,
      'zh-CN',
    );
    expect(lines.some((l) => l.includes('《贾屯村发放口罩》'))).toBe(true);
  });

  it('pages a search newest first by keyset and stops counting at the cap', async () => {
    const village = await t.node('210881117207');
    const made: number[] = [];
    for (let i = 1; i <= 5; i += 1)
      made.push(
        (
          await create({
            creator: '档案整理组',
            date: Date.UTC(2020, 1, i),
            category: '工作简报',
            level: 'item',
            parentId: file.id,
            nodeId: village.id,
            title: `防疫周报第${i}期`,
          })
        ).id,
      );
    const seen: number[] = [];
    let after: number | null | undefined;
    do {
      const page = (
        await archivist.get(
          `/api/archives/units?q=${encodeURIComponent('周报')}&pageSize=2${after ? `&after=${after}` : ''}`,
        )
      ).json<ArchiveList>();
      expect(page).toMatchObject({ total: 5, totalCapped: false });
      seen.push(...page.items.map((u) => u.id));
      after = page.next;
    } while (after !== null);
    expect(seen).toEqual([...made].reverse());

    const repo = new ArchivesRepository(t.ctx.db);
    const everywhere = { visible: () => sql<SqlBool>`1 = 1`, drafts: () => sql<SqlBool>`1 = 1`, q: '周报' };
    expect(await repo.list(everywhere, undefined, 2, 3)).toMatchObject({ total: 3, totalCapped: true });
    // The draft rule is read from the postings: published and drafts-in-scope alike.
    const nowhere = { ...everywhere, drafts: () => sql<SqlBool>`1 = 0` };
    expect((await repo.list(nowhere, undefined, 10, 10)).total).toBe(0);
    await archivist.post(`/api/archives/units/${made[0]}/publish`);
    expect((await repo.list(nowhere, undefined, 10, 10)).items.map((u) => Number(u.id))).toEqual([made[0]]);
  });
});
