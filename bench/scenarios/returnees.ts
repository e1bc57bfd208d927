import { sql } from 'kysely';
import { type DialectName, inTransaction } from '../../src/server/core/db/index.ts';
import { addDays, beijingDay } from '../../src/server/core/figures/index.ts';
import { createReturneesService, ReturneesRepository } from '../../src/server/modules/returnees/index.ts';
import { buildBenchApp, prepareDatabase } from '../lib/database.ts';
import { goal } from '../lib/report.ts';
import { maxStallDuring } from '../lib/stall.ts';
import type { BenchContext, BenchRow } from '../lib/types.ts';

/**
 * 100,000 people under follow-up for 14 days at 2 visits a day (2.8 M visits; a tenth with
 * --quick), spread over the city's communities, a third of the past visits left unrecorded.
 * Measured in this process on each dialect asked for: a village cadre's overdue list, and the
 * daily lost-to-follow-up pass over everyone.
 */
export default async function returnees(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const dialect of ctx.dialects) rows.push(...(await onDialect(ctx, dialect)));
  return rows;
}

async function onDialect(ctx: BenchContext, dialect: DialectName): Promise<BenchRow[]> {
  const S = `returnees (${dialect})`;
  const people = ctx.quick ? 10_000 : 100_000;
  // About 50 registered people per train that day: a contact listing lists them all.
  const trips = Math.ceil(people / 50);
  const rows: BenchRow[] = [];
  const database = await prepareDatabase(dialect, ctx.tmpDir, 'returnees');
  const built = await buildBenchApp(database, ctx.tmpDir);
  const { ctx: appCtx } = built;
  try {
    const communities = await appCtx.db
      .selectFrom('nodes')
      .select(['id', 'path'])
      .where('kind', '=', 'community')
      .orderBy('code')
      .execute();
    const db = appCtx.db;
    // A plain table, not a temporary one: on PostgreSQL the pool may run each statement on another connection.
    await sql`create table bench_nodes (i integer primary key, id bigint, path text)`.execute(db);
    for (let i = 0; i < communities.length; i += 500) {
      const chunk = communities.slice(i, i + 500);
      await sql`insert into bench_nodes (i, id, path) values ${sql.join(
        chunk.map((c, j) => sql`(${i + j}, ${c.id}, ${c.path})`),
      )}`.execute(db);
    }
    const now = Date.now();
    const today = beijingDay(now);
    const start = addDays(today, -13);
    const genStart = performance.now();
    const series =
      dialect === 'sqlite'
        ? sql`(with recursive s(i) as (select 1 union all select i + 1 from s where i < ${people}) select i from s)`
        : sql`(select generate_series(1, ${people}) as i)`;
    await sql`
      insert into returnees (node_id, node_path, name, id_number, phone, address, from_code, arrival_day,
        transport, transport_no, companions, category, status, measure, start_day, end_day, per_day,
        released_at, created_by, created_at, updated_at, self_reported)
      select n.id, n.path, ${'返乡'} || s.i, ${'B'} || s.i, ${'139'} || (10000000 + s.i), '', '4201',
        cast(${start} as text), 'train', ${'G'} || (s.i % ${trips}), 0, 'medium', 'isolating', 'home', cast(${start} as text),
        cast(${today} as text), 2, null, null, cast(${now} as bigint), cast(${now} as bigint), 0
      from ${series} s join bench_nodes n on n.i = s.i % ${communities.length}`.execute(db);
    // Visits of the 14 days: past ones mostly recorded, every third day's evening visit left open.
    for (let d = 0; d < 14; d += 1) {
      const day = addDays(start, d);
      const dayStart = Date.parse(`${day}T00:00:00Z`) - 8 * 3600_000;
      for (let slot = 0; slot < 2; slot += 1) {
        const due = dayStart + 8 * 3600_000 + (50_400_000 * (slot + 1)) / 2;
        const recorded = due < now && !(slot === 1 && d % 3 === 0);
        await sql`
          insert into returnee_visits (returnee_id, node_path, day, slot, due_at, status, temp_x10, symptoms,
            performed_by, performed_at, released_at)
          select id, node_path, cast(${day} as text), ${slot}, cast(${due} as bigint),
            cast(${recorded ? 'seen_ok' : 'planned'} as text), ${recorded ? sql`364` : sql`null`}, '[]', null,
            ${recorded ? sql`cast(${due} as bigint)` : sql`null`}, null
          from returnees`.execute(db);
      }
    }
    if (dialect === 'postgres') await sql`analyze`.execute(db);
    const counted = await sql<{ n: number | string }>`select count(*) as n from returnee_visits`.execute(db);
    const visits = Number(counted.rows[0]!.n);
    rows.push({
      scenario: S,
      figure: `generate ${people.toLocaleString('en')} people, ${visits.toLocaleString('en')} visits (setup)`,
      value: Math.round((performance.now() - genStart) / 100) / 10,
      unit: 's',
    });

    // A village cadre's overdue list: the community with the most people is the worst case.
    const repo = new ReturneesRepository(appCtx.db);
    const biggest = await sql<{ node_path: string }>`
      select node_path from returnees group by node_path order by count(*) desc limit 1`.execute(db);
    const village = biggest.rows[0]!.node_path;
    const times: number[] = [];
    for (let i = 0; i < 200; i += 1) {
      const t0 = performance.now();
      await repo.due([village], null, Date.now(), 100);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const p99 = times[Math.floor(times.length * 0.99)]!;
    // The median beside it: on a loaded machine the tail is the scheduler's, the median the query's.
    rows.push({
      scenario: S,
      figure: "a village cadre's overdue list p50",
      value: Math.round(times[Math.floor(times.length / 2)]! * 10) / 10,
      unit: 'ms',
    });
    rows.push({
      scenario: S,
      figure: "a village cadre's overdue list p99",
      value: Math.round(p99 * 10) / 10,
      unit: 'ms',
      ...goal(p99, '≤', 50),
    });

    // Contact listing: a case's train that day against every registered trip, listed in one transaction.
    const listTimes: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const t0 = performance.now();
      await inTransaction(db, async (trx) => {
        const fellow = await repo.sameTrip(`G${i}`, start, trx);
        await repo.insertContacts(
          fellow.map((p) => ({
            case_id: 0,
            contact_id: p.id,
            node_path: p.node_path,
            relation: 'same_transport',
            last_contact_day: start,
            created_by: null,
            created_at: now,
          })),
          trx,
        );
      });
      listTimes.push(performance.now() - t0);
    }
    listTimes.sort((a, b) => a - b);
    const listP = listTimes[listTimes.length - 1]!;
    rows.push({
      scenario: S,
      figure: `contact listing of one trip against ${people.toLocaleString('en')} registered trips, worst of 20`,
      value: Math.round(listP * 10) / 10,
      unit: 'ms',
      ...goal(listP, '≤', 200),
    });

    const service = createReturneesService(appCtx);
    const t0 = performance.now();
    const { result: lost, maxStallMs } = await maxStallDuring(() => service.markLostToFollowUp());
    rows.push({
      scenario: S,
      figure: `lost-to-follow-up pass over everyone (${lost} lost)`,
      value: Math.round(performance.now() - t0),
      unit: 'ms',
    });
    rows.push({
      scenario: S,
      figure: 'event-loop stall during that pass',
      value: Math.round(maxStallMs),
      unit: 'ms',
    });
  } finally {
    await built.app.close();
    await database.drop();
  }
  return rows;
}
