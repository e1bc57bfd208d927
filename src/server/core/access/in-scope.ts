import type { Permission } from '../../../contracts/permissions.ts';
import { notFound } from '../errors.ts';
import { type Actor, assertPathAccess, canAccessPath } from './scope.ts';

/** A record placed in the tree: a node (`path`) or a row stored with its node's path (`node_path`). */
export type Placed = { node_path: string } | { path: string };

function pathOf(row: Placed): string {
  return 'node_path' in row ? row.node_path : row.path;
}

/**
 * The record, or 404 when it is missing or outside the caller's scope — one answer for both, so
 * existence does not leak (403 only when the caller's role lacks the permission everywhere).
 */
export function requireInScope<T extends Placed>(
  actor: Actor,
  permission: Permission,
  row: T | null | undefined,
): T {
  if (!row) throw notFound();
  assertPathAccess(actor, permission, pathOf(row));
  return row;
}

/** `requireInScope` over a pending load: `await loadInScope(actor, 'passes.issue', this.repo.pass(id))`. */
export async function loadInScope<T extends Placed>(
  actor: Actor,
  permission: Permission,
  row: Promise<T | null | undefined>,
): Promise<T> {
  return requireInScope(actor, permission, await row);
}

/**
 * The set form: every requested id was found and lies in scope, or 404. `rows` are what a lookup
 * by `ids` returned (duplicates in `ids` count once).
 */
export function requireAllInScope<T extends Placed>(
  actor: Actor,
  permission: Permission,
  ids: readonly number[],
  rows: readonly T[],
): T[] {
  if (rows.length !== new Set(ids).size) throw notFound();
  for (const row of rows) assertPathAccess(actor, permission, pathOf(row));
  return [...rows];
}

/** Only the rows the caller holds `permission` on; the rest are left out without a word. */
export function keepInScope<T extends Placed>(actor: Actor, permission: Permission, rows: readonly T[]): T[] {
  return rows.filter((row) => canAccessPath(actor, permission, pathOf(row)));
}
