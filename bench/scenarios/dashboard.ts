import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import { addDays, beijingDay } from '../../src/server/core/figures/index.ts';
import { chronicleServices, periodEndOf } from '../../src/server/modules/chronicle/index.ts';
import { prepareDatabase } from '../lib/database.ts';
import { measureHttp, signIn } from '../lib/http.ts';
import { goal } from '../lib/report.ts';
import { PLATFORM_SERVER, startServerProcess } from '../lib/server.ts';
import { maxStallDuring } from '../lib/stall.ts';
import type { BenchContext, BenchRow } from '../lib/types.ts';
import { BENCH_PASSWORD, createBenchUser } from '../lib/users.ts';

const SCENARIO = 'dashboard';
const CENTRE = '13700000300';
const FIGURE_KEYS = [
  'compounds.closed',
  'compounds.residents',
  'compounds.person-passes',
  'compounds.vehicle-passes',
  'compounds.entries',
  'compounds.exits',
  'compounds.visitors',
  'compounds.fevers-open',
  'compounds.fevers-closed',
  'alliance.teams',
  'alliance.volunteers',
  'alliance.groups',
  'alliance.members-reached',
  'alliance.broadcasts',
  'alliance.read-share',
  'alliance.ack-share',
  'alliance.minutes-to-half-read',
];

type Sqlite = import('better-sqlite3').Database;

/**
 * A city-sized load straight into SQLite: 200,000 residents with passes, a day of gate traffic,
 * 630,000 volunteers and 2,000 groups over the real villages, and a year of daily snapshots for
 * the city, counties and streets (the trend reads).
 */
function generate(sqlite: Sqlite, scale: number) {
  const nodes = sqlite.prepare('select id, path, kind, depth from nodes').all() as Array<{
    id: number;
    path: string;
    kind: string;
    depth: number;
  }>;
  const villages = nodes.filter((n) => n.kind === 'community');
  const now = Date.now();
  const residents = Math.round(200_000 * scale);
  const volunteers = Math.round(630_000 * scale);
  const insertHousehold = sqlite.prepare(
    `insert into households (compound_id, node_path, building, unit, room, address_key, created_at) values (?, ?, null, null, ?, ?, ?)`,
  );
  const insertResident = sqlite.prepare(
    `insert into residents (household_id, compound_id, node_path, name, phone, id_number, relation, status, created_at, updated_at)
     values (?, ?, ?, '居民', '13900000000', ?, 'head', 'living', ?, ?)`,
  );
  const insertPass = sqlite.prepare(
    `insert into passes (kind, compound_id, node_path, household_id, resident_id, vehicle_id, key_id, valid_from, valid_until, code, status, revoke_reason, revoked_at, issued_by, issued_at)
     values ('person', ?, ?, ?, ?, null, 1, ?, ?, 'x', 'active', null, null, null, ?)`,
  );
  const insertEntry = sqlite.prepare(
    `insert into gate_entries (client_id, request_hash, compound_id, node_path, gate, kind, lane, direction, result, pass_id, household_id, visitor_name, visitor_phone, visitor_reason, temp_x100, at, recorded_at, recorded_by, offline)
     values (?, 'h', ?, ?, null, 'pass', 'person', ?, 'ok', null, null, null, null, null, 3650, ?, ?, 1, 0)`,
  );
  const insertProfile = sqlite.prepare(
    `insert or ignore into compound_profiles (node_id, node_path, address, mode, gates, staff, updated_by, updated_at) values (?, ?, '', 'fenced', '[]', '[]', null, ?)`,
  );
  sqlite.transaction(() => {
    for (const v of villages) insertProfile.run(v.id, v.path, now);
  })();
  const batch = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i += 1) {
      const v = villages[(i * 7919) % villages.length]!;
      const h = insertHousehold.run(v.id, v.path, String(i), `||${i}`, now).lastInsertRowid;
      const r = insertResident.run(
        h,
        v.id,
        v.path,
        `B${String(i).padStart(17, '0')}`,
        now,
        now,
      ).lastInsertRowid;
      insertPass.run(v.id, v.path, h, r, now - 3600_000, now + 30 * 86_400_000, now);
      if (i % 2 === 0)
        insertEntry.run(`b${i}`, v.id, v.path, i % 4 === 0 ? 'in' : 'out', now - (i % 3600) * 1000, now);
    }
  });
  for (let i = 0; i < residents; i += 10_000) batch(i, Math.min(i + 10_000, residents));

  const insertUser = sqlite.prepare(
    `insert into users (phone, name, password_hash, locale, status, failed_logins, created_at, updated_at) values (?, '志愿者', '!', 'zh-CN', 'active', 0, ?, ?)`,
  );
  const insertVolunteer = sqlite.prepare(
    `insert into alliance_volunteers (user_id, team_id, team_type, node_id, node_path, name, phone, id_number, skills, availability, source, pledge_name, pledged_at, created_by, created_at)
     values (?, null, 'other', ?, ?, '志愿者', ?, null, '[]', null, 'import', null, null, null, ?)`,
  );
  const vBatch = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i += 1) {
      const v = villages[(i * 104729) % villages.length]!;
      const phone = `15${String(i).padStart(9, '0')}`;
      const u = insertUser.run(phone, now, now).lastInsertRowid;
      insertVolunteer.run(u, v.id, v.path, phone, now);
    }
  });
  for (let i = 0; i < volunteers; i += 10_000) vBatch(i, Math.min(i + 10_000, volunteers));

  const insertSnapshot = sqlite.prepare(
    'insert or replace into figure_snapshots (node_path, day, key, value, computed_at) values (?, ?, ?, ?, ?)',
  );
  const today = beijingDay(now);
  const upper = nodes.filter((n) => n.depth <= 2);
  sqlite.transaction(() => {
    for (let back = 1; back <= 365; back += 1) {
      const day = addDays(today, -back);
      for (const n of upper) for (const key of FIGURE_KEYS) insertSnapshot.run(n.path, day, key, back, now);
    }
  })();
}

