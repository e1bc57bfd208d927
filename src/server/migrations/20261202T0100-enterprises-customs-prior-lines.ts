import { type Kysely, sql } from 'kysely';
import { pathType, serialId } from '../core/db/index.ts';

/**
 * Last year's clearance figures as imported lines (month, HS code, destination, firm) under the
 * importer's node, so the change on the same period can be read by goods and by firm as well as by
 * destination. The month × destination totals seeded before are carried over under the tree's root.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('customs_prior_lines')
    .addColumn('id', serialId(db), (c) => c.primaryKey())
    .addColumn('node_path', pathType(db), (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('hs_code', 'text', (c) => c.notNull())
    .addColumn('goods', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('credit_code', 'text', (c) => c.notNull())
    .addColumn('firm', 'text', (c) => c.notNull())
    .addColumn('weight_kg', 'real', (c) => c.notNull())
    .addColumn('value_usd', 'real', (c) => c.notNull())
    .addColumn('imported_by', 'bigint')
    .addColumn('imported_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('customs_prior_lines_path_month')
    .on('customs_prior_lines')
    .columns(['node_path', 'month'])
    .execute();
  await sql`insert into customs_prior_lines
      (node_path, month, hs_code, goods, destination, credit_code, firm, weight_kg, value_usd, imported_at)
    select r.path, l.month, '', '', l.destination, '', '', l.weight_kg, l.value_usd, 0
    from customs_last_year l
    cross join (select min(path) as path from nodes where parent_id is null) r
    where r.path is not null`.execute(db);
  await db.schema.dropTable('customs_last_year').execute();
  // The statistics read every cleared line of a subtree: a covering index spares a table lookup per line.
  await db.schema
    .createIndex('customs_bookings_stats')
    .on('customs_bookings')
    .columns(['status', 'node_path', 'cleared_at', 'destination', 'weight_kg', 'value_usd'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('customs_bookings_stats').execute();
  await db.schema
    .createTable('customs_last_year')
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('weight_kg', 'real', (c) => c.notNull())
    .addColumn('value_usd', 'real', (c) => c.notNull())
    .addPrimaryKeyConstraint('customs_last_year_pk', ['month', 'destination'])
    .execute();
  await db.schema.dropTable('customs_prior_lines').execute();
}
