import type { Generated } from 'kysely';

export interface GateEntriesTable {
  id: Generated<number>;
  client_id: string;
  request_hash: string;
  compound_id: number;
  node_path: string;
  gate: string | null;
  kind: string;
  lane: string;
  direction: string;
  result: string;
  pass_id: number | null;
  household_id: number | null;
  visitor_name: string | null;
  visitor_phone: string | null;
  visitor_reason: string | null;
  temp_x100: number | null;
  at: number;
  recorded_at: number;
  recorded_by: number;
  offline: number;
}

export interface GateFeversTable {
  id: Generated<number>;
  entry_id: number;
  compound_id: number;
  node_path: string;
  temp_x100: number;
  at: number;
  status: string;
  action: string | null;
  closed_by: number | null;
  closed_at: number | null;
}

export type GateTables = {
  gate_entries: GateEntriesTable;
  gate_fevers: GateFeversTable;
};
