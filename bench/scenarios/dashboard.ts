import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../../src/server/core/db/index.ts';
import { addDays, beijingDay } from '../../src/server/core/figures/index.ts';
import { chronicleServices, periodEndOf } from '../../src/server/modules/chronicle/index.ts';
import { buildBenchApp, prepareDatabase } from '../lib/database.ts';
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

const BACKEND: Record<DialectName, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };
const GOAL_MS: Record<DialectName, number> = { sqlite: 150, postgres: 250 };
const BATCH = 1_000;

// The generator writes other modules' tables by name, as a fixture does, so it uses an untyped view.
// biome-ignore lint/suspicious/noExplicitAny: bench fixture over many modules' tables
type Loose = Kysely<any>;

async function insertBatches<T extends Record<string, unknown>>(db: Loose, table: string, rows: T[]) {
  for (let i = 0; i < rows.length; i += BATCH)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + BATCH))
      .execute();
}

/**
 * A city-sized load through Kysely, so the same rows land in SQLite and PostgreSQL: 200,000
 * residents with passes, a day of gate traffic, 630,000 volunteers over the real villages, and a
 * year of daily snapshots for the city, counties and streets (the trend reads).
 */
async function generate(db: Loose, scale: number) {
  const nodes = (await db.selectFrom('nodes').select(['id', 'path', 'kind', 'depth']).execute()) as Array<{
    id: number;
    path: string;
    kind: string;
    depth: number;
  }>;
  const villages = nodes.filter((n) => n.kind === 'community');
  const now = Date.now();
  const residents = Math.round(200_000 * scale);
  const volunteers = Math.round(630_000 * scale);
  await insertBatches(
    db,
    'compound_profiles',
    villages.map((v) => ({
      node_id: v.id,
      node_path: v.path,
      address: '',
      mode: 'fenced',
      gates: '[]',
      staff: '[]',
      updated_by: null,
      updated_at: now,
    })),
  );
  for (let from = 0; from < residents; from += BATCH) {
    const to = Math.min(from + BATCH, residents);
    const place = (i: number) => villages[(i * 7919) % villages.length]!;
    const households = await db
      .insertInto('households')
      .values(
        Array.from({ length: to - from }, (_, k) => {
          const v = place(from + k);
          return {
            compound_id: v.id,
            node_path: v.path,
            building: null,
            unit: null,
            room: String(from + k),
            address_key: `||${from + k}`,
            created_at: now,
          };
        }),
      )
      .returning('id')
      .execute();
    const people = await db
      .insertInto('residents')
      .values(
        households.map((h, k) => {
          const v = place(from + k);
          return {
            household_id: h.id,
            compound_id: v.id,
            node_path: v.path,
            name: '居民',
            phone: '13900000000',
            id_number: `B${String(from + k).padStart(17, '0')}`,
            relation: 'head',
            status: 'living',
            created_at: now,
            updated_at: now,
          };
        }),
      )
      .returning(['id', 'household_id'])
      .execute();
    await db
      .insertInto('passes')
      .values(
        people.map((r, k) => {
          const v = place(from + k);
          return {
            kind: 'person',
            compound_id: v.id,
            node_path: v.path,
            household_id: r.household_id,
            resident_id: r.id,
            vehicle_id: null,
            key_id: 1,
            valid_from: now - 3600_000,
            valid_until: now + 30 * 86_400_000,
            code: 'x',
            status: 'active',
            revoke_reason: null,
            revoked_at: null,
            issued_by: null,
            issued_at: now,
          };
        }),
      )
      .execute();
    const entries = [];
    for (let i = from; i < to; i += 2) {
      const v = place(i);
      entries.push({
        client_id: `b${i}`,
        request_hash: 'h',
        compound_id: v.id,
        node_path: v.path,
        gate: null,
        kind: 'pass',
        lane: 'person',
        direction: i % 4 === 0 ? 'in' : 'out',
        result: 'ok',
        pass_id: null,
        household_id: null,
        visitor_name: null,
        visitor_phone: null,
        visitor_reason: null,
        temp_x100: 3650,
        at: now - (i % 3600) * 1000,
        recorded_at: now,
        recorded_by: 1,
        offline: 0,
      });
    }
    await insertBatches(db, 'gate_entries', entries);
  }

  for (let from = 0; from < volunteers; from += BATCH) {
    const to = Math.min(from + BATCH, volunteers);
    const phones = Array.from({ length: to - from }, (_, k) => `15${String(from + k).padStart(9, '0')}`);
    const users = await db
      .insertInto('users')
      .values(
        phones.map((phone) => ({
          phone,
          name: '志愿者',
          password_hash: '!',
          locale: 'zh-CN',
          status: 'active',
          failed_logins: 0,
          created_at: now,
          updated_at: now,
        })),
      )
      .returning('id')
      .execute();
    await db
      .insertInto('alliance_volunteers')
      .values(
        users.map((u, k) => {
          const v = villages[((from + k) * 104729) % villages.length]!;
          return {
            user_id: u.id,
            team_id: null,
            team_type: 'other',
            node_id: v.id,
            node_path: v.path,
            name: '志愿者',
            phone: phones[k],
            id_number: null,
            skills: '[]',
            availability: null,
            source: 'import',
            pledge_name: null,
            pledged_at: null,
            created_by: null,
            created_at: now,
          };
        }),
      )
      .execute();
  }

  const today = beijingDay(now);
  const upper = nodes.filter((n) => n.depth <= 2);
  const snapshots = [];
  for (let back = 1; back <= 365; back += 1) {
    const day = addDays(today, -back);
    for (const n of upper)
      for (const key of FIGURE_KEYS)
        snapshots.push({ node_path: n.path, day, key, value: back, computed_at: now });
  }
  await insertBatches(db, 'figure_snapshots', snapshots);
}

