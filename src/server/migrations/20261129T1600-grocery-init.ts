import type { Kysely } from 'kysely';
import { pathType, serialId } from '../core/db/index.ts';

/** Zero-markup grocery: shops and their delivery areas, products, order cycles, orders, batches. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const id = serialId(db);
  const path = pathType(db);

  await db.schema
    .createTable('grocery_shops')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('node_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('free_delivery', 'integer', (c) => c.notNull())
    .addColumn('hours', 'text', (c) => c.notNull())
    .addColumn('min_order_fen', 'integer', (c) => c.notNull())
    // The shop's own account: it sees its cycles, packing sheets and couriers' lists, nothing else.
    .addColumn('owner_user_id', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('grocery_shops_path').on('grocery_shops').column('node_path').execute();

  // One row per node of a delivery area: a compound finds its shops by looking up its own ancestors.
  await db.schema
    .createTable('grocery_shop_areas')
    .addColumn('shop_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addPrimaryKeyConstraint('grocery_shop_areas_pk', ['node_path', 'shop_id'])
    .execute();

  await db.schema
    .createTable('grocery_products')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('shop_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('contents', 'text', (c) => c.notNull())
    .addColumn('weight_g', 'integer', (c) => c.notNull())
    // Money in fen (integers): exact on both dialects. The sale price is not stored apart from its
    // parts, so no margin can hide in it.
    .addColumn('cost_fen', 'integer', (c) => c.notNull())
    .addColumn('transport_fen', 'integer', (c) => c.notNull())
    .addColumn('packing_fen', 'integer', (c) => c.notNull())
    .addColumn('loss_fen', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('price_from', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('grocery_products_shop').on('grocery_products').column('shop_id').execute();

  await db.schema
    .createTable('grocery_price_changes')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('product_id', 'bigint', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('changed_by', 'bigint', (c) => c.notNull())
    .addColumn('before', 'text', (c) => c.notNull())
    .addColumn('after', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('grocery_price_changes_product')
    .on('grocery_price_changes')
    .columns(['product_id', 'at'])
    .execute();

  await db.schema
    .createTable('grocery_cycles')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('shop_id', 'bigint', (c) => c.notNull())
    .addColumn('node_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('opens_at', 'bigint', (c) => c.notNull())
    .addColumn('closes_at', 'bigint', (c) => c.notNull())
    .addColumn('max_orders', 'integer')
    .addColumn('max_turnover_fen', 'bigint')
    .addColumn('orders_per_household', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('closed_reason', 'text')
    .addColumn('closed_at', 'bigint')
    // Running totals, raised by the same conditional update that admits an order: the caps hold
    // under concurrency without reading and counting orders.
    .addColumn('order_count', 'integer', (c) => c.notNull())
    .addColumn('turnover_fen', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('grocery_cycles_path')
    .on('grocery_cycles')
    .columns(['node_path', 'status'])
    .execute();

  await db.schema
    .createTable('grocery_cycle_items')
    .addColumn('cycle_id', 'bigint', (c) => c.notNull())
    .addColumn('product_id', 'bigint', (c) => c.notNull())
    .addColumn('cap', 'integer')
    .addColumn('sold', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('grocery_cycle_items_pk', ['cycle_id', 'product_id'])
    .execute();

  await db.schema
    .createTable('grocery_orders')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('cycle_id', 'bigint', (c) => c.notNull())
    .addColumn('shop_id', 'bigint', (c) => c.notNull())
    .addColumn('household_id', 'bigint', (c) => c.notNull())
    // The n-th order of this household in this cycle: the unique key enforces "one per household".
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('compound_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('placed_by', 'bigint', (c) => c.notNull())
    .addColumn('on_behalf', 'integer', (c) => c.notNull())
    .addColumn('payment', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('total_fen', 'integer', (c) => c.notNull())
    .addColumn('cost_fen', 'integer', (c) => c.notNull())
    .addColumn('weight_g', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('batch_id', 'bigint')
    .addColumn('status_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('grocery_orders_household_seq', ['cycle_id', 'household_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('grocery_orders_path')
    .on('grocery_orders')
    .columns(['node_path', 'created_at'])
    .execute();
  await db.schema
    .createIndex('grocery_orders_household')
    .on('grocery_orders')
    .column('household_id')
    .execute();
  await db.schema.createIndex('grocery_orders_batch').on('grocery_orders').column('batch_id').execute();

  // Prices as they were when the order was placed: a later price change never reaches an order.
  await db.schema
    .createTable('grocery_order_lines')
    .addColumn('order_id', 'bigint', (c) => c.notNull())
    .addColumn('product_id', 'bigint', (c) => c.notNull())
    .addColumn('cycle_id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('cost_fen', 'integer', (c) => c.notNull())
    .addColumn('transport_fen', 'integer', (c) => c.notNull())
    .addColumn('packing_fen', 'integer', (c) => c.notNull())
    .addColumn('loss_fen', 'integer', (c) => c.notNull())
    .addColumn('weight_g', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('grocery_order_lines_pk', ['order_id', 'product_id'])
    .execute();
  await db.schema
    .createIndex('grocery_order_lines_cycle')
    .on('grocery_order_lines')
    .columns(['cycle_id', 'product_id'])
    .execute();

  await db.schema
    .createTable('grocery_batches')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('cycle_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('assignee_id', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('grocery_batches_assignee')
    .on('grocery_batches')
    .column('assignee_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'grocery_batches',
    'grocery_order_lines',
    'grocery_orders',
    'grocery_cycle_items',
    'grocery_cycles',
    'grocery_price_changes',
    'grocery_products',
    'grocery_shop_areas',
    'grocery_shops',
  ])
    await db.schema.dropTable(table).execute();
}
