import type { AppContext, DemoDirectory } from '../../core/context.ts';
import { inTransaction } from '../../core/db/index.ts';
import { addDays, beijingDay, dayWindow } from '../../core/figures/index.ts';
import type { GateTables } from '../gate/index.ts';
import { DashboardRepository } from './dashboard.repository.ts';

const HISTORY_DAYS = 30;
/** 贾屯村 and 五大门社区, where the demo compounds are: their trends go down to the village. */
const DEMO_COMMUNITIES = ['210881117207', '210802001003'];

/** A small deterministic generator: the demo looks the same on every fresh start. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Today's gate traffic at the demo compounds (with one open fever in 站前区), and a month of
 * daily snapshots shaped from today's live figures, so a new user sees trends, changes since
 * yesterday and something that needs attention on first sign-in.
 */
export async function seedDashboard(ctx: AppContext, demo: DemoDirectory): Promise<void> {
  const now = Date.now();
  const rnd = random(20200125);
  const compounds = await ctx.db
    .selectFrom('nodes')
    .select(['id', 'path', 'name'])
    .where('kind', '=', 'compound')
    .orderBy('id')
    .execute();
  const keeper = demo.userId('13800000009');
  const dayStart = dayWindow(beijingDay(now), now).start;
  await inTransaction(ctx.db, async (trx) => {
    let n = 0;
    for (const c of compounds) {
      for (let i = 0; i < 24; i += 1) {
        n += 1;
        const at = dayStart + Math.floor(rnd() * Math.max(1, now - dayStart));
        const visitor = i % 8 === 7;
        await trx
          .withTables<GateTables>()
          .insertInto('gate_entries')
          .values({
            client_id: `demo-${c.id}-${i}`,
            request_hash: 'demo',
            compound_id: c.id,
            node_path: c.path,
            gate: null,
            kind: visitor ? 'visitor' : 'pass',
            lane: 'person',
            direction: i % 2 === 0 ? 'in' : 'out',
            result: 'ok',
            pass_id: null,
            household_id: null,
            visitor_name: visitor ? '访客' : null,
            visitor_phone: null,
            visitor_reason: visitor ? '探亲' : null,
            temp_x100: 3620 + (n % 6) * 10,
            at,
            recorded_at: at,
            recorded_by: keeper,
            offline: 0,
          })
          .execute();
      }
    }
    // At 站前区, away from 贾屯村, whose pages the compounds walkthrough starts with no fever.
    const zhanqian = demo.nodePath('210802');
    const first = compounds.find((c) => c.path.startsWith(zhanqian));
    if (first) {
      const at = now - 40 * 60_000;
      const entry = await trx
        .withTables<GateTables>()
        .insertInto('gate_entries')
        .values({
          client_id: 'demo-fever',
          request_hash: 'demo',
          compound_id: first.id,
          node_path: first.path,
          gate: null,
          kind: 'pass',
          lane: 'person',
          direction: 'in',
          result: 'ok',
          pass_id: null,
          household_id: null,
          visitor_name: null,
          visitor_phone: null,
          visitor_reason: null,
          temp_x100: 3790,
          at,
          recorded_at: at,
          recorded_by: keeper,
          offline: 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .withTables<GateTables>()
        .insertInto('gate_fevers')
        .values({
          entry_id: entry.id,
          compound_id: first.id,
          node_path: first.path,
          temp_x100: 3790,
          at,
          status: 'open',
          action: null,
          closed_by: null,
          closed_at: null,
        })
        .execute();
    }
  });

  const repo = new DashboardRepository(ctx.db);
  const nodes = [
    ...(await repo.snapshotNodes(2)).map((n) => n.path),
    ...DEMO_COMMUNITIES.map((code) => demo.nodePath(code)),
  ];
  const today = beijingDay(now);
  const window = dayWindow(today, now);
  const figures = ctx.figures.list();
  for (const path of nodes) {
    const live = await Promise.all(figures.map((f) => f.compute(ctx.db, path, window)));
    const rows = [];
    for (let back = 1; back <= HISTORY_DAYS; back += 1) {
      const day = addDays(today, -back);
      for (const [i, f] of figures.entries()) {
        const v = live[i] ?? null;
        let value: number | null;
        if (f.kind === 'count')
          value = v === null ? null : Math.round(v * (1 - (back / HISTORY_DAYS) * 0.45 * rnd()));
        else if (f.kind === 'ratio') value = Math.min(1, Math.max(0, (v ?? 0.82) + (rnd() - 0.5) * 0.2));
        else if (f.format === 'minutes')
          value = v === null ? Math.round(20 + rnd() * 40) : Math.round(v * (0.5 + rnd()));
        else value = Math.round((v ?? 0) * (0.4 + rnd() * 0.9));
        rows.push({ node_path: path, day, key: f.key, value, computed_at: now });
      }
    }
    await repo.writeSnapshots(rows);
  }
}
