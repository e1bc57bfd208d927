import { describe, expect, it } from 'vitest';
import { actorWith } from './actor.fixtures.ts';
import { canAccessPath, hasPermission, isWithin, scopePaths, subtreeEnd } from './index.ts';
import { maskIdNumber, maskPhone } from './mask.ts';

const actor = actorWith;

describe('subtree ranges', () => {
  it('puts every descendant inside [path, end) and no sibling whose code shares a prefix', () => {
    const root = '2108/21088/';
    const end = subtreeEnd(root);
    const inside = ['2108/21088/', '2108/21088/1/', '2108/21088/999/x-1/'];
    const outside = ['2108/210881/', '2108/21088-1/', '2108/2108/', '2108/21089/', '2108/'];
    for (const p of inside) expect(p >= root && p < end).toBe(true);
    for (const p of outside) expect(p >= root && p < end).toBe(false);
  });

  it('agrees with isWithin', () => {
    expect(isWithin('2108/210881/210881117/', '2108/210881/')).toBe(true);
    expect(isWithin('2108/210882/', '2108/210881/')).toBe(false);
  });
});

describe('scopePaths', () => {
  it('keeps only grants whose role has the permission, and drops roots nested in another', () => {
    const a = actor(
      ['official', '2108/210881/'],
      ['official', '2108/210881/210881117/'],
      ['volunteer', '2108/210802/'],
    );
    expect(scopePaths(a, 'users.manage')).toEqual(['2108/210881/']);
    expect(scopePaths(a, 'regions.read')).toEqual(['2108/210802/', '2108/210881/']);
  });

  it('gives no scope, and no permission, to a role without it', () => {
    const a = actor(['volunteer', '2108/']);
    expect(scopePaths(a, 'users.manage')).toEqual([]);
    expect(hasPermission(a, 'users.manage')).toBe(false);
    expect(canAccessPath(a, 'users.manage', '2108/210881/')).toBe(false);
  });
});

describe('masking', () => {
  it('hides the middle of phones and ID numbers', () => {
    expect(maskPhone('13812340001')).toBe('138****0001');
    expect(maskIdNumber('210881199001011234')).toBe('2108**********1234');
    expect(maskPhone('x')).toBe('****');
  });
});
