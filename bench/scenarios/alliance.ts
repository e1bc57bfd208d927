import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import { MemberCounts } from '../../src/server/modules/volunteers/index.ts';
import { prepareDatabase } from '../lib/database.ts';
import { measureHttp, signIn } from '../lib/http.ts';
import { goal, ratio } from '../lib/report.ts';
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

export default async function alliance(ctx: BenchContext): Promise<BenchRow[]> {
  const members = ctx.quick ? 63_000 : 630_000;
  const groups = ctx.quick ? 200 : 2_000;
  const label = `${(members / 10_000).toFixed(0)}万 members, ${groups} groups`;
  const database = await prepareDatabase('sqlite', ctx.tmpDir, 'alliance');
  const rows: BenchRow[] = [];
  try {
    const genStart = performance.now();
    generate(database.dbh.sqlite!, members, groups);
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
    await new MemberCounts(database.dbh.db).rebuild();
    rows.push({
      scenario: SCENARIO,
      figure: `generate ${label}`,
      value: (performance.now() - genStart) / 1000,
      unit: 's',
    });
    const city = database.dbh.sqlite!.prepare("select id from nodes where code = '2108'").get() as {
      id: number;
    };
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
      figure: 'publish city-wide → in a member inbox',
      value: visibleMs,
      unit: 'ms',
      ...goal(visibleMs, '≤', 1000),
    });
    rows.push({
      scenario: SCENARIO,
      figure: 'max event-loop stall while publishing',
      value: maxStallMs,
      unit: 'ms',
      ...goal(maxStallMs, '≤', 50),
    });

    const reads = Math.round(members * 0.1);
    const handle = (await import('../../src/server/core/db/index.ts')).connectDatabase(database.url);
    seedReceipts(handle.sqlite!, bigId.id, bigId.publishedAt, reads);
    await handle.close();

    const server = await startServerProcess(PLATFORM_SERVER, { XINGHUO_DATABASE_URL: database.url });
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
          figure: `member inbox first page p99, ${connections} connection${connections > 1 ? 's' : ''}`,
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
        figure: 'read receipts over HTTP, 25 members × 20 broadcasts',
        value: receipts.rps,
        unit: 'req/s',
        ...goal(receipts.rps, '≥', 5000),
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
        figure: 'read receipts over HTTP, one member repeating',
        value: repeated.rps,
        unit: 'req/s',
        ...goal(repeated.rps, '≥', 5000),
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
        figure: `reach page, city-wide broadcast (${reads.toLocaleString('en-US')} reads in)`,
        value: reach.p99Ms,
        unit: 'ms p99',
        ...goal(reach.p99Ms, '≤', 200),
      });
    } finally {
      await server.close();
    }
  } finally {
    await database.drop().catch(() => undefined);
  }
  return rows;
}
