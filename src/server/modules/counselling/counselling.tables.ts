import type { Generated } from 'kysely';

export interface CounsellingSlotsTable {
  id: Generated<number>;
  counsellor_id: number;
  node_path: string;
  starts_at: number;
  minutes: number;
  status: string;
  created_at: number;
}

export interface CounsellingBookingsTable {
  id: Generated<number>;
  slot_id: number;
  node_path: string;
  booker_id: number;
  alias: string | null;
  phone: string | null;
  status: string;
  notes: string | null;
  created_at: number;
}

export type CounsellingTables = {
  counselling_slots: CounsellingSlotsTable;
  counselling_bookings: CounsellingBookingsTable;
};
