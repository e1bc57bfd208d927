import type { Generated } from 'kysely';

/** A checkpoint node's duty plan and its owning team (one at a time). */
export type FieldCheckpointsTable = {
  node_id: number;
  node_path: string;
  name: string;
  kind: string;
  location: string;
  hours: string;
  /** JSON { skill: people per shift }. */
  needs: string;
  support: string;
  team_id: number | null;
  claimed_at: number | null;
  /** Seed of the rotating check-in code shown at the checkpoint. */
  code_secret: string;
  created_by: number | null;
  created_at: number;
  updated_at: number;
};

export type FieldHandoversTable = {
  id: Generated<number>;
  checkpoint_id: number;
  node_path: string;
  from_team_id: number;
  to_team_id: number;
  status: string;
  requested_by: number;
  decided_by: number | null;
  created_at: number;
  decided_at: number | null;
};

export type FieldShiftsTable = {
  id: Generated<number>;
  checkpoint_id: number;
  node_path: string;
  starts_at: number;
  ends_at: number;
};

/** Seats per (shift, skill): `filled` only moves by a conditional update, so the last seat goes once. */
export type FieldSeatsTable = {
  shift_id: number;
  skill: string;
  needed: number;
  filled: number;
};

export type FieldSignupsTable = {
  id: Generated<number>;
  shift_id: number;
  checkpoint_id: number;
  node_path: string;
  user_id: number;
  skill: string;
  starts_at: number;
  ends_at: number;
  checked_in_at: number | null;
  checked_out_at: number | null;
  /** The volunteer this one stands in for (set by the team leader after a no-show). */
  stand_in_for: number | null;
  created_at: number;
};

export type FieldTasksTable = {
  id: Generated<number>;
  node_id: number;
  node_path: string;
  kind: string;
  title: string;
  priority: string;
  window_start: number;
  window_end: number;
  status: string;
  batch_id: string;
  claimed_by: number | null;
  claim_expires_at: number | null;
  note: string;
  /** JSON { label: number } (m² disinfected, households screened …). */
  counts: string;
  reason: string | null;
  done_at: number | null;
  created_by: number;
  created_at: number;
  updated_at: number;
  /** Every how many days the task comes again; null: once. */
  repeat_days: number | null;
  /** The occurrence this one follows (unique: a completion makes one next occurrence). */
  follows_id: number | null;
};

/** A photo sent from a phone's queue: its client id is taken before the bytes are stored. */
export type FieldEvidenceTable = {
  task_id: number;
  client_id: string;
  /** Null while the upload is under way. */
  file_id: string | null;
  user_id: number;
  created_at: number;
};

/** Meals or supplies brought to a checkpoint for the people on duty. */
export type FieldSupportsTable = {
  id: Generated<number>;
  checkpoint_id: number;
  node_path: string;
  giver: string;
  what: string;
  quantity: string;
  brought_at: number;
  registered_by: number;
  created_at: number;
};

/** A task kind an official changed or added: JSON arrays of skill and count names. */
export type FieldTaskKindsTable = {
  code: string;
  name: string;
  skills: string;
  photos: number;
  counts: string;
  updated_by: number;
  updated_at: number;
};

export type FieldworkTables = {
  field_task_kinds: FieldTaskKindsTable;
  field_checkpoints: FieldCheckpointsTable;
  field_handovers: FieldHandoversTable;
  field_shifts: FieldShiftsTable;
  field_seats: FieldSeatsTable;
  field_signups: FieldSignupsTable;
  field_tasks: FieldTasksTable;
  field_evidence: FieldEvidenceTable;
  field_supports: FieldSupportsTable;
};
