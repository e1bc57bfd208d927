import { randomUUID } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { RESIDENT_COLUMNS } from '../../src/contracts/compounds.ts';
import type { Pass } from '../../src/contracts/passes.ts';
import { type DialectName, inTransaction } from '../../src/server/core/db/index.ts';
import { demoIdNumber } from '../../src/server/modules/compounds/compounds.demo.ts';
import { runImport } from '../../src/server/modules/compounds/compounds.import.ts';
import { addressKey } from '../../src/server/modules/compounds/compounds.tables.ts';
import { CompoundsRepository, type CompoundTables } from '../../src/server/modules/compounds/index.ts';
import {
  createPassesService,
  PassesRepository,
  type PassTables,
  passSheet,
} from '../../src/server/modules/passes/index.ts';
import { pinyinKeys } from '../../src/server/modules/regions/index.ts';
import { buildBenchApp, dropDatabase, prepareDatabase } from '../lib/database.ts';
import { measureHttp, signIn } from '../lib/http.ts';
import { goal, ratio, ratioGoal } from '../lib/report.ts';
import { PLATFORM_SERVER, startServerProcess } from '../lib/server.ts';
import { maxStallDuring } from '../lib/stall.ts';
import type { BenchContext, BenchRow } from '../lib/types.ts';
import { BENCH_PASSWORD, createBenchUser } from '../lib/users.ts';

const S = 'compounds';
const PER_HOUSEHOLD = 3;

/**
 * A generated 站前区: 300 compounds under its communities, 200,000 residents in three-person
 * households, 50,000 vehicles (a tenth of that with --quick). Written in 1,000-row statements.
 */
export async function generateDistrict(db: import('../../src/server/core/db/index.ts').Db, scale: number) {
  const compounds = Math.round(300 * scale);
  const residents = Math.round(200_000 * scale);
  const vehicles = Math.round(50_000 * scale);
  const q = db.withTables<CompoundTables>();
  const communities = await q
    .selectFrom('nodes')
    .select(['id', 'code', 'path'])
    .where('kind', '=', 'community')
    .where('code', 'like', '210802%')
    .orderBy('code')
    .execute();
  const now = Date.now();
  const nodes = Array.from({ length: compounds }, (_, i) => {
    const c = communities[i % communities.length]!;
    const code = `${c.code}-${Math.floor(i / communities.length) + 1}`;
    const name = `站前第${i + 1}小区`;
    return {
      code,
      name,
      kind: 'compound',
      parent_id: c.id,
      path: `${c.path}${code}/`,
      depth: 4,
      ...pinyinKeys(name),
      custom: 1,
      created_at: now,
      created_by: null,
    };
  });
  const saved: Array<{ id: number; path: string }> = [];
  await inTransaction(db, async (trx) => {
    for (let i = 0; i < nodes.length; i += 500)
      saved.push(
        ...(await trx
          .insertInto('nodes')
          .values(nodes.slice(i, i + 500))
          .returning(['id', 'path'])
          .execute()),
      );
  });
  const households = Math.ceil(residents / PER_HOUSEHOLD);
  const perCompound = Math.ceil(households / compounds);
  let residentSeq = 0;
  for (let h0 = 0; h0 < households; h0 += 1000) {
    await inTransaction(db, async (trx) => {
      const t = trx.withTables<CompoundTables>();
      const rows = [];
      for (let h = h0; h < Math.min(households, h0 + 1000); h += 1) {
        const c = saved[Math.floor(h / perCompound)]!;
        const n = h % perCompound;
        const building = `${Math.floor(n / 24) + 1}号楼`;
        const room = `${Math.floor((n % 24) / 4) + 1}0${(n % 4) + 1}`;
        rows.push({
          compound_id: c.id,
          node_path: c.path,
          building,
          unit: '1',
          room,
          address_key: addressKey(building, '1', room),
          created_at: now,
        });
      }
      const ids = await t
        .insertInto('households')
        .values(rows)
        .returning(['id', 'compound_id', 'node_path'])
        .execute();
      const people = [];
      for (const hh of ids) {
        for (let m = 0; m < PER_HOUSEHOLD && residentSeq < residents; m += 1) {
          residentSeq += 1;
          people.push({
            household_id: hh.id,
            compound_id: hh.compound_id,
            node_path: hh.node_path,
            name: `居民${residentSeq}`,
            phone: `135${String(residentSeq).padStart(8, '0')}`,
            id_number: demoIdNumber('210802', residentSeq),
            relation: m === 0 ? 'head' : 'other',
            status: 'living',
            created_at: now,
            updated_at: now,
          });
        }
      }
      for (let i = 0; i < people.length; i += 500)
        await t
          .insertInto('residents')
          .values(people.slice(i, i + 500))
          .execute();
      const vehicleRows = ids
        .filter((_, i) => ((h0 + i) * vehicles) % households < vehicles)
        .map((hh, i) => ({
          household_id: hh.id,
          compound_id: hh.compound_id,
          node_path: hh.node_path,
          plate: `辽H${String(h0 + i).padStart(5, '0')}`,
          created_at: now,
        }));
      if (vehicleRows.length) await t.insertInto('vehicles').values(vehicleRows).execute();
    });
  }
  return { compounds: saved, residents, vehicles };
}

