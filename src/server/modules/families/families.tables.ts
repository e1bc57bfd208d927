import type { ColumnType, Generated } from 'kysely';

export interface FamilyBatchesTable {
  id: Generated<number>;
  node_path: string;
  name: string;
  destination: string;
  sent_day: string;
  returned_day: string | null;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}

export interface FamiliesTable {
  id: Generated<number>;
  node_id: number;
  node_path: string;
  batch_id: number;
  worker_name: string;
  profession: string;
  hospital: string;
  destination: string;
  out_day: string;
  back_day: string | null;
  /** JSON: [{ name, relation, age? }] */
  members: string;
  address: string;
  phone: string;
  /** JSON: NeedKind[] */
  needs: string;
  liaison_id: number;
  family_user_id: number | null;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}

export interface FamilyServicesTable {
  id: Generated<number>;
  family_id: number;
  node_path: string;
  kind: string;
  cadence: string;
  weekday: number | null;
  window_start: number;
  window_end: number;
  note: string;
  active: number;
  /** Why it is paused; empty while active. */
  pause_reason: Generated<string>;
  created_by: number | null;
  created_at: number;
}

export interface FamilyDeliveriesTable {
  id: Generated<number>;
  service_id: number;
  family_id: number;
  node_path: string;
  liaison_id: number;
  kind: string;
  day: string;
  due_from: number;
  due_by: number;
  status: string;
  volunteer_id: number | null;
  code: string;
  code_attempts: number;
  confirmed_by: string | null;
  closed_by: number | null;
  closed_at: number | null;
  note: string;
  created_at: number;
  /** The field-work task it was dispatched as; whoever claims the task holds the delivery. */
  task_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface FamilyNeedsTable {
  id: Generated<number>;
  family_id: number;
  node_path: string;
  kind: string;
  text: string;
  status: string;
  raised_by: number;
  raised_at: number;
  handled_by: number | null;
  handled_at: number | null;
}

export type FamilyTables = {
  family_batches: FamilyBatchesTable;
  families: FamiliesTable;
  family_services: FamilyServicesTable;
  family_deliveries: FamilyDeliveriesTable;
  family_needs: FamilyNeedsTable;
};
