import type { Locale } from '../../../contracts/common.ts';
import type { Permission } from '../../../contracts/permissions.ts';
import type { Db } from '../db/index.ts';

export type Localised = Record<Locale, string>;

/**
 * count: a state now (volunteers, open fevers); perDay: what happened in one Beijing day (entries,
 * broadcasts); ratio: a share 0–1 over the day's activity. A daily snapshot stores each as one value.
 */
export type FigureKind = 'count' | 'perDay' | 'ratio';

/** One Beijing day, [start, end) in epoch ms, and the moment of computing (≤ end for a past day). */
export interface DayWindow {
  day: string;
  start: number;
  end: number;
  now: number;
}

export interface FigureDefinition {
  /** `<module>.<figure>`, stable: snapshots and exports are keyed by it. */
  key: string;
  label: Localised;
  unit: Localised;
  kind: FigureKind;
  /** Formatting only: a count, a share shown as %, or minutes. */
  format?: 'integer' | 'percent' | 'minutes';
  /** The live event types after which the value may have changed: caches drop it, pages refetch. */
  changedBy?: readonly string[];
  /** Beyond dashboard.read, what a viewer needs on the node (default none). */
  permission?: Permission;
  /** The value for the subtree at `nodePath` in that day window; null when it is undefined (no data). */
  compute(db: Db, nodePath: string, window: DayWindow): Promise<number | null>;
}

const BEIJING_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** The Beijing calendar day of an instant, as YYYY-MM-DD. */
export function beijingDay(at: number): string {
  return new Date(at + BEIJING_MS).toISOString().slice(0, 10);
}

export function dayWindow(day: string, now: number): DayWindow {
  const start = Date.parse(`${day}T00:00:00Z`) - BEIJING_MS;
  const end = start + DAY_MS;
  return { day, start, end, now: Math.min(now, end) };
}

export function addDays(day: string, delta: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + delta * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The figures every module declares. The dashboard, the daily snapshots and the chronicle read
 * only this list; a module adds a figure by registering it from its index.ts.
 */
export class FigureRegistry {
  private readonly figures = new Map<string, FigureDefinition>();

  register(...figures: FigureDefinition[]): void {
    for (const figure of figures) {
      if (this.figures.has(figure.key)) throw new Error(`figure ${figure.key} registered twice`);
      this.figures.set(figure.key, figure);
    }
  }

  list(): FigureDefinition[] {
    return [...this.figures.values()];
  }

  get(key: string): FigureDefinition | undefined {
    return this.figures.get(key);
  }

  /** Event types that move any figure. */
  changingEvents(): string[] {
    return [...new Set(this.list().flatMap((f) => f.changedBy ?? []))];
  }
}
