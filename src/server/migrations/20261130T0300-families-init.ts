import type { Kysely } from 'kysely';
import { pathType, serialId } from '../core/db/index.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const id = serialId(db);
  const path = pathType(db);

  await db.schema
    .createTable('family_batches')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('sent_day', 'text', (c) => c.notNull())
    .addColumn('returned_day', 'text')
    .addColumn('created_by', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('families')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('node_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('batch_id', 'bigint', (c) => c.notNull())
    .addColumn('worker_name', 'text', (c) => c.notNull())
    .addColumn('profession', 'text', (c) => c.notNull())
    .addColumn('hospital', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('out_day', 'text', (c) => c.notNull())
    .addColumn('back_day', 'text')
    .addColumn('members', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('needs', 'text', (c) => c.notNull())
    .addColumn('liaison_id', 'bigint', (c) => c.notNull())
    .addColumn('family_user_id', 'bigint')
    .addColumn('created_by', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('families_path').on('families').columns(['node_path']).execute();
  await db.schema.createIndex('families_liaison').on('families').columns(['liaison_id']).execute();
  await db.schema.createIndex('families_batch').on('families').columns(['batch_id']).execute();

  await db.schema
    .createTable('family_services')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('family_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('cadence', 'text', (c) => c.notNull())
    .addColumn('weekday', 'integer')
    .addColumn('window_start', 'integer', (c) => c.notNull())
    .addColumn('window_end', 'integer', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('family_services_family')
    .on('family_services')
    .columns(['family_id', 'active'])
    .execute();

  await db.schema
    .createTable('family_deliveries')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('service_id', 'bigint', (c) => c.notNull())
    .addColumn('family_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('liaison_id', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('due_from', 'bigint', (c) => c.notNull())
    .addColumn('due_by', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('volunteer_id', 'bigint')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('code_attempts', 'integer', (c) => c.notNull())
    .addColumn('confirmed_by', 'text')
    .addColumn('closed_by', 'bigint')
    .addColumn('closed_at', 'bigint')
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // The natural key of an occurrence: the generator inserts (service, day) once however often it
  // runs, on however many instances.
  await db.schema
    .createIndex('family_deliveries_occurrence')
    .on('family_deliveries')
    .columns(['service_id', 'day'])
    .unique()
    .execute();
  await db.schema
    .createIndex('family_deliveries_liaison')
    .on('family_deliveries')
    .columns(['liaison_id', 'day'])
    .execute();
  await db.schema
    .createIndex('family_deliveries_due')
    .on('family_deliveries')
    .columns(['status', 'due_by'])
    .execute();
  await db.schema
    .createIndex('family_deliveries_path')
    .on('family_deliveries')
    .columns(['node_path', 'due_by'])
    .execute();
  await db.schema
    .createIndex('family_deliveries_family')
    .on('family_deliveries')
    .columns(['family_id', 'day'])
    .execute();
  await db.schema
    .createIndex('family_deliveries_volunteer')
    .on('family_deliveries')
    .columns(['volunteer_id', 'status'])
    .execute();

  await db.schema
    .createTable('family_needs')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('family_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('raised_by', 'bigint', (c) => c.notNull())
    .addColumn('raised_at', 'bigint', (c) => c.notNull())
    .addColumn('handled_by', 'bigint')
    .addColumn('handled_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('family_needs_family')
    .on('family_needs')
    .columns(['family_id', 'status'])
    .execute();
  await db.schema
    .createIndex('family_needs_path')
    .on('family_needs')
    .columns(['node_path', 'status'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('family_needs').execute();
  await db.schema.dropTable('family_deliveries').execute();
  await db.schema.dropTable('family_services').execute();
  await db.schema.dropTable('families').execute();
  await db.schema.dropTable('family_batches').execute();
}
