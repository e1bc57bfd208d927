import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { DialectName } from '../../src/server/core/db/index.ts';
import { DAY_MS } from '../../src/server/core/retention/index.ts';
import { demoIdNumber } from '../../src/server/modules/compounds/compounds.demo.ts';
import { timeOrderedId } from '../../src/web/lib/client-id.ts';
import { type BenchDatabase, buildBenchApp, prepareDatabase } from '../lib/database.ts';
import { goal } from '../lib/report.ts';
import { maxStallDuring } from '../lib/stall.ts';
import type { BenchContext, BenchRow } from '../lib/types.ts';
import { BENCH_PASSWORD, createBenchUser } from '../lib/users.ts';

const S = 'retention';
const COLUMNS = `client_id, request_hash, compound_id, node_path, gate, kind, lane, direction, result, pass_id,
  household_id, visitor_name, visitor_phone, visitor_reason, temp_x100, at, recorded_at, recorded_by, offline`;
const CHUNK = 250_000;

async function session(app: FastifyInstance, phone: string) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { phone, password: BENCH_PASSWORD },
  });
  if (res.statusCode !== 200) throw new Error(`login ${phone}: ${res.body}`);
  return {
    cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
    'x-csrf-token': res.json<{ csrfToken: string }>().csrfToken,
  };
}

/**
 * 5,000,000 gate entries older than 28 days on SQLite (500,000 with --quick; 1,000,000 and
 * 100,000 on PostgreSQL) spread over 站前区's communities, plus 50,000 recent ones that must stay;
 * then the daily purge runs in this process while a gate keeper scans through the same app, one
 * scan after another, the whole time.
 */
export default async function retention(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const dialect of ctx.dialects) rows.push(...(await purgeOn(dialect, ctx)));
  return rows;
}

