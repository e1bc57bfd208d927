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
  /** The central-isolation room the person sleeps in, while isolating there. */
  room_id: number | null;
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

export interface ReturneeFacilitiesTable {
  id: Generated<number>;
  node_id: number;
  node_path: string;
  name: string;
  address: string;
  created_at: number;
}

export interface ReturneeRoomsTable {
  id: Generated<number>;
  facility_id: number;
  node_path: string;
  label: string;
  capacity: number;
  occupied: number;
}

export interface ReturneeContactsTable {
  id: Generated<number>;
  case_id: number;
  contact_id: number;
  node_path: string;
  relation: string;
  last_contact_day: string;
  created_by: number | null;
  created_at: number;
}

export interface ReturneeSmsCodesTable {
  id: Generated<number>;
  phone: string;
  ip: string;
  minute: number;
  code_hash: string;
  attempts: number;
  expires_at: number;
  used_at: number | null;
  created_at: number;
}

export interface ReturneeSmsOutboxTable {
  id: Generated<number>;
  phone: string;
  body: string;
  sent_at: number | null;
  created_at: number;
}

export type ReturneeTables = {
  returnee_rules: ReturneeRulesTable;
  returnees: ReturneesTable;
  returnee_visits: ReturneeVisitsTable;
  returnee_facilities: ReturneeFacilitiesTable;
  returnee_rooms: ReturneeRoomsTable;
  returnee_contacts: ReturneeContactsTable;
  returnee_sms_codes: ReturneeSmsCodesTable;
  returnee_sms_outbox: ReturneeSmsOutboxTable;
};
