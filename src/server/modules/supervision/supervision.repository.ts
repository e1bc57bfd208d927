import { type Insertable, type SqlBool, sql, type Updateable } from 'kysely';
import { pathInScope, subtreeEnd } from '../../core/access/index.ts';
import type { Db } from '../../core/db/index.ts';
import type {
  SupDisciplineTable,
  SupervisionTables,
  SupFindingsTable,
  SupRoundsTable,
  SupRoundTargetsTable,
  SupVisitsTable,
} from './supervision.tables.ts';

export type RoundRow = Awaited<ReturnType<SupervisionRepository['round']>> & {};
export type FindingRow = Awaited<ReturnType<SupervisionRepository['finding']>> & {};
export type VisitRow = Awaited<ReturnType<SupervisionRepository['visit']>> & {};

/** Open orders past their deadline; `answered` ones wait on the inspector, not the responsible side. */
export const OPEN = 'open';

export interface OrderFilter {
  scopes?: string[];
  /** Orders of visits these inspector may close (their own visits, rounds they lead, re-inspections). */
  closableBy?: number;
  status?: 'open' | 'answered' | 'closed' | 'overdue';
  roundId?: number;
  under?: string;
  now: number;
}

/** SQL of supervision. Lists take the caller's subtree roots (or their own assignments) and filter in SQL. */
export class SupervisionRepository {
  constructor(private readonly db: Db) {}

  private t(trx: Db = this.db) {
    return trx.withTables<SupervisionTables>();
  }

  // ---- rounds ----

  async insertRound(row: Insertable<SupRoundsTable>, trx: Db = this.db): Promise<number> {
    const r = await this.t(trx)
      .insertInto('sup_rounds')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }

  round(id: number, trx: Db = this.db) {
    return this.t(trx).selectFrom('sup_rounds').selectAll().where('id', '=', id).executeTakeFirst();
  }

  rounds(scopes: string[], trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('sup_rounds')
      .selectAll()
      .where(pathInScope('node_path', scopes))
      .orderBy('id', 'desc')
      .limit(200)
      .execute();
  }

  roundsLedOrInspectedBy(userId: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('sup_rounds as r')
      .selectAll('r')
      .where((eb) =>
        eb.or([
          eb('r.lead_user_id', '=', userId),
          eb.exists(
            eb
              .selectFrom('sup_pool as p')
              .select('p.user_id')
              .whereRef('p.round_id', '=', 'r.id')
              .where('p.user_id', '=', userId),
          ),
        ]),
      )
      .orderBy('r.id', 'desc')
      .limit(200)
      .execute();
  }

  publicRounds(trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('sup_rounds')
      .selectAll()
      .where('committed_at', 'is not', null)
      .orderBy('id', 'desc')
      .limit(200)
      .execute();
  }