async function purgeOn(dialect: DialectName, ctx: BenchContext): Promise<BenchRow[]> {
  const backend = dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const expired = dialect === 'sqlite' ? (ctx.quick ? 500_000 : 5_000_000) : ctx.quick ? 100_000 : 1_000_000;
  const recent = 50_000;
  const rows: BenchRow[] = [];
  const database = await prepareDatabase(dialect, ctx.tmpDir, 'retention');
  // A scan that fails during the purge is counted, and its cause printed, instead of ending the run.
  const built = await buildBenchApp(database, ctx.tmpDir, { logErrors: true });
  const { app, ctx: appCtx } = built;
  try {
    // A compound with one resident and a pass, made through the API, for the scans.
    await createBenchUser(appCtx.db, '13700000101', 'official', '210802');
    await createBenchUser(appCtx.db, '13700000102', 'gate_keeper', '210802');
    const official = await session(app, '13700000101');
    const keeper = await session(app, '13700000102');
    const community = await appCtx.db
      .selectFrom('nodes')
      .select(['id', 'path'])
      .where('kind', '=', 'community')
      .where('code', 'like', '210802%')
      .orderBy('code')
      .execute();
    const call = async (method: 'POST' | 'PUT', url: string, payload: object, headers = official) => {
      const res = await app.inject({ method, url, payload, headers });
      if (res.statusCode >= 300) throw new Error(`${url}: ${res.body}`);
      return res.json();
    };
    const compound = await call('POST', '/api/regions/nodes', {
      parentId: community[0]!.id,
      name: '清除测试小区',
      kind: 'compound',
    });
    await call('PUT', `/api/compounds/${compound.id}`, {
      address: '站前区 1 号',
      mode: 'fenced',
      gates: [{ name: '南门', lanes: ['person'] }],
      staff: [],
    });
    await call('POST', `/api/compounds/${compound.id}/buildings`, { name: '1号楼' });
    const household = await call('POST', `/api/compounds/${compound.id}/households`, {
      building: '1号楼',
      unit: '1',
      room: '101',
    });
    const resident = await call('POST', `/api/compounds/${compound.id}/residents`, {
      householdId: household.id,
      name: '扫码居民',
      phone: '13512345678',
      idNumber: demoIdNumber('210802', 990001),
      relation: 'head',
    });
    const pass = await call('POST', '/api/passes', { residentId: resident.id });

    const genStart = performance.now();
    const paths = community.map((c) => c.path);
    const generated =
      dialect === 'sqlite'
        ? seedSqlite(database, paths, compound.id, expired, recent)
        : await seedPostgres(database, paths, compound.id, expired, recent);
    rows.push({
      scenario: S,
      figure: `generate ${generated.toLocaleString('en-US')} gate entries (${backend})`,
      value: (performance.now() - genStart) / 1000,
      unit: 's',
    });

    // Scans one after another through the app while the purge runs: each waits for at most one batch.
    let purging = true;
    const scanMs: number[] = [];
    let failedScans = 0;
    const scanner = (async () => {
      let n = 0;
      while (purging) {
        const started = performance.now();
        const res = await app.inject({
          method: 'POST',
          url: '/api/gate/scans',
          headers: keeper,
          payload: {
            id: timeOrderedId(),
            compoundId: compound.id,
            lane: 'person',
            direction: n % 2 === 0 ? 'in' : 'out',
            code: pass.code,
            temperature: 36.5,
          },
        });
        if (res.statusCode === 200) scanMs.push(performance.now() - started);
        else failedScans += 1;
        n += 1;
      }
    })();
    const purgeStart = performance.now();
    const cpuStart = process.cpuUsage();
    const { result: report, maxStallMs } = await maxStallDuring(async () => {
      try {
        return await appCtx.retention.purge();
      } finally {
        purging = false;
      }
    });
    const seconds = (performance.now() - purgeStart) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    await scanner;
    const purged = report.lines.filter((l) => l.table === 'gate_entries').reduce((s, l) => s + l.rows, 0);
    if (purged !== expired) throw new Error(`purged ${purged} of ${expired}`);
    const remaining = await appCtx.db
      .selectFrom('gate_entries' as never)
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    const left = Number(remaining.n);
    if (left !== recent + scanMs.length)
      throw new Error(`${left} entries left, expected ${recent + scanMs.length}`);
    scanMs.sort((a, b) => a - b);
    const fullGoal = dialect === 'sqlite' && !ctx.quick;
    rows.push(
      {
        scenario: S,
        figure: `purge ${expired.toLocaleString('en-US')} expired gate entries (${backend})`,
        value: seconds,
        unit: 's',
        ...(fullGoal ? goal(seconds, '≤', 60) : {}),
      },
      {
        scenario: S,
        figure: `purge rate (${backend})`,
        value: Math.round(expired / seconds),
        unit: 'rows/s',
      },
      {
        // CPU time hardly moves when other processes take the cores: the rate a quiet machine allows.
        scenario: S,
        figure: `purge rate per CPU second, scans included (${backend})`,
        value: Math.round(expired / cpuSeconds),
        unit: 'rows/s',
      },
      {
        // The purge's statements alone, timed where they run: what the purge needs of a free core.
        scenario: S,
        figure: `purge delete statements on the main thread, scans and vacuum excluded (${backend})`,
        value: report.statementsMs / 1000,
        unit: 's',
      },
      {
        scenario: S,
        figure: `longest purge statement on the main thread (${backend})`,
        value: report.longestBatchMs,
        unit: 'ms',
        ...goal(report.longestBatchMs, '≤', 100),
      },
      {
        scenario: S,
        figure: `event-loop stall during the purge (${backend})`,
        value: maxStallMs,
        unit: 'ms',
        ...goal(maxStallMs, '≤', 100),
      },
      {
        scenario: S,
        figure: `gate scans during the purge (${backend})`,
        value: scanMs.length,
        unit: 'scans',
      },
      {
        scenario: S,
        figure: `gate scans failed during the purge (${backend})`,
        value: failedScans,
        unit: 'scans',
        ...goal(failedScans, '≤', 0),
      },
      {
        scenario: S,
        figure: `gate scan p99 during the purge (${backend})`,
        value: scanMs[Math.floor(scanMs.length * 0.99)] ?? 0,
        unit: 'ms',
        ...goal(scanMs[Math.floor(scanMs.length * 0.99)] ?? 0, '≤', 100),
      },
      {
        scenario: S,
        figure: `slowest gate scan during the purge (${backend})`,
        value: scanMs.at(-1) ?? 0,
        unit: 'ms',
        ...goal(scanMs.at(-1) ?? 0, '≤', 100),
      },
    );
    return rows;
  } finally {
    await app.close();
    await database.drop();
  }
}

/**
 * Generated in SQL, a chunk per statement: old entries round-robin over the communities and
 * 20,000 households, half of them outings, with client ids as the gate app makes them, UUIDv7 from
 * the scan's time (decision 1004). Old rows sit 29–58 days back; recent ones within the last 27 days.
 */
