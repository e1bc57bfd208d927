import { pathInScope, subtreeEnd } from '../../core/access/index.ts';
import { containing, type Db } from '../../core/db/index.ts';
import { ancestorPaths } from '../../core/events/index.ts';
import { NodeLookup } from '../regions/index.ts';
import type { VolunteersTables } from './volunteers.tables.ts';

export type TeamRow = Awaited<ReturnType<VolunteersRepository['teamsByIds']>>[number];
export type VolunteerRow = Awaited<ReturnType<VolunteersRepository['listVolunteers']>>['rows'][number];
export type SignupRow = Awaited<ReturnType<VolunteersRepository['listSignups']>>['rows'][number];

export interface VolunteerFilter {
  scopes: string[];
  underPath?: string;
  teamId?: number;
  q?: string;
}

export class VolunteersRepository {
  constructor(private readonly db: Db) {}

  private t(trx: Db) {
    return trx.withTables<VolunteersTables>();
  }

  nodeById(id: number, trx: Db = this.db) {
    return new NodeLookup(trx).byId(id);
  }

  /** Communities by name or pinyin initials, with their ancestors' names (division names are public). */
  async searchCommunities(q: string) {
    const rows = await new NodeLookup(this.db).searchKind('community', q, 20);
    const codes = [...new Set(rows.flatMap((r) => r.path.split('/').filter(Boolean).slice(1, -1)))];
    const names = new Map((await this.nodesByCodes(codes)).map((n) => [n.code, n.name]));
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      parents: r.path
        .split('/')
        .filter(Boolean)
        .slice(1, -1)
        .map((c) => names.get(c) ?? '')
        .join(' / '),
    }));
  }

  nodesByCodes(codes: string[], trx: Db = this.db) {
    return new NodeLookup(trx).byCodes(codes);
  }

  private teamQuery(trx: Db) {
    return this.t(trx)
      .selectFrom('alliance_teams as t')
      .innerJoin('nodes as n', 'n.id', 't.node_id')
      .leftJoin('users as u', 'u.id', 't.leader_user_id')
      .select((eb) => [
        't.id',
        't.node_id',
        't.node_path',
        'n.name as node_name',
        't.name',
        't.type',
        't.leader_user_id',
        'u.name as leader_name',
        't.status',
        't.skills',
        't.created_at',
        eb
          .selectFrom('alliance_volunteers as v')
          .select((e) => e.fn.countAll<number>().as('c'))
          .whereRef('v.team_id', '=', 't.id')
          .as('member_count'),
      ]);
  }

  teamsByIds(ids: number[], trx: Db = this.db) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.teamQuery(trx).where('t.id', 'in', ids).execute();
  }

  async listTeams(
    scopes: string[],
    underPath: string | undefined,
    q: string | undefined,
    page: number,
    pageSize: number,
  ) {
    let query = this.teamQuery(this.db).where(pathInScope('t.node_path', scopes));
    if (underPath)
      query = query.where('t.node_path', '>=', underPath).where('t.node_path', '<', subtreeEnd(underPath));
    if (q) query = query.where('t.name', 'like', containing(q));
    const rows = await query
      .orderBy('t.node_path')
      .orderBy('t.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    let count = this.t(this.db).selectFrom('alliance_teams as t').where(pathInScope('t.node_path', scopes));
    if (underPath)
      count = count.where('t.node_path', '>=', underPath).where('t.node_path', '<', subtreeEnd(underPath));
    if (q) count = count.where('t.name', 'like', containing(q));
    const total = await count.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { rows, total: Number(total.n) };
  }

  /** Active teams a resident of `path` may join: those hanging on the node or one of its ancestors. */
  teamsAbove(path: string, trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('alliance_teams')
      .select(['id', 'name', 'type', 'node_path'])
      .where('node_path', 'in', ancestorPaths(path))
      .where('status', '=', 'active')
      .orderBy('node_path')
      .orderBy('name')
      .execute();
  }

  teamByName(name: string, paths: string[], trx: Db = this.db) {
    return this.t(trx)
      .selectFrom('alliance_teams')
      .select(['id', 'name', 'type', 'node_path'])
      .where('name', '=', name)
      .where('node_path', 'in', paths)
      .orderBy('node_path', 'desc')
      .executeTakeFirst();
  }

  async insertTeam(
    row: {
      node_id: number;
      node_path: string;
      name: string;
      type: string;
      leader_user_id: number | null;
      skills: string;
      created_by: number | null;
    },
    trx: Db = this.db,
  ) {
    const now = Date.now();
    const saved = await this.t(trx)
      .insertInto('alliance_teams')
      .values({ ...row, status: 'active', created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return saved.id;
  }

  teamNameTaken(nodeId: number, name: string, exceptId: number | null, trx: Db = this.db) {
    let q = this.t(trx)
      .selectFrom('alliance_teams')
      .select('id')
      .where('node_id', '=', nodeId)
      .where('name', '=', name);
    if (exceptId) q = q.where('id', '<>', exceptId);
    return q.executeTakeFirst();
  }

  async updateTeam(
    id: number,
    patch: { name?: string; status?: string; leader_user_id?: number | null; skills?: string },
    trx: Db = this.db,
  ) {
    await this.t(trx)
      .updateTable('alliance_teams')
      .set({ ...patch, updated_at: Date.now() })
      .where('id', '=', id)
      .execute();
  }

  /** Volunteers or open/approved sign-ups already holding this phone or ID number. */
  async duplicateOf(phone: string, idNumber: string | null, trx: Db = this.db) {
    const t = this.t(trx);
    const volunteer = await t
      .selectFrom('alliance_volunteers')
      .select('id')
      .where((eb) =>
        idNumber ? eb.or([eb('phone', '=', phone), eb('id_number', '=', idNumber)]) : eb('phone', '=', phone),
      )
      .executeTakeFirst();
    if (volunteer) return true;
    if (!idNumber) return false;
    const signup = await t
      .selectFrom('alliance_signups')
      .select('id')
      .where('status', '<>', 'rejected')
      .where((eb) => eb.or([eb('phone', '=', phone), eb('id_number', '=', idNumber)]))
      .executeTakeFirst();
    return Boolean(signup);
  }

  /** Existing volunteers among these phones and ID numbers (roster import checks a whole file at once). */
  async existingVolunteers(phones: string[], idNumbers: string[], trx: Db = this.db) {
    if (phones.length === 0 && idNumbers.length === 0) return [];
    return this.t(trx)
      .selectFrom('alliance_volunteers')
      .select(['phone', 'id_number'])
      .where((eb) =>
        eb.or([
          ...(phones.length ? [eb('phone', 'in', phones)] : []),
          ...(idNumbers.length ? [eb('id_number', 'in', idNumbers)] : []),
        ]),
      )
      .execute();
  }

  async insertSignup(
    row: Omit<
      VolunteersTables['alliance_signups'],
      'id' | 'status' | 'decided_by' | 'decided_at' | 'reason' | 'user_id'
    >,
    trx: Db = this.db,
  ) {
    const saved = await this.t(trx)
      .insertInto('alliance_signups')
      .values({ ...row, status: 'pending', decided_by: null, decided_at: null, reason: null, user_id: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return saved.id;
  }

  private signupQuery(trx: Db) {
    return this.t(trx)
      .selectFrom('alliance_signups as s')
      .innerJoin('nodes as n', 'n.id', 's.node_id')
      .leftJoin('alliance_teams as t', 't.id', 's.team_id')
      .select([
        's.id',
        's.name',
        's.phone',
        's.id_number',
        's.password_hash',
        's.skills',
        's.availability',
        's.node_id',
        's.node_path',
        'n.name as node_name',
        's.team_id',
        't.name as team_name',
        't.type as team_type',
        's.pledge_name',
        's.pledged_at',
        's.status',
        's.decided_at',
        's.reason',
        's.created_at',
      ]);
  }

  signupById(id: number, trx: Db = this.db) {
    return this.signupQuery(trx).where('s.id', '=', id).executeTakeFirst();
  }

  async listSignups(
    scopes: string[],
    status: string,
    underPath: string | undefined,
    page: number,
    pageSize: number,
  ) {
    let query = this.signupQuery(this.db)
      .where('s.status', '=', status)
      .where(pathInScope('s.node_path', scopes));
    if (underPath)
      query = query.where('s.node_path', '>=', underPath).where('s.node_path', '<', subtreeEnd(underPath));
    const rows = await query
      .orderBy('s.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    let count = this.t(this.db)
      .selectFrom('alliance_signups as s')
      .where('s.status', '=', status)
      .where(pathInScope('s.node_path', scopes));
    if (underPath)
      count = count.where('s.node_path', '>=', underPath).where('s.node_path', '<', subtreeEnd(underPath));
    const total = await count.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { rows, total: Number(total.n) };
  }

  /** Moves a pending sign-up to its decision; false if someone decided it first. */
  async decideSignup(
    id: number,
    patch: { status: string; decided_by: number; reason: string | null; user_id: number | null },
    trx: Db = this.db,
  ) {
    const result = await this.t(trx)
      .updateTable('alliance_signups')
      .set({ ...patch, decided_at: Date.now() })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async insertVolunteer(
    row: Omit<VolunteersTables['alliance_volunteers'], 'id' | 'created_at'>,
    trx: Db = this.db,
  ) {
    const saved = await this.t(trx)
      .insertInto('alliance_volunteers')
      .values({ ...row, created_at: Date.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return saved.id;
  }

  private volunteerQuery(filter: VolunteerFilter, trx: Db) {
    let query = this.t(trx)
      .selectFrom('alliance_volunteers as v')
      .innerJoin('nodes as n', 'n.id', 'v.node_id')
      .leftJoin('alliance_teams as t', 't.id', 'v.team_id')
      .where(pathInScope('v.node_path', filter.scopes));
    if (filter.underPath) {
      query = query
        .where('v.node_path', '>=', filter.underPath)
        .where('v.node_path', '<', subtreeEnd(filter.underPath));
    }
    if (filter.teamId) query = query.where('v.team_id', '=', filter.teamId);
    if (filter.q) {
      const q = filter.q;
      query = query.where((eb) =>
        eb.or([eb('v.name', 'like', containing(q)), eb('v.phone', 'like', containing(q))]),
      );
    }
    return query;
  }

  async listVolunteers(filter: VolunteerFilter, page: number, pageSize: number, trx: Db = this.db) {
    const query = this.volunteerQuery(filter, trx);
    const rows = await query
      .select([
        'v.id',
        'v.user_id',
        'v.name',
        'v.phone',
        'v.id_number',
        'v.node_id',
        'n.name as node_name',
        'v.node_path',
        'v.team_id',
        't.name as team_name',
        'v.skills',
        'v.availability',
        'v.source',
        'v.pledged_at',
        'v.created_at',
      ])
      .orderBy('v.node_path')
      .orderBy('v.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { rows, total: Number(total.n) };
  }
}