  /** A guarded step: only from `from`, so two racing requests move the round once. */
  async updateRound(
    id: number,
    from: string[],
    values: Partial<Omit<SupRoundsTable, 'id'>>,
    trx: Db = this.db,
  ): Promise<boolean> {
    const res = await this.t(trx)
      .updateTable('sup_rounds')
      .set(values)
      .where('id', '=', id)
      .where('status', 'in', from)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async insertTargets(rows: SupRoundTargetsTable[], trx: Db = this.db): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) {
      await this.t(trx)
        .insertInto('sup_round_targets')
        .values(rows.slice(i, i + 500))
        .execute();
    }
  }

  /** The frozen list as the draw and its hash need it: key and path only, in list order. */
  targetKeys(roundId: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('sup_round_targets')
      .select(['target_key', 'node_path'])
      .where('round_id', '=', roundId)
      .orderBy('position')
      .execute();
  }

  /** The list with its labels, for the public page that shows what was drawn. */
  targetLabels(roundId: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('sup_round_targets')
      .select(['target_key', 'node_path', 'label'])
      .where('round_id', '=', roundId)
      .orderBy('position')
      .execute();
  }

  /** Whole rows of the list at these positions: the few a draw picked, out of tens of thousands. */
  async targetsAt(roundId: number, positions: number[], trx: Db = this.db) {
    const rows = [];
    for (let i = 0; i < positions.length; i += 500) {
      rows.push(
        ...(await this.t(trx)
          .selectFrom('sup_round_targets')
          .selectAll()
          .where('round_id', '=', roundId)
          .where('position', 'in', positions.slice(i, i + 500))
          .execute()),
      );
    }
    return new Map(rows.map((r) => [Number(r.position), r]));
  }

  async replacePool(
    roundId: number,
    members: Array<{ userId: number; recuseNodeIds: number[] }>,
    trx: Db = this.db,
  ): Promise<void> {
    await this.t(trx).deleteFrom('sup_pool').where('round_id', '=', roundId).execute();
    const sorted = [...members].sort((a, b) => a.userId - b.userId);
    for (let i = 0; i < sorted.length; i += 500) {
      await this.t(trx)
        .insertInto('sup_pool')
        .values(
          sorted.slice(i, i + 500).map((m, j) => ({
            round_id: roundId,
            user_id: m.userId,
            position: i + j,
            recuse_node_ids: JSON.stringify(m.recuseNodeIds),
            recuse_paths: null,
          })),
        )
        .execute();
    }
  }

  pool(roundId: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('sup_pool')
      .selectAll()
      .where('round_id', '=', roundId)
      .orderBy('position')
      .execute();
  }

  async setRecusePaths(roundId: number, userId: number, paths: string[], trx: Db = this.db) {
    await this.t(trx)
      .updateTable('sup_pool')
      .set({ recuse_paths: JSON.stringify(paths) })
      .where('round_id', '=', roundId)
      .where('user_id', '=', userId)
      .execute();
  }

  // ---- visits ----

  /** A draw's visits and their inspectors in a few multi-row statements (300 visits: 2 statements, not 600). */
  async insertVisits(
    rows: Array<{ visit: Insertable<SupVisitsTable>; inspectors: number[] }>,
    trx: Db = this.db,
  ): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      const inserted = await this.t(trx)
        .insertInto('sup_visits')
        .values(chunk.map((r) => r.visit))
        .returning(['id', 'target_position'])
        .execute();
      const byPosition = new Map(inserted.map((r) => [Number(r.target_position), Number(r.id)]));
      const links = chunk.flatMap((r) =>
        r.inspectors.map((user_id) => ({
          visit_id: byPosition.get(Number(r.visit.target_position))!,
          user_id,
          round_id: r.visit.round_id,
        })),
      );
      for (let j = 0; j < links.length; j += 1000) {
        await this.t(trx)
          .insertInto('sup_visit_inspectors')
          .values(links.slice(j, j + 1000))
          .execute();
      }
      ids.push(...chunk.map((r) => byPosition.get(Number(r.visit.target_position))!));
    }
    return ids;
  }

  visit(id: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('sup_visits as v')
      .innerJoin('sup_rounds as r', 'r.id', 'v.round_id')
      .selectAll('v')
      .select(['r.title as round_title', 'r.target_kind', 'r.lead_user_id'])
      .where('v.id', '=', id)
      .executeTakeFirst();
  }

  inspectorsOf(visitIds: number[], trx: Db = this.db) {
    if (visitIds.length === 0) return Promise.resolve([]);
    return this.t(trx)
      .selectFrom('sup_visit_inspectors')
      .select(['visit_id', 'user_id'])
      .where('visit_id', 'in', visitIds)
      .execute();
  }

  /**
   * Visits the caller may see: those they inspect, or — through `scopes` — visits in their subtree
   * that are announced or already started. `planned` adds the unannounced planned ones (supervision
   * side only: the target's officials never get them before the visit starts).
   */
  visits(
    filter: { scopes: string[]; planned: string[]; inspector: number; mine: boolean; roundId?: number },
    trx: Db = this.db,
  ) {
    let q = this.t(trx)
      .selectFrom('sup_visits as v')
      .innerJoin('sup_rounds as r', 'r.id', 'v.round_id')
      .selectAll('v')
      .select((eb) => [
        'r.title as round_title',
        'r.target_kind',
        eb
          .selectFrom('sup_findings as f')
          .select((f) => f.fn.countAll<number>().as('n'))
          .whereRef('f.visit_id', '=', 'v.id')
          .as('finding_count'),
      ]);
    const assigned = sql<SqlBool>`exists (select 1 from sup_visit_inspectors i
      where i.visit_id = v.id and i.user_id = ${filter.inspector})`;
    if (filter.mine) q = q.where(assigned);
    else
      q = q.where((eb) =>
        eb.or([
          assigned,
          pathInScope('v.node_path', filter.planned),
          eb.and([
            pathInScope('v.node_path', filter.scopes),
            eb.or([eb('v.unannounced', '=', 0), eb('v.started_at', 'is not', null)]),
          ]),
        ]),
      );
    if (filter.roundId) q = q.where('v.round_id', '=', filter.roundId);
    return q.orderBy('v.planned_for').orderBy('v.id').limit(500).execute();
  }

  async startVisit(id: number, at: number, trx: Db = this.db): Promise<boolean> {
    const res = await this.t(trx)
      .updateTable('sup_visits')
      .set({ started_at: at })
      .where('id', '=', id)
      .where('started_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async finishVisit(id: number, at: number, trx: Db = this.db): Promise<boolean> {
    const res = await this.t(trx)
      .updateTable('sup_visits')
      .set({ finished_at: at })
      .where('id', '=', id)
      .where('started_at', 'is not', null)
      .where('finished_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  isInspectorOfRound(roundId: number, userId: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('sup_visit_inspectors')
      .select('visit_id')
      .where('round_id', '=', roundId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }

  // ---- findings / orders ----

  async insertFinding(row: Insertable<SupFindingsTable>, trx: Db = this.db): Promise<number | null> {
    const r = await this.t(trx)
      .insertInto('sup_findings')
      .values(row)
      .onConflict((oc) => oc.column('client_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    return r ? Number(r.id) : null;
  }

  findingByClientId(clientId: string, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('sup_findings')
      .select(['id', 'request_hash', 'recorded_by'])
      .where('client_id', '=', clientId)
      .executeTakeFirst();
  }

  /**
   * Round title and lead by scalar subquery, not a join: with a join the planner may walk every
   * finding of a round by round_id instead of the caller's subtree by node_path.
   */
  private findingQuery(trx: Db) {
    return this.t(trx)
      .selectFrom('sup_findings as f')
      .selectAll('f')
      .select((eb) => [
        eb
          .selectFrom('sup_rounds as r')
          .select('r.title')
          .whereRef('r.id', '=', 'f.round_id')
          .as('round_title'),
        eb
          .selectFrom('sup_rounds as r')
          .select('r.lead_user_id')
          .whereRef('r.id', '=', 'f.round_id')
          .as('lead_user_id'),
      ]);
  }

  finding(id: number, trx: Db = this.db) {
    return this.findingQuery(trx).where('f.id', '=', id).executeTakeFirst();
  }

  findingsByIds(ids: number[], trx: Db = this.db) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.findingQuery(trx).where('f.id', 'in', ids).orderBy('f.id').execute();
  }

  private closable(userId: number) {
    return sql<SqlBool>`(f.reinspector_id = ${userId} or exists (
      select 1 from sup_rounds r where r.id = f.round_id and r.lead_user_id = ${userId}) or exists (
      select 1 from sup_visit_inspectors i where i.visit_id = f.visit_id and i.user_id = ${userId}))`;
  }

  private filtered(filter: OrderFilter, trx: Db) {
    let q = this.findingQuery(trx);
    q = q.where((eb) => {
      const ors = [];
      if (filter.scopes) ors.push(pathInScope('f.node_path', filter.scopes));
      if (filter.closableBy) ors.push(this.closable(filter.closableBy));
      return ors.length ? eb.or(ors) : sql<SqlBool>`1 = 0`;
    });
    // `status || ''` keeps the planner off the (status, deadline) index meant for the sweeps: with
    // it, SQLite walked every open order of the city in deadline order to find one village's.
    const status = sql<string>`f.status || ''`;
    if (filter.status === 'overdue') q = q.where(status, '=', OPEN).where('f.deadline', '<', filter.now);
    else if (filter.status) q = q.where(status, '=', filter.status);
    if (filter.roundId) q = q.where('f.round_id', '=', filter.roundId);
    if (filter.under)
      q = q.where('f.node_path', '>=', filter.under).where('f.node_path', '<', subtreeEnd(filter.under));
    return q;
  }

  orders(filter: OrderFilter, limit: number, trx: Db = this.db) {
    return this.filtered(filter, trx).orderBy('f.deadline').orderBy('f.id').limit(limit).execute();
  }

  orderIds(filter: OrderFilter, trx: Db = this.db) {
    return this.filtered(filter, trx).clearSelect().select('f.id').orderBy('f.id').limit(5000).execute();
  }

  /** One guarded transition: moves only from `from`, so a closed order can never be moved again. */
  async transition(
    id: number,
    from: string[],
    values: Updateable<SupFindingsTable>,
    trx: Db = this.db,
  ): Promise<boolean> {
    const res = await this.t(trx)
      .updateTable('sup_findings')
      .set(values)
      .where('id', '=', id)
      .where('status', 'in', from)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Open orders whose deadline falls within the window and that have had no reminder yet. */
  async remindDue(now: number, before: number, trx: Db = this.db) {
    return this.t(trx)
      .updateTable('sup_findings')
      .set({ reminded_at: now })
      .where('status', '=', OPEN)
      .where('deadline', '>', now)
      .where('deadline', '<=', now + before)
      .where('reminded_at', 'is', null)
      .returning(['node_path'])
      .execute();
  }

  /**
   * Raises to `level` every open order at least `overdueMs` past its deadline and still below that
   * level: one guarded statement, so a second sweep finds nothing. The service runs it from the top
   * step down, so an order overdue for long jumps straight to its level.
   */
  async escalateTo(level: number, now: number, overdueMs: number, trx: Db = this.db) {
    return this.t(trx)
      .updateTable('sup_findings')
      .set({ escalation_level: level, escalated_at: now })
      .where('status', '=', OPEN)
      .where('deadline', '<=', now - overdueMs)
      .where('escalation_level', '<', level)
      .returning(['node_path'])
      .execute();
  }

  // ---- settings ----

  setting(key: string, trx: Db = this.db) {
    return this.t(trx).selectFrom('sup_settings').select('value').where('key', '=', key).executeTakeFirst();
  }

  settingsLike(prefix: string, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('sup_settings')
      .select(['key', 'value'])
      .where('key', 'like', `${prefix}%`)
      .execute();
  }

  async putSetting(key: string, value: string, by: number, now: number, trx: Db = this.db) {
    await this.t(trx)
      .insertInto('sup_settings')
      .values({ key, value, updated_by: by, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_by: by, updated_at: now }))
      .execute();
  }

  // ---- discipline ----

  async insertDiscipline(row: Insertable<SupDisciplineTable>, trx: Db = this.db): Promise<number> {
    const r = await this.t(trx)
      .insertInto('sup_discipline')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }

  discipline(scopes: string[], trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('sup_discipline')
      .selectAll()
      .where(pathInScope('node_path', scopes))
      .orderBy('id', 'desc')
      .limit(500)
      .execute();
  }

  // ---- public results ----

  /** Per target of a round: visited or not, findings and how many were rectified (closed). */
  targetResults(roundId: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('sup_visits as v')
      .select((eb) => [
        'v.id',
        'v.label',
        'v.node_path',
        'v.started_at',
        eb
          .selectFrom('sup_findings as f')
          .select((f) => f.fn.countAll<number>().as('n'))
          .whereRef('f.visit_id', '=', 'v.id')
          .as('findings'),
        eb
          .selectFrom('sup_findings as f')
          .select((f) => f.fn.countAll<number>().as('n'))
          .whereRef('f.visit_id', '=', 'v.id')
          .where('f.status', '=', 'closed')
          .as('rectified'),
      ])
      .where('v.round_id', '=', roundId)
      .orderBy('v.target_position')
      .execute();
  }

  visitsOfRound(roundId: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('sup_visits')
      .select(['id', 'target_position'])
      .where('round_id', '=', roundId)
      .execute();
  }
}
