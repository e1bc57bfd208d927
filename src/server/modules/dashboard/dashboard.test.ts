import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/dialects.ts';
import { buildTestApp, type Client, type TestApp } from '../../../../test/helpers.ts';
import type { Dashboard } from '../../../contracts/dashboard.ts';
import { addDays, beijingDay, dayWindow } from '../../core/figures/index.ts';
import { type CompoundFixture, makeCompound } from '../compounds/compounds.fixtures.ts';
import type { GateTables } from '../gate/index.ts';
import { dashboardServices } from './index.ts';

const uuid = () => crypto.randomUUID();

describe.each(dialects)('dashboard on %s', (dialect) => {
  let t: TestApp;
  let centre: Client;
  let jiatun: CompoundFixture;
  let wudamen: CompoundFixture;
  let keeper: Client;
  let spare: string;

  const scan = async (c: CompoundFixture, k: Client, code: string, temperature: number, direction = 'in') => {
    const res = await k.post('/api/gate/scans', {
      id: uuid(),
      compoundId: c.id,
      lane: 'person',
      direction,
      code,
      temperature,
    });
    expect(res.statusCode).toBe(200);
    return res.json<{ fever: boolean }>();
  };
  const dashboard = async (client: Client, code: string) => {
    const node = await t.node(code);
    return client.get(`/api/dashboard?nodeId=${node.id}`);
  };

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    jiatun = await makeCompound(t, '210881117207', { households: 3, residentsPer: 2, vehicles: 2 });
    wudamen = await makeCompound(t, '210802001003', { households: 2, residentsPer: 1, vehicles: 1 });
    keeper = await t.as('gate_keeper', '210881117207');
    const passes: string[] = [];
    for (const r of jiatun.residents)
      passes.push((await jiatun.official.post('/api/passes', { residentId: r })).json().code);
    await jiatun.official.post('/api/passes', { vehicleId: jiatun.vehicles[0] });
    const zqPass = (await wudamen.official.post('/api/passes', { residentId: wudamen.residents[0] })).json()
      .code;
    await scan(jiatun, keeper, passes[0]!, 36.4);
    await scan(jiatun, keeper, passes[1]!, 36.6, 'out');
    await scan(jiatun, keeper, passes[2]!, 38.1);
    spare = passes[3]!;
    await scan(wudamen, await t.as('gate_keeper', '210802001003'), zqPass, 36.5);
    centre = await t.as('command_centre', '2108');
  });
  afterAll(() => t.close());

  /** Every figure recounted from the base tables by walking all rows in JavaScript. */
  const bruteForce = async (path: string): Promise<Record<string, number>> => {
    const db = t.ctx.db;
    type Row = { node_path: string; [column: string]: unknown };
    const inside = <R extends { node_path: string }>(rows: R[]) =>
      rows.filter((r) => r.node_path.startsWith(path));
    const now = Date.now();
    const { start } = dayWindow(beijingDay(now), now);
    const gate = db.withTables<GateTables>();
    const entries = inside(await gate.selectFrom('gate_entries').selectAll().execute()).filter(
      (e) => e.at >= start && e.result === 'ok',
    );
    const fevers = inside(await gate.selectFrom('gate_fevers').selectAll().execute());
    const raw = db as unknown as import('kysely').Kysely<Record<string, Row>>;
    const rows = async (table: string) =>
      inside((await raw.selectFrom(table).selectAll().execute()) as unknown as Row[]);
    const passes = await rows('passes');
    return {
      'compounds.closed': (await rows('compound_profiles')).length,
      'compounds.residents': (await rows('residents')).filter((r) => r.status !== 'moved_out').length,
      'compounds.person-passes': passes.filter((p) => p.kind === 'person' && p.status === 'active').length,
      'compounds.vehicle-passes': passes.filter((p) => p.kind === 'vehicle' && p.status === 'active').length,
      'compounds.entries': entries.filter((e) => e.kind === 'pass' && e.direction === 'in').length,
      'compounds.exits': entries.filter((e) => e.kind === 'pass' && e.direction === 'out').length,
      'compounds.visitors': entries.filter((e) => e.kind === 'visitor').length,
      'compounds.fevers-open': fevers.filter((f) => f.status === 'open').length,
      'alliance.teams': (await rows('alliance_teams')).filter((r) => r.status === 'active').length,
      'alliance.volunteers': (await rows('alliance_volunteers')).length,
      'alliance.groups': (await rows('alliance_groups')).filter((r) => Number(r.active) === 1).length,
    };
  };

  it('shows figures equal to a brute-force recount from the base tables, for the node and each child', async () => {
    const codes = ['2108', '210881', '210881117', '210881117207', '210802', '210802001003', '210882'];
    for (const code of codes) {
      const res = await dashboard(centre, code);
      expect(res.statusCode).toBe(200);
      const d = res.json<Dashboard>();
      const expected = await bruteForce(d.node.path);
      const got = Object.fromEntries(d.figures.map((f) => [f.key, f.value]));
      for (const [key, value] of Object.entries(expected))
        expect([code, key, got[key]]).toEqual([code, key, value]);
      for (const child of d.children.slice(0, 3)) {
        const childExpected = await bruteForce(child.path);
        for (const [key, value] of Object.entries(childExpected))
          expect([child.code, key, child.values[key]]).toEqual([child.code, key, value]);
      }
    }
    const city = (await dashboard(centre, '2108')).json<Dashboard>();
    expect(city.figures.find((f) => f.key === 'compounds.residents')!.value).toBe(8);
    expect(city.children.map((c) => c.name)).toContain('盖州市');
  });

  it('shows a 站前区 official nothing of 盖州市: its dashboard, children, breadcrumb and attention list', async () => {
    const official = await t.as('official', '210802');
    expect((await dashboard(official, '210881')).statusCode).toBe(404);
    expect((await dashboard(official, '2108')).statusCode).toBe(404);
    expect((await dashboard(official, '210881117207')).statusCode).toBe(404);
    const own = (await dashboard(official, '210802')).json<Dashboard>();
    expect(own.breadcrumb.map((b) => b.name)).toEqual(['站前区']);
    expect(own.figures.find((f) => f.key === 'compounds.fevers-open')!.value).toBe(0);
    expect(own.figures.find((f) => f.key === 'compounds.residents')!.value).toBe(2);
    const text = JSON.stringify(own);
    expect(text).not.toContain('盖州');
    expect(text).not.toContain('贾屯');
    const pdf = await official.get(`/api/dashboard/report.pdf?nodeId=${(await t.node('210881')).id}`);
    expect(pdf.statusCode).toBe(404);
  });

  it('lists the open fever under what needs attention, linked to the fever page, and drops it once closed', async () => {
    const d = (await dashboard(centre, '210881117')).json<Dashboard>();
    const fevers = d.attention.find((a) => a.key === 'gate.open-fevers')!;
    expect(fevers.total).toBe(1);
    expect(fevers.items[0]).toMatchObject({ link: '/fevers', place: jiatun.path ? expect.any(String) : '' });
    expect(fevers.items[0]!.title).toContain('38.1');
    expect(d.liveEvents).toContain('gate.fever');
    const list = (await jiatun.official.get('/api/gate/fevers?status=open')).json();
    const id = (Array.isArray(list) ? list : list.items)[0].id;
    expect(
      (await jiatun.official.post(`/api/gate/fevers/${id}/close`, { action: '已送发热门诊' })).statusCode,
    ).toBe(200);
    // The cached figures drop when the close event reaches this instance: at once on SQLite,
    // through NOTIFY a moment later on PostgreSQL.
    await expect
      .poll(async () => {
        const after = (await dashboard(centre, '210881117')).json<Dashboard>();
        return [
          after.attention.find((a) => a.key === 'gate.open-fevers')!.total,
          after.figures.find((f) => f.key === 'compounds.fevers-open')!.value,
          after.figures.find((f) => f.key === 'compounds.fevers-closed')!.value,
        ];
      })
      .toEqual([0, 0, 1]);
  });

  it('moves a live figure on the next read after a fever event, without waiting for the cache to expire', async () => {
    const before = (await dashboard(centre, '2108')).json<Dashboard>();
    const open = before.figures.find((f) => f.key === 'compounds.fevers-open')!.value!;
    expect((await scan(jiatun, keeper, spare, 37.9)).fever).toBe(true);
    await expect
      .poll(
        async () =>
          (await dashboard(centre, '2108'))
            .json<Dashboard>()
            .figures.find((f) => f.key === 'compounds.fevers-open')!.value,
      )
      .toBe(open + 1);
  });

  it('freezes yesterday into snapshots at 00:05 Beijing time, once, and reads trends and the change since yesterday from them', async () => {
    const now = Date.now();
    const today = beijingDay(now);
    const at0005 = Date.parse(`${today}T00:05:30+08:00`);
    const ran = await t.ctx.jobs.tick(Math.max(at0005, now));
    expect(ran).toContain('dashboard.snapshot-figures');
    expect(await t.ctx.jobs.tick(Math.max(at0005, now) + 1000)).not.toContain('dashboard.snapshot-figures');
    const yesterday = addDays(today, -1);
    const rows = await t.ctx.db
      .selectFrom('figure_snapshots' as never)
      .select(['node_path' as never, 'key' as never, 'value' as never])
      .where('day' as never, '=', yesterday as never)
      .execute();
    const city = (await t.node('2108')).path;
    const residents = (rows as Array<{ node_path: string; key: string; value: number }>).find(
      (r) => r.node_path === city && r.key === 'compounds.residents',
    );
    expect(Number(residents?.value)).toBe(8);
    const d = (await dashboard(centre, '2108')).json<Dashboard>();
    expect(d.trend.days).toHaveLength(14);
    expect(d.trend.days.at(-1)).toBe(today);
    expect(d.trend.series['compounds.residents']!.at(-2)).toBe(8);
    expect(d.figures.find((f) => f.key === 'compounds.residents')!.yesterday).toBe(8);
    // A second run of the same day (a retry) rewrites the same values instead of adding rows.
    await dashboardServices.get(t.ctx)!.snapshot(yesterday);
    const again = await t.ctx.db
      .selectFrom('figure_snapshots' as never)
      .select((eb) => eb.fn.countAll().as('n'))
      .where('day' as never, '=', yesterday as never)
      .executeTakeFirstOrThrow();
    expect(Number((again as { n: unknown }).n)).toBe(rows.length);
  });

  it('writes the same snapshot values as computing every figure at every node, though it skips figures empty above', async () => {
    const now = Date.now();
    const day = addDays(beijingDay(now), -2);
    await dashboardServices.get(t.ctx)!.snapshot(day, now);
    const rows = (await t.ctx.db
      .selectFrom('figure_snapshots' as never)
      .select(['node_path' as never, 'key' as never, 'value' as never])
      .where('day' as never, '=', day as never)
      .execute()) as Array<{ node_path: string; key: string; value: number | null }>;
    const window = dayWindow(day, now);
    const paths = [
      ...new Set(
        await Promise.all(
          ['2108', '210881', '210881117', '210881117207', '210802'].map(async (c) => (await t.node(c)).path),
        ),
      ),
    ];
    for (const path of paths)
      for (const figure of t.ctx.figures.list()) {
        const written = rows.find((r) => r.node_path === path && r.key === figure.key);
        const value = await figure.compute(t.ctx.db, path, window);
        expect([path, figure.key, written?.value == null ? null : Number(written.value)]).toEqual([
          path,
          figure.key,
          value,
        ]);
      }
  });

  it('exports the dashboard as a PDF with the CJK font embedded and as xlsx', async () => {
    const node = await t.node('210881');
    const pdf = await centre.get(`/api/dashboard/report.pdf?nodeId=${node.id}`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const doc = await PDFDocument.load(pdf.rawPayload);
    const fonts = [...doc.context.enumerateIndirectObjects()]
      .map(([, o]) => o)
      .filter(
        (o): o is PDFDict =>
          o instanceof PDFDict && o.get(PDFName.of('Type')) === PDFName.of('FontDescriptor'),
      );
    expect(fonts[0]!.get(PDFName.of('FontFile2'))).toBeInstanceOf(PDFRef);
    expect(pdf.rawPayload.length).toBeLessThan(600_000);
    // Read back as a person would: each figure's row carries its number (Latin runs need their own font).
    const file = join(mkdtempSync(join(tmpdir(), 'xh-dash-')), 'report.pdf');
    writeFileSync(file, pdf.rawPayload);
    expect(execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })).toMatch(
      /封闭管理小区（个）\s+\d/,
    );
    const xlsx = await centre.get(`/api/dashboard/report.xlsx?nodeId=${node.id}`);
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const labels = sheet.getColumn(1).values.map(String);
    expect(labels.some((l) => l.startsWith('在册居民'))).toBe(true);
    expect(book.worksheets.map((s) => s.name)).toContain('下级分布');
  });

  it('serves the six county outlines from our own origin', async () => {
    const res = await centre.get('/api/dashboard/map');
    expect(res.statusCode).toBe(200);
    const geo = res.json<{ features: Array<{ properties: { name: string } }> }>();
    expect(geo.features.map((f) => f.properties.name).sort()).toEqual(
      ['站前区', '西市区', '鲅鱼圈区', '老边区', '盖州市', '大石桥市'].sort(),
    );
  });
});
