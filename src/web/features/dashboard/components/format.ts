import type { FigureMeta } from '../../../../contracts/dashboard.ts';

export function formatFigure(f: Pick<FigureMeta, 'format'>, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (f.format === 'percent') return `${(value * 100).toFixed(1)}%`;
  return Math.round(value).toLocaleString();
}

/** The change since yesterday as shown beside a figure; null when there is nothing to compare. */
export function formatChange(f: Pick<FigureMeta, 'format'>, value: number | null, yesterday: number | null) {
  if (value === null || yesterday === null) return null;
  const delta = f.format === 'percent' ? (value - yesterday) * 100 : value - yesterday;
  const text =
    f.format === 'percent'
      ? `${Math.abs(delta).toFixed(1)} pt`
      : Math.abs(Math.round(delta)).toLocaleString();
  return { delta, text };
}
