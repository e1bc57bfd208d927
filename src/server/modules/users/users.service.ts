import type { Locale, Page } from '../../../contracts/common.ts';
import type { Role } from '../../../contracts/permissions.ts';
import type { CreateUserBody, UserSummary } from '../../../contracts/users.ts';
import {
  type Actor,
  assertAccountAction,
  canAssign,
  isWithin,
  loadInScope,
  maskPhone,
  requireInScope,
  scopePaths,
} from '../../core/access/index.ts';
import type { AuditLog } from '../../core/audit/index.ts';
import { hashPassword, type SessionStore } from '../../core/auth/index.ts';
import { type Db, inTransaction } from '../../core/db/index.ts';
import { AppError, notFound } from '../../core/errors.ts';
import type { EventBus } from '../../core/events/index.ts';
import type { UsersRepository } from './users.repository.ts';

type UserRow = NonNullable<Awaited<ReturnType<UsersRepository['findVisible']>>>;
type GrantRow = Awaited<ReturnType<UsersRepository['grantsOf']>>[number];

export interface ListUsersInput {
  q?: string;
  nodeId?: number;
  role?: Role;
  page: number;
  pageSize: number;
}

export class UsersService {
  constructor(
    private readonly db: Db,
    private readonly repo: UsersRepository,
    private readonly audit: AuditLog,
    private readonly events: EventBus,
    private readonly sessions: SessionStore,
  ) {}

  private summary(row: UserRow, grants: GrantRow[], fullPhone: boolean): UserSummary {
    return {
      id: row.id,
      name: row.name,
      phone: fullPhone ? row.phone : maskPhone(row.phone),
      status: row.status as UserSummary['status'],
      locale: row.locale as Locale,
      createdAt: row.created_at,
      grants: grants
        .filter((g) => g.user_id === row.id)
        .map((g) => ({
          id: g.id,
          role: g.role as Role,
          nodeId: g.node_id,
          nodeName: g.node_name,
          nodePath: g.node_path,
        })),
    };
  }

  async list(actor: Actor, input: ListUsersInput): Promise<Page<UserSummary>> {
    const scopes = scopePaths(actor, 'users.read');
    let underPath: string | undefined;
    if (input.nodeId) {
      const node = requireInScope(actor, 'users.read', (await this.repo.nodesByIds([input.nodeId]))[0]);
      underPath = node.path;
    }
    const { rows, total } = await this.repo.list(
      { scopes, q: input.q, underPath, role: input.role },
      input.page,
      input.pageSize,
    );
    const grants = await this.repo.grantsOf(
      rows.map((r) => r.id),
      scopes,
    );
    return {
      items: rows.map((r) => this.summary(r, grants, false)),
      total,
      page: input.page,
      pageSize: input.pageSize,
    };
  }

  /** One user; the full phone number only for roles that read personal data, and that read is audited. */
  async get(actor: Actor, id: number, requestId: string, purpose?: string): Promise<UserSummary> {
    const scopes = scopePaths(actor, 'users.read');
    const row = await this.repo.findVisible(id, scopes);
    if (!row) throw notFound();
    const grants = await this.repo.grantsOf([id], scopes);
    const personalScopes = scopePaths(actor, 'personal.read');
    const full = grants.some((g) => personalScopes.some((root) => isWithin(g.node_path, root)));
    if (full) {
      await this.audit.record(this.db, {
        actorId: actor.id,
        action: 'personal.read',
        entityType: 'user',
        entityId: id,
        nodePath: grants[0]!.node_path,
        reason: purpose ?? 'user administration',
        detail: { fields: ['phone'] },
        requestId,
      });
    }
    return this.summary(row, grants, full);
  }

  private async grantTargets(actor: Actor, grants: CreateUserBody['grants']) {
    const nodes = await this.repo.nodesByIds([...new Set(grants.map((g) => g.nodeId))]);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    return grants.map((g, index) => {
      const node = requireInScope(actor, 'users.manage', byId.get(g.nodeId));
      if (!canAssign(actor, g.role, node.path)) {
        throw new AppError('ROLE_NOT_ASSIGNABLE', 403, {}, [
          { field: `grants.${index}.role`, in: 'body', code: 'ROLE_NOT_ASSIGNABLE' },
        ]);
      }
      return { ...g, node };
    });
  }

