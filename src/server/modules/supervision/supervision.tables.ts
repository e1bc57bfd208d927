import type { Generated } from 'kysely';

/** A supervision round (双随机): planned, frozen, committed to a seed, drawn, its results published. */
export type SupRoundsTable = {
  id: Generated<number>;
  node_id: number;
  node_path: string;
  title: string;
  target_kind: string;
  sample: number;
  per_target: number;
  unannounced: number;
  visits_from: number;
  lead_user_id: number | null;
  status: string;
  list_count: number;
  list_hash: string | null;
  pool_count: number;
  pool_hash: string | null;
  frozen_at: number | null;
  commitment: string | null;
  /** A seed the server drew itself: held back until the draw, then copied to `seed`. */
  seed_secret: string | null;
  committed_at: number | null;
  draw_at: number | null;
  seed: string | null;
  drawn_at: number | null;
  /** JSON DrawResult['picks'] as recorded at the draw, for re-runs to compare against. */
  draw_result: string | null;
  published_at: number | null;
  created_by: number;
  created_at: number;
  updated_at: number;
};

/** The frozen target list: written once at freeze, never updated (the list hash covers it). */
export type SupRoundTargetsTable = {
  round_id: number;
  position: number;
  target_key: string;
  target_type: string;
  target_id: number;
  node_path: string;
  label: string;
};

/** The inspector pool; `recuse_paths` is snapshotted at freeze (grants, responsibility areas, explicit recusals). */
export type SupPoolTable = {
  round_id: number;
  user_id: number;
  position: number;
  /** JSON node ids recused explicitly for this round. */
  recuse_node_ids: string;
  /** JSON paths, null until the round is frozen. */
  recuse_paths: string | null;
};

export type SupVisitsTable = {
  id: Generated<number>;
  round_id: number;
  target_position: number;
  target_type: string;
  target_id: number;
  node_path: string;
  label: string;
  unannounced: number;
  planned_for: number;
  started_at: number | null;
  finished_at: number | null;
  created_at: number;
};

export type SupVisitInspectorsTable = {
  visit_id: number;
  user_id: number;
  round_id: number;
};

/** A finding and the rectification order it becomes: one row, so an order never exists without its finding. */
export type SupFindingsTable = {
  id: Generated<number>;
  client_id: string;
  request_hash: string;
  visit_id: number;
  round_id: number;
  node_path: string;
  /** The next level up, where an overdue order escalates. */
  parent_path: string;
  target_label: string;
  item: string;
  rule: string;
  severity: string;
  note: string;
  photo_ids: string;
  observed_at: number;
  recorded_by: number;
  recorded_at: number;
  status: string;
  deadline: number;
  reminded_at: number | null;
  escalated_at: number | null;
  /** Levels above the responsible node the order has been raised to (the escalation ladder). */
  escalation_level: Generated<number>;
  answer: string | null;
  evidence_ids: string;
  answered_at: number | null;
  answered_by: number | null;
  closed_at: number | null;
  closed_by: number | null;
  close_note: string | null;
  sent_back: number;
  reinspector_id: number | null;
  updated_at: number;
};

export type SupDisciplineTable = {
  id: Generated<number>;
  finding_id: number;
  node_path: string;
  user_id: number;
  measure: string;
  reason: string;
  decided_by: number;
  decided_at: number;
};

/** Editable configuration: `escalation` and `checklist:<target kind>`, JSON values. */
export type SupSettingsTable = {
  key: string;
  value: string;
  updated_by: number;
  updated_at: number;
};

export type SupervisionTables = {
  sup_settings: SupSettingsTable;
  sup_rounds: SupRoundsTable;
  sup_round_targets: SupRoundTargetsTable;
  sup_pool: SupPoolTable;
  sup_visits: SupVisitsTable;
  sup_visit_inspectors: SupVisitInspectorsTable;
  sup_findings: SupFindingsTable;
  sup_discipline: SupDisciplineTable;
};
