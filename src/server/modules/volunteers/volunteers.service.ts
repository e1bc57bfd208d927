import {
  type CreateTeamBody,
  type ImportReport,
  isValidIdNumber,
  type Signup,
  type SignupBody,
  type Team,
  type TeamType,
  type Volunteer,
} from '../../../contracts/alliance.ts';
import type { Locale, Page } from '../../../contracts/common.ts';
import { type MessageCode, translate } from '../../../contracts/messages.ts';
import {
  type Actor,
  assertMayName,
  canAccessPath,
  canAssign,
  loadInScope,
  maskIdNumber,
  maskPhone,
  mayActOnAccount,
  notManageable,
  peopleByPhones,
  requireInScope,
  scopePaths,
} from '../../core/access/index.ts';
import type { AuditLog } from '../../core/audit/index.ts';
import { hashPassword, type SessionStore } from '../../core/auth/index.ts';
import { type Db, inTransaction } from '../../core/db/index.ts';
import { AppError, badRequest, notFound } from '../../core/errors.ts';
import type { EventBus } from '../../core/events/index.ts';
import { ancestorPaths } from '../../core/events/index.ts';
import type { Accounts } from '../users/index.ts';
import type { MemberCounts } from './member-counts.ts';
import { type RosterRow, readRoster, writeRoster } from './roster.ts';
import { SignupLimiter } from './signup-limiter.ts';
import type { SignupRow, TeamRow, VolunteerRow, VolunteersRepository } from './volunteers.repository.ts';

/** Imported members have no password until an official sets one: this hash never verifies. */
const NO_PASSWORD = '!';
const PHONE = /^1[3-9]\d{9}$/;

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint/.test(e.message ?? '')
  );
}

function teamToApi(row: TeamRow): Team {
  return {
    id: row.id,
    nodeId: row.node_id,
    nodeName: row.node_name,
    nodePath: row.node_path,
    name: row.name,
    type: row.type as TeamType,
    leaderUserId: row.leader_user_id,
    leaderName: row.leader_name,
    status: row.status as Team['status'],
    skills: JSON.parse(row.skills) as string[],
    memberCount: Number(row.member_count ?? 0),
    createdAt: row.created_at,
  };
}

export class VolunteersService {
  constructor(
    private readonly db: Db,
    private readonly repo: VolunteersRepository,
    private readonly counts: MemberCounts,
    private readonly accounts: Accounts,
    private readonly audit: AuditLog,
    private readonly events: EventBus,
    private readonly sessions: SessionStore,
    private readonly limiter = new SignupLimiter(),
  ) {}

  private async node(actor: Actor, permission: 'volunteers.read' | 'volunteers.manage', nodeId: number) {
    const node = await loadInScope(actor, permission, this.repo.nodeById(nodeId));
    return node;
  }

  /* ── teams ── */

  async listTeams(
    actor: Actor,
    input: { nodeId?: number; q?: string; page: number; pageSize: number },
  ): Promise<Page<Team>> {
    const scopes = scopePaths(actor, 'volunteers.read');
    const under = input.nodeId ? (await this.node(actor, 'volunteers.read', input.nodeId)).path : undefined;
    const { rows, total } = await this.repo.listTeams(scopes, under, input.q, input.page, input.pageSize);
    return { items: rows.map(teamToApi), total, page: input.page, pageSize: input.pageSize };
  }

  publicCommunities(q: string) {
    return this.repo.searchCommunities(q);
  }

  async publicTeams(nodeId: number) {
    const node = await this.repo.nodeById(nodeId);
    if (!node) throw notFound();
    const rows = await this.repo.teamsAbove(node.path);
    return rows.map((r) => ({ id: r.id, name: r.name, type: r.type as TeamType }));
  }

  private async team(actor: Actor, permission: 'volunteers.read' | 'volunteers.manage', id: number) {
    const row = requireInScope(actor, permission, (await this.repo.teamsByIds([id]))[0]);
    return row;
  }

  async getTeam(actor: Actor, id: number): Promise<Team> {
    return teamToApi(await this.team(actor, 'volunteers.read', id));
  }

