import { randomUUID } from 'node:crypto';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import {
  createPassesService,
  PassesRepository,
  type PassTables,
} from '../../src/server/modules/passes/index.ts';
import { dropDatabase, prepareDatabase } from '../lib/database.ts';
import { type HttpLoad, type HttpResult, measureHttp, signIn } from '../lib/http.ts';
import { ratio } from '../lib/report.ts';
import { PLATFORM_SERVER, type ServerProcess, startServerProcess } from '../lib/server.ts';
import type { BenchContext, BenchRow } from '../lib/types.ts';
import { BENCH_PASSWORD, createBenchUser } from '../lib/users.ts';
import { generateDistrict } from './compounds.ts';

const S = 'instances';
const NAME = 'instances';
const KEEPER = '13700000301';
const CENTRE = '13700000302';
const READERS = 20;

/**
 * Two app instances on one PostgreSQL (each its own process, as deployed behind a balancer):
 * gate scans and read receipts driven at one instance, then the same load split over both. On
 * this 2-core machine a second instance adds no CPU, so the figure to read is that throughput
 * holds — nothing shared between instances (sessions, the auth epoch, the outbox) serialises them.
 */
export default async function instances(ctx: BenchContext): Promise<BenchRow[]> {
  if (!ctx.dialects.includes('postgres')) return [];
  const database = await prepareDatabase('postgres', ctx.tmpDir, NAME);
  const config = {
    ...loadConfig({}),
    databaseUrl: database.url,
    dataDir: ctx.tmpDir,
    jobs: false,
    webDir: undefined,
  };
  const servers: ServerProcess[] = [];
  try {
    const built = await buildApp({ config, dbh: database.dbh, logger: false });
    await generateDistrict(built.ctx.db, 0.02);
    const repo = new PassesRepository(built.ctx.db);
    await createPassesService(built.ctx).runBulk(
      0,
      null,
      await repo.compoundsUnder('2108/210802/', ['2108/210802/']),
    );
    await createBenchUser(built.ctx.db, KEEPER, 'gate_keeper', '210802');
    await createBenchUser(built.ctx.db, CENTRE, 'command_centre', '2108');
    for (let i = 0; i < READERS; i += 1)
      await createBenchUser(
        built.ctx.db,
        `137000004${String(i).padStart(2, '0')}`,
        'volunteer',
        '210881117207',
      );
    const centre = await built.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { phone: CENTRE, password: BENCH_PASSWORD },
    });
    const centreHeaders = {
      cookie: centre.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      'x-csrf-token': centre.json<{ csrfToken: string }>().csrfToken,
    };
    const city = await built.ctx.db
      .selectFrom('nodes')
      .select('id')
      .where('code', '=', '2108')
      .executeTakeFirstOrThrow();
    const broadcasts: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const res = await built.app.inject({
        method: 'POST',
        url: '/api/broadcasts',
        headers: centreHeaders,
        payload: {
          kind: 'release',
          title: `两实例 ${i}`,
          body: '通告',
          targetNodeIds: [city.id],
          audience: ['everyone'],
        },
      });
      broadcasts.push(res.json<{ id: number }>().id);
    }
    const sample = await built.ctx.db
      .withTables<PassTables>()
      .selectFrom('passes')
      .select(['code', 'compound_id'])
      .where('kind', '=', 'person')
      .orderBy('id')
      .limit(2000)
      .execute();
    await built.app.close();
    await database.dbh.close();

    const env = { XINGHUO_DATABASE_URL: database.url, XINGHUO_DATA_DIR: ctx.tmpDir, ...database.env };
    servers.push(await startServerProcess(PLATFORM_SERVER, { ...env, XINGHUO_INSTANCE: 'bench-a' }));
    servers.push(await startServerProcess(PLATFORM_SERVER, { ...env, XINGHUO_INSTANCE: 'bench-b' }));
    const [a, b] = servers as [ServerProcess, ServerProcess];
    // Sessions live in the database: signed in on A, they are valid on B.
    const keeper = { ...(await signIn(a.url, KEEPER, BENCH_PASSWORD)), 'content-type': 'application/json' };
    const readers: Array<Record<string, string>> = [];
    for (let i = 0; i < READERS; i += 1)
      readers.push({
        ...(await signIn(a.url, `137000004${String(i).padStart(2, '0')}`, BENCH_PASSWORD)),
        'content-type': 'application/json',
      });

    let n = 0;
    const scan = {
      method: 'POST',
      path: '/api/gate/scans',
      headers: keeper,
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
    const receipts = broadcasts.flatMap((id) =>
      readers.map((h) => ({ method: 'POST', path: `/api/broadcasts/${id}/read`, headers: h, body: '{}' })),
    );
    const durationS = ctx.quick ? 3 : 8;
    const loads = {
      'gate scans': (url: string, connections: number): HttpLoad => ({
        url: `${url}/api/gate/scans`,
        method: 'POST',
        requests: [scan as never],
        connections,
        durationS,
      }),
      'read receipts': (url: string, connections: number): HttpLoad => ({
        url,
        requests: receipts,
        connections,
        durationS,
      }),
    };
    const rows: BenchRow[] = [];
    const check = (what: string, r: HttpResult) => {
      if (r.non2xx || r.errors) throw new Error(`${what}: ${r.non2xx} non-2xx, ${r.errors} errors`);
    };
    for (const [what, load] of Object.entries(loads)) {
      await measureHttp({ ...load(a.url, 10), durationS: 1 });
      const one = await measureHttp(load(a.url, 20));
      check(what, one);
      const both = await Promise.all([measureHttp(load(a.url, 10)), measureHttp(load(b.url, 10))]);
      for (const r of both) check(what, r);
      const twoRps = both[0].rps + both[1].rps;
      rows.push(
        {
          scenario: S,
          figure: `${what}, one instance (PostgreSQL)`,
          value: one.rps,
          unit: 'req/s',
          ratio: ratio(one.rps, ctx.baseline.helloRps),
        },
        {
          scenario: S,
          figure: `${what}, two instances sharing the load (PostgreSQL)`,
          value: twoRps,
          unit: 'req/s',
          goal: '≥ 0.9 × one instance',
          met: twoRps >= 0.9 * one.rps,
          ratio: ratio(twoRps, one.rps, 'one instance'),
        },
        {
          scenario: S,
          figure: `${what} p99, one → two instances (PostgreSQL)`,
          value: Math.max(both[0].p99Ms, both[1].p99Ms),
          unit: 'ms',
          ratio: `${one.p99Ms} ms with one`,
        },
      );
    }
    return rows;
  } finally {
    for (const server of servers) await server.close();
    await dropDatabase('postgres', ctx.tmpDir, NAME);
  }
}
