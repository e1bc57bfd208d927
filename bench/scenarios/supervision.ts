import { drawRound, poolText, sha256Hex, targetListText } from '../../src/contracts/supervision-draw.ts';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import type { Actor } from '../../src/server/core/access/index.ts';
import type { DialectName } from '../../src/server/core/db/index.ts';
import { SupervisionRepository } from '../../src/server/modules/supervision/supervision.repository.ts';
import { SupervisionService } from '../../src/server/modules/supervision/supervision.service.ts';
import type { SupervisionTables } from '../../src/server/modules/supervision/supervision.tables.ts';
import { prepareDatabase } from '../lib/database.ts';
import { goal } from '../lib/report.ts';
import type { BenchContext, BenchRow } from '../lib/types.ts';

const S = 'supervision';
const NAMES: Record<DialectName, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };
const SEED = 'bench public dice 2020';
const DAY = 24 * 3600_000;

/**
 * Per dialect: the 双随机 draw of 300 targets (and 2 inspectors each, from a pool of 200 with
 * recusals) out of a frozen list of 50,000 records, end to end through the service; then 100,000
 * findings over the city's communities — a village official's open orders, and the overdue sweep.
 */
export default async function supervision(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const fingerprints: string[] = [];
  for (const dialect of ctx.dialects) rows.push(...(await measure(ctx, dialect, fingerprints)));
  rows.push({
    scenario: S,
    figure: `draw identical across runs and dialects (${fingerprints.length} draws)`,
    value: new Set(fingerprints).size === 1 ? 1 : 0,
    unit: 'yes',
    ...goal(new Set(fingerprints).size === 1 ? 1 : 0, '≥', 1),
  });
  return rows;
}

