import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../../src/server/core/db/index.ts';
import { tokenize } from '../../src/server/modules/archives/index.ts';
import { prepareDatabase } from '../lib/database.ts';
import { measureHttp, signIn } from '../lib/http.ts';
import { goal } from '../lib/report.ts';
import { PLATFORM_SERVER, startServerProcess } from '../lib/server.ts';
import type { BenchContext, BenchRow } from '../lib/types.ts';
import { BENCH_PASSWORD, createBenchUser } from '../lib/users.ts';

const SCENARIO = 'archives';
const ARCHIVIST = '13700000400';
const PHRASES = [
  '向居民发放口罩和宣传单',
  '卡点每日两次消杀',
  '志愿者入户排查返乡人员',
  '爱心企业捐赠防护服',
  '召开疫情防控工作会议',
  '农贸市场全面消毒',
  '隔离观察人员生活保障',
  '复工复产企业审核',
  '心理援助热线值守',
  '督查组检查小区封闭管理',
];

const BACKEND: Record<DialectName, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };
const BATCH = 1_000;

// The generator writes the module's tables by name, as a fixture does.
// biome-ignore lint/suspicious/noExplicitAny: bench fixture
type Loose = Kysely<any>;

/** Published items over the real villages, each with its bigram postings, through Kysely on either backend. */
export async function generateArchive(db: Loose, items: number) {
  const villages = (await db
    .selectFrom('nodes')
    .select(['id', 'path', 'name'])
    .where('kind', '=', 'community')
    .execute()) as Array<{ id: number; path: string; name: string }>;
  const now = Date.now();
  for (let from = 0; from < items; from += BATCH) {
    const units: Array<{ title: string; description: string; node_path: string } & Record<string, unknown>> =
      [];
    for (let i = from; i < Math.min(from + BATCH, items); i += 1) {
      const v = villages[i % villages.length]!;
      units.push({
        parent_id: null,
        level: 'item',
        reference_code: `B-${i}`,
        node_id: v.id,
        node_path: v.path,
        title: `${v.name}${PHRASES[i % PHRASES.length]}`,
        creator: '档案整理组',
        date_at: now - i * 1000,
        extent: '1 件',
        category: '一线工作照片',
        description: `${PHRASES[(i * 7) % PHRASES.length]}，${PHRASES[(i * 3 + 1) % PHRASES.length]}。第 ${i} 号记录。`,
        people: '',
        source: '',
        extracted_text: '',
        is_public: 0,
        status: 'published',
        created_by: null,
        created_at: now - i,
        published_by: null,
        published_at: now,
      });
    }
    const ids = await db.insertInto('archive_units').values(units).returning('id').execute();
    const tokens = ids.flatMap((row, k) =>
      tokenize(`${units[k]!.title}\n${units[k]!.description}`).map((token) => ({
        token,
        unit_id: row.id,
        node_path: units[k]!.node_path,
        published: 1,
      })),
    );
    // ~30 postings a unit, 4 parameters each: batches under SQLite's 32,766 parameters.
    for (let i = 0; i < tokens.length; i += 5_000)
      await db
        .insertInto('archive_postings')
        .values(tokens.slice(i, i + 5_000))
        .execute();
  }
}

export default async function archives(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const dialect of ctx.dialects) rows.push(...(await archivesOn(ctx, dialect)));
  return rows;
}

async function archivesOn(ctx: BenchContext, dialect: DialectName): Promise<BenchRow[]> {
  const items = ctx.quick ? 20_000 : 200_000;
  const on = `(${BACKEND[dialect]})`;
  const rows: BenchRow[] = [];
  const database = await prepareDatabase(dialect, ctx.tmpDir, `archives_${dialect}`);
  try {
    const started = performance.now();
    await generateArchive(database.dbh.db as unknown as Loose, items);
    await createBenchUser(database.dbh.db, ARCHIVIST, 'archivist', '2108');
    // A live database has planner statistics (autovacuum); a freshly loaded one has none, and
    // PostgreSQL then plans the search's semi-join as a loop (seconds instead of milliseconds).
    if (dialect === 'postgres') await sql`analyze`.execute(database.dbh.db);
    rows.push({
      scenario: SCENARIO,
      figure: `generate ${(items / 10_000).toFixed(0)}万 items with their tokens ${on}`,
      value: (performance.now() - started) / 1000,
      unit: 's',
    });
    const server = await startServerProcess(PLATFORM_SERVER, {
      XINGHUO_DATABASE_URL: database.url,
      ...database.env,
    });
    try {
      const headers = await signIn(server.url, ARCHIVIST, BENCH_PASSWORD);
      const queries = ['口罩', '消杀', '农贸市场', '心理援助', '团甸'];
      const requests = queries.map((q) => ({ path: `/api/archives/units?q=${encodeURIComponent(q)}` }));
      await measureHttp({ url: server.url, headers, requests, amount: 20, connections: 2 });
      const load = await measureHttp({
        url: server.url,
        headers,
        requests,
        connections: 10,
        durationS: ctx.quick ? 2 : 5,
      });
      if (load.non2xx > 0 || load.errors > 0)
        throw new Error(`archive search: ${load.non2xx} non-2xx, ${load.errors} errors`);
      rows.push({
        scenario: SCENARIO,
        figure: `search over ${(items / 10_000).toFixed(0)}万 items, p99 (10 connections) ${on}`,
        value: load.p99Ms,
        unit: 'ms',
        ...goal(load.p99Ms, '≤', 100),
      });
      rows.push({ scenario: SCENARIO, figure: `search throughput ${on}`, value: load.rps, unit: 'req/s' });
    } finally {
      await server.close();
    }
  } finally {
    await database.drop().catch(() => {});
  }
  return rows;
}
