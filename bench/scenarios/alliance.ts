import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import type { DialectName } from '../../src/server/core/db/index.ts';
import { createMemberCounts } from '../../src/server/modules/volunteers/index.ts';
import { dropDatabase, prepareDatabase } from '../lib/database.ts';
import { measureHttp, signIn } from '../lib/http.ts';
import { goal, ratio, ratioGoal } from '../lib/report.ts';
import { PLATFORM_SERVER, startServerProcess } from '../lib/server.ts';
import { maxStallDuring } from '../lib/stall.ts';
import type { BenchContext, BenchRow } from '../lib/types.ts';
import { BENCH_PASSWORD, createBenchUser } from '../lib/users.ts';

const SCENARIO = 'alliance';
const CENTRE = '13700000100';
const MEMBER = '13700000101';
// The login limiter allows 30 sign-ins per address per window; the member and the centre use two.
const READERS = 25;

/**
 * A Yingkou-sized alliance straight into SQLite: members spread over the real villages (officials
 * on streets and counties), ~2,000 hand-relayed groups, then the member counts rebuilt the way
 * the periodic job does it.
 */
function generate(sqlite: import('better-sqlite3').Database, members: number, groups: number) {
  const nodes = sqlite.prepare('select id, path, kind from nodes').all() as Array<{
    id: number;
    path: string;
    kind: string;
  }>;
  const villages = nodes.filter((n) => n.kind === 'community');
  const upper = nodes.filter((n) => n.kind === 'street' || n.kind === 'county');
  const now = Date.now();
  const insertUser = sqlite.prepare(
    `insert into users (phone, name, password_hash, locale, status, failed_logins, created_at, updated_at)
     values (?, ?, '!', 'zh-CN', 'active', 0, ?, ?)`,
  );
  const insertGrant = sqlite.prepare(
    'insert into grants (user_id, role, node_id, node_path, created_by, created_at) values (?, ?, ?, ?, null, ?)',
  );
  const batch = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i += 1) {
      const r = i % 100;
      const role = r < 2 ? 'official' : r < 5 ? 'team_leader' : r < 62 ? 'volunteer' : 'resident';
      const node = role === 'official' ? upper[i % upper.length]! : villages[(i * 7919) % villages.length]!;
      const { lastInsertRowid } = insertUser.run(`16${String(i).padStart(9, '0')}`, `成员${i}`, now, now);
      insertGrant.run(lastInsertRowid, role, node.id, node.path, now);
    }
  });
  for (let i = 0; i < members; i += 10_000) batch(i, Math.min(i + 10_000, members));
  const owners = sqlite
    .prepare("select user_id from grants where role in ('volunteer', 'team_leader') limit ?")
    .all(groups) as Array<{
    user_id: number;
  }>;
  const insertGroup = sqlite.prepare(
    `insert into alliance_groups (node_id, node_path, name, owner_user_id, member_count, channel, webhook_url, secret, active, created_by, created_at, updated_at)
     values (?, ?, ?, ?, ?, 'none', null, null, 1, null, ?, ?)`,
  );
  sqlite.transaction(() => {
    owners.forEach((o, i) => {
      const node = villages[i % villages.length]!;
      insertGroup.run(node.id, node.path, `群${i}`, o.user_id, 200 + (i % 300), now, now);
    });
  })();
}

