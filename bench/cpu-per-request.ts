import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import type { DialectName } from '../src/server/core/db/index.ts';
import {
  createPassesService,
  PassesRepository,
  type PassTables,
} from '../src/server/modules/passes/index.ts';
import { dropDatabase, prepareDatabase } from './lib/database.ts';
import { BENCH_PASSWORD, createBenchUser } from './lib/users.ts';
import { generateDistrict } from './scenarios/compounds.ts';

/**
 * CPU time per request of the three hot requests, in process (app.inject, no sockets), measured
 * with process.cpuUsage: unlike req/s it hardly moves when other processes load the machine, so
 * it is the figure to compare before and after a change on a shared box. Bare Fastify's inject
 * hello is measured the same way as the yardstick.
 * `npx tsx bench/cpu-per-request.ts [sqlite|postgres] [list|scan|receipt|all] [n]`; run under
 * `node --cpu-prof` (with `--import tsx`) and bench/profile-summary.ts for the stage breakdown.
 */
const dialect = (process.argv[2] ?? 'sqlite') as DialectName;
const which = process.argv[3] ?? 'all';
const n = Number(process.argv[4] ?? 3000);
const tmp = mkdtempSync(join(tmpdir(), 'xinghuo-cpu-'));
const database = await prepareDatabase(dialect, tmp, `cpu_${dialect}`);
const built = await buildApp({
  config: { ...loadConfig({}), databaseUrl: database.url, dataDir: tmp, jobs: false, webDir: undefined },
  dbh: database.dbh,
  logger: false,
});
await built.start();
const { app, ctx } = built;
await generateDistrict(ctx.db, 0.005);
await createPassesService(ctx).runBulk(
  0,
  null,
  await new PassesRepository(ctx.db).compoundsUnder('2108/210802/', ['2108/210802/']),
);
await createBenchUser(ctx.db, '13700000501', 'official', '210881');
await createBenchUser(ctx.db, '13700000502', 'gate_keeper', '210802');
await createBenchUser(ctx.db, '13700000503', 'command_centre', '2108');
await createBenchUser(ctx.db, '13700000504', 'volunteer', '210881117207');
const login = async (phone: string) => {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { phone, password: BENCH_PASSWORD },
  });
  return {
    cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
    'x-csrf-token': res.json<{ csrfToken: string }>().csrfToken,
  };
};
const official = await login('13700000501');
const keeper = await login('13700000502');
const centre = await login('13700000503');
const member = await login('13700000504');
const node = (code: string) =>
  ctx.db.selectFrom('nodes').select('id').where('code', '=', code).executeTakeFirstOrThrow();
const county = await node('210881');
const city = await node('2108');
const broadcast = (
  await app.inject({
    method: 'POST',
    url: '/api/broadcasts',
    headers: centre,
    payload: {
      kind: 'release',
      title: 'cpu',
      body: '通告',
      targetNodeIds: [city.id],
      audience: ['everyone'],
    },
  })
).json<{ id: number }>().id;
const passes = await ctx.db
  .withTables<PassTables>()
  .selectFrom('passes')
  .select(['code', 'compound_id'])
  .where('kind', '=', 'person')
  .limit(500)
  .execute();

const bare = Fastify();
bare.get('/', async () => ({ hello: 'world' }));
await bare.ready();

let k = 0;
const requests: Record<string, () => Promise<{ statusCode: number }>> = {
  'bare Fastify hello (inject)': () => bare.inject({ method: 'GET', url: '/' }),
  'scoped subtree list': () =>
    app.inject({
      method: 'GET',
      url: `/api/regions/nodes/${county.id}/children?pageSize=50`,
      headers: official,
    }),
  'gate scan': () => {
    const p = passes[k++ % passes.length]!;
    return app.inject({
      method: 'POST',
      url: '/api/gate/scans',
      headers: keeper,
      payload: {
        id: randomUUID(),
        compoundId: p.compound_id,
        lane: 'person',
        direction: 'in',
        code: p.code,
        temperature: 36.5,
      },
    });
  },
  'read receipt': () =>
    app.inject({ method: 'POST', url: `/api/broadcasts/${broadcast}/read`, headers: member, payload: {} }),
};
const selected = Object.entries(requests).filter(
  ([name]) =>
    which === 'all' ||
    name.startsWith('bare') ||
    (which === 'list' && name.includes('list')) ||
    (which === 'scan' && name.includes('scan')) ||
    (which === 'receipt' && name.includes('receipt')),
);
for (const [name, send] of selected) {
  for (let i = 0; i < 200; i += 1) await send();
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < n; i += 1) {
    const res = await send();
    if (res.statusCode >= 300) throw new Error(`${name}: ${res.statusCode}`);
  }
  const used = process.cpuUsage(cpu);
  const wall = performance.now() - start;
  console.log(
    `${dialect.padEnd(8)} ${name.padEnd(28)} ${(((used.user + used.system) / n) | 0).toString().padStart(6)} µs CPU/request  (${((wall * 1000) / n) | 0} µs wall)`,
  );
}
await app.close();
await database.dbh.close().catch(() => undefined);
await dropDatabase(dialect, tmp, `cpu_${dialect}`);
rmSync(tmp, { recursive: true, force: true });
process.exit(0);
