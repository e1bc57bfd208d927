import { randomBytes } from 'node:crypto';
import type { Actor } from '../../src/server/core/access/index.ts';
import { type Db, inTransaction } from '../../src/server/core/db/index.ts';
import { FieldworkRepository } from '../../src/server/modules/fieldwork/fieldwork.repository.ts';
import { FieldworkService } from '../../src/server/modules/fieldwork/fieldwork.service.ts';
import type { FieldworkTables } from '../../src/server/modules/fieldwork/index.ts';
import type { VolunteersTables } from '../../src/server/modules/volunteers/index.ts';
import { buildBenchApp, prepareDatabase } from '../lib/database.ts';
import { goal } from '../lib/report.ts';
import type { BenchContext, BenchRow } from '../lib/types.ts';
import { createBenchUser } from '../lib/users.ts';

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

export default async function fieldwork(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const checkpoints = ctx.quick ? 200 : 2000;
  const database = await prepareDatabase('sqlite', ctx.tmpDir, 'fieldwork');
  const built = await buildBenchApp(database, ctx.tmpDir);
  const app = built.ctx;
  try {
    const from = Math.floor(Date.now() / HOUR) * HOUR - 24 * HOUR;
    const t0 = performance.now();
    const { teams, shifts } = await generate(app.db, checkpoints, from);
    rows.push({
      scenario: S,
      figure: `generate ${checkpoints} checkpoints, ${shifts.toLocaleString('en-US')} shifts`,
      value: (performance.now() - t0) / 1000,
      unit: 's',
    });
    const service = new FieldworkService(app, new FieldworkRepository(app.db));
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
      figure: `city coverage grid, 72 h × ${checkpoints} checkpoints, p99`,
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
      figure: `one team's grid (${checkpoints / teams.length} checkpoints), p99`,
      value: teamP99,
      unit: 'ms',
      ...goal(teamP99, '≤', 50),
    });
  } finally {
    await built.app.close();
    await database.drop();
  }
  return rows;
}