/** The same alliance generated inside PostgreSQL (generate_series), one statement per table. */
async function generatePostgres(pool: import('pg').Pool, members: number, groups: number) {
  const nodes = (
    await pool.query<{ id: number; path: string; kind: string }>(
      'select id, path, kind from nodes order by id',
    )
  ).rows;
  const villages = nodes.filter((n) => n.kind === 'community');
  const upper = nodes.filter((n) => n.kind === 'street' || n.kind === 'county');
  const now = Date.now();
  await pool.query(
    `insert into users (phone, name, password_hash, locale, status, failed_logins, created_at, updated_at)
     select '16' || lpad(i::text, 9, '0'), '成员' || i, '!', 'zh-CN', 'active', 0, $1, $1
     from generate_series(0, $2 - 1) i`,
    [now, members],
  );
  await pool.query(
    `insert into grants (user_id, role, node_id, node_path, created_by, created_at)
     select u.id, r.role,
       case when r.role = 'official' then ($1::bigint[])[1 + u.i % $2] else ($3::bigint[])[1 + (u.i * 7919) % $4] end,
       case when r.role = 'official' then ($5::text[])[1 + u.i % $2] else ($6::text[])[1 + (u.i * 7919) % $4] end,
       null, $7
     from (select id, substr(phone, 3)::bigint as i from users where phone like '16%') u
     cross join lateral (select case when u.i % 100 < 2 then 'official' when u.i % 100 < 5 then 'team_leader'
       when u.i % 100 < 62 then 'volunteer' else 'resident' end as role) r`,
    [
      upper.map((n) => n.id),
      upper.length,
      villages.map((n) => n.id),
      villages.length,
      upper.map((n) => n.path),
      villages.map((n) => n.path),
      now,
    ],
  );
  await pool.query(
    `insert into alliance_groups (node_id, node_path, name, owner_user_id, member_count, channel, webhook_url, secret, active, created_by, created_at, updated_at)
     select ($1::bigint[])[1 + (o.rn - 1) % $2], ($3::text[])[1 + (o.rn - 1) % $2], '群' || (o.rn - 1), o.user_id,
       200 + (o.rn - 1) % 300, 'none', null, null, 1, null, $4, $4
     from (select user_id, row_number() over (order by id) as rn from grants
           where role in ('volunteer', 'team_leader') order by id limit $5) o`,
    [villages.map((n) => n.id), villages.length, villages.map((n) => n.path), now, groups],
  );
}

/** Reads already in for the big broadcast, so the reach page aggregates a realistic load. */
function seedReceipts(
  sqlite: import('better-sqlite3').Database,
  broadcastId: number,
  publishedAt: number,
  count: number,
) {
  const rows = sqlite
    .prepare(
      "select user_id, node_path from grants where role in ('volunteer', 'resident', 'official', 'team_leader') limit ?",
    )
    .all(count) as Array<{ user_id: number; node_path: string }>;
  const insert = sqlite.prepare(
    `insert or ignore into broadcast_receipts (broadcast_id, user_id, node_path, level, delivered_at, read_at, acked_at)
     values (?, ?, ?, ?, ?, ?, ?)`,
  );
  sqlite.transaction(() => {
    rows.forEach((r, i) => {
      const at = publishedAt + (i % 480) * 1000;
      insert.run(
        broadcastId,
        r.user_id,
        r.node_path,
        Math.min(r.node_path.split('/').length - 2, 3),
        at,
        at,
        i % 3 === 0 ? at : null,
      );
    });
  })();
}

async function seedReceiptsPostgres(
  pool: import('pg').Pool,
  broadcastId: number,
  publishedAt: number,
  count: number,
) {
  await pool.query(
    `insert into broadcast_receipts (broadcast_id, user_id, node_path, level, delivered_at, read_at, acked_at)
     select $1, g.user_id, g.node_path, least(array_length(string_to_array(g.node_path, '/'), 1) - 2, 3),
       $2::bigint + ((g.rn - 1) % 480) * 1000, $2::bigint + ((g.rn - 1) % 480) * 1000,
       case when (g.rn - 1) % 3 = 0 then $2::bigint + ((g.rn - 1) % 480) * 1000 end
     from (select user_id, node_path, row_number() over (order by id) as rn from grants
           where role in ('volunteer', 'resident', 'official', 'team_leader') order by id limit $3) g
     on conflict do nothing`,
    [broadcastId, publishedAt, count],
  );
}

const BACKEND: Record<DialectName, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

export default async function alliance(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const dialect of ctx.dialects) rows.push(...(await allianceOn(ctx, dialect)));
  return rows;
}

