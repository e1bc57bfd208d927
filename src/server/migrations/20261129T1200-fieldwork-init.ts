import type { Kysely } from 'kysely';
import { pathType, serialId } from '../core/db/index.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const id = serialId(db);
  const path = pathType(db);

  await db.schema
    .createTable('field_checkpoints')
    .addColumn('node_id', 'bigint', (c) => c.primaryKey().references('nodes.id'))
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('hours', 'text', (c) => c.notNull())
    .addColumn('needs', 'text', (c) => c.notNull())
    .addColumn('support', 'text', (c) => c.notNull())
    .addColumn('team_id', 'bigint', (c) => c.references('alliance_teams.id'))
    .addColumn('claimed_at', 'bigint')
    .addColumn('code_secret', 'text', (c) => c.notNull())
    .addColumn('created_by', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('field_checkpoints_path')
    .on('field_checkpoints')
    .columns(['node_path'])
    .execute();
  await db.schema
    .createIndex('field_checkpoints_team')
    .on('field_checkpoints')
    .columns(['team_id'])
    .execute();

  await db.schema
    .createTable('field_handovers')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('checkpoint_id', 'bigint', (c) => c.notNull().references('field_checkpoints.node_id'))
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('from_team_id', 'bigint', (c) => c.notNull())
    .addColumn('to_team_id', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'bigint', (c) => c.notNull())
    .addColumn('decided_by', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('field_handovers_checkpoint')
    .on('field_handovers')
    .columns(['checkpoint_id', 'status'])
    .execute();

  await db.schema
    .createTable('field_shifts')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('checkpoint_id', 'bigint', (c) => c.notNull().references('field_checkpoints.node_id'))
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('field_shifts_checkpoint_start', ['checkpoint_id', 'starts_at'])
    .execute();
  // The coverage grid is a time window over a subtree; the checkpoint index serves team grids.
  // The city grid is a 72-hour slice of every shift: the time index is the selective one there.
  await db.schema.createIndex('field_shifts_time').on('field_shifts').columns(['starts_at']).execute();
  await db.schema
    .createIndex('field_shifts_path_time')
    .on('field_shifts')
    .columns(['node_path', 'starts_at'])
    .execute();

  await db.schema
    .createTable('field_seats')
    .addColumn('shift_id', 'bigint', (c) => c.notNull().references('field_shifts.id'))
    .addColumn('skill', 'text', (c) => c.notNull())
    .addColumn('needed', 'integer', (c) => c.notNull())
    .addColumn('filled', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('field_seats_pk', ['shift_id', 'skill'])
    .execute();

  await db.schema
    .createTable('field_signups')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('shift_id', 'bigint', (c) => c.notNull().references('field_shifts.id'))
    .addColumn('checkpoint_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('skill', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('checked_in_at', 'bigint')
    .addColumn('checked_out_at', 'bigint')
    .addColumn('stand_in_for', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('field_signups_shift_user', ['shift_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('field_signups_user')
    .on('field_signups')
    .columns(['user_id', 'starts_at'])
    .execute();
  await db.schema
    .createIndex('field_signups_path')
    .on('field_signups')
    .columns(['node_path', 'starts_at'])
    .execute();

  await db.schema
    .createTable('field_tasks')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('node_id', 'bigint', (c) => c.notNull().references('nodes.id'))
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('window_end', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('batch_id', 'text', (c) => c.notNull())
    .addColumn('claimed_by', 'bigint')
    .addColumn('claim_expires_at', 'bigint')
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('counts', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('done_at', 'bigint')
    .addColumn('created_by', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('field_tasks_path')
    .on('field_tasks')
    .columns(['node_path', 'status'])
    .execute();
  await db.schema.createIndex('field_tasks_batch').on('field_tasks').columns(['batch_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'field_tasks',
    'field_signups',
    'field_seats',
    'field_shifts',
    'field_handovers',
    'field_checkpoints',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
