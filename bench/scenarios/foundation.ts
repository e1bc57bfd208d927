import { hashPassword } from '../../src/server/core/auth/index.ts';
import type { DialectName } from '../../src/server/core/db/index.ts';
import { dropDatabase, prepareDatabase } from '../lib/database.ts';
import { measureHttp, signIn } from '../lib/http.ts';
import { goal, ratio, ratioGoal } from '../lib/report.ts';
import { PLATFORM_SERVER, startServerProcess } from '../lib/server.ts';
import type { BenchContext, BenchRow } from '../lib/types.ts';
import { BENCH_PASSWORD, createBenchUser } from '../lib/users.ts';

async function passwordHashing(): Promise<BenchRow> {
  await hashPassword('warm-up-1');
  const n = 10;
  const start = performance.now();
  for (let i = 0; i < n; i += 1) await hashPassword(`password-${i}`);
  const ms = (performance.now() - start) / n;
  return {
    scenario: 'foundation',
    figure: 'scrypt password hash',
    value: ms,
    unit: 'ms',
    ...goal(ms, '≤', 50),
  };
}

/** A signed-in official lists a page of their subtree: the whole request path (session, scope, SQL, JSON). */
async function scopedList(ctx: BenchContext, dialect: DialectName): Promise<BenchRow[]> {
  const database = await prepareDatabase(dialect, ctx.tmpDir, `foundation_${dialect}`);
  await createBenchUser(database.dbh.db, '13700000001', 'official', '210881');
  const county = await database.dbh.db
    .selectFrom('nodes')
    .select('id')
    .where('code', '=', '210881')
    .executeTakeFirstOrThrow();
  await database.dbh.close();
  const server = await startServerProcess(PLATFORM_SERVER, {
    XINGHUO_DATABASE_URL: database.url,
    ...database.env,
  });
  try {
    const headers = await signIn(server.url, '13700000001', BENCH_PASSWORD);
    const url = `${server.url}/api/regions/nodes/${county.id}/children?pageSize=50`;
    await measureHttp({ url, headers, durationS: 1 });
    const result = await measureHttp({ url, headers, durationS: ctx.quick ? 2 : 5 });
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`scoped list: ${result.non2xx} non-2xx, ${result.errors} errors`);
    const label = `scoped subtree list (${dialect})`;
    return [
      {
        scenario: 'foundation',
        figure: `${label} throughput`,
        value: result.rps,
        unit: 'req/s',
        ...ratioGoal(result.rps, ctx.baseline.helloRps, dialect === 'sqlite' ? 0.25 : 0.1),
        ratio: ratio(result.rps, ctx.baseline.helloRps),
      },
      {
        scenario: 'foundation',
        figure: `${label} p99`,
        value: result.p99Ms,
        unit: 'ms',
        ...(dialect === 'sqlite' ? goal(result.p99Ms, '≤', 20) : {}),
      },
    ];
  } finally {
    await server.close();
    await dropDatabase(dialect, ctx.tmpDir, `foundation_${dialect}`);
  }
}

export default async function foundation(ctx: BenchContext): Promise<BenchRow[]> {
  const rows = [await passwordHashing()];
  for (const dialect of ctx.dialects) rows.push(...(await scopedList(ctx, dialect)));
  return rows;
}