  async create(actor: Actor, body: CreateUserBody, requestId: string): Promise<UserSummary> {
    const targets = await this.grantTargets(actor, body.grants);
    const passwordHash = await hashPassword(body.password);
    const created = await inTransaction(this.db, async (trx) => {
      if (await this.repo.phoneExists(body.phone, trx)) {
        throw new AppError('PHONE_TAKEN', 409, {}, [{ field: 'phone', in: 'body', code: 'PHONE_TAKEN' }]);
      }
      const user = await this.repo.insertUser(
        {
          phone: body.phone,
          name: body.name,
          password_hash: passwordHash,
          locale: body.locale,
          status: 'active',
        },
        trx,
      );
      const seen = new Set<string>();
      for (const t of targets) {
        const key = `${t.role}:${t.node.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        await this.repo.insertGrant(
          {
            user_id: user.id,
            role: t.role,
            node_id: t.node.id,
            node_path: t.node.path,
            created_by: actor.id,
          },
          trx,
        );
      }
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'user.created',
        entityType: 'user',
        entityId: user.id,
        nodePath: targets[0]!.node.path,
        detail: { name: body.name, grants: targets.map((t) => ({ role: t.role, nodeId: t.node.id })) },
        requestId,
      });
      await this.events.append(trx, {
        type: 'user.created',
        nodePath: targets[0]!.node.path,
        actorId: actor.id,
        permission: 'users.read',
        payload: { id: user.id, name: body.name },
      });
      return user;
    });
    const grants = await this.repo.grantsOf([created.id], scopePaths(actor, 'users.read'));
    return this.summary(created, grants, false);
  }

  /**
   * A user the actor may act on as a whole (decision 0009): every grant of theirs is one the actor
   * could have given. Out of sight → 404; in sight but beyond the actor → 403.
   */
  private async manageable(actor: Actor, id: number): Promise<{ user: UserRow; path: string }> {
    await assertAccountAction(this.db, actor, id);
    const scopes = scopePaths(actor, 'users.manage');
    const user = await this.repo.findVisible(id, scopes);
    if (!user) throw notFound();
    const [grant] = await this.repo.grantsOf([id], scopes);
    return { user, path: grant!.node_path };
  }

  async addGrant(
    actor: Actor,
    userId: number,
    role: Role,
    nodeId: number,
    requestId: string,
  ): Promise<UserSummary> {
    const { path } = await this.manageable(actor, userId);
    const [target] = await this.grantTargets(actor, [{ role, nodeId }]);
    await inTransaction(this.db, async (trx) => {
      if (await this.repo.grantExists(userId, role, nodeId, trx)) throw new AppError('GRANT_EXISTS', 409);
      const grant = await this.repo.insertGrant(
        { user_id: userId, role, node_id: nodeId, node_path: target!.node.path, created_by: actor.id },
        trx,
      );
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'grant.added',
        entityType: 'user',
        entityId: userId,
        nodePath: target!.node.path,
        detail: { grantId: grant.id, role, nodeId, managedAt: path },
        requestId,
      });
    });
    this.sessions.forgetUser(userId);
    return this.get(actor, userId, requestId);
  }

  async removeGrant(actor: Actor, userId: number, grantId: number, requestId: string): Promise<void> {
    await this.manageable(actor, userId);
    const grant = await loadInScope(actor, 'users.manage', this.repo.findGrant(userId, grantId));
    if (!canAssign(actor, grant.role as Role, grant.node_path))
      throw new AppError('ROLE_NOT_ASSIGNABLE', 403);
    await inTransaction(this.db, async (trx) => {
      await this.repo.deleteGrant(grantId, trx);
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'grant.removed',
        entityType: 'user',
        entityId: userId,
        nodePath: grant.node_path,
        detail: { grantId, role: grant.role, nodeId: grant.node_id },
        requestId,
      });
    });
    this.sessions.forgetUser(userId);
  }

  async update(
    actor: Actor,
    userId: number,
    patch: { name?: string; status?: 'active' | 'disabled' },
    requestId: string,
  ): Promise<UserSummary> {
    const { user, path } = await this.manageable(actor, userId);
    await inTransaction(this.db, async (trx) => {
      await this.repo.update(userId, patch, trx);
      if (patch.status === 'disabled') await this.sessions.revokeUser(userId, undefined, trx);
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'user.updated',
        entityType: 'user',
        entityId: userId,
        nodePath: path,
        detail: { from: { name: user.name, status: user.status }, to: patch },
        requestId,
      });
    });
    this.sessions.forgetUser(userId);
    return this.get(actor, userId, requestId);
  }

  async resetPassword(actor: Actor, userId: number, password: string, requestId: string): Promise<void> {
    const { path } = await this.manageable(actor, userId);
    const hash = await hashPassword(password);
    await inTransaction(this.db, async (trx) => {
      await this.repo.update(userId, { password_hash: hash }, trx);
      await this.sessions.revokeUser(userId, undefined, trx);
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'user.password-reset',
        entityType: 'user',
        entityId: userId,
        nodePath: path,
        requestId,
      });
    });
  }
}
