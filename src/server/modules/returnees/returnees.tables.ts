import type { Generated } from 'kysely';

export interface ReturneeRulesTable {
  category: string;
  measure: string;
  days: number;
  per_day: number;
  lost_after_days: number;
  updated_by: number | null;
  updated_at: number;
}

export interface ReturneesTable {
  id: Generated<number>;
  node_id: number;
  node_path: string;
  name: string;
  id_number: string;
  phone: string;
  address: string;
  from_code: string;
  arrival_day: string;
  transport: string;
  transport_no: string;
  companions: number;
  category: string;
  status: string;
  measure: string | null;
  start_day: string | null;
  end_day: string | null;
  per_day: number | null;
  released_at: number | null;
  /** 1 when the person registered themself (resident account); the cadre reviews the category. */
  self_reported: Generated<number>;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}

export interface ReturneeVisitsTable {
  id: Generated<number>;
  returnee_id: number;
  node_path: string;
  day: string;
  slot: number;
  due_at: number;
  status: string;
  temp_x10: number | null;
  symptoms: string;
  performed_by: number | null;
  performed_at: number | null;
  released_at: number | null;
}

export type ReturneeTables = {
  returnee_rules: ReturneeRulesTable;
  returnees: ReturneesTable;
  returnee_visits: ReturneeVisitsTable;
};