async function writeResidentSheet(file: string, rows: number): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: false,
    useStyles: false,
  });
  const sheet = book.addWorksheet('居民');
  sheet.addRow([...RESIDENT_COLUMNS]).commit();
  for (let i = 1; i <= rows; i += 1) {
    sheet
      .addRow([
        '',
        '',
        `${Math.ceil(i / 3)}号`,
        `导入${i}`,
        `136${String(i).padStart(8, '0')}`,
        demoIdNumber('210803', i),
        i % 3 === 1 ? '户主' : '子女',
      ])
      .commit();
  }
  sheet.commit();
  await book.commit();
}

const BACKEND: Record<DialectName, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

export default async function compounds(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const dialect of ctx.dialects) rows.push(...(await compoundsOn(ctx, dialect)));
  return rows;
}

/** The whole scenario on one backend; every figure names it. */
async function compoundsOn(ctx: BenchContext, dialect: DialectName): Promise<BenchRow[]> {
  const scale = ctx.quick ? 0.1 : 1;
  const rows: BenchRow[] = [];
  const on = `(${BACKEND[dialect]})`;
  const database = await prepareDatabase(dialect, ctx.tmpDir, `compounds_${dialect}`);
  const built = await buildBenchApp(database, ctx.tmpDir);
  const app = built.ctx;
  try {
    const genStart = performance.now();
    const district = await generateDistrict(app.db, scale);
    rows.push({
      scenario: S,
      figure: `generate ${district.residents.toLocaleString('en-US')} residents, ${district.vehicles.toLocaleString('en-US')} vehicles, ${district.compounds.length} compounds ${on}`,
      value: (performance.now() - genStart) / 1000,
      unit: 's',
    });

    // Sign every pass of the district: the bulk-issue pipeline (select holders, sign, insert).
    const service = createPassesService(app);
    const repo = new PassesRepository(app.db);
    const list = await repo.compoundsUnder('2108/210802/', ['2108/210802/']);
    const { maxStallMs: signStall } = await maxStallDuring(async () => {
      const start = performance.now();
      await service.runBulk(0, null, list);
      const s = (performance.now() - start) / 1000;
      const issued = Number(
        (
          await app.db
            .withTables<PassTables>()
            .selectFrom('passes')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
      rows.push({
        scenario: S,
        figure: `sign and store ${issued.toLocaleString('en-US')} passes ${on}`,
        value: s,
        unit: 's',
        ...goal(s, '≤', 30 * scale),
      });
    });
    rows.push({
      scenario: S,
      figure: `longest event-loop stall while signing ${on}`,
      ...goal(signStall, '≤', 50),
      value: signStall,
      unit: 'ms',
    });

    // Import a resident sheet into an empty compound, streamed and chunked.
    const sheetRows = Math.round(200_000 * scale);
    const sheetFile = join(ctx.tmpDir, 'residents.xlsx');
    await writeResidentSheet(sheetFile, sheetRows);
    const target = list[0]!;
    const compoundsRepo = new CompoundsRepository(app.db);
    const empty = await app.db
      .withTables<CompoundTables>()
      .insertInto('nodes')
      .values({
        code: 'bench-import',
        name: '导入测试小区',
        kind: 'compound',
        parent_id: null,
        path: `${target.path.replace(/[^/]+\/$/, '')}bench-import/`,
        depth: 4,
        initials: 'dr',
        pinyin: 'daoru',
        custom: 1,
        created_at: Date.now(),
        created_by: null,
      })
      .returning(['id', 'path'])
      .executeTakeFirstOrThrow();
    const job = await compoundsRepo.insertImport({
      compound_id: empty.id,
      node_path: empty.path,
      kind: 'residents',
      file_id: 'bench',
      status: 'running',
      progress: 0,
      rows_read: 0,
      imported: 0,
      rejected: 0,
      error_counts: '{}',
      errors: '[]',
      failure: null,
      created_by: 0,
      created_at: Date.now(),
      finished_at: null,
    });
    const importRun = await maxStallDuring(async () => {
      const start = performance.now();
      await runImport(app, compoundsRepo, {
        jobId: job.id,
        compoundId: empty.id,
        compoundPath: empty.path,
        kind: 'residents',
        actorId: 0,
        size: statSync(sheetFile).size,
        stream: createReadStream(sheetFile),
      });
      return (performance.now() - start) / 1000;
    });
    const imported = await compoundsRepo.importJob(job.id);
    if (imported?.status !== 'done') throw new Error(`import: ${imported?.status} ${imported?.failure}`);
    if (imported.imported !== sheetRows) {
      rows.push({
        scenario: S,
        figure: `import: rows refused (${imported.error_counts}) ${on}`,
        value: imported.rejected,
        unit: 'rows',
      });
    }
    rows.push({
      scenario: S,
      figure: `import ${sheetRows.toLocaleString('en-US')}-row resident xlsx ${on}`,
      value: importRun.result,
      unit: 's',
      ...goal(importRun.result, '≤', 60 * scale),
    });
    rows.push({
      scenario: S,
      figure: `longest event-loop stall during import ${on}`,
      ...goal(importRun.maxStallMs, '≤', 50),
      value: importRun.maxStallMs,
      unit: 'ms',
    });

    // The PDF sheet of a 1,000-household compound: passes for the first 1,000 imported households.
    const households = await app.db
      .withTables<CompoundTables>()
      .selectFrom('households')
      .select('id')
      .where('compound_id', '=', empty.id)
      .orderBy('id')
      .limit(1000)
      .execute();
    const people = await app.db
      .withTables<CompoundTables>()
      .selectFrom('residents')
      .select(['id', 'household_id'])
      .where(
        'household_id',
        'in',
        households.map((h) => h.id),
      )
      .execute();
    const signer = await service.keyring.active();
    await inTransaction(app.db, (trx) =>
      service.issueFor(
        trx,
        signer,
        people.map((p) => ({
          kind: 'person' as const,
          id: p.id,
          householdId: p.household_id,
          compoundId: empty.id,
          nodePath: empty.path,
        })),
        new Map(),
        null,
      ),
    );
    const printable = await service.printable(
      {
        id: 0,
        name: 'bench',
        phone: '',
        locale: 'zh-CN',
        grants: [{ id: 0, role: 'official', nodeId: 0, nodePath: '2108/' }],
        sessionId: '',
        csrfToken: '',
      },
      empty.id,
      'person',
    );
    const passes: Pass[] = printable.passes;
    const holders = households;
    const pdfStart = performance.now();
    const pdf = await passSheet(printable.node.name, passes);
    const pdfS = (performance.now() - pdfStart) / 1000;
    rows.push({
      scenario: S,
      figure: `PDF of ${passes.length.toLocaleString('en-US')} cards (${holders.length} households, ${(pdf.length / 1048576).toFixed(1)} MB) ${on}`,
      value: pdfS,
      unit: 's',
      ...goal(pdfS, '≤', 10),
    });
  } finally {
    await built.app.close();
  }

  // Gate scans over HTTP against the platform in its own process: verify, log, temperature.
  await createBenchUser(database.dbh.db, '13700000009', 'gate_keeper', '210802');
  const sample = await database.dbh.db
    .withTables<PassTables>()
    .selectFrom('passes')
    .select(['code', 'compound_id'])
    .where('kind', '=', 'person')
    .orderBy('id')
    .limit(2000)
    .execute();
  await database.dbh.close();
  const server = await startServerProcess(PLATFORM_SERVER, {
    XINGHUO_DATABASE_URL: database.url,
    XINGHUO_DATA_DIR: ctx.tmpDir,
    ...database.env,
  });
  try {
    const headers = {
      ...(await signIn(server.url, '13700000009', BENCH_PASSWORD)),
      'content-type': 'application/json',
    };
    let n = 0;
    const request = {
      method: 'POST',
      path: '/api/gate/scans',
      headers,
      setupRequest: (req: { body?: string }) => {
        const p = sample[n++ % sample.length]!;
        req.body = JSON.stringify({
          id: randomUUID(),
          compoundId: p.compound_id,
          lane: 'person',
          direction: 'in',
          code: p.code,
          temperature: 36.5,
        });
        return req;
      },
    };
    const url = `${server.url}/api/gate/scans`;
    await measureHttp({ url, method: 'POST', headers, requests: [request as never], durationS: 1 });
    const result = await measureHttp({
      url,
      method: 'POST',
      headers,
      requests: [request as never],
      durationS: ctx.quick ? 3 : 10,
    });
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`gate scans: ${result.non2xx} non-2xx, ${result.errors} errors`);
    rows.push({
      scenario: S,
      figure: `gate scans over HTTP ${on}`,
      value: result.rps,
      unit: 'req/s',
      ...ratioGoal(result.rps, ctx.baseline.helloRps, dialect === 'sqlite' ? 0.25 : 0.1),
      ratio: ratio(result.rps, ctx.baseline.helloRps),
    });
    rows.push({
      scenario: S,
      figure: `gate scan p99 ${on}`,
      value: result.p99Ms,
      unit: 'ms',
      ...goal(result.p99Ms, '≤', dialect === 'sqlite' ? 20 : 50),
    });
  } finally {
    await server.close();
    await dropDatabase(dialect, ctx.tmpDir, `compounds_${dialect}`);
  }
  return rows;
}