  /**
   * Naming a leader gives them the team_leader grant on the team's node, so it obeys the
   * assignability table and the rule for acting on a person (decision 0009).
   */
  private async assertMayLead(actor: Actor, userId: number, nodePath: string) {
    if (!canAssign(actor, 'team_leader', nodePath))
      throw new AppError('ROLE_NOT_ASSIGNABLE', 403, {}, [
        { field: 'leaderUserId', in: 'body', code: 'ROLE_NOT_ASSIGNABLE' },
      ]);
    await assertMayName(this.db, actor, userId, 'leaderUserId');
  }

  async createTeam(actor: Actor, body: CreateTeamBody, requestId: string): Promise<Team> {
    const node = await this.node(actor, 'volunteers.manage', body.nodeId);
    if (body.leaderUserId) await this.assertMayLead(actor, body.leaderUserId, node.path);
    const id = await inTransaction(this.db, async (trx) => {
      if (await this.repo.teamNameTaken(node.id, body.name, null, trx))
        throw badRequest('TEAM_NAME_TAKEN', 'name');
      const teamId = await this.repo.insertTeam(
        {
          node_id: node.id,
          node_path: node.path,
          name: body.name,
          type: body.type,
          leader_user_id: body.leaderUserId,
          skills: JSON.stringify(body.skills),
          created_by: actor.id,
        },
        trx,
      );
      if (
        body.leaderUserId &&
        (await this.accounts.ensureGrant(body.leaderUserId, 'team_leader', node, actor.id, trx))
      ) {
        await this.counts.add(trx, node.path, 'team_leader', body.type, 1);
        this.sessions.forgetUser(body.leaderUserId);
      }
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'team.created',
        entityType: 'team',
        entityId: teamId,
        nodePath: node.path,
        detail: { name: body.name, type: body.type, leaderUserId: body.leaderUserId },
        requestId,
      });
      await this.events.append(trx, {
        type: 'team.created',
        nodePath: node.path,
        actorId: actor.id,
        permission: 'volunteers.read',
        payload: { id: teamId, name: body.name },
      });
      return teamId;
    });
    return this.getTeam(actor, id);
  }

  async updateTeam(
    actor: Actor,
    id: number,
    patch: { name?: string; status?: Team['status']; leaderUserId?: number | null; skills?: string[] },
    requestId: string,
  ): Promise<Team> {
    const team = await this.team(actor, 'volunteers.manage', id);
    const newLeader =
      patch.leaderUserId && patch.leaderUserId !== team.leader_user_id ? patch.leaderUserId : null;
    if (newLeader) await this.assertMayLead(actor, newLeader, team.node_path);
    await inTransaction(this.db, async (trx) => {
      if (patch.name && (await this.repo.teamNameTaken(team.node_id, patch.name, id, trx))) {
        throw badRequest('TEAM_NAME_TAKEN', 'name');
      }
      if (
        newLeader &&
        (await this.accounts.ensureGrant(
          newLeader,
          'team_leader',
          { id: team.node_id, path: team.node_path },
          actor.id,
          trx,
        ))
      ) {
        await this.counts.add(trx, team.node_path, 'team_leader', team.type, 1);
        this.sessions.forgetUser(newLeader);
      }
      await this.repo.updateTeam(
        id,
        {
          name: patch.name,
          status: patch.status,
          leader_user_id: patch.leaderUserId,
          skills: patch.skills ? JSON.stringify(patch.skills) : undefined,
        },
        trx,
      );
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'team.updated',
        entityType: 'team',
        entityId: id,
        nodePath: team.node_path,
        detail: {
          from: { name: team.name, status: team.status, leaderUserId: team.leader_user_id },
          to: patch,
        },
        requestId,
      });
    });
    return this.getTeam(actor, id);
  }

  /* ── public sign-up ── */

  async signup(body: SignupBody, ip: string, requestId: string): Promise<{ id: number; status: 'pending' }> {
    if (!this.limiter.allow(ip)) throw new AppError('RATE_LIMITED', 429);
    const node = await this.repo.nodeById(body.nodeId);
    if (node?.kind !== 'community') throw badRequest('NOT_FOUND', 'nodeId');
    if (body.teamId) {
      const teams = await this.repo.teamsAbove(node.path);
      if (!teams.some((t) => t.id === body.teamId)) throw badRequest('NOT_FOUND', 'teamId');
    }
    const passwordHash = await hashPassword(body.password);
    const duplicate = () =>
      new AppError('SIGNUP_DUPLICATE', 409, {}, [
        { field: 'phone', in: 'body', code: 'SIGNUP_DUPLICATE' },
        { field: 'idNumber', in: 'body', code: 'SIGNUP_DUPLICATE' },
      ]);
    try {
      const id = await inTransaction(this.db, async (trx) => {
        if (await this.repo.duplicateOf(body.phone, body.idNumber, trx)) throw duplicate();
        const signupId = await this.repo.insertSignup(
          {
            name: body.name,
            phone: body.phone,
            id_number: body.idNumber,
            password_hash: passwordHash,
            skills: JSON.stringify(body.skills),
            availability: body.availability,
            node_id: node.id,
            node_path: node.path,
            team_id: body.teamId,
            pledge_name: body.pledgeName,
            pledged_at: Date.now(),
            created_at: Date.now(),
          },
          trx,
        );
        await this.audit.record(trx, {
          actorId: null,
          action: 'volunteer.signed-up',
          entityType: 'signup',
          entityId: signupId,
          nodePath: node.path,
          detail: { teamId: body.teamId },
          requestId,
        });
        await this.events.append(trx, {
          type: 'volunteer.signed-up',
          nodePath: node.path,
          permission: 'volunteers.manage',
          payload: { id: signupId },
        });
        return signupId;
      });
      return { id, status: 'pending' };
    } catch (err) {
      if (isUniqueViolation(err)) throw duplicate();
      throw err;
    }
  }

  /**
   * Personal data in full only where the caller holds personal.read over every record shown and
   * asked for it; that read is audited. Everyone else sees masked values.
   */
  private async unmaskAllowed(
    actor: Actor,
    paths: string[],
    asked: { unmask: '0' | '1'; purpose?: string },
    entityType: string,
    ids: number[],
    requestId: string,
  ) {
    if (asked.unmask !== '1' || paths.length === 0) return false;
    if (!paths.every((p) => canAccessPath(actor, 'personal.read', p))) return false;
    await this.audit.record(this.db, {
      actorId: actor.id,
      action: 'personal.read',
      entityType,
      entityId: ids.length === 1 ? ids[0] : null,
      nodePath: paths.reduce((a, b) => commonPath(a, b)),
      reason: asked.purpose ?? 'volunteer roster',
      detail: { ids, fields: ['phone', 'idNumber'] },
      requestId,
    });
    return true;
  }

  private signupToApi(row: SignupRow, full: boolean): Signup {
    return {
      id: row.id,
      name: row.name,
      phone: full ? row.phone : maskPhone(row.phone),
      idNumber: full ? row.id_number : maskIdNumber(row.id_number),
      skills: JSON.parse(row.skills) as string[],
      availability: row.availability as Signup['availability'],
      nodeId: row.node_id,
      nodeName: row.node_name,
      teamId: row.team_id,
      teamName: row.team_name,
      status: row.status as Signup['status'],
      pledgedAt: row.pledged_at,
      decidedAt: row.decided_at,
      reason: row.reason,
      createdAt: row.created_at,
    };
  }

  async listSignups(
    actor: Actor,
    input: {
      status: Signup['status'];
      nodeId?: number;
      unmask: '0' | '1';
      purpose?: string;
      page: number;
      pageSize: number;
    },
    requestId: string,
  ): Promise<Page<Signup>> {
    const scopes = scopePaths(actor, 'volunteers.manage');
    const under = input.nodeId ? (await this.node(actor, 'volunteers.manage', input.nodeId)).path : undefined;
    const { rows, total } = await this.repo.listSignups(
      scopes,
      input.status,
      under,
      input.page,
      input.pageSize,
    );
    const full = await this.unmaskAllowed(
      actor,
      rows.map((r) => r.node_path),
      input,
      'signup',
      rows.map((r) => r.id),
      requestId,
    );
    return {
      items: rows.map((r) => this.signupToApi(r, full)),
      total,
      page: input.page,
      pageSize: input.pageSize,
    };
  }

  /** Approval makes the account (or reuses one with that phone), the volunteer grant and the roster entry at once. */
  async decide(
    actor: Actor,
    id: number,
    decision: 'approve' | 'reject',
    reason: string | undefined,
    requestId: string,
  ): Promise<Signup> {
    const signup = await loadInScope(actor, 'volunteers.manage', this.repo.signupById(id));
    if (decision === 'approve' && !canAssign(actor, 'volunteer', signup.node_path))
      throw new AppError('ROLE_NOT_ASSIGNABLE', 403);
    let userId: number | null = null;
    try {
      await inTransaction(this.db, async (trx) => {
        if (decision === 'approve') {
          if (await this.repo.duplicateOf(signup.phone, null, trx))
            throw new AppError('SIGNUP_DUPLICATE', 409);
          // An account already holding this phone gets the grant only if the approver could act on
          // it directly (decision 0009): a sign-up must not be a way onto a higher account.
          const [existing] = await peopleByPhones(trx, [signup.phone]);
          if (existing && !mayActOnAccount(actor, existing.grants)) throw notManageable();
          userId =
            existing?.id ??
            (await this.accounts.create(
              { phone: signup.phone, name: signup.name, password_hash: signup.password_hash },
              trx,
            ));
        }
        const moved = await this.repo.decideSignup(
          id,
          {
            status: decision === 'approve' ? 'approved' : 'rejected',
            decided_by: actor.id,
            reason: reason ?? null,
            user_id: userId,
          },
          trx,
        );
        if (!moved) throw new AppError('SIGNUP_DECIDED', 409);
        if (userId !== null) {
          const node = { id: signup.node_id, path: signup.node_path };
          await this.accounts.ensureGrant(userId, 'volunteer', node, actor.id, trx);
          await this.repo.insertVolunteer(
            {
              user_id: userId,
              team_id: signup.team_id,
              team_type: signup.team_type ?? '',
              node_id: signup.node_id,
              node_path: signup.node_path,
              name: signup.name,
              phone: signup.phone,
              id_number: signup.id_number,
              skills: signup.skills,
              availability: signup.availability,
              source: 'signup',
              pledge_name: signup.pledge_name,
              pledged_at: signup.pledged_at,
              created_by: actor.id,
            },
            trx,
          );
          await this.counts.add(trx, signup.node_path, 'volunteer', signup.team_type ?? '', 1);
        }
        await this.audit.record(trx, {
          actorId: actor.id,
          action: decision === 'approve' ? 'volunteer.approved' : 'volunteer.rejected',
          entityType: 'signup',
          entityId: id,
          nodePath: signup.node_path,
          detail: { userId, reason: reason ?? null },
          requestId,
        });
        await this.events.append(trx, {
          type: decision === 'approve' ? 'volunteer.approved' : 'volunteer.rejected',
          nodePath: signup.node_path,
          actorId: actor.id,
          permission: 'volunteers.read',
          payload: { signupId: id, userId },
        });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('SIGNUP_DUPLICATE', 409);
      throw err;
    }
    if (userId !== null) this.sessions.forgetUser(userId);
    const after = await this.repo.signupById(id);
    return this.signupToApi(after!, false);
  }

  /* ── roster ── */

  private volunteerToApi(row: VolunteerRow, full: boolean): Volunteer {
    return {
      id: row.id,
      userId: row.user_id,
      name: row.name,
      phone: full ? row.phone : maskPhone(row.phone),
      idNumber: row.id_number ? (full ? row.id_number : maskIdNumber(row.id_number)) : null,
      nodeId: row.node_id,
      nodeName: row.node_name,
      nodePath: row.node_path,
      teamId: row.team_id,
      teamName: row.team_name,
      skills: JSON.parse(row.skills) as string[],
      availability: row.availability,
      source: row.source as Volunteer['source'],
      pledgedAt: row.pledged_at,
      createdAt: row.created_at,
    };
  }

  private async filterOf(actor: Actor, input: { nodeId?: number; teamId?: number; q?: string }) {
    const scopes = scopePaths(actor, 'volunteers.read');
    const underPath = input.nodeId
      ? (await this.node(actor, 'volunteers.read', input.nodeId)).path
      : undefined;
    if (input.teamId) await this.team(actor, 'volunteers.read', input.teamId);
    return { scopes, underPath, teamId: input.teamId, q: input.q };
  }

  async listVolunteers(
    actor: Actor,
    input: {
      nodeId?: number;
      teamId?: number;
      q?: string;
      unmask: '0' | '1';
      purpose?: string;
      page: number;
      pageSize: number;
    },
    requestId: string,
  ): Promise<Page<Volunteer>> {
    const { rows, total } = await this.repo.listVolunteers(
      await this.filterOf(actor, input),
      input.page,
      input.pageSize,
    );
    const full = await this.unmaskAllowed(
      actor,
      rows.map((r) => r.node_path),
      input,
      'volunteer',
      rows.map((r) => r.id),
      requestId,
    );
    return {
      items: rows.map((r) => this.volunteerToApi(r, full)),
      total,
      page: input.page,
      pageSize: input.pageSize,
    };
  }

  async exportVolunteers(
    actor: Actor,
    input: { nodeId?: number; teamId?: number; unmask: '0' | '1'; purpose?: string },
    requestId: string,
  ): Promise<Buffer> {
    const filter = await this.filterOf(actor, input);
    const all: VolunteerRow[] = [];
    for (let page = 1; ; page += 1) {
      const { rows } = await this.repo.listVolunteers(filter, page, 1000);
      all.push(...rows);
      if (rows.length < 1000) break;
    }
    const full = await this.unmaskAllowed(
      actor,
      all.map((r) => r.node_path),
      input,
      'volunteer',
      all.map((r) => r.id),
      requestId,
    );
    const codes = new Map<string, string>();
    for (const r of all) codes.set(r.node_path, r.node_path.split('/').at(-2) ?? '');
    return writeRoster(
      all.map((r) => {
        const v = this.volunteerToApi(r, full);
        return {
          name: v.name,
          phone: v.phone,
          nodeCode: codes.get(r.node_path) ?? '',
          team: v.teamName ?? '',
          idNumber: v.idNumber ?? '',
          node: v.nodeName,
          skills: v.skills.join('、'),
        };
      }),
    );
  }

  /**
   * Checks every row first and reports each bad one by number with its reason in the caller's
   * language; the good rows are then imported in one transaction, so a row is either wholly in
   * (account, grant, roster entry, count) or not at all, and an unreadable file imports nothing.
   */
  async importRoster(actor: Actor, bytes: Buffer, locale: Locale, requestId: string): Promise<ImportReport> {
    if (!scopePaths(actor, 'volunteers.manage').length) throw new AppError('FORBIDDEN', 403);
    const rows = await readRoster(bytes);
    if (!rows)
      throw new AppError('ROSTER_FILE_INVALID', 400, {}, [
        { field: 'file', in: 'file', code: 'ROSTER_FILE_INVALID' },
      ]);
    const nodes = new Map(
      (await this.repo.nodesByCodes([...new Set(rows.map((r) => r.nodeCode).filter(Boolean))])).map((n) => [
        n.code,
        n,
      ]),
    );
    const existing = await this.repo.existingVolunteers(
      rows.map((r) => r.phone).filter((p) => PHONE.test(p)),
      rows.map((r) => r.idNumber).filter(Boolean),
    );
    // Accounts that already hold a row's phone: the row may add a grant only to an account the
    // caller could act on directly (decision 0009).
    const accounts = new Map(
      (
        await peopleByPhones(
          this.db,
          rows.map((r) => r.phone).filter((p) => PHONE.test(p)),
        )
      ).map((p) => [p.phone, p]),
    );
    const takenPhones = new Set(existing.map((e) => e.phone));
    const takenIds = new Set(existing.map((e) => e.id_number).filter(Boolean));
    const seenPhones = new Set<string>();
    type Checked = {
      row: RosterRow;
      node: { id: number; path: string };
      team: { id: number; type: string } | null;
    };
    const good: Checked[] = [];
    const report: ImportReport['rows'] = [];
    const fail = (row: RosterRow, code: MessageCode) =>
      report.push({ row: row.row, ok: false, name: row.name, code, message: translate(code, locale) });
    for (const row of rows) {
      if (!row.name) fail(row, 'ROSTER_NAME_REQUIRED');
      else if (!PHONE.test(row.phone)) fail(row, 'PHONE_FORMAT');
      else if (row.idNumber && !isValidIdNumber(row.idNumber)) fail(row, 'ID_NUMBER_FORMAT');
      else if (seenPhones.has(row.phone)) fail(row, 'ROSTER_DUPLICATE_IN_FILE');
      else if (takenPhones.has(row.phone) || (row.idNumber && takenIds.has(row.idNumber)))
        fail(row, 'ROSTER_VOLUNTEER_EXISTS');
      else {
        const node = nodes.get(row.nodeCode);
        if (
          !node ||
          !canAccessPath(actor, 'volunteers.manage', node.path) ||
          !canAssign(actor, 'volunteer', node.path)
        ) {
          fail(row, 'ROSTER_NODE_UNKNOWN');
          continue;
        }
        const account = accounts.get(row.phone);
        if (account && !mayActOnAccount(actor, account.grants)) {
          fail(row, 'USER_NOT_MANAGEABLE');
          continue;
        }
        let team: Checked['team'] = null;
        if (row.team) {
          const found = await this.repo.teamByName(row.team, ancestorPaths(node.path));
          if (!found) {
            fail(row, 'ROSTER_TEAM_UNKNOWN');
            continue;
          }
          team = { id: found.id, type: found.type };
        }
        seenPhones.add(row.phone);
        good.push({ row, node, team });
        report.push({ row: row.row, ok: true, name: row.name, code: null, message: null });
      }
    }
    if (good.length > 0) {
      await inTransaction(this.db, async (trx) => {
        for (const { row, node, team } of good) {
          const user = await this.accounts.byPhone(row.phone, trx);
          const userId =
            user?.id ??
            (await this.accounts.create(
              { phone: row.phone, name: row.name, password_hash: NO_PASSWORD },
              trx,
            ));
          await this.accounts.ensureGrant(userId, 'volunteer', node, actor.id, trx);
          await this.repo.insertVolunteer(
            {
              user_id: userId,
              team_id: team?.id ?? null,
              team_type: team?.type ?? '',
              node_id: node.id,
              node_path: node.path,
              name: row.name,
              phone: row.phone,
              id_number: row.idNumber || null,
              skills: '[]',
              availability: null,
              source: 'import',
              pledge_name: null,
              pledged_at: null,
              created_by: actor.id,
            },
            trx,
          );
          await this.counts.add(trx, node.path, 'volunteer', team?.type ?? '', 1);
        }
        await this.audit.record(trx, {
          actorId: actor.id,
          action: 'volunteer.imported',
          entityType: 'volunteer',
          nodePath: good.map((g) => g.node.path).reduce((a, b) => commonPath(a, b)),
          detail: { imported: good.length, failed: report.length - good.length },
          requestId,
        });
      });
    }
    report.sort((a, b) => a.row - b.row);
    return { imported: good.length, failed: report.length - good.length, rows: report };
  }
}

/** The deepest path both lie under. */
export function commonPath(a: string, b: string): string {
  const pa = a.split('/');
  const pb = b.split('/');
  const out: string[] = [];
  for (let i = 0; i < Math.min(pa.length, pb.length) - 1; i += 1) {
    if (pa[i] !== pb[i]) break;
    out.push(pa[i]!);
  }
  return out.length ? `${out.join('/')}/` : a.slice(0, a.indexOf('/') + 1);
}
