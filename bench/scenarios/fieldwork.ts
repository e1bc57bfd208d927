import { randomBytes } from 'node:crypto';
import type { Actor } from '../../src/server/core/access/index.ts';
import type { DialectName } from '../../src/server/core/db/index.ts';
import { type Db, inTransaction } from '../../src/server/core/db/index.ts';
import { checkInCode } from '../../src/server/modules/fieldwork/fieldwork.service.ts';
import { createFieldworkService, type FieldworkTables } from '../../src/server/modules/fieldwork/index.ts';
import type { VolunteersTables } from '../../src/server/modules/volunteers/index.ts';
import { buildBenchApp, prepareDatabase } from '../lib/database.ts';
import { measureHttp, signIn } from '../lib/http.ts';
import { goal, ratio } from '../lib/report.ts';
import { PLATFORM_SERVER, startServerProcess } from '../lib/server.ts';
import type { BenchContext, BenchRow } from '../lib/types.ts';
import { BENCH_PASSWORD, createBenchUser } from '../lib/users.ts';

const S = 'fieldwork';
const HOUR = 3_600_000;
type T = FieldworkTables & VolunteersTables;

function p99(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]!;
}

/** 2,000 checkpoints over the city's communities, 14 days of 4-hour shifts, 20 teams; a third of seats filled. */
async function generate(db: Db, checkpoints: number, from: number) {
  const q = db.withTables<T>();
  const communities = await q
    .selectFrom('nodes')
    .select(['id', 'code', 'path', 'depth'])
    .where('kind', '=', 'community')
    .orderBy('code')
    .execute();
  const now = Date.now();
  const teams: number[] = [];
  for (let i = 0; i < 20; i += 1) {
    const c = communities[(i * 37) % communities.length]!;
    const county = `${c.path.split('/').slice(0, 2).join('/')}/`;
    const countyNode = await q
      .selectFrom('nodes')
      .select('id')
      .where('path', '=', county)
      .executeTakeFirstOrThrow();
    const row = await q
      .insertInto('alliance_teams')
      .values({
        node_id: countyNode.id,
        node_path: county,
        name: `bench队${i}`,
        type: 'rescue',
        leader_user_id: null,
        status: 'active',
        skills: '[]',
        created_by: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    teams.push(Number(row.id));
  }
  const cps: Array<{ id: number; path: string }> = [];
  await inTransaction(db, async (trx) => {
    for (let i = 0; i < checkpoints; i += 500) {
      const nodes = Array.from({ length: Math.min(500, checkpoints - i) }, (_, k) => {
        const c = communities[(i + k) % communities.length]!;
        const code = `${c.code}K${i + k}`;
        return {
          code,
          name: `卡点${i + k}`,
          kind: 'checkpoint',
          parent_id: c.id,
          path: `${c.path}${code}/`,
          depth: c.depth + 1,
          initials: '',
          pinyin: '',
          custom: 1,
          created_at: now,
          created_by: null,
        };
      });
      cps.push(...(await trx.insertInto('nodes').values(nodes).returning(['id', 'path']).execute()));
    }
    for (let i = 0; i < cps.length; i += 500) {
      await trx
        .withTables<T>()
        .insertInto('field_checkpoints')
        .values(
          cps.slice(i, i + 500).map((c, k) => ({
            node_id: c.id,
            node_path: c.path,
            name: `卡点${i + k}`,
            kind: 'road_entry',
            location: '',
            hours: '00:00-24:00',
            needs: JSON.stringify({ 设卡检查: 2, 排查: 1 }),
            support: '',
            team_id: teams[(i + k) % teams.length]!,
            claimed_at: now,
            code_secret: randomBytes(8).toString('hex'),
            created_by: null,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
    }
  });
  let shifts = 0;
  for (const cp of cps) {
    await inTransaction(db, async (trx) => {
      const rows = Array.from({ length: 14 * 6 }, (_, h) => ({
        checkpoint_id: cp.id,
        node_path: cp.path,
        starts_at: from + h * 4 * HOUR,
        ends_at: from + (h + 1) * 4 * HOUR,
      }));
      const ids = await trx.withTables<T>().insertInto('field_shifts').values(rows).returning('id').execute();
      shifts += ids.length;
      await trx
        .withTables<T>()
        .insertInto('field_seats')
        .values(
          ids.flatMap((s, k) => [
            { shift_id: s.id, skill: '设卡检查', needed: 2, filled: k % 3 === 0 ? 2 : 1 },
            { shift_id: s.id, skill: '排查', needed: 1, filled: k % 2 },
          ]),
        )
        .execute();
    });
  }
  return { teams, shifts };
}

/** Volunteers of one team, each a user with a roster entry, for the sign-up race and the check-ins. */
async function volunteers(db: Db, teamId: number, count: number, prefix: string): Promise<number[]> {
  const ids: number[] = [];
  const node = await db
    .selectFrom('nodes')
    .select(['id', 'path'])
    .where('code', '=', '2108')
    .executeTakeFirstOrThrow();
  for (let i = 0; i < count; i += 1) {
    const phone = `${prefix}${String(i).padStart(4, '0')}`;
    const id = await createBenchUser(db, phone, 'volunteer', '2108');
    await db
      .withTables<T>()
      .insertInto('alliance_volunteers')
      .values({
        user_id: id,
        team_id: teamId,
        team_type: 'rescue',
        node_id: node.id,
        node_path: node.path,
        name: `bench志愿者${i}`,
        phone,
        id_number: null,
        skills: '[]',
        availability: null,
        source: 'import',
        pledge_name: null,
        pledged_at: null,
        created_by: null,
        created_at: Date.now(),
      })
      .execute();
    ids.push(id);
  }
  return ids;
}

async function measure(ctx: BenchContext, dialect: DialectName): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const on = `(${dialect})`;
  const checkpoints = ctx.quick ? 200 : 2000;
  const database = await prepareDatabase(dialect, ctx.tmpDir, `fieldwork_${dialect}`);
  const built = await buildBenchApp(database, ctx.tmpDir);
  const app = built.ctx;
  try {
    const from = Math.floor(Date.now() / HOUR) * HOUR - 24 * HOUR;
    const t0 = performance.now();
    const { teams, shifts } = await generate(app.db, checkpoints, from);
    rows.push({
      scenario: S,
      figure: `generate ${checkpoints} checkpoints, ${shifts.toLocaleString('en-US')} shifts ${on}`,
      value: (performance.now() - t0) / 1000,
      unit: 's',
    });
    const service = createFieldworkService(app);
    const city = await createBenchUser(app.db, '13900009001', 'command_centre', '2108');
    const root = await app.db
      .selectFrom('nodes')
      .select(['id', 'path'])
      .where('code', '=', '2108')
      .executeTakeFirstOrThrow();
    const actor = {
      id: city,
      grants: [{ id: 0, role: 'command_centre', nodeId: root.id, nodePath: root.path }],
    } as unknown as Actor;
    const runs = ctx.quick ? 5 : 30;
    const citySamples: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const s = performance.now();
      await service.grid(actor, { hours: 72, gapsOnly: false });
      citySamples.push(performance.now() - s);
    }
    const cityP99 = p99(citySamples);
    rows.push({
      scenario: S,
      figure: `city coverage grid, 72 h × ${checkpoints} checkpoints, p99 ${on}`,
      value: cityP99,
      unit: 'ms',
      ...goal(cityP99, '≤', 200),
    });
    const teamSamples: number[] = [];
    for (let i = 0; i < runs * 3; i += 1) {
      const s = performance.now();
      await service.grid(actor, { hours: 72, gapsOnly: false, teamId: teams[i % teams.length]! });
      teamSamples.push(performance.now() - s);
    }
    const teamP99 = p99(teamSamples);
    rows.push({
      scenario: S,
      figure: `one team's grid (${checkpoints / teams.length} checkpoints), p99 ${on}`,
      value: teamP99,
      unit: 'ms',
      ...goal(teamP99, '≤', 50),
    });

    // 100 volunteers of one team at once on the last free seat of a shift tomorrow.
    const teamId = teams[0]!;
    const crowd = await volunteers(app.db, teamId, ctx.quick ? 40 : 100, '1370001');
    const q = app.db.withTables<T>();
    const target = await q
      .selectFrom('field_shifts as s')
      .innerJoin('field_checkpoints as c', 'c.node_id', 's.checkpoint_id')
      .select(['s.id'])
      .where('c.team_id', '=', teamId)
      .where('s.starts_at', '>', Date.now() + 24 * HOUR)
      .orderBy('s.starts_at')
      .executeTakeFirstOrThrow();
    await q
      .updateTable('field_seats')
      .set({ needed: 1, filled: 0 })
      .where('shift_id', '=', target.id)
      .where('skill', '=', '排查')
      .execute();
    const race = await Promise.allSettled(
      crowd.map((id) =>
        service.signUp({ id, grants: [] } as unknown as Actor, [{ shiftId: target.id, skill: '排查' }]),
      ),
    );
    const won = race.filter((r) => r.status === 'fulfilled').length;
    const full = race.filter(
      (r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'SHIFT_FULL',
    ).length;
    rows.push({
      scenario: S,
      figure: `${crowd.length} volunteers on the last seat at once: winners (others told SHIFT_FULL: ${full}) ${on}`,
      value: won,
      unit: 'winners',
      goal: '= 1',
      met: won === 1 && full === crowd.length - 1,
    });

    // Check-ins over HTTP: volunteers each signed up to a shift on now, checking in with the code.
    const onDuty = crowd.slice(0, 20);
    const now = Date.now();
    const current = await q
      .selectFrom('field_shifts as s')
      .innerJoin('field_checkpoints as c', 'c.node_id', 's.checkpoint_id')
      .select(['s.id', 's.checkpoint_id', 's.node_path', 's.starts_at', 's.ends_at', 'c.code_secret'])
      .where('c.team_id', '=', teamId)
      .where('s.starts_at', '<=', now)
      .where('s.ends_at', '>', now + 10 * 60_000)
      .limit(onDuty.length)
      .execute();
    for (const [k, user] of onDuty.entries()) {
      const shift = current[k % current.length]!;
      await q
        .insertInto('field_signups')
        .values({
          shift_id: shift.id,
          checkpoint_id: shift.checkpoint_id,
          node_path: shift.node_path,
          user_id: user,
          skill: '设卡检查',
          starts_at: Number(shift.starts_at),
          ends_at: Number(shift.ends_at),
          checked_in_at: null,
          checked_out_at: null,
          stand_in_for: null,
          created_at: now,
        })
        .execute();
    }
    await built.app.close();
    const server = await startServerProcess(PLATFORM_SERVER, {
      XINGHUO_DATABASE_URL: database.url,
      ...database.env,
    });
    try {
      const requests = [];
      for (const [k] of onDuty.entries()) {
        const headers = await signIn(server.url, `1370001${String(k).padStart(4, '0')}`, BENCH_PASSWORD);
        const shift = current[k % current.length]!;
        requests.push({
          method: 'POST',
          path: '/api/fieldwork/check-in',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ code: checkInCode(shift.code_secret, Date.now()) }),
        });
      }
      // The first round writes each check-in; the rest answer the check-in already made, as a
      // phone retrying on a poor network does.
      const r = await measureHttp({
        url: server.url,
        requests,
        durationS: ctx.quick ? 2 : 5,
        connections: 10,
      });
      if (r.non2xx || r.errors) throw new Error(`check-in: ${r.non2xx} non-2xx, ${r.errors} errors`);
      rows.push({
        scenario: S,
        figure: `check-ins over HTTP, ${onDuty.length} volunteers with the checkpoint code ${on}`,
        value: r.rps,
        unit: 'req/s',
        ratio: ratio(r.rps, ctx.baseline.helloRps),
      });
    } finally {
      await server.close();
    }
  } finally {
    await built.app.close().catch(() => undefined);
    await database.drop();
  }
  return rows;
}

export default async function fieldwork(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const dialect of ctx.dialects) rows.push(...(await measure(ctx, dialect)));
  return rows;
}
