import { ASSIGNABLE_ROLES, type Role } from '../../../contracts/permissions.ts';
import type { Db } from '../db/index.ts';
import { AppError, badRequest, notFound } from '../errors.ts';
import { type Actor, canAccessPath, isWithin } from './scope.ts';

/**
 * Acting on a person (decision 0009). An account is one login for every grant it holds, so
 * anything that changes the account — its password, status, name, sessions, or the grants it
 * holds — is allowed only to a caller who could have given the account every one of its grants.
 * Otherwise one grant low in the tree would be a handle on a city-wide account.
 */

export interface PersonGrant {
  role: Role;
  nodePath: string;
}

export interface Person {
  id: number;
  name: string;
  phone: string;
  grants: PersonGrant[];
}

/** One of the caller's grants covers the node and may hand out the role (the assignability table). */
export function canAssign(actor: Actor, role: Role, nodePath: string): boolean {
  return actor.grants.some((g) => isWithin(nodePath, g.nodePath) && ASSIGNABLE_ROLES[g.role].includes(role));
}

/** Every grant of the person lies in the caller's users.manage scope and is one the caller could give. */
export function mayActOnAccount(actor: Actor, grants: readonly PersonGrant[]): boolean {
  return (
    grants.length > 0 &&
    grants.every(
      (g) => canAccessPath(actor, 'users.manage', g.nodePath) && canAssign(actor, g.role, g.nodePath),
    )
  );
}

/** At least one grant of the person lies in the caller's users.manage scope: the caller may know of them. */
export function seesAccount(actor: Actor, grants: readonly PersonGrant[]): boolean {
  return grants.some((g) => canAccessPath(actor, 'users.manage', g.nodePath));
}

export const notManageable = (field?: string) =>
  new AppError(
    'USER_NOT_MANAGEABLE',
    403,
    {},
    field ? [{ field, in: 'body', code: 'USER_NOT_MANAGEABLE' }] : undefined,
  );

async function load(db: Db, where: { id: number } | { phones: string[] }): Promise<Person[]> {
  let query = db.selectFrom('users').select(['id', 'name', 'phone']);
  query = 'id' in where ? query.where('id', '=', where.id) : query.where('phone', 'in', where.phones);
  const users = 'phones' in where && where.phones.length === 0 ? [] : await query.execute();
  if (users.length === 0) return [];
  const grants = await db
    .selectFrom('grants')
    .select(['user_id', 'role', 'node_path'])
    .where(
      'user_id',
      'in',
      users.map((u) => u.id),
    )
    .execute();
  return users.map((u) => ({
    ...u,
    grants: grants
      .filter((g) => g.user_id === u.id)
      .map((g) => ({ role: g.role as Role, nodePath: g.node_path })),
  }));
}

/** The account with every grant it holds, not only those the caller can see. */
export async function findPerson(db: Db, id: number): Promise<Person | undefined> {
  return (await load(db, { id }))[0];
}

export function peopleByPhones(db: Db, phones: string[]): Promise<Person[]> {
  return load(db, { phones: [...new Set(phones)] });
}

/**
 * An account-wide action (password, status, profile, sessions, grants) on the user `id`. An
 * account the caller cannot see answers 404 like a missing one; one they see but could not have
 * made answers 403. One's own account is changed through /api/auth, which asks for the password.
 */
export async function assertAccountAction(db: Db, actor: Actor, id: number): Promise<Person> {
  const person = await findPerson(db, id);
  if (!person || !seesAccount(actor, person.grants)) throw notFound();
  if (person.id === actor.id || !mayActOnAccount(actor, person.grants)) throw notManageable();
  return person;
}

/**
 * A user named in a body field (a team's leader, a group's owner). The caller may always name
 * themselves; anyone else must be an account the caller may act on. An account out of sight
 * answers exactly like a missing id, so ids cannot be enumerated.
 */
export async function assertMayName(db: Db, actor: Actor, id: number, field: string): Promise<Person> {
  const person = await findPerson(db, id);
  if (!person || (person.id !== actor.id && !seesAccount(actor, person.grants)))
    throw badRequest('NOT_FOUND', field);
  if (person.id !== actor.id && !mayActOnAccount(actor, person.grants)) throw notManageable(field);
  return person;
}