async function measure(ctx: BenchContext, dialect: DialectName, fingerprints: string[]): Promise<BenchRow[]> {
  const name = NAMES[dialect];
  const rows: BenchRow[] = [];
  const database = await prepareDatabase(dialect, ctx.tmpDir, `supervision_${dialect}`);
  const config = {
    ...loadConfig({}),
    databaseUrl: database.url,
    dataDir: ctx.tmpDir,
    jobs: false,
    webDir: undefined,
    logLevel: 'warn',
  };
  const built = await buildApp({ config, dbh: database.dbh, logger: false });
  const { ctx: appCtx } = built;
  const db = appCtx.db.withTables<SupervisionTables>();
  try {
    const communities = await appCtx.db
      .selectFrom('nodes')
      .select(['id', 'path'])
      .where('kind', '=', 'community')
      .orderBy('code')
      .execute();
    const city = await appCtx.db
      .selectFrom('nodes')
      .select(['id', 'path'])
      .where('depth', '=', 0)
      .executeTakeFirstOrThrow();
    const actor: Actor = {
      id: 1,
      name: 'bench',
      phone: '',
      locale: 'zh-CN',
      grants: [{ id: 1, role: 'command_centre', nodeId: Number(city.id), nodePath: city.path }],
      sessionId: '',
      csrfToken: '',
    };
    const service = new SupervisionService(appCtx, new SupervisionRepository(appCtx.db));

    // A frozen list of 50,000 records and a pool of 200 inspectors, each recused from one county.
    const listSize = 50_000;
    const targets = Array.from({ length: listSize }, (_, i) => {
      const c = communities[i % communities.length]!;
      return { key: `enterprise:${100000 + i}`, path: c.path, id: 100000 + i };
    }).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.key < b.key ? -1 : 1));
    const counties = [...new Set(communities.map((c) => `${c.path.split('/').slice(0, 2).join('/')}/`))];
    const pool = Array.from({ length: 200 }, (_, i) => ({
      key: `P${i + 1}`,
      recuse: [counties[i % counties.length]!],
    }));
    const newRound = async () => {
      const now = Date.now();
      const r = await db
        .insertInto('sup_rounds')
        .values({
          node_id: Number(city.id),
          node_path: city.path,
          title: 'bench',
          target_kind: 'enterprise',
          sample: 300,
          per_target: 2,
          unannounced: 0,
          visits_from: now,
          lead_user_id: null,
          status: 'committed',
          list_count: listSize,
          list_hash: sha256Hex(targetListText(targets)),
          pool_count: pool.length,
          pool_hash: sha256Hex(poolText(pool)),
          frozen_at: now,
          commitment: sha256Hex(SEED),
          seed_secret: null,
          committed_at: now,
          draw_at: now,
          seed: null,
          drawn_at: null,
          draw_result: null,
          published_at: null,
          created_by: 1,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(r.id);
      for (let i = 0; i < targets.length; i += 1000) {
        await db
          .insertInto('sup_round_targets')
          .values(
            targets.slice(i, i + 1000).map((t, j) => ({
              round_id: id,
              position: i + j,
              target_key: t.key,
              target_type: 'enterprise',
              target_id: t.id,
              node_path: t.path,
              label: `企业${t.id}`,
            })),
          )
          .execute();
      }
      await db
        .insertInto('sup_pool')
        .values(
          pool.map((p, i) => ({
            round_id: id,
            user_id: 1000 + i,
            position: i,
            recuse_node_ids: '[]',
            recuse_paths: JSON.stringify(p.recuse),
          })),
        )
        .execute();
      return id;
    };
    const expected = JSON.stringify(
      drawRound({ targets, pool, seed: SEED, sample: 300, perTarget: 2 }).picks,
    );
    let worst = 0;
    for (let run = 0; run < 2; run += 1) {
      const id = await newRound();
      const t0 = performance.now();
      await service.draw(actor, id, { seed: SEED });
      worst = Math.max(worst, performance.now() - t0);
      const stored = await db
        .selectFrom('sup_rounds')
        .select('draw_result')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      fingerprints.push(stored.draw_result ?? '');
      if (stored.draw_result !== expected) fingerprints.push('differs from the pure re-run');
    }
    rows.push({
      scenario: S,
      figure: `draw 300 targets + 2 inspectors each from 50,000, end to end (${name})`,
      value: Math.round(worst),
      unit: 'ms',
      ...goal(worst, '≤', 1000),
    });

    // 100,000 findings over the communities; a fifth past their deadline and not yet escalated.
    const findings = ctx.quick ? 10_000 : 100_000;
    const now = Date.now();
    const genStart = performance.now();
    const batch = 500;
    for (let i = 0; i < findings; i += batch) {
      const values = [];
      for (let j = i; j < Math.min(findings, i + batch); j += 1) {
        const c = communities[j % communities.length]!;
        const state = j % 10;
        const status = state < 4 ? 'open' : state < 6 ? 'answered' : 'closed';
        values.push({
          client_id: `bench-${j}`,
          request_hash: '',
          visit_id: 1 + (j % 300),
          round_id: 1,
          node_path: c.path,
          parent_path: `${c.path.split('/').slice(0, -2).join('/')}/`,
          target_label: `对象${j}`,
          item: 'cadre-on-post',
          rule: '在岗在位',
          severity: 'major',
          note: '',
          photo_ids: '[]',
          observed_at: now - 10 * DAY,
          recorded_by: 1000,
          recorded_at: now - 10 * DAY,
          status,
          deadline: state < 2 ? now - DAY : now + (j % 7) * DAY,
          reminded_at: null,
          escalated_at: null,
          answer: null,
          evidence_ids: '[]',
          answered_at: null,
          answered_by: null,
          closed_at: null,
          closed_by: null,
          close_note: null,
          sent_back: 0,
          reinspector_id: null,
          updated_at: now,
        });
      }
      await db.insertInto('sup_findings').values(values).execute();
    }
    rows.push({
      scenario: S,
      figure: `generate ${findings.toLocaleString('en')} findings (setup, ${name})`,
      value: Math.round((performance.now() - genStart) / 100) / 10,
      unit: 's',
    });

    const repo = new SupervisionRepository(appCtx.db);
    const times: number[] = [];
    for (let i = 0; i < 200; i += 1) {
      const village = communities[i % communities.length]!.path;
      const t0 = performance.now();
      await repo.orders({ scopes: [village], status: 'open', now: Date.now() }, 50);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const p99 = times[Math.floor(times.length * 0.99)]!;
    // The median beside the tail: on a loaded machine the p99 is the scheduler's, the median the query's.
    rows.push({
      scenario: S,
      figure: `a village official's open rectifications p50, ${findings.toLocaleString('en')} findings (${name})`,
      value: Math.round(times[Math.floor(times.length / 2)]! * 10) / 10,
      unit: 'ms',
    });
    rows.push({
      scenario: S,
      figure: `a village official's open rectifications p99, ${findings.toLocaleString('en')} findings (${name})`,
      value: Math.round(p99 * 10) / 10,
      unit: 'ms',
      ...goal(p99, '≤', 50),
    });

    const t0 = performance.now();
    const swept = await service.sweep(Date.now());
    const sweepMs = performance.now() - t0;
    rows.push({
      scenario: S,
      figure: `reminder + escalation sweep (${swept.escalated.toLocaleString('en')} escalated, ${swept.reminded.toLocaleString('en')} reminded, ${name})`,
      value: Math.round(sweepMs),
      unit: 'ms',
      ...goal(sweepMs, '≤', 5000),
    });
  } finally {
    await built.app.close();
    await database.drop();
  }
  return rows;
}
