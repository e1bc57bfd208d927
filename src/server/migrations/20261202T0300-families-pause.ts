import type { Kysely } from 'kysely';

/** Issue 15: a paused service keeps why it was paused (the `active` flag was there already). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('family_services')
    .addColumn('pause_reason', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('family_services').dropColumn('pause_reason').execute();
}
