import type { Generated } from 'kysely';

export interface PassKeysTable {
  id: number;
  public_key: string;
  private_key: string;
  status: string;
  created_at: number;
  retired_at: number | null;
}

export interface PassRulesTable {
  compound_id: number;
  validity_days: number;
  quota_count: number;
  quota_days: number;
  updated_by: number | null;
  updated_at: number;
}

export interface PassesTable {
  id: number;
  kind: string;
  compound_id: number;
  node_path: string;
  household_id: number;
  resident_id: number | null;
  vehicle_id: number | null;
  key_id: number;
  valid_from: number;
  valid_until: number;
  code: string;
  status: string;
  revoke_reason: string | null;
  revoked_at: number | null;
  issued_by: number | null;
  issued_at: number;
}

export interface PassBatchesTable {
  id: Generated<number>;
  node_id: number;
  node_path: string;
  status: string;
  total: number;
  issued: number;
  skipped: number;
  failure: string | null;
  created_by: number;
  created_at: number;
  finished_at: number | null;
}

export type PassTables = {
  pass_keys: PassKeysTable;
  pass_rules: PassRulesTable;
  passes: PassesTable;
  pass_batches: PassBatchesTable;
};
