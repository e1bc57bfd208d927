import type { Kysely } from 'kysely';
import { pathType, serialId } from '../core/db/index.ts';

/** Grocery: standing weekly orders with one run per cycle, and the delivery area a shop may edit within. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const id = serialId(db);
  const path = pathType(db);

  // The officials' grant (JSON list of node paths): the shop's own account edits its areas inside it.
  await db.schema
    .alterTable('grocery_shops')
    .addColumn('area_grant', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();

  await db.schema
    .createTable('grocery_standing_orders')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('shop_id', 'bigint', (c) => c.notNull())
    .addColumn('household_id', 'bigint', (c) => c.notNull())
    .addColumn('compound_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    // 0 = Sunday … 6 = Saturday, Beijing time: the order goes into cycles that open on that day.
    .addColumn('weekday', 'integer', (c) => c.notNull())
    // JSON: [{ productId, quantity }]
    .addColumn('lines', 'text', (c) => c.notNull())
    .addColumn('payment', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('grocery_standing_orders_shop')
    .on('grocery_standing_orders')
    .columns(['shop_id', 'active'])
    .execute();
  await db.schema
    .createIndex('grocery_standing_orders_path')
    .on('grocery_standing_orders')
    .column('node_path')
    .execute();

  // The primary key is the once-per-cycle guarantee: a second placement of the same pair cannot commit.
  await db.schema
    .createTable('grocery_standing_runs')
    .addColumn('standing_id', 'bigint', (c) => c.notNull())
    .addColumn('cycle_id', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('order_id', 'bigint')
    .addColumn('error', 'text')
    .addColumn('detail', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('grocery_standing_runs_pk', ['standing_id', 'cycle_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('grocery_standing_runs').execute();
  await db.schema.dropTable('grocery_standing_orders').execute();
  await db.schema.alterTable('grocery_shops').dropColumn('area_grant').execute();
}
