import type { Kysely } from 'kysely';
import { pathType, serialId } from '../core/db/index.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const id = serialId(db);
  const path = pathType(db);

  // A photo queued on a phone carries its own id; the row is taken before the bytes are stored,
  // so a retried or doubled upload of the same photo is answered with the first file (decision 0603).
  await db.schema
    .createTable('field_evidence')
    .addColumn('task_id', 'bigint', (c) => c.notNull().references('field_tasks.id'))
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('file_id', 'text')
    .addColumn('user_id', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('field_evidence_pk', ['task_id', 'client_id'])
    .execute();

  // Recurring tasks: the next occurrence names the one it follows, once (decision 0604).
  await db.schema.alterTable('field_tasks').addColumn('repeat_days', 'integer').execute();
  await db.schema.alterTable('field_tasks').addColumn('follows_id', 'bigint').execute();
  await db.schema
    .createIndex('field_tasks_follows')
    .on('field_tasks')
    .columns(['follows_id'])
    .unique()
    .execute();

  // Meals and supplies brought to a checkpoint by residents and restaurants.
  await db.schema
    .createTable('field_supports')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('checkpoint_id', 'bigint', (c) => c.notNull().references('field_checkpoints.node_id'))
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('giver', 'text', (c) => c.notNull())
    .addColumn('what', 'text', (c) => c.notNull())
    .addColumn('quantity', 'text', (c) => c.notNull())
    .addColumn('brought_at', 'bigint', (c) => c.notNull())
    .addColumn('registered_by', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('field_supports_checkpoint')
    .on('field_supports')
    .columns(['checkpoint_id', 'brought_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('field_supports').execute();
  await db.schema.dropIndex('field_tasks_follows').execute();
  await db.schema.alterTable('field_tasks').dropColumn('follows_id').execute();
  await db.schema.alterTable('field_tasks').dropColumn('repeat_days').execute();
  await db.schema.dropTable('field_evidence').execute();
}
