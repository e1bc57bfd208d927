import type { Generated } from 'kysely';

export interface ChronicleEntriesTable {
  id: Generated<number>;
  node_path: string;
  number: number;
  version: number;
  corrects_id: number | null;
  period_start: number;
  period_end: number;
  status: string;
  title: string;
  body: string;
  /** JSON: what the drafter found (counts per event type, figures), kept as drafted. */
  data: string;
  reason: string | null;
  drafted_at: number;
  updated_by: number | null;
  updated_at: number;
  approved_by: number | null;
  approved_at: number | null;
}

export type ChronicleTables = { chronicle_entries: ChronicleEntriesTable };