export default async function dashboard(ctx: BenchContext): Promise<BenchRow[]> {
  const scale = ctx.quick ? 0.1 : 1;
  const rows: BenchRow[] = [];
  const database = await prepareDatabase('sqlite', ctx.tmpDir, 'dashboard');
  try {
    const genStart = performance.now();
    generate(database.dbh.sqlite!, scale);
    await createBenchUser(database.dbh.db, CENTRE, 'command_centre', '2108');
    const ids = Object.fromEntries(
      (
        database.dbh
          .sqlite!.prepare("select code, id from nodes where code in ('2108', '210802001')")
          .all() as Array<{
          code: string;
          id: number;
        }>
      ).map((n) => [n.code, n.id]),
    );
    rows.push({
      scenario: SCENARIO,
      figure: `generate ${scale * 20}万 residents, ${scale * 63}万 volunteers, a year of snapshots`,
      value: (performance.now() - genStart) / 1000,
      unit: 's',
    });
    await database.dbh.close();

    const server = await startServerProcess(PLATFORM_SERVER, { XINGHUO_DATABASE_URL: database.url });
    try {
      const headers = await signIn(server.url, CENTRE, BENCH_PASSWORD);
      for (const [code, label] of [
        ['2108', 'city'],
        ['210802001', 'street'],
      ] as const) {
        const url = `${server.url}/api/dashboard?nodeId=${ids[code]}`;
        const coldStart = performance.now();
        const cold = await fetch(url, { headers });
        await cold.arrayBuffer();
        const coldMs = performance.now() - coldStart;
        rows.push({
          scenario: SCENARIO,
          figure: `${label} dashboard, first read (no cached figure)`,
          value: coldMs,
          unit: 'ms',
        });
        const load = await measureHttp({ url, headers, connections: 10, durationS: ctx.quick ? 2 : 5 });
        rows.push({
          scenario: SCENARIO,
          figure: `${label} dashboard first-paint data, p99 (10 connections)`,
          value: load.p99Ms,
          unit: 'ms',
          ...goal(load.p99Ms, '≤', 150),
        });
      }
    } finally {
      await server.close();
    }

    // The chronicle drafter runs in this process so that its event-loop stall is the one measured.
    const events = ctx.quick ? 100_000 : 1_000_000;
    const slot = beijingDay(Date.now());
    const end = periodEndOf(slot);
    const handle = (await import('../../src/server/core/db/index.ts')).connectDatabase(database.url);
    const villages = handle
      .sqlite!.prepare("select path from nodes where kind = 'community'")
      .all() as Array<{
      path: string;
    }>;
    const insertEvent = handle.sqlite!.prepare(
      `insert into events (type, node_path, user_id, permission, payload, actor_id, created_at) values (?, ?, null, null, ?, null, ?)`,
    );
    const types = ['gate.fever', 'broadcast.published', 'team.created', 'pass.revoked', 'user.created'];
    const evBatch = handle.sqlite!.transaction((from: number, to: number) => {
      for (let i = from; i < to; i += 1) {
        insertEvent.run(
          types[i % types.length],
          villages[i % villages.length]!.path,
          '{"compoundName":"小区","temperature":37.5,"kind":"order","title":"通告","name":"队伍"}',
          end - 86_400_000 + Math.floor((i / events) * 86_400_000),
        );
      }
    });
    for (let i = 0; i < events; i += 10_000) evBatch(i, Math.min(i + 10_000, events));
    await handle.close();
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
    try {
      const service = chronicleServices.get(built.ctx)!;
      const started = performance.now();
      const { maxStallMs } = await maxStallDuring(() => service.draftDay(end));
      const draftS = (performance.now() - started) / 1000;
      rows.push({
        scenario: 'chronicle',
        figure: `draft from ${(events / 10_000).toFixed(0)}万 events in the window`,
        value: draftS,
        unit: 's',
        ...goal(draftS, '≤', 5),
      });
      rows.push({
        scenario: 'chronicle',
        figure: 'max event-loop stall while drafting',
        value: maxStallMs,
        unit: 'ms',
        ...goal(maxStallMs, '≤', 100),
      });
    } finally {
      await built.app.close();
      await built.ctx.dbh.close();
    }
  } finally {
    await database.drop().catch(() => {});
  }
  return rows;
}
