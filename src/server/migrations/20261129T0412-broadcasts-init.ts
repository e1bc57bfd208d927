import type { Kysely } from 'kysely';
import { pathType, serialId } from '../core/db/index.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const id = serialId(db);
  const path = pathType(db);

  await db.schema
    .createTable('broadcasts')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body_md', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('rumour', 'text')
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('ack_required', 'integer', (c) => c.notNull())
    .addColumn('audience', 'integer', (c) => c.notNull())
    .addColumn('team_mask', 'integer', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('sender_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('sender_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('is_public', 'integer', (c) => c.notNull())
    .addColumn('published_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('broadcasts_path').on('broadcasts').columns(['node_path', 'id']).execute();
  await db.schema
    .createIndex('broadcasts_public')
    .on('broadcasts')
    .columns(['is_public', 'kind', 'id'])
    .execute();

  // One row per targeted subtree; a member's inbox is found from their ancestor paths (decision 0300).
  await db.schema
    .createTable('broadcast_targets')
    .addColumn('broadcast_id', 'bigint', (c) => c.notNull().references('broadcasts.id'))
    .addColumn('node_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('audience', 'integer', (c) => c.notNull())
    .addColumn('team_mask', 'integer', (c) => c.notNull())
    .addColumn('published', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('broadcast_targets_pk', ['broadcast_id', 'node_path'])
    .execute();
  await db.schema
    .createIndex('broadcast_targets_inbox')
    .on('broadcast_targets')
    .columns(['node_path', 'published', 'broadcast_id', 'audience', 'team_mask'])
    .execute();

  // Only what a member did is a row: first seen, read, acknowledged — one row per (broadcast, member).
  await db.schema
    .createTable('broadcast_receipts')
    .addColumn('broadcast_id', 'bigint', (c) => c.notNull())
    .addColumn('user_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint', (c) => c.notNull())
    .addColumn('read_at', 'bigint')
    .addColumn('acked_at', 'bigint')
    .addPrimaryKeyConstraint('broadcast_receipts_pk', ['broadcast_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('broadcast_receipts_path')
    .on('broadcast_receipts')
    .columns(['broadcast_id', 'node_path', 'read_at', 'acked_at'])
    .execute();
  await db.schema
    .createIndex('broadcast_receipts_level')
    .on('broadcast_receipts')
    .columns(['broadcast_id', 'level', 'read_at'])
    .execute();

  await db.schema
    .createTable('broadcast_relays')
    .addColumn('broadcast_id', 'bigint', (c) => c.notNull())
    .addColumn('group_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('relayed_by', 'bigint')
    .addColumn('relayed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('broadcast_relays_pk', ['broadcast_id', 'group_id'])
    .execute();

  // The robot outbox: one row per (broadcast, robot group), retried with back-off by a job.
  await db.schema
    .createTable('broadcast_deliveries')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('broadcast_id', 'bigint', (c) => c.notNull())
    .addColumn('group_id', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint')
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('broadcast_deliveries_once', ['broadcast_id', 'group_id'])
    .execute();
  await db.schema
    .createIndex('broadcast_deliveries_due')
    .on('broadcast_deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'broadcast_deliveries',
    'broadcast_relays',
    'broadcast_receipts',
    'broadcast_targets',
    'broadcasts',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
