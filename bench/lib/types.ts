import type { DialectName } from '../../src/server/core/db/index.ts';

/** One printed figure: what was measured, its value, and the goal it answers to. */
export interface BenchRow {
  scenario: string;
  figure: string;
  value: number;
  unit: string;
  goal?: string;
  /** Whether the value meets the goal; undefined when there is no goal. */
  met?: boolean;
  /** e.g. "0.42 × bare Fastify" */
  ratio?: string;
}

export interface Baseline {
  /** Bare Fastify hello over HTTP, same client, same run. */
  helloRps: number;
  helloP99Ms: number;
  /** Raw better-sqlite3 inserts, WAL, one row per transaction. */
  sqliteRowTxPerS: number;
  /** Raw better-sqlite3 inserts, 1,000 rows per transaction. */
  sqliteRowsBatchedPerS: number;
}

export interface BenchContext {
  baseline: Baseline;
  /** A scratch folder of this run, removed at the end. */
  tmpDir: string;
  /** Shorter runs, for a smoke check of the scenario itself. */
  quick: boolean;
  /**
   * The backends this run measures, in print order: both by default, `--sqlite` or `--postgres`
   * for one. A scenario measures each and names the backend in its figures.
   */
  dialects: DialectName[];
}

/** A scenario module default-exports one of these. */
export type Scenario = (ctx: BenchContext) => Promise<BenchRow[]>;
