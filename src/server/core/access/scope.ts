import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Locale } from '../../../contracts/common.ts';
import type { Permission, Role } from '../../../contracts/permissions.ts';
import { roleHas } from '../../../contracts/permissions.ts';
import { AppError, notFound } from '../errors.ts';

export interface ActorGrant {
  id: number;
  role: Role;
  nodeId: number;
  nodePath: string;
}

/** The signed-in caller as every service sees it. */
export interface Actor {
  id: number;
  name: string;
  phone: string;
  locale: Locale;
  grants: ActorGrant[];
  sessionId: string;
  csrfToken: string;
}

/**
 * Paths end with '/', so a subtree is the half-open byte range [path, end) where end replaces the
 * final '/' with '0' (the next byte): one index range scan on both dialects, and '21088/' never
 * falls inside '2108/'.
 */
export function subtreeEnd(path: string): string {
  return `${path.slice(0, -1)}0`;
}

export function isWithin(path: string, root: string): boolean {
  return path.startsWith(root);
}

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return actor.grants.some((g) => roleHas(g.role, permission));
}

/** The minimal set of subtree roots in which the actor holds `permission`. */
export function scopePaths(actor: Actor, permission: Permission): string[] {
  const paths = actor.grants
    .filter((g) => roleHas(g.role, permission))
    .map((g) => g.nodePath)
    .sort();
  const roots: string[] = [];
  for (const path of paths) {
    if (!roots.some((root) => isWithin(path, root))) roots.push(path);
  }
  return roots;
}

export function canAccessPath(actor: Actor, permission: Permission, path: string): boolean {
  return scopePaths(actor, permission).some((root) => isWithin(path, root));
}

/**
 * Refuses a target outside the caller's scope with 404, not 403: the caller learns nothing
 * about whether it exists. A caller whose role lacks the permission everywhere gets 403.
 */
export function assertPathAccess(actor: Actor, permission: Permission, path: string): void {
  if (!hasPermission(actor, permission)) throw new AppError('FORBIDDEN', 403);
  if (!canAccessPath(actor, permission, path)) throw notFound();
}

/** SQL predicate: `column` lies in one of the subtrees. No subtrees → matches nothing. */
export function pathInScope(column: string, paths: readonly string[]): RawBuilder<SqlBool> {
  if (paths.length === 0) return sql<SqlBool>`1 = 0`;
  const ref = sql.ref(column);
  const ranges = paths.map((p) => sql`(${ref} >= ${p} and ${ref} < ${subtreeEnd(p)})`);
  return sql<SqlBool>`(${sql.join(ranges, sql` or `)})`;
}
