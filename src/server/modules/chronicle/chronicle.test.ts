import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, type Client, type TestApp } from '../../../../test/helpers.ts';
import type { ChronicleDetail, ChronicleEntry } from '../../../contracts/chronicle.ts';
import type { Page } from '../../../contracts/common.ts';
import { buildApp } from '../../app.ts';
import { beijingDay } from '../../core/figures/index.ts';
import { docxText, unzipEntry } from '../archives/index.ts';
import { chronicleServices, periodEndOf } from './index.ts';
import { lineDiff } from './line-diff.ts';

const HOUR = 3600_000;

describe.each(dialects)('chronicle on %s', (dialect) => {
  let t: TestApp;
  let archivist: Client;
  let director: Client;
  const slot = '2026-02-10';
  const end = periodEndOf(slot);
  const start = end - 24 * HOUR;

  const event = async (type: string, node: string, at: number, payload: Record<string, unknown>) => {
    await t.ctx.db
      .insertInto('events')
      .values({
        type,
        node_path: (await t.node(node)).path,
        user_id: null,
        permission: null,
        payload: JSON.stringify(payload),
        actor_id: null,
        created_at: at,
      })
      .execute();
  };
  const entries = async (client: Client, query = '') =>
    (await client.get(`/api/chronicle${query}`)).json<Page<ChronicleEntry>>();
  const audit = async (action: string) =>
    t.ctx.db.selectFrom('audit_log').select(['entity_id', 'actor_id']).where('action', '=', action).execute();

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    const fever = { compoundName: '贾屯新村小区', temperature: 38.2 };
    await event('gate.fever', '210881117207', start - 1, { ...fever, temperature: 39.9 });
    await event('gate.fever', '210881117207', start, fever);
    await event('broadcast.published', '2108', start + 3 * HOUR, {
      kind: 'order',
      title: '关于实行封闭管理的通告',
    });
    await event('team.created', '210881117', end - 1, { name: '团甸镇青年突击队' });
    await event('team.created', '210881117', end, { name: '明天的队伍' });
    await event('user.created', '210881117', start + HOUR, { name: '不值得记的事' });
    archivist = await t.as('archivist', '2108');
    director = await t.as('command_centre', '2108');
  });
  afterAll(() => t.close());

  it('drafts the entry at 16:00 from exactly the events of [yesterday 16:00, today 16:00), phrased, with the figures', async () => {
    const ran = await t.ctx.jobs.tick(end + 1000);
    expect(ran).toContain('chronicle.draft-daily');
    const [entry] = (await entries(archivist)).items;
    expect(entry).toMatchObject({
      number: 1,
      version: 1,
      status: 'draft',
      periodStart: start,
      periodEnd: end,
    });
    expect(entry!.title).toBe('营口市疫情防控大事记（第 1 期）');
    expect(entry!.body).toContain('统计时段：2026-02-09 16:00 至 2026-02-10 16:00');
    expect(entry!.body).toContain('贾屯新村小区门岗测得体温 38.2 ℃');
    expect(entry!.body).not.toContain('39.9');
    expect(entry!.body).toContain('《关于实行封闭管理的通告》');
    expect(entry!.body).toContain('团甸镇组建志愿队伍“团甸镇青年突击队”');
    expect(entry!.body).not.toContain('明天的队伍');
    expect(entry!.body).not.toContain('不值得记的事');
    expect(entry!.body).toContain('【体温异常报警】共 1 起');
    expect(entry!.body).toContain('二、主要数据');
    expect(entry!.body).toContain('在册居民');
    // The same slot again, on this instance or after a restart, drafts nothing more.
    expect(await t.ctx.jobs.tick(end + 2000)).not.toContain('chronicle.draft-daily');
    expect(await chronicleServices.get(t.ctx)!.draftDay(end)).toEqual([]);
    expect((await entries(archivist)).total).toBe(1);
  });

  it('lets the archivist edit the draft and a director approve it; approved, it is frozen', async () => {
    const [entry] = (await entries(archivist)).items;
    const edited = await archivist.put(`/api/chronicle/${entry!.id}`, {
      title: entry!.title,
      body: `${entry!.body}\n（整理：市档案整理组）`,
    });
    expect(edited.statusCode).toBe(200);
    expect((await archivist.post(`/api/chronicle/${entry!.id}/approve`)).statusCode).toBe(403);
    const approved = await director.post(`/api/chronicle/${entry!.id}/approve`);
    expect(approved.statusCode).toBe(200);
    expect(approved.json<ChronicleDetail>()).toMatchObject({
      status: 'approved',
      approvedBy: 'command_centre@2108',
    });
    const refused = await archivist.put(`/api/chronicle/${entry!.id}`, { title: '改标题', body: '改正文' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('CHRONICLE_FROZEN');
    expect((await director.post(`/api/chronicle/${entry!.id}/approve`)).statusCode).toBe(409);
    const stored = (await archivist.get(`/api/chronicle/${entry!.id}`)).json<ChronicleDetail>();
    expect(stored.body).toContain('（整理：市档案整理组）');
    expect(stored.title).toBe(entry!.title);
    expect((await audit('chronicle.approved')).map((r) => r.entity_id)).toEqual([String(entry!.id)]);
  });

  it('corrects an approved entry only by an erratum: a new version pointing at it, the change shown, the original kept', async () => {
    const [entry] = (await entries(archivist)).items;
    const body = entry!.body.replace('38.2 ℃', '38.4 ℃');
    const res = await archivist.post(`/api/chronicle/${entry!.id}/errata`, {
      body,
      reason: '门岗复测体温为 38.4 ℃',
    });
    expect(res.statusCode).toBe(201);
    const erratum = res.json<ChronicleDetail>();
    expect(erratum).toMatchObject({ number: 1, version: 2, correctsId: entry!.id, status: 'draft' });
    expect(erratum.diff!.filter((d) => d.op !== 'same').map((d) => d.op)).toEqual(['del', 'add']);
    expect(erratum.diff!.find((d) => d.op === 'add')!.text).toContain('38.4 ℃');
    expect(erratum.versions.map((v) => [v.version, v.status])).toEqual([
      [1, 'approved'],
      [2, 'draft'],
    ]);
    const second = await archivist.post(`/api/chronicle/${entry!.id}/errata`, { body, reason: '再来一次' });
    expect(second.json().error.code).toBe('CHRONICLE_ERRATUM_OPEN');
    expect((await director.post(`/api/chronicle/${erratum.id}/approve`)).statusCode).toBe(200);
    const original = (await archivist.get(`/api/chronicle/${entry!.id}`)).json<ChronicleDetail>();
    expect(original.body).toContain('38.2 ℃');
    expect(original.status).toBe('approved');
    const trail = await audit('chronicle.erratum');
    expect(trail.map((r) => r.entity_id)).toEqual([String(erratum.id)]);
    // Correcting the superseded version is refused: errata chain from the latest approved one.
    const stale = await archivist.post(`/api/chronicle/${entry!.id}/errata`, { body, reason: '旧版本' });
    expect(stale.json().error.code).toBe('CHRONICLE_NOT_APPROVED');
  });

  it('finds entries by a word of their text and exports a date range as one PDF of the newest approved versions', async () => {
    expect((await entries(archivist, `?q=${encodeURIComponent('贾屯')}`)).total).toBe(2);
    expect((await entries(archivist, `?q=${encodeURIComponent('不存在的词')}`)).total).toBe(0);
    const pdf = await director.get(`/api/chronicle/export.pdf?from=${start}&to=${end}`);
    expect(pdf.statusCode).toBe(200);
    const doc = await PDFDocument.load(pdf.rawPayload);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
  });

  it('exports a date range as one .docx whose document text is the newest approved versions', async () => {
    const res = await director.get(`/api/chronicle/export.docx?from=${start}&to=${end}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml.document');
    const xml = unzipEntry(res.rawPayload, 'word/document.xml')!.toString('utf8');
    expect(unzipEntry(res.rawPayload, '[Content_Types].xml')!.toString('utf8')).toContain(
      '/word/document.xml',
    );
    const text = docxText(res.rawPayload);
    expect(xml).toContain('<w:document');
    expect(text).toContain('大事记');
    expect(text).toContain('38.4 ℃');
    expect(text).toContain('勘误说明：门岗复测体温为 38.4 ℃');
    expect(text).toContain('（整理：市档案整理组）');
    expect(text).not.toContain('38.2 ℃');
  });

  it('shows the city chronicle to nobody outside the city scope', async () => {
    const official = await t.as('official', '210802');
    expect((await entries(official)).total).toBe(0);
    const [entry] = (await entries(archivist)).items;
    expect((await official.get(`/api/chronicle/${entry!.id}`)).statusCode).toBe(404);
    const volunteer = await t.as('volunteer', '2108');
    expect((await volunteer.get('/api/chronicle')).statusCode).toBe(403);
  });

  it('drafts a missed 16:00 once when a restarted instance comes back, and once across two instances', async () => {
    const day = '2026-02-11';
    const at = periodEndOf(day);
    // The first instance was down at 16:00; a new one starts at 18:30 on the same database.
    const other = await buildApp({
      config: { ...t.ctx.config, instanceId: 'restarted' },
      dbh: t.database.dbh,
      logger: false,
    });
    const third = await buildApp({
      config: { ...t.ctx.config, instanceId: 'third' },
      dbh: t.database.dbh,
      logger: false,
    });
    try {
      expect(await other.ctx.jobs.tick(at - 60_000)).not.toContain('chronicle.draft-daily');
      const [a, b] = await Promise.all([
        other.ctx.jobs.tick(at + 2.5 * HOUR),
        third.ctx.jobs.tick(at + 2.5 * HOUR),
      ]);
      expect([a, b].filter((r) => r.includes('chronicle.draft-daily'))).toHaveLength(1);
      const drafted = (await entries(archivist)).items.filter((e) => e.periodEnd === at);
      expect(drafted).toHaveLength(1);
      expect(drafted[0]!.number).toBe(2);
      expect(beijingDay(drafted[0]!.periodStart)).toBe('2026-02-10');
    } finally {
      await other.app.close();
      await third.app.close();
    }
  });
});

describe('line diff', () => {
  it('marks removed and added lines and keeps the rest', () => {
    expect(lineDiff('a\nb\nc', 'a\nB\nc\nd')).toEqual([
      { op: 'same', text: 'a' },
      { op: 'del', text: 'b' },
      { op: 'add', text: 'B' },
      { op: 'same', text: 'c' },
      { op: 'add', text: 'd' },
    ]);
  });
});
