/** Shared bits of the enterprise pages (not a component library: formatting only). */
export function beijingDate(ms: number | null | undefined, withTime = false): string {
  if (ms == null) return '—';
  const iso = new Date(ms + 8 * 3600_000).toISOString();
  return withTime ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
}

export function statusColor(status: string): string {
  if (['approved', 'issued', 'provisional', 'cleared'].includes(status)) return 'green';
  if (['rejected', 'refused', 'revoked', 'cancelled'].includes(status)) return 'red';
  if (status === 'info_requested') return 'orange';
  return 'blue';
}
