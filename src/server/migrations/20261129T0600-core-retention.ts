import type { Kysely } from 'kysely';
import { pathType } from '../core/db/index.ts';

/**
 * Retention (issue 10): audit rows chain a digest of their personal fields so those can be
 * redacted after a purge; the command centre's "emergency is over" dates per node.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('personal_digest', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('redacted_at', 'bigint').execute();

  await db.schema
    .createTable('emergency_ends')
    .addColumn('node_id', 'bigint', (c) => c.primaryKey().references('nodes.id'))
    .addColumn('node_path', pathType(db), (c) => c.notNull().unique())
    .addColumn('ended_at', 'bigint', (c) => c.notNull())
    .addColumn('purge_after', 'bigint', (c) => c.notNull())
    .addColumn('set_by', 'bigint')
    .addColumn('set_at', 'bigint', (c) => c.notNull())
    .addColumn('purged_at', 'bigint')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('emergency_ends').execute();
  await db.schema.alterTable('audit_log').dropColumn('redacted_at').execute();
  await db.schema.alterTable('audit_log').dropColumn('personal_digest').execute();
}
