import { sql } from 'kysely';
import { pathInScope } from '../../core/access/index.ts';
import type { Db } from '../../core/db/index.ts';
import { NodeLookup } from '../regions/index.ts';
import type { VolunteersTables } from '../volunteers/index.ts';
import type {
  FieldSignupsTable,
  FieldSupportsTable,
  FieldTaskKindsTable,
  FieldTasksTable,
  FieldworkTables,
} from './fieldwork.tables.ts';

type Tables = FieldworkTables & VolunteersTables;
type NewSignup = Omit<FieldSignupsTable, 'id'>;
type NewTask = Omit<FieldTasksTable, 'id'>;

/** SQL of field work. Every list takes the caller's subtree roots and filters in SQL. */
export class FieldworkRepository {
  constructor(private readonly db: Db) {}

  private t(trx: Db = this.db) {
    return trx.withTables<Tables>();
  }

  node(id: number, trx: Db = this.db) {
    return new NodeLookup(trx).byId(id);
  }

  children(id: number, trx: Db = this.db) {
    return new NodeLookup(trx).children(id);
  }

  checkpoint(id: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('field_checkpoints as c')
      .leftJoin('alliance_teams as t', 't.id', 'c.team_id')
      .selectAll('c')
      .select(['t.name as team_name', 't.leader_user_id as team_leader'])
      .where('c.node_id', '=', id)
      .executeTakeFirst();
  }

  listCheckpoints(scope: string[], filter: { under?: string; teamId?: number | null; unclaimed?: boolean }) {
    let q = this.t()
      .selectFrom('field_checkpoints as c')
      .leftJoin('alliance_teams as t', 't.id', 'c.team_id')
      .leftJoin('field_handovers as h', (j) =>
        j.onRef('h.checkpoint_id', '=', 'c.node_id').on('h.status', '=', 'open'),
      )
      .leftJoin('alliance_teams as ht', 'ht.id', 'h.to_team_id')
      .selectAll('c')
      .select(['t.name as team_name', 'h.id as handover_id', 'h.to_team_id', 'ht.name as to_team_name'])
      .where(pathInScope('c.node_path', scope))
      .orderBy('c.node_path')
      .limit(500);
    if (filter.under) q = q.where(pathInScope('c.node_path', [filter.under]));
    if (filter.teamId) q = q.where('c.team_id', '=', filter.teamId);
    if (filter.unclaimed) q = q.where('c.team_id', 'is', null);
    return q.execute();
  }

  insertCheckpoint(row: FieldworkTables['field_checkpoints'], trx: Db) {
    return this.t(trx).insertInto('field_checkpoints').values(row).execute();
  }

  updateCheckpoint(id: number, set: Partial<FieldworkTables['field_checkpoints']>, trx: Db) {
    return this.t(trx).updateTable('field_checkpoints').set(set).where('node_id', '=', id).execute();
  }

  supportPoints(q: string | undefined, trx: Db = this.db) {
    let query = this.t(trx)
      .selectFrom('field_checkpoints')
      .select(['node_id', 'name', 'location', 'support'])
      .where('team_id', 'is not', null)
      .orderBy('name')
      .limit(50);
    if (q)
      query = query.where((eb) => eb.or([eb('name', 'like', `%${q}%`), eb('location', 'like', `%${q}%`)]));
    return query.execute();
  }

  async insertSupport(row: Omit<FieldSupportsTable, 'id'>, trx: Db): Promise<number> {
    const r = await this.t(trx)
      .insertInto('field_supports')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }

  listSupports(checkpointId: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('field_supports')
      .selectAll()
      .where('checkpoint_id', '=', checkpointId)
      .orderBy('brought_at', 'desc')
      .limit(200)
      .execute();
  }

