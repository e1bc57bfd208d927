import { type Kysely, sql } from 'kysely';
import { pathType, serialId } from '../core/db/index.ts';

/**
 * A donation list imported into a store, with its row report. The file's hash is unique per store:
 * the same list uploaded twice (a retry, a double click) books its donations once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('supplies_imports')
    .addColumn('id', serialId(db), (c) => c.primaryKey())
    .addColumn('store_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', pathType(db), (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('rows_read', 'integer', (c) => c.notNull())
    .addColumn('imported', 'integer', (c) => c.notNull())
    .addColumn('rejected', 'integer', (c) => c.notNull())
    .addColumn('errors', 'text', (c) => c.notNull())
    .addColumn('created_by', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('supplies_imports_store_file', ['store_id', 'sha256'])
    .execute();
  // An allocation ends once: on a waybill (dispatch) or back on the shelf (release), never both,
  // whichever of two concurrent requests commits first.
  await sql`create unique index supplies_movements_allocation_end on supplies_movements (allocation_id)
    where kind in ('dispatch', 'release')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index supplies_movements_allocation_end`.execute(db);
  await db.schema.dropTable('supplies_imports').execute();
}