function seedSqlite(
  database: BenchDatabase,
  paths: string[],
  compoundId: number,
  expired: number,
  recent: number,
) {
  const sqlite = database.dbh.sqlite!;
  sqlite.exec('create temp table bench_paths (i integer primary key, path text)');
  const addPath = sqlite.prepare('insert into bench_paths (i, path) values (?, ?)');
  for (const [i, p] of paths.entries()) addPath.run(i, p);
  const insert = sqlite.prepare(`
    with recursive s(i) as (select ? union all select i + 1 from s where i < ?)
    insert into gate_entries (${COLUMNS})
    select printf('%08x-%04x-7%03x-%04x-%012x', (? - i % ?) / 65536, (? - i % ?) % 65536, abs(random()) % 4096,
        32768 + abs(random()) % 16384, abs(random()) % 281474976710656), 'h', ?, (select path from bench_paths where bench_paths.i = s.i % ?), '南门',
      case when i % 10 = 0 then 'visitor' else 'pass' end, 'person', case when i % 2 = 0 then 'out' else 'in' end,
      'ok', null, case when i % 10 <> 0 then 1 + i % 20000 end,
      case when i % 10 = 0 then '访客' || i end, case when i % 10 = 0 then '136' || (10000000 + i) end,
      case when i % 10 = 0 then '探亲' end, 3600 + (i % 15) * 10, ? - i % ?, ? - i % ?, 1, 0
    from s`);
  const now = Date.now();
  sqlite.pragma('cache_size = -262144');
  const fill = (first: number, last: number, at: number, spread: number) => {
    for (let from = first; from <= last; from += CHUNK) {
      const to = Math.min(last, from + CHUNK - 1);
      sqlite.transaction(() =>
        insert.run(from, to, at, spread, at, spread, compoundId, paths.length, at, spread, at, spread),
      )();
    }
  };
  fill(1, expired, now - 29 * DAY_MS, 29 * DAY_MS);
  fill(expired + 1, expired + recent, now, 27 * DAY_MS);
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.pragma('cache_size = -2000');
  return Number((sqlite.prepare('select count(*) as n from gate_entries').get() as { n: number }).n);
}

/** The same rows on PostgreSQL, from generate_series, then analysed as the autovacuum daemon would. */
async function seedPostgres(
  database: BenchDatabase,
  paths: string[],
  compoundId: number,
  expired: number,
  recent: number,
) {
  const pool = database.dbh.pgPool!;
  const now = Date.now();
  const fill = async (first: number, last: number, at: number, spread: number) => {
    for (let from = first; from <= last; from += CHUNK) {
      const to = Math.min(last, from + CHUNK - 1);
      await pool.query(
        `insert into gate_entries (${COLUMNS})
         select lpad(to_hex(($6::bigint - i % $7::bigint) / 65536), 8, '0') || '-'
             || lpad(to_hex(($6::bigint - i % $7::bigint) % 65536), 4, '0') || '-7' || substr(h, 1, 3) || '-'
             || to_hex(8 + floor(random() * 4)::int) || substr(h, 4, 3) || '-' || substr(h, 7, 12)
             , 'h', $3::bigint, ($4::text[])[1 + i % $5::int], '南门',
           case when i % 10 = 0 then 'visitor' else 'pass' end, 'person', case when i % 2 = 0 then 'out' else 'in' end,
      'ok', null, case when i % 10 <> 0 then 1 + i % 20000 end,
           case when i % 10 = 0 then '访客' || i end, case when i % 10 = 0 then '136' || (10000000 + i) end,
           case when i % 10 = 0 then '探亲' end, 3600 + (i % 15) * 10, $6::bigint - i % $7::bigint,
           $6::bigint - i % $7::bigint, 1, 0
         from generate_series($1::bigint, $2::bigint) i, md5(random()::text || i) h`,
        [from, to, compoundId, paths, paths.length, at, spread],
      );
    }
  };
  await fill(1, expired, now - 29 * DAY_MS, 29 * DAY_MS);
  await fill(expired + 1, expired + recent, now, 27 * DAY_MS);
  await pool.query('vacuum analyze gate_entries');
  const { rows } = await pool.query('select count(*) as n from gate_entries');
  return Number(rows[0].n);
}
