import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import type { Actor } from '../../src/server/core/access/index.ts';
import type { DialectName } from '../../src/server/core/db/index.ts';
import { GENESIS } from '../../src/server/modules/cadres/cadres.ledger.ts';
import { CadresService } from '../../src/server/modules/cadres/cadres.service.ts';
import {
  CadresRepository,
  type CadresTables,
  entryHash,
  verifyLedger,
} from '../../src/server/modules/cadres/index.ts';
import { prepareDatabase } from '../lib/database.ts';
import { goal } from '../lib/report.ts';
import type { BenchContext, BenchRow } from '../lib/types.ts';

const S = 'cadres';
const LABEL: Record<DialectName, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

/**
 * The factual ledger at scale: 200 cadres with 500 entries each (100,000; a tenth with --quick),
 * each chain hashed as the service writes it. Measured per dialect: verifying every chain, and a
 * cadre's ledger page as the command centre reads it (the audited read included).
 */
export default async function cadres(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const dialect of ctx.dialects) rows.push(...(await measure(ctx, dialect)));
  return rows;
}

async function measure(ctx: BenchContext, dialect: DialectName): Promise<BenchRow[]> {
  const cadreCount = 200;
  const perCadre = ctx.quick ? 50 : 500;
  const total = cadreCount * perCadre;
  const db_ = LABEL[dialect];
  const rows: BenchRow[] = [];
  const database = await prepareDatabase(dialect, ctx.tmpDir, 'cadres');
  const config = {
    ...loadConfig({}),
    databaseUrl: database.url,
    dataDir: ctx.tmpDir,
    jobs: false,
    webDir: undefined,
    logLevel: 'warn',
  };
  const built = await buildApp({ config, dbh: database.dbh, logger: false });
  const appDb = built.ctx.db;
  const db = appDb.withTables<CadresTables>();
  try {
    const places = await appDb
      .selectFrom('nodes')
      .select(['id', 'path', 'name'])
      .where('kind', '=', 'community')
      .orderBy('code')
      .limit(cadreCount)
      .execute();
    const city = await appDb
      .selectFrom('nodes')
      .select(['id', 'path'])
      .where('code', '=', '2108')
      .executeTakeFirstOrThrow();
    const now = Date.now();
    const genStart = performance.now();
    const cadreIds: number[] = [];
    for (let c = 0; c < cadreCount; c += 1) {
      const user = await appDb
        .insertInto('users')
        .values({
          phone: `1390${String(c).padStart(7, '0')}`,
          name: `干部${c}`,
          password_hash: 'x',
          locale: 'zh-CN',
          status: 'active',
          failed_logins: 0,
          locked_until: null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      cadreIds.push(Number(user.id));
    }
    for (const [c, id] of cadreIds.entries()) {
      const place = places[c % places.length]!;
      await db
        .insertInto('cadre_areas')
        .values({
          leader_id: id,
          node_id: place.id,
          node_path: place.path,
          tier: 'village',
          duties: '[]',
          starts_at: now - 30 * 86_400_000,
          ends_at: null,
          created_by: null,
          created_at: now,
        })
        .execute();
      let prev = GENESIS;
      const batch = [];
      for (let seq = 1; seq <= perCadre; seq += 1) {
        const base = {
          cadre_id: id,
          seq,
          kind: 'record',
          occurred_at: now - (perCadre - seq) * 3_600_000,
          node_path: place.path,
          place: place.name,
          content: `入户走访第 ${seq} 次，登记返乡人员并宣讲防控政策`,
          evidence: '[]',
          recorded_by: null,
          group_id: null,
          corrects_id: null,
          source_event_id: null,
          created_at: now - (perCadre - seq) * 3_600_000,
        };
        const hash = entryHash(prev, base);
        batch.push({ ...base, prev_hash: prev, hash });
        prev = hash;
      }
      for (let i = 0; i < batch.length; i += 250)
        await db
          .insertInto('cadre_ledger')
          .values(batch.slice(i, i + 250))
          .execute();
      await db
        .insertInto('cadre_ledger_heads')
        .values({ cadre_id: id, last_seq: perCadre, last_hash: prev })
        .execute();
    }
    rows.push({
      scenario: S,
      figure: `generate ${total.toLocaleString('en')} ledger entries of ${cadreCount} cadres (setup, ${db_})`,
      value: Math.round((performance.now() - genStart) / 100) / 10,
      unit: 's',
    });

    const repo = new CadresRepository(appDb);
    const t0 = performance.now();
    const result = await verifyLedger(repo);
    const verifyMs = performance.now() - t0;
    if (!result.ok || result.checked !== total)
      throw new Error(`ledger verify: ${JSON.stringify(result.problems.slice(0, 3))}`);
    rows.push({
      scenario: S,
      figure: `verify every chain, ${total.toLocaleString('en')} entries (${db_})`,
      value: Math.round(verifyMs) / 1000,
      unit: 's',
      ...goal(verifyMs / 1000, '≤', 10),
    });

    const service = new CadresService(built.ctx, repo);
    const actor: Actor = {
      id: cadreIds[0]!,
      name: 'bench',
      phone: '13900000000',
      locale: 'zh-CN',
      grants: [{ id: 1, role: 'command_centre', nodeId: Number(city.id), nodePath: city.path }],
      sessionId: 'bench',
      csrfToken: 'bench',
    };
    const times: number[] = [];
    for (let i = 0; i < 200; i += 1) {
      const cadreId = cadreIds[1 + (i % (cadreIds.length - 1))]!;
      const t = performance.now();
      await service.ledger(actor, cadreId, { limit: 50 });
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const p99 = times[Math.floor(times.length * 0.99)]!;
    // The median beside the tail: on a loaded machine the p99 is the scheduler's, the median the query's.
    rows.push({
      scenario: S,
      figure: `a cadre's ledger page (50 of ${perCadre}, audited read) p50 (${db_})`,
      value: Math.round(times[Math.floor(times.length / 2)]! * 10) / 10,
      unit: 'ms',
    });
    rows.push({
      scenario: S,
      figure: `a cadre's ledger page (50 of ${perCadre}, audited read) p99 (${db_})`,
      value: Math.round(p99 * 10) / 10,
      unit: 'ms',
      ...goal(p99, '≤', 50),
    });
  } finally {
    await built.app.close();
    await database.drop();
  }
  return rows;
}
