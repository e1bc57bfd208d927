import type { Me } from '../../../contracts/auth.ts';
import type { Locale } from '../../../contracts/common.ts';
import { PERMISSIONS, type Permission, type Role, roleHas } from '../../../contracts/permissions.ts';
import type { Actor } from '../../core/access/index.ts';
import type { AuditLog } from '../../core/audit/index.ts';
import {
  burnPasswordCheck,
  hashPassword,
  type SessionMeta,
  type SessionStore,
  verifyPassword,
} from '../../core/auth/index.ts';
import { type Db, inTransaction } from '../../core/db/index.ts';
import { AppError } from '../../core/errors.ts';
import type { AuthRepository } from './auth.repository.ts';
import type { LoginLimiter } from './login-limiter.ts';

export const MAX_FAILURES = 5;
export const LOCK_MS = 15 * 60_000;

export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly repo: AuthRepository,
    private readonly sessions: SessionStore,
    private readonly audit: AuditLog,
    private readonly limiter: LoginLimiter,
  ) {}

  async login(phone: string, password: string, meta: SessionMeta & { requestId: string }) {
    if (!this.limiter.allow(meta.ip ?? 'unknown')) throw new AppError('RATE_LIMITED', 429);
    const user = await this.repo.findUserByPhone(phone);
    if (!user) {
      await burnPasswordCheck(password);
      throw new AppError('INVALID_CREDENTIALS', 401);
    }
    const now = Date.now();
    if (user.locked_until && user.locked_until > now) {
      throw new AppError('ACCOUNT_LOCKED', 423, { minutes: Math.ceil((user.locked_until - now) / 60_000) });
    }
    const grants = await this.repo.grantsWithNodes(user.id);
    const auditPath = grants[0]?.node_path ?? '/';
    if (!(await verifyPassword(password, user.password_hash))) {
      const failures = user.failed_logins + 1;
      const lockedUntil = failures >= MAX_FAILURES ? now + LOCK_MS : null;
      await inTransaction(this.db, async (trx) => {
        await this.repo.recordFailure(user.id, lockedUntil ? 0 : failures, lockedUntil, trx);
        await this.audit.record(trx, {
          actorId: null,
          action: lockedUntil ? 'auth.locked' : 'auth.login-failed',
          entityType: 'user',
          entityId: user.id,
          nodePath: auditPath,
          requestId: meta.requestId,
          detail: { ip: meta.ip ?? null, failures },
        });
      });
      if (lockedUntil) throw new AppError('ACCOUNT_LOCKED', 423, { minutes: Math.ceil(LOCK_MS / 60_000) });
      throw new AppError('INVALID_CREDENTIALS', 401);
    }
    if (user.status !== 'active') throw new AppError('ACCOUNT_DISABLED', 403);
    const session = await inTransaction(this.db, async (trx) => {
      await this.repo.clearFailures(user.id, trx);
      const created = await this.sessions.create(user.id, meta, trx);
      await this.audit.record(trx, {
        actorId: user.id,
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
        nodePath: auditPath,
        requestId: meta.requestId,
        detail: { ip: meta.ip ?? null },
      });
      return created;
    });
    const me = await this.profile(user.id, user.phone, user.name, user.locale as Locale, session.csrfToken);
    return { ...session, me };
  }

  async logout(actor: Actor): Promise<void> {
    await this.sessions.revoke(actor.sessionId);
  }

  me(actor: Actor): Promise<Me> {
    return this.profile(actor.id, actor.phone, actor.name, actor.locale, actor.csrfToken);
  }

  private async profile(
    id: number,
    phone: string,
    name: string,
    locale: Locale,
    csrfToken: string,
  ): Promise<Me> {
    const grants = await this.repo.grantsWithNodes(id);
    const permissions = PERMISSIONS.filter((p: Permission) => grants.some((g) => roleHas(g.role as Role, p)));
    return {
      id,
      phone,
      name,
      locale,
      csrfToken,
      permissions,
      grants: grants.map((g) => ({
        id: g.id,
        role: g.role as Role,
        nodeId: g.node_id,
        nodePath: g.node_path,
        nodeName: g.node_name,
        nodeKind: g.node_kind,
      })),
    };
  }

  async changePassword(actor: Actor, current: string, next: string, requestId: string): Promise<void> {
    const user = await this.repo.findUserById(actor.id);
    if (!user || !(await verifyPassword(current, user.password_hash))) {
      throw new AppError('WRONG_PASSWORD', 400, {}, [
        { field: 'currentPassword', in: 'body', code: 'WRONG_PASSWORD' },
      ]);
    }
    const hash = await hashPassword(next);
    await inTransaction(this.db, async (trx) => {
      await this.repo.setPassword(actor.id, hash, trx);
      await this.sessions.revokeUser(actor.id, actor.sessionId, trx);
      await this.audit.record(trx, {
        actorId: actor.id,
        action: 'auth.password-changed',
        entityType: 'user',
        entityId: actor.id,
        nodePath: actor.grants[0]?.nodePath ?? '/',
        requestId,
      });
    });
  }

  async setLocale(actor: Actor, locale: Locale): Promise<void> {
    await this.repo.setLocale(actor.id, locale);
    this.sessions.forgetUser(actor.id);
  }
}
