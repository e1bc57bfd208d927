import type { Kysely } from 'kysely';

/** Children are listed in code order: an index on (parent_id, code) spares a sort per page. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('nodes_parent_code').on('nodes').columns(['parent_id', 'code']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('nodes_parent_code').execute();
}
