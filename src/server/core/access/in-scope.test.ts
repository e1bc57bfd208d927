import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { actorWith } from './actor.fixtures.ts';
import { keepInScope, loadInScope, requireAllInScope, requireInScope } from './in-scope.ts';

const actor = actorWith;

const official = actor(['official', '2108/210881/']);
const status = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as AppError).status;
  }
  return 200;
};

describe('requireInScope', () => {
  it('returns a record inside the scope, by node_path or by a node’s own path', () => {
    const row = { id: 1, node_path: '2108/210881/210881117/' };
    expect(requireInScope(official, 'users.manage', row)).toBe(row);
    const node = { id: 2, path: '2108/210881/' };
    expect(requireInScope(official, 'users.manage', node)).toBe(node);
  });

  it('answers a missing record and one outside the scope with the same 404', () => {
    expect(status(() => requireInScope(official, 'users.manage', undefined))).toBe(404);
    expect(status(() => requireInScope(official, 'users.manage', { path: '2108/210882/' }))).toBe(404);
  });

  it('answers 403 only to a role without the permission anywhere', () => {
    const volunteer = actor(['volunteer', '2108/']);
    expect(status(() => requireInScope(volunteer, 'users.manage', { path: '2108/210881/' }))).toBe(403);
  });

  it('awaits a pending load', async () => {
    await expect(loadInScope(official, 'users.manage', Promise.resolve(undefined))).rejects.toBeInstanceOf(
      AppError,
    );
    await expect(
      loadInScope(official, 'users.manage', Promise.resolve({ path: '2108/210881/1/' })),
    ).resolves.toEqual({ path: '2108/210881/1/' });
  });
});

describe('the set forms', () => {
  const inside = { id: 1, path: '2108/210881/1/' };
  const outside = { id: 2, path: '2108/210882/' };

  it('requireAllInScope: 404 when an id was not found or one lies outside', () => {
    expect(requireAllInScope(official, 'users.manage', [1, 1], [inside])).toEqual([inside]);
    expect(status(() => requireAllInScope(official, 'users.manage', [1, 3], [inside]))).toBe(404);
    expect(status(() => requireAllInScope(official, 'users.manage', [1, 2], [inside, outside]))).toBe(404);
  });

  it('keepInScope: drops what lies outside', () => {
    expect(keepInScope(official, 'users.manage', [inside, outside])).toEqual([inside]);
  });
});
