import type { Kysely } from 'kysely';

/**
 * Issue 15: a paused service keeps why it was paused (the `active` flag was there already); a
 * delivery dispatched as a field-work task keeps the task's id, by which the claim is followed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('family_services')
    .addColumn('pause_reason', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.alterTable('family_deliveries').addColumn('task_id', 'bigint').execute();
  await db.schema
    .createIndex('family_deliveries_task')
    .on('family_deliveries')
    .column('task_id')
    .unique()
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('family_deliveries_task').execute();
  await db.schema.alterTable('family_deliveries').dropColumn('task_id').execute();
  await db.schema.alterTable('family_services').dropColumn('pause_reason').execute();
}
