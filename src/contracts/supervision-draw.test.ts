import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { drawRound, SeededStream, sha256Hex } from './supervision-draw.ts';

const targets = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ key: `node:${i}`, path: `2108/${i % 4}/${i}/` }));
const pool = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ key: `P${i + 1}`, recuse: [] as string[] }));

/** Pearson's chi-square statistic of observed counts against a uniform expectation. */
const chiSquare = (counts: number[]) => {
  const expected = counts.reduce((a, b) => a + b, 0) / counts.length;
  return counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
};

describe('the supervision draw', () => {
  it('computes SHA-256 exactly as node:crypto does, across block boundaries and in UTF-8', () => {
    for (const text of [
      '',
      'abc',
      'x'.repeat(55),
      'x'.repeat(56),
      'x'.repeat(64),
      '营口市盖州市团甸镇'.repeat(20),
    ])
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('is reproducible: the same inputs give the same draw, a different seed another', () => {
    const input = { targets: targets(500), pool: pool(20), seed: 'seed-a', sample: 30, perTarget: 2 };
    const a = drawRound(input);
    expect(drawRound({ ...input })).toEqual(a);
    const native = (t: string) => createHash('sha256').update(t).digest();
    expect(drawRound(input, native)).toEqual(a);
    expect(drawRound({ ...input, seed: 'seed-b' })).not.toEqual(a);
    expect(new Set(a.picks.map((p) => p.target)).size).toBe(30);
  });

  // 2,000 seeds, 20 targets, 5 drawn each: 500 expected per target. The 0.1 % critical value of
  // chi-square with 19 degrees of freedom is 43.82; the seeds are fixed, so the test is too.
  it('draws targets and inspectors uniformly over many seeds (chi-square below the 0.1 % critical value)', () => {
    const targetCounts = new Array(20).fill(0);
    const inspectorCounts = new Array(10).fill(0);
    for (let s = 0; s < 2000; s++) {
      const r = drawRound({
        targets: targets(20),
        pool: pool(10),
        seed: `uniform-${s}`,
        sample: 5,
        perTarget: 2,
      });
      for (const p of r.picks) {
        targetCounts[p.target] += 1;
        for (const i of p.inspectors) inspectorCounts[i] += 1;
      }
    }
    expect(chiSquare(targetCounts)).toBeLessThan(43.82);
    // 9 degrees of freedom: 27.88 at 0.1 %.
    expect(chiSquare(inspectorCounts)).toBeLessThan(27.88);
  });

  it('honours recusal and passes over a target with too few eligible inspectors', () => {
    const members = [
      { key: 'P1', recuse: ['2108/0/'] },
      { key: 'P2', recuse: ['2108/1/'] },
      { key: 'P3', recuse: [] },
      { key: 'P4', recuse: ['2108/0/', '2108/1/', '2108/2/'] },
    ];
    const list = targets(200);
    for (let s = 0; s < 50; s++) {
      const r = drawRound({ targets: list, pool: members, seed: `recuse-${s}`, sample: 40, perTarget: 2 });
      for (const p of r.picks) {
        const path = list[p.target]!.path;
        for (const i of p.inspectors)
          expect(members[i]!.recuse.some((root) => path.startsWith(root))).toBe(false);
      }
    }
    const tight = drawRound({
      targets: list,
      pool: members.slice(0, 2),
      seed: 's',
      sample: 10,
      perTarget: 2,
    });
    for (const p of tight.picks) expect(list[p.target]!.path.startsWith('2108/0/')).toBe(false);
    expect(tight.skipped.length).toBeGreaterThan(0);
  });

  it('rejects the biased tail, so below(m) never exceeds m', () => {
    const rng = new SeededStream('tail');
    for (let i = 0; i < 1000; i++) expect(rng.below(7)).toBeLessThan(7);
  });
});