  /** Claims only an unowned checkpoint: of two teams claiming at once, one update matches. */
  async claim(id: number, teamId: number, at: number, trx: Db): Promise<boolean> {
    const res = await this.t(trx)
      .updateTable('field_checkpoints')
      .set({ team_id: teamId, claimed_at: at, updated_at: at })
      .where('node_id', '=', id)
      .where('team_id', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  setOwner(id: number, teamId: number, at: number, trx: Db) {
    return this.t(trx)
      .updateTable('field_checkpoints')
      .set({ team_id: teamId, claimed_at: at, updated_at: at })
      .where('node_id', '=', id)
      .execute();
  }

  openHandover(checkpointId: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('field_handovers')
      .selectAll()
      .where('checkpoint_id', '=', checkpointId)
      .where('status', '=', 'open')
      .executeTakeFirst();
  }

  handover(id: number, trx: Db = this.db) {
    return this.t(trx).selectFrom('field_handovers').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertHandover(row: Omit<FieldworkTables['field_handovers'], 'id'>, trx: Db): Promise<number> {
    const r = await this.t(trx)
      .insertInto('field_handovers')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }

  decideHandover(id: number, status: string, by: number, at: number, trx: Db) {
    return this.t(trx)
      .updateTable('field_handovers')
      .set({ status, decided_by: by, decided_at: at })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
  }

  /** Teams the user leads, for claims and grids. */
  teamsLedBy(userId: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('alliance_teams')
      .select(['id', 'name', 'node_path'])
      .where('leader_user_id', '=', userId)
      .where('status', '=', 'active')
      .orderBy('id')
      .execute();
  }

  team(id: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('alliance_teams')
      .select(['id', 'name', 'node_path', 'leader_user_id'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** The volunteer's roster entry: their team and skills. */
  volunteer(userId: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('alliance_volunteers')
      .select(['user_id', 'team_id', 'name', 'skills', 'node_path'])
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }

  /** Inserts shifts that do not exist yet (a template re-run is harmless) and their seats. */
  async insertShifts(
    checkpoint: { node_id: number; node_path: string },
    spans: Array<[number, number]>,
    needs: Record<string, number>,
    trx: Db,
  ): Promise<number> {
    let created = 0;
    for (const [startsAt, endsAt] of spans) {
      const row = await this.t(trx)
        .insertInto('field_shifts')
        .values({
          checkpoint_id: checkpoint.node_id,
          node_path: checkpoint.node_path,
          starts_at: startsAt,
          ends_at: endsAt,
        })
        .onConflict((oc) => oc.columns(['checkpoint_id', 'starts_at']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) continue;
      created += 1;
      await this.t(trx)
        .insertInto('field_seats')
        .values(
          Object.entries(needs).map(([skill, needed]) => ({ shift_id: row.id, skill, needed, filled: 0 })),
        )
        .execute();
    }
    return created;
  }

  shift(id: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('field_shifts as s')
      .innerJoin('field_checkpoints as c', 'c.node_id', 's.checkpoint_id')
      .select(['s.id', 's.checkpoint_id', 's.node_path', 's.starts_at', 's.ends_at', 'c.team_id', 'c.name'])
      .where('s.id', '=', id)
      .executeTakeFirst();
  }

  /** Shifts of the team's checkpoints starting in [from, to), with seats and the user's sign-up. */
  teamShifts(teamId: number, userId: number, from: number, to: number, checkpointId?: number) {
    let q = this.t()
      .selectFrom('field_shifts as s')
      .innerJoin('field_checkpoints as c', 'c.node_id', 's.checkpoint_id')
      .innerJoin('field_seats as st', 'st.shift_id', 's.id')
      .leftJoin('field_signups as m', (j) => j.onRef('m.shift_id', '=', 's.id').on('m.user_id', '=', userId))
      .select([
        's.id',
        's.checkpoint_id',
        'c.name',
        's.starts_at',
        's.ends_at',
        'st.skill',
        'st.needed',
        'st.filled',
        'm.id as mine_id',
        'm.skill as mine_skill',
        'm.checked_in_at',
        'm.checked_out_at',
      ])
      .where('c.team_id', '=', teamId)
      .where('s.starts_at', '>=', from)
      .where('s.starts_at', '<', to)
      .orderBy('s.starts_at')
      .orderBy('s.checkpoint_id')
      .orderBy('st.skill')
      .limit(2000);
    if (checkpointId) q = q.where('s.checkpoint_id', '=', checkpointId);
    return q.execute();
  }

  /** The user's sign-ups overlapping [from, to). */
  signupsOf(userId: number, from: number, to: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('field_signups')
      .select(['id', 'shift_id', 'starts_at', 'ends_at'])
      .where('user_id', '=', userId)
      .where('starts_at', '<', to)
      .where('ends_at', '>', from)
      .orderBy('starts_at')
      .execute();
  }

  /**
   * Takes one seat if one is left. Under concurrency the row lock (PostgreSQL) or the single
   * writer (SQLite) makes each `filled < needed` check see the previous winner's increment.
   */
  async takeSeat(shiftId: number, skill: string, trx: Db): Promise<boolean> {
    const res = await this.t(trx)
      .updateTable('field_seats')
      .set({ filled: sql`filled + 1` })
      .where('shift_id', '=', shiftId)
      .where('skill', '=', skill)
      .where(sql.ref('filled'), '<', sql.ref('needed'))
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  releaseSeat(shiftId: number, skill: string, trx: Db) {
    return this.t(trx)
      .updateTable('field_seats')
      .set({ filled: sql`filled - 1` })
      .where('shift_id', '=', shiftId)
      .where('skill', '=', skill)
      .execute();
  }

  seatExists(shiftId: number, skill: string, trx: Db) {
    return this.t(trx)
      .selectFrom('field_seats')
      .select('needed')
      .where('shift_id', '=', shiftId)
      .where('skill', '=', skill)
      .executeTakeFirst();
  }

  async insertSignup(row: NewSignup, trx: Db): Promise<number> {
    const r = await this.t(trx)
      .insertInto('field_signups')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }

  signup(id: number, trx: Db = this.db) {
    return this.t(trx).selectFrom('field_signups').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Volunteers of a team with no shift overlapping [from, to): who can stand in for a no-show. */
  freeTeamVolunteers(teamId: number, from: number, to: number) {
    return this.t()
      .selectFrom('alliance_volunteers as v')
      .select(['v.user_id', 'v.name', 'v.skills'])
      .where('v.team_id', '=', teamId)
      .where('v.user_id', 'is not', null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('field_signups as g')
              .select('g.id')
              .whereRef('g.user_id', '=', 'v.user_id')
              .where('g.starts_at', '<', to)
              .where('g.ends_at', '>', from),
          ),
        ),
      )
      .orderBy('v.name')
      .limit(200)
      .execute();
  }

  deleteSignup(id: number, trx: Db) {
    return this.t(trx).deleteFrom('field_signups').where('id', '=', id).execute();
  }

  updateSignup(id: number, set: Partial<NewSignup>, trx: Db) {
    return this.t(trx).updateTable('field_signups').set(set).where('id', '=', id).execute();
  }

  /** The user's sign-up whose check-in window is open now. */
  currentSignup(userId: number, now: number, earlyMs: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('field_signups')
      .selectAll()
      .where('user_id', '=', userId)
      .where('starts_at', '<=', now + earlyMs)
      .where('ends_at', '>', now)
      .orderBy('starts_at')
      .executeTakeFirst();
  }

  openDuty(userId: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('field_signups')
      .selectAll()
      .where('user_id', '=', userId)
      .where('checked_in_at', 'is not', null)
      .where('checked_out_at', 'is', null)
      .orderBy('starts_at', 'desc')
      .executeTakeFirst();
  }

  duties(userId: number, from: number) {
    return this.t()
      .selectFrom('field_signups as g')
      .innerJoin('field_checkpoints as c', 'c.node_id', 'g.checkpoint_id')
      .select(['g.id', 'c.name', 'g.starts_at', 'g.ends_at', 'g.checked_in_at', 'g.checked_out_at'])
      .where('g.user_id', '=', userId)
      .where('g.ends_at', '>', from)
      .orderBy('g.starts_at')
      .limit(500)
      .execute();
  }

  /** Seats of shifts overlapping [from, to) at checkpoints in scope, for the grid. */
  gridSeats(scope: string[], from: number, to: number, teamId?: number) {
    let q = this.t()
      .selectFrom('field_shifts as s')
      .innerJoin('field_seats as st', 'st.shift_id', 's.id')
      .select(['s.checkpoint_id', 's.starts_at', 's.ends_at', 'st.skill', 'st.needed', 'st.filled'])
      .where(pathInScope('s.node_path', scope))
      // A shift is at most a day long, so this lower bound keeps the scan on the time index.
      .where('s.starts_at', '>', from - 86_400_000)
      .where('s.starts_at', '<', to)
      .where('s.ends_at', '>', from);
    // A team's grid starts from its checkpoints and reaches shifts by (checkpoint, start).
    if (teamId) {
      q = q.where('s.checkpoint_id', 'in', (eb) =>
        eb.selectFrom('field_checkpoints as tc').select('tc.node_id').where('tc.team_id', '=', teamId),
      );
    }
    return q.execute();
  }

  gridCheckpoints(scope: string[], teamId?: number) {
    let q = this.t()
      .selectFrom('field_checkpoints as c')
      .leftJoin('alliance_teams as t', 't.id', 'c.team_id')
      .select(['c.node_id', 'c.name', 'c.hours', 'c.needs', 't.name as team_name'])
      .where(pathInScope('c.node_path', scope))
      .orderBy('c.node_path');
    if (teamId) q = q.where('c.team_id', '=', teamId);
    return q.execute();
  }

  noShows(scope: string[], now: number, lateMs: number, limit = 200) {
    return this.t()
      .selectFrom('field_signups as g')
      .innerJoin('field_checkpoints as c', 'c.node_id', 'g.checkpoint_id')
      .innerJoin('users as u', 'u.id', 'g.user_id')
      .select(['g.id', 'g.node_path', 'c.name', 'g.starts_at', 'g.skill', 'u.name as volunteer'])
      .where(pathInScope('g.node_path', scope))
      .where('g.checked_in_at', 'is', null)
      .where('g.starts_at', '<=', now - lateMs)
      .where('g.ends_at', '>', now)
      .orderBy('g.starts_at')
      .limit(limit)
      .execute();
  }

  // ---- tasks ----

  taskKinds(trx: Db = this.db) {
    return this.t(trx).selectFrom('field_task_kinds').selectAll().orderBy('code').execute();
  }

  async putTaskKind(row: FieldTaskKindsTable, trx: Db): Promise<void> {
    const { code, ...rest } = row;
    await this.t(trx)
      .insertInto('field_task_kinds')
      .values(row)
      .onConflict((oc) => oc.column('code').doUpdateSet(rest))
      .execute();
  }

  insertTasks(rows: NewTask[], trx: Db) {
    return this.t(trx).insertInto('field_tasks').values(rows).returning('id').execute();
  }

  task(id: number, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('field_tasks as k')
      .innerJoin('nodes as n', 'n.id', 'k.node_id')
      .selectAll('k')
      .select('n.name as place')
      .where('k.id', '=', id)
      .executeTakeFirst();
  }

  listTasks(
    scope: string[],
    filter: {
      under?: string;
      status?: string;
      claimedBy?: number;
      createdBy?: number;
      overdue?: boolean;
      now: number;
    },
  ) {
    let q = this.t()
      .selectFrom('field_tasks as k')
      .innerJoin('nodes as n', 'n.id', 'k.node_id')
      .selectAll('k')
      .select('n.name as place')
      .where(pathInScope('k.node_path', scope))
      .orderBy('k.priority', 'desc')
      .orderBy('k.window_end')
      .limit(300);
    if (filter.under) q = q.where(pathInScope('k.node_path', [filter.under]));
    if (filter.createdBy) q = q.where('k.created_by', '=', filter.createdBy);
    if (filter.overdue)
      q = q.where('k.status', 'in', ['open', 'claimed']).where('k.window_end', '<', filter.now);
    if (filter.claimedBy) {
      q = q
        .where('k.claimed_by', '=', filter.claimedBy)
        .where('k.status', '=', 'claimed')
        .where('k.claim_expires_at', '>', filter.now);
    }
    if (filter.status === 'active') q = q.where('k.status', 'in', ['open', 'claimed']);
    else if (filter.status === 'open') {
      q = q.where((eb) =>
        eb.or([
          eb('k.status', '=', 'open'),
          eb.and([eb('k.status', '=', 'claimed'), eb('k.claim_expires_at', '<=', filter.now)]),
        ]),
      );
    } else if (filter.status === 'claimed')
      q = q.where('k.status', '=', 'claimed').where('k.claim_expires_at', '>', filter.now);
    else if (filter.status) q = q.where('k.status', '=', filter.status);
    return q.execute();
  }

  /** Claims an open task or one whose claim has lapsed: the lapse puts it back in the pool. */
  async claimTask(id: number, userId: number, now: number, until: number, trx: Db): Promise<boolean> {
    const res = await this.t(trx)
      .updateTable('field_tasks')
      .set({ status: 'claimed', claimed_by: userId, claim_expires_at: until, updated_at: now })
      .where('id', '=', id)
      .where((eb) =>
        eb.or([
          eb('status', '=', 'open'),
          eb.and([eb('status', '=', 'claimed'), eb('claim_expires_at', '<=', now)]),
        ]),
      )
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  updateTask(id: number, set: Partial<NewTask>, trx: Db) {
    return this.t(trx).updateTable('field_tasks').set(set).where('id', '=', id).execute();
  }

  async batchOpenCount(batchId: string, trx: Db): Promise<number> {
    const r = await this.t(trx)
      .selectFrom('field_tasks')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('batch_id', '=', batchId)
      .where('status', 'in', ['open', 'claimed'])
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** The next occurrence of a recurring task, once: `follows_id` is unique. Null if it exists. */
  async insertNextTask(row: NewTask, trx: Db): Promise<number | null> {
    const r = await this.t(trx)
      .insertInto('field_tasks')
      .values(row)
      .onConflict((oc) => oc.column('follows_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    return r ? Number(r.id) : null;
  }

  // ---- evidence from the phone's queue ----

  /** Takes (task, client id) for an upload about to start; false if it was taken before. */
  async takeEvidenceId(
    taskId: number,
    clientId: string,
    userId: number,
    at: number,
    trx: Db = this.db,
  ): Promise<boolean> {
    const r = await this.t(trx)
      .insertInto('field_evidence')
      .values({ task_id: taskId, client_id: clientId, file_id: null, user_id: userId, created_at: at })
      .onConflict((oc) => oc.columns(['task_id', 'client_id']).doNothing())
      .returning('task_id')
      .executeTakeFirst();
    return r != null;
  }

  evidence(taskId: number, clientId: string, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('field_evidence')
      .selectAll()
      .where('task_id', '=', taskId)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
  }

  /** An upload that held the id too long without a file is taken over, by one caller only. */
  async retakeStaleEvidence(
    taskId: number,
    clientId: string,
    heldSince: number,
    now: number,
    staleMs: number,
    trx: Db = this.db,
  ): Promise<boolean> {
    if (now - Number(heldSince) < staleMs) return false;
    const r = await this.t(trx)
      .updateTable('field_evidence')
      .set({ created_at: now })
      .where('task_id', '=', taskId)
      .where('client_id', '=', clientId)
      .where('file_id', 'is', null)
      .where('created_at', '=', heldSince)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  evidenceStored(taskId: number, clientId: string, fileId: string, trx: Db = this.db) {
    return this.t(trx)
      .updateTable('field_evidence')
      .set({ file_id: fileId })
      .where('task_id', '=', taskId)
      .where('client_id', '=', clientId)
      .execute();
  }

  releaseEvidenceId(taskId: number, clientId: string, trx: Db = this.db) {
    return this.t(trx)
      .deleteFrom('field_evidence')
      .where('task_id', '=', taskId)
      .where('client_id', '=', clientId)
      .where('file_id', 'is', null)
      .execute();
  }
}
