import type { Kysely } from 'kysely';
import { pathType, serialId } from '../core/db/index.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const id = serialId(db);
  const path = pathType(db);

  await db.schema
    .createTable('sup_rounds')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('node_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('sample', 'integer', (c) => c.notNull())
    .addColumn('per_target', 'integer', (c) => c.notNull())
    .addColumn('unannounced', 'integer', (c) => c.notNull())
    .addColumn('visits_from', 'bigint', (c) => c.notNull())
    .addColumn('lead_user_id', 'bigint')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('list_count', 'integer', (c) => c.notNull())
    .addColumn('list_hash', 'text')
    .addColumn('pool_count', 'integer', (c) => c.notNull())
    .addColumn('pool_hash', 'text')
    .addColumn('frozen_at', 'bigint')
    .addColumn('commitment', 'text')
    .addColumn('seed_secret', 'text')
    .addColumn('committed_at', 'bigint')
    .addColumn('draw_at', 'bigint')
    .addColumn('seed', 'text')
    .addColumn('drawn_at', 'bigint')
    .addColumn('draw_result', 'text')
    .addColumn('published_at', 'bigint')
    .addColumn('created_by', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sup_rounds_path').on('sup_rounds').columns(['node_path']).execute();

  await db.schema
    .createTable('sup_round_targets')
    .addColumn('round_id', 'bigint', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('target_key', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sup_round_targets_pk', ['round_id', 'position'])
    .execute();

  await db.schema
    .createTable('sup_pool')
    .addColumn('round_id', 'bigint', (c) => c.notNull())
    .addColumn('user_id', 'bigint', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('recuse_node_ids', 'text', (c) => c.notNull())
    .addColumn('recuse_paths', 'text')
    .addPrimaryKeyConstraint('sup_pool_pk', ['round_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('sup_visits')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('round_id', 'bigint', (c) => c.notNull())
    .addColumn('target_position', 'integer', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('unannounced', 'integer', (c) => c.notNull())
    .addColumn('planned_for', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('sup_visits_target', ['round_id', 'target_position'])
    .execute();
  await db.schema.createIndex('sup_visits_path').on('sup_visits').columns(['node_path']).execute();
  await db.schema.createIndex('sup_visits_started').on('sup_visits').columns(['started_at']).execute();

  await db.schema
    .createTable('sup_visit_inspectors')
    .addColumn('visit_id', 'bigint', (c) => c.notNull())
    .addColumn('user_id', 'bigint', (c) => c.notNull())
    .addColumn('round_id', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sup_visit_inspectors_pk', ['visit_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('sup_visit_inspectors_user')
    .on('sup_visit_inspectors')
    .columns(['user_id', 'visit_id'])
    .execute();

  await db.schema
    .createTable('sup_findings')
    .addColumn('id', id, (c) => c.primaryKey())
    // The device's id for the finding: a retried offline sync hits this key and records nothing new.
    .addColumn('client_id', 'text', (c) => c.notNull().unique())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('visit_id', 'bigint', (c) => c.notNull())
    .addColumn('round_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('parent_path', path, (c) => c.notNull())
    .addColumn('target_label', 'text', (c) => c.notNull())
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('photo_ids', 'text', (c) => c.notNull())
    .addColumn('observed_at', 'bigint', (c) => c.notNull())
    .addColumn('recorded_by', 'bigint', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('deadline', 'bigint', (c) => c.notNull())
    .addColumn('reminded_at', 'bigint')
    .addColumn('escalated_at', 'bigint')
    .addColumn('answer', 'text')
    .addColumn('evidence_ids', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'bigint')
    .addColumn('answered_by', 'bigint')
    .addColumn('closed_at', 'bigint')
    .addColumn('closed_by', 'bigint')
    .addColumn('close_note', 'text')
    .addColumn('sent_back', 'integer', (c) => c.notNull())
    .addColumn('reinspector_id', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // A responsible official's open orders: one range over their subtree, already in deadline order per status.
  await db.schema
    .createIndex('sup_findings_path_status')
    .on('sup_findings')
    .columns(['node_path', 'status', 'deadline'])
    .execute();
  // The reminder and escalation sweeps read open orders by deadline.
  await db.schema
    .createIndex('sup_findings_status_deadline')
    .on('sup_findings')
    .columns(['status', 'deadline'])
    .execute();
  await db.schema.createIndex('sup_findings_visit').on('sup_findings').columns(['visit_id']).execute();
  await db.schema.createIndex('sup_findings_round').on('sup_findings').columns(['round_id']).execute();

  await db.schema
    .createTable('sup_discipline')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('finding_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('user_id', 'bigint', (c) => c.notNull())
    .addColumn('measure', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'bigint', (c) => c.notNull())
    .addColumn('decided_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sup_discipline_path').on('sup_discipline').columns(['node_path']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'sup_discipline',
    'sup_findings',
    'sup_visit_inspectors',
    'sup_visits',
    'sup_pool',
    'sup_round_targets',
    'sup_rounds',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
