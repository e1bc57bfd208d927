import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // How many levels above the responsible node an overdue order has been raised (0 = not yet).
  await db.schema
    .alterTable('sup_findings')
    .addColumn('escalation_level', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // The module's editable configuration: the escalation ladder and the checklist templates.
  await db.schema
    .createTable('sup_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sup_settings').execute();
  await db.schema.alterTable('sup_findings').dropColumn('escalation_level').execute();
}
