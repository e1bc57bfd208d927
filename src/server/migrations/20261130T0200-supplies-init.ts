import { type Kysely, sql } from 'kysely';
import { pathType, serialId } from '../core/db/index.ts';

/** Donations ledger: catalogue, stores, donors, pledges, the movement ledger, balances, needs, waybills. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const id = serialId(db);
  const path = pathType(db);

  await db.schema
    .createTable('supplies_items')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('standard', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    // A receipt of at least this many units is a large donation for the chronicle (null: never).
    .addColumn('large_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('supplies_items_name_standard', ['name', 'standard'])
    .execute();

  await db.schema
    .createTable('supplies_stores')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('node_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('created_by', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('supplies_stores_path').on('supplies_stores').column('node_path').execute();

  await db.schema
    .createTable('supplies_donors')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('anonymous', 'integer', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('created_by', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('supplies_pledges')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('donor_id', 'bigint', (c) => c.notNull())
    .addColumn('item_id', 'bigint', (c) => c.notNull())
    .addColumn('store_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('quantity', 'bigint', (c) => c.notNull())
    // Raised by the same guarded update that writes a receipt: never above the pledged quantity.
    .addColumn('received', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_by', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('supplies_pledges_path')
    .on('supplies_pledges')
    .columns(['node_path', 'status'])
    .execute();

  // Append-only. A correction is a new row naming the row it corrects; nothing is updated or deleted.
  await db.schema
    .createTable('supplies_movements')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('item_id', 'bigint', (c) => c.notNull())
    .addColumn('store_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('quantity', 'bigint', (c) => c.notNull())
    .addColumn('d_on_hand', 'bigint', (c) => c.notNull())
    .addColumn('d_allocated', 'bigint', (c) => c.notNull())
    .addColumn('pledge_id', 'bigint')
    .addColumn('donor_id', 'bigint')
    .addColumn('need_id', 'bigint')
    .addColumn('allocation_id', 'bigint')
    .addColumn('waybill_id', 'bigint')
    .addColumn('other_store_id', 'bigint')
    .addColumn('corrects_id', 'bigint')
    .addColumn('corrects_kind', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_by', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('supplies_movements_path')
    .on('supplies_movements')
    .columns(['node_path', 'created_at'])
    .execute();
  await db.schema
    .createIndex('supplies_movements_store_item')
    .on('supplies_movements')
    .columns(['store_id', 'item_id'])
    .execute();
  await db.schema
    .createIndex('supplies_movements_kind_item')
    .on('supplies_movements')
    .columns(['kind', 'item_id'])
    .execute();
  // One correction per row: a second correction corrects the correction, so the chain stays linear.
  await db.schema
    .createIndex('supplies_movements_corrects')
    .on('supplies_movements')
    .column('corrects_id')
    .unique()
    .execute();

  // The balance, moved in the same transaction as each ledger row by a guarded update.
  await db.schema
    .createTable('supplies_stock')
    .addColumn('store_id', 'bigint', (c) => c.notNull())
    .addColumn('item_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('on_hand', 'bigint', (c) => c.notNull())
    .addColumn('allocated', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('supplies_stock_pk', ['store_id', 'item_id'])
    .addCheckConstraint('supplies_stock_non_negative', sqlCheck())
    .execute();
  await db.schema
    .createIndex('supplies_stock_path')
    .on('supplies_stock')
    .columns(['node_path', 'item_id'])
    .execute();

  await db.schema
    .createTable('supplies_needs')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('node_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('requester_kind', 'text', (c) => c.notNull())
    .addColumn('requester', 'text', (c) => c.notNull())
    .addColumn('item_id', 'bigint', (c) => c.notNull())
    .addColumn('quantity', 'bigint', (c) => c.notNull())
    .addColumn('allocated', 'bigint', (c) => c.notNull())
    .addColumn('delivered', 'bigint', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('verified_by', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('met_at', 'bigint')
    .addColumn('created_by', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('supplies_needs_path')
    .on('supplies_needs')
    .columns(['node_path', 'status'])
    .execute();
  await db.schema
    .createIndex('supplies_needs_status_due')
    .on('supplies_needs')
    .columns(['status', 'due_at'])
    .execute();

  await db.schema
    .createTable('supplies_waybills')
    .addColumn('id', id, (c) => c.primaryKey())
    // One waybill per allocation: a second dispatch of the same allocation fails on this key.
    .addColumn('allocation_id', 'bigint', (c) => c.notNull().unique())
    .addColumn('need_id', 'bigint', (c) => c.notNull())
    .addColumn('store_id', 'bigint', (c) => c.notNull())
    .addColumn('item_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('quantity', 'bigint', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('signer_name', 'text')
    .addColumn('signature', 'text')
    .addColumn('signed_file_id', 'text')
    .addColumn('signed_via', 'text')
    .addColumn('delivered_at', 'bigint')
    .addColumn('created_by', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('supplies_waybills_path')
    .on('supplies_waybills')
    .columns(['node_path', 'status'])
    .execute();
}

function sqlCheck() {
  return sql`on_hand >= 0 and allocated >= 0 and allocated <= on_hand`;
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'supplies_waybills',
    'supplies_needs',
    'supplies_stock',
    'supplies_movements',
    'supplies_pledges',
    'supplies_donors',
    'supplies_stores',
    'supplies_items',
  ])
    await db.schema.dropTable(table).execute();
}
