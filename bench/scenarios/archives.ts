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

/** 200,000 published items over the real villages, each with its bigram tokens. */
function generate(sqlite: import('better-sqlite3').Database, items: number) {
  const villages = sqlite
    .prepare("select id, path, name from nodes where kind = 'community'")
    .all() as Array<{
    id: number;
    path: string;
    name: string;
  }>;
  const now = Date.now();
  const insertUnit = sqlite.prepare(
    `insert into archive_units (parent_id, level, reference_code, node_id, node_path, title, creator, date_at, extent, category, description, people, source, extracted_text, is_public, status, created_by, created_at, published_by, published_at)
     values (null, 'item', ?, ?, ?, ?, '档案整理组', ?, '1 件', '一线工作照片', ?, '', '', '', 0, 'published', null, ?, null, ?)`,
  );
  const insertToken = sqlite.prepare('insert or ignore into archive_tokens (token, unit_id) values (?, ?)');
  const batch = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i += 1) {
      const v = villages[i % villages.length]!;
      const title = `${v.name}${PHRASES[i % PHRASES.length]}`;
      const description = `${PHRASES[(i * 7) % PHRASES.length]}，${PHRASES[(i * 3 + 1) % PHRASES.length]}。第 ${i} 号记录。`;
      const id = Number(
        insertUnit.run(`B-${i}`, v.id, v.path, title, now - i * 1000, description, now - i, now)
          .lastInsertRowid,
      );
      for (const token of tokenize(`${title}\n${description}`)) insertToken.run(token, id);
    }
  });
  for (let i = 0; i < items; i += 5_000) batch(i, Math.min(i + 5_000, items));
}

export default async function archives(ctx: BenchContext): Promise<BenchRow[]> {
  const items = ctx.quick ? 20_000 : 200_000;
  const rows: BenchRow[] = [];
  const database = await prepareDatabase('sqlite', ctx.tmpDir, 'archives');
  try {
    const started = performance.now();
    generate(database.dbh.sqlite!, items);
    await createBenchUser(database.dbh.db, ARCHIVIST, 'archivist', '2108');
    rows.push({
      scenario: SCENARIO,
      figure: `generate ${(items / 10_000).toFixed(0)}万 items with their tokens`,
      value: (performance.now() - started) / 1000,
      unit: 's',
    });
    await database.dbh.close();
    const server = await startServerProcess(PLATFORM_SERVER, { XINGHUO_DATABASE_URL: database.url });
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
      rows.push({
        scenario: SCENARIO,
        figure: `search over ${(items / 10_000).toFixed(0)}万 items, p99 (10 connections)`,
        value: load.p99Ms,
        unit: 'ms',
        ...goal(load.p99Ms, '≤', 100),
      });
      rows.push({ scenario: SCENARIO, figure: 'search throughput', value: load.rps, unit: 'req/s' });
    } finally {
      await server.close();
    }
  } finally {
    await database.drop().catch(() => {});
  }
  return rows;
}