async function allianceOn(ctx: BenchContext, dialect: DialectName): Promise<BenchRow[]> {
  const members = ctx.quick ? 63_000 : 630_000;
  const groups = ctx.quick ? 200 : 2_000;
  const on = `(${BACKEND[dialect]})`;
  const label = `${(members / 10_000).toFixed(0)}万 members, ${groups} groups`;
  const name = `alliance_${dialect}`;
  const database = await prepareDatabase(dialect, ctx.tmpDir, name);
  const rows: BenchRow[] = [];
  try {
    const genStart = performance.now();
    if (database.dbh.sqlite) generate(database.dbh.sqlite, members, groups);
    else await generatePostgres(database.dbh.pgPool!, members, groups);
    await createBenchUser(database.dbh.db, CENTRE, 'command_centre', '2108');
    await createBenchUser(database.dbh.db, MEMBER, 'volunteer', '210881117207');
    for (let i = 0; i < READERS; i += 1) {
      await createBenchUser(
        database.dbh.db,
        `137000002${String(i).padStart(2, '0')}`,
        'volunteer',
        '210881117207',
      );
    }
    await createMemberCounts(database.dbh.db).rebuild();
    rows.push({
      scenario: SCENARIO,
      figure: `generate ${label} ${on}`,
      value: (performance.now() - genStart) / 1000,
      unit: 's',
    });
    const city = await database.dbh.db
      .selectFrom('nodes')
      .select('id')
      .where('code', '=', '2108')
      .executeTakeFirstOrThrow();
    await database.dbh.close();

    // Publishing runs in this process so its event-loop stall is the one measured.
    const built = await buildApp({
      config: {
        ...loadConfig({}),
        databaseUrl: database.url,
        dataDir: ctx.tmpDir,
        jobs: false,
        webDir: undefined,
      },
      logger: false,
    });
    await built.start();
    const login = async (phone: string) => {
      const res = await built.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { phone, password: BENCH_PASSWORD },
      });
      return {
        cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
        'x-csrf-token': res.json<{ csrfToken: string }>().csrfToken,
      };
    };
    const centre = await login(CENTRE);
    const member = await login(MEMBER);
    const publish = (title: string) =>
      built.app.inject({
        method: 'POST',
        url: '/api/broadcasts',
        headers: centre,
        payload: {
          kind: 'release',
          title,
          body: '全市**封闭管理**',
          targetNodeIds: [city.id],
          audience: ['everyone'],
        },
      });
    for (let i = 0; i < 20; i += 1) await publish(`预热 ${i}`);
    await built.app.inject({ method: 'GET', url: '/api/broadcasts/inbox', headers: member });
    const started = performance.now();
    const { result: visibleMs, maxStallMs } = await maxStallDuring(async () => {
      const id = (await publish('全市通告：630,000 人同时收到')).json<{ id: number }>().id;
      for (;;) {
        const inbox = await built.app.inject({
          method: 'GET',
          url: '/api/broadcasts/inbox',
          headers: member,
        });
        if (inbox.json<{ items: Array<{ id: number }> }>().items.some((i) => i.id === id))
          return performance.now() - started;
      }
    });
    const bigId = (
      await built.app.inject({ method: 'GET', url: '/api/broadcasts/sent?pageSize=1', headers: centre })
    ).json<{
      items: Array<{ id: number; publishedAt: number }>;
    }>().items[0]!;
    await built.app.close();
    await built.ctx.dbh.close();
    rows.push({
      scenario: SCENARIO,
      figure: `publish city-wide → in a member inbox ${on}`,
      value: visibleMs,
      unit: 'ms',
      ...goal(visibleMs, '≤', 1000),
    });
    rows.push({
      scenario: SCENARIO,
      figure: `max event-loop stall while publishing ${on}`,
      value: maxStallMs,
      unit: 'ms',
      ...goal(maxStallMs, '≤', 50),
    });

    const reads = Math.round(members * 0.1);
    const handle = (await import('../../src/server/core/db/index.ts')).connectDatabase(database.url);
    if (handle.sqlite) seedReceipts(handle.sqlite, bigId.id, bigId.publishedAt, reads);
    else await seedReceiptsPostgres(handle.pgPool!, bigId.id, bigId.publishedAt, reads);
    await handle.close();

    const server = await startServerProcess(PLATFORM_SERVER, {
      XINGHUO_DATABASE_URL: database.url,
      ...database.env,
    });
    try {
      const memberHeaders = await signIn(server.url, MEMBER, BENCH_PASSWORD);
      const inboxUrl = `${server.url}/api/broadcasts/inbox`;
      await measureHttp({ url: inboxUrl, headers: memberHeaders, durationS: 1 });
      // Latency with one member asking at a time, then under ten concurrent members (queueing included).
      const rowsFor = async (connections: number) => {
        const r = await measureHttp({
          url: inboxUrl,
          headers: memberHeaders,
          durationS: ctx.quick ? 2 : 5,
          connections,
        });
        if (r.non2xx || r.errors) throw new Error(`inbox: ${r.non2xx} non-2xx, ${r.errors} errors`);
        rows.push({
          scenario: SCENARIO,
          figure: `member inbox first page p99, ${connections} connection${connections > 1 ? 's' : ''} ${on}`,
          value: r.p99Ms,
          unit: 'ms',
          ...goal(r.p99Ms, '≤', 20),
          ratio: `${Math.round(r.rps)} req/s`,
        });
      };
      await rowsFor(1);
      await rowsFor(10);

      const readers: Array<Record<string, string>> = [];
      for (let i = 0; i < READERS; i += 1)
        readers.push(await signIn(server.url, `137000002${String(i).padStart(2, '0')}`, BENCH_PASSWORD));
      const centreHeaders = await signIn(server.url, CENTRE, BENCH_PASSWORD);
      const sent = (await (
        await fetch(`${server.url}/api/broadcasts/sent?pageSize=20`, { headers: centreHeaders })
      ).json()) as {
        items: Array<{ id: number }>;
      };
      const requests = sent.items.flatMap((b) =>
        readers.map((h) => ({
          method: 'POST',
          path: `/api/broadcasts/${b.id}/read`,
          headers: { ...h, 'content-type': 'application/json' },
          body: '{}',
        })),
      );
      // Distinct (member, broadcast) pairs, each request carrying its member's session.
      const receipts = await measureHttp({
        url: server.url,
        requests,
        durationS: ctx.quick ? 2 : 5,
        connections: 20,
      });
      if (receipts.non2xx || receipts.errors)
        throw new Error(`receipts: ${receipts.non2xx} non-2xx, ${receipts.errors} errors`);
      rows.push({
        scenario: SCENARIO,
        figure: `read receipts over HTTP, 25 members × 20 broadcasts ${on}`,
        value: receipts.rps,
        unit: 'req/s',
        ...ratioGoal(receipts.rps, ctx.baseline.helloRps, 0.35),
        ratio: ratio(receipts.rps, ctx.baseline.helloRps),
      });
      // The same request over and over: autocannon's fixed-request path, as the bare-Fastify figure uses.
      const repeated = await measureHttp({
        url: `${server.url}/api/broadcasts/${sent.items[0]!.id}/read`,
        method: 'POST',
        headers: { ...readers[0]!, 'content-type': 'application/json' },
        body: '{}',
        durationS: ctx.quick ? 2 : 5,
        connections: 20,
      });
      if (repeated.non2xx || repeated.errors)
        throw new Error(`repeated receipts: ${repeated.non2xx} non-2xx, ${repeated.errors} errors`);
      rows.push({
        scenario: SCENARIO,
        figure: `read receipts over HTTP, one member repeating ${on}`,
        value: repeated.rps,
        unit: 'req/s',
        ...ratioGoal(repeated.rps, ctx.baseline.helloRps, 0.35),
        ratio: ratio(repeated.rps, ctx.baseline.helloRps),
      });

      const reachUrl = `${server.url}/api/broadcasts/${bigId.id}/reach`;
      await measureHttp({ url: reachUrl, headers: centreHeaders, amount: 3, connections: 1 });
      const reach = await measureHttp({
        url: reachUrl,
        headers: centreHeaders,
        amount: ctx.quick ? 10 : 30,
        connections: 1,
      });
      if (reach.non2xx || reach.errors)
        throw new Error(`reach: ${reach.non2xx} non-2xx, ${reach.errors} errors`);
      rows.push({
        scenario: SCENARIO,
        figure: `reach page, city-wide broadcast (${reads.toLocaleString('en-US')} reads in) ${on}`,
        value: reach.p99Ms,
        unit: 'ms p99',
        ...goal(reach.p99Ms, '≤', 200),
      });
    } finally {
      await server.close();
    }
  } finally {
    await dropDatabase(dialect, ctx.tmpDir, name);
  }
  return rows;
}
