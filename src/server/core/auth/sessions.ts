import type { Locale } from '../../../contracts/common.ts';
import type { Role } from '../../../contracts/permissions.ts';
import type { Actor } from '../access/index.ts';
import type { Db } from '../db/index.ts';
import type { AuthEpoch } from './epoch.ts';
import { newToken, tokenId } from './tokens.ts';

/**
 * Resolving a session costs two queries; a per-instance cache removes them from the hot path.
 * Each entry remembers the auth epoch it was read at and is used only while the epoch is
 * unchanged, so a grant, status or session change committed on any instance is seen on the next
 * request everywhere (decision 1400). CACHE_MS only bounds how long last_seen_at may lag.
 */
const CACHE_MS = 60_000;
const CACHE_MAX = 20_000;
const TOUCH_EVERY_MS = 5 * 60 * 1000;

export interface SessionMeta {
  ip?: string;
  userAgent?: string;
}

export class SessionStore {
  private readonly cache = new Map<
    string,
    { actor: Actor; until: number; expiresAt: number; epoch: number }
  >();

  constructor(
    private readonly db: Db,
    private readonly lifetimeMs: number,
    private readonly epoch: AuthEpoch,
  ) {}

  async create(
    userId: number,
    meta: SessionMeta,
    trx: Db = this.db,
  ): Promise<{ token: string; csrfToken: string }> {
    const token = newToken();
    const csrfToken = newToken();
    const now = Date.now();
    await trx
      .insertInto('sessions')
      .values({
        id: tokenId(token),
        user_id: userId,
        csrf_token: csrfToken,
        created_at: now,
        expires_at: now + this.lifetimeMs,
        last_seen_at: now,
        ip: meta.ip ?? null,
        user_agent: meta.userAgent?.slice(0, 200) ?? null,
      })
      .execute();
    return { token, csrfToken };
  }

  async load(token: string): Promise<Actor | null> {
    const id = tokenId(token);
    const now = Date.now();
    // Read before the session and grants: an entry tagged with an epoch never holds older data.
    const epoch = await this.epoch.read();
    const cached = this.cache.get(id);
    if (cached && cached.epoch === epoch && cached.until > now && cached.expiresAt > now) return cached.actor;

    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.id as session_id',
        'sessions.csrf_token',
        'sessions.expires_at',
        'sessions.last_seen_at',
        'users.id',
        'users.name',
        'users.phone',
        'users.locale',
        'users.status',
      ])
      .where('sessions.id', '=', id)
      .executeTakeFirst();
    if (!row || row.expires_at <= now || row.status !== 'active') {
      this.cache.delete(id);
      return null;
    }
    const grants = await this.db
      .selectFrom('grants')
      .select(['id', 'role', 'node_id', 'node_path'])
      .where('user_id', '=', row.id)
      .orderBy('node_path')
      .execute();
    const actor: Actor = {
      id: row.id,
      name: row.name,
      phone: row.phone,
      locale: row.locale as Locale,
      sessionId: row.session_id,
      csrfToken: row.csrf_token,
      grants: grants.map((g) => ({
        id: g.id,
        role: g.role as Role,
        nodeId: g.node_id,
        nodePath: g.node_path,
      })),
    };
    if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(id, { actor, until: now + CACHE_MS, expiresAt: row.expires_at, epoch });
    if (now - row.last_seen_at > TOUCH_EVERY_MS) {
      await this.db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
    }
    return actor;
  }

  async revoke(sessionId: string, trx: Db = this.db): Promise<void> {
    this.cache.delete(sessionId);
    await trx.deleteFrom('sessions').where('id', '=', sessionId).execute();
  }

  /** Ends every session of a user but `keep` (after a password change or when disabled). */
  async revokeUser(userId: number, keep?: string, trx: Db = this.db): Promise<void> {
    this.forgetUser(userId);
    let query = trx.deleteFrom('sessions').where('user_id', '=', userId);
    if (keep) query = query.where('id', '!=', keep);
    await query.execute();
  }

  /** Drops cached actors of a user whose grants or profile changed. */
  forgetUser(userId: number): void {
    for (const [id, entry] of this.cache) if (entry.actor.id === userId) this.cache.delete(id);
  }

  async purgeExpired(now = Date.now()): Promise<number> {
    const result = await this.db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