/** `amount` events spread over the chronicle's 24-hour window ending at `end`, over the villages. */
async function generateEvents(db: Loose, amount: number, end: number) {
  const villages = (await db
    .selectFrom('nodes')
    .select('path')
    .where('kind', '=', 'community')
    .execute()) as Array<{ path: string }>;
  const types = ['gate.fever', 'broadcast.published', 'team.created', 'pass.revoked', 'user.created'];
  const payload = '{"compoundName":"小区","temperature":37.5,"kind":"order","title":"通告","name":"队伍"}';
  for (let from = 0; from < amount; from += BATCH) {
    const rows = [];
    for (let i = from; i < Math.min(from + BATCH, amount); i += 1) {
      rows.push({
        type: types[i % types.length],
        node_path: villages[i % villages.length]!.path,
        user_id: null,
        permission: null,
        payload,
        actor_id: null,
        created_at: end - 86_400_000 + Math.floor((i / amount) * 86_400_000),
      });
    }
    await db.insertInto('events').values(rows).execute();
  }
}

export default async function dashboard(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const dialect of ctx.dialects) rows.push(...(await dashboardOn(ctx, dialect)));
  return rows;
}

async function dashboardOn(ctx: BenchContext, dialect: DialectName): Promise<BenchRow[]> {
  const scale = ctx.quick ? 0.1 : 1;
  const on = `(${BACKEND[dialect]})`;
  const rows: BenchRow[] = [];
  const database = await prepareDatabase(dialect, ctx.tmpDir, `dashboard_${dialect}`);
  try {
    const db = database.dbh.db as unknown as Loose;
    const genStart = performance.now();
    await generate(db, scale);
    await createBenchUser(database.dbh.db, CENTRE, 'command_centre', '2108');
    // A live database has planner statistics (autovacuum); a freshly loaded one has none, and
    // PostgreSQL then plans the search's semi-join as a loop (seconds instead of milliseconds).
    if (dialect === 'postgres') await sql`analyze`.execute(database.dbh.db);
    const ids = Object.fromEntries(
      (
        (await db
          .selectFrom('nodes')
          .select(['code', 'id'])
          .where('code', 'in', ['2108', '210802001'])
          .execute()) as Array<{ code: string; id: number }>
      ).map((n) => [n.code, n.id]),
    );
    rows.push({
      scenario: SCENARIO,
      figure: `generate ${(scale * 20).toFixed(0)}万 residents, ${(scale * 63).toFixed(1)}万 volunteers, a year of snapshots ${on}`,
      value: (performance.now() - genStart) / 1000,
      unit: 's',
    });

    const server = await startServerProcess(PLATFORM_SERVER, {
      XINGHUO_DATABASE_URL: database.url,
      ...database.env,
    });
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
          figure: `${label} dashboard, first read (no cached figure) ${on}`,
          value: coldMs,
          unit: 'ms',
        });
        const load = await measureHttp({ url, headers, connections: 10, durationS: ctx.quick ? 2 : 5 });
        if (load.non2xx > 0 || load.errors > 0)
          throw new Error(`${label} dashboard: ${load.non2xx} non-2xx, ${load.errors} errors`);
        rows.push({
          scenario: SCENARIO,
          figure: `${label} dashboard first-paint data, p99 (10 connections) ${on}`,
          value: load.p99Ms,
          unit: 'ms',
          ...goal(load.p99Ms, '≤', GOAL_MS[dialect]),
        });
      }
    } finally {
      await server.close();
    }

    // The chronicle drafter runs in this process so that its event-loop stall is the one measured.
    const events = ctx.quick ? 100_000 : 1_000_000;
    const end = periodEndOf(beijingDay(Date.now()));
    await generateEvents(db, events, end);
    const built = await buildBenchApp(database, ctx.tmpDir);
    try {
      const service = chronicleServices.get(built.ctx)!;
      const started = performance.now();
      const { maxStallMs } = await maxStallDuring(() => service.draftDay(end));
      const draftS = (performance.now() - started) / 1000;
      rows.push({
        scenario: 'chronicle',
        figure: `draft from ${(events / 10_000).toFixed(0)}万 events in the window ${on}`,
        value: draftS,
        unit: 's',
        ...goal(draftS, '≤', 5),
      });
      rows.push({
        scenario: 'chronicle',
        figure: `max event-loop stall while drafting ${on}`,
        value: maxStallMs,
        unit: 'ms',
        ...goal(maxStallMs, '≤', 100),
      });
    } finally {
      await built.app.close();
    }
  } finally {
    await database.drop().catch(() => {});
  }
  return rows;
}
