import type { BenchRow } from './types.ts';

function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(Math.abs(value) >= 10 ? 1 : 2);
}

/** Prints the run as one plain-text table; the goal column says ✓ or ✗ beside each goal. */
export function printTable(rows: BenchRow[]): void {
  const header = ['scenario', 'figure', 'value', 'unit', 'goal', 'met', 'ratio'];
  const body = rows.map((r) => [
    r.scenario,
    r.figure,
    format(r.value),
    r.unit,
    r.goal ?? '',
    r.met === undefined ? '' : r.met ? '✓' : '✗',
    r.ratio ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => [...row[i]!].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const row of body) console.log(line(row));
}

/** "≤ 20" → met when value ≤ 20; "≥ 5000" → met when value ≥ 5000. */
export function goal(value: number, comparator: '≤' | '≥', target: number): Pick<BenchRow, 'goal' | 'met'> {
  return {
    goal: `${comparator} ${target.toLocaleString('en-US')}`,
    met: comparator === '≤' ? value <= target : value >= target,
  };
}

export function ratio(value: number, base: number, label = 'bare Fastify'): string {
  return `${(value / base).toFixed(2)} × ${label}`;
}

/** A throughput goal stated as a share of bare Fastify in the same run: "≥ 0.25 × bare". */
export function ratioGoal(value: number, base: number, target: number): Pick<BenchRow, 'goal' | 'met'> {
  return { goal: `≥ ${target} × bare`, met: value / base >= target };
}
