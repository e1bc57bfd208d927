import type { Kysely } from 'kysely';
import { pathType, serialId } from '../core/db/index.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('alliance_groups')
    .addColumn('id', serialId(db), (c) => c.primaryKey())
    .addColumn('node_id', 'bigint', (c) => c.notNull().references('nodes.id'))
    .addColumn('node_path', pathType(db), (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('owner_user_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('member_count', 'bigint', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('webhook_url', 'text')
    .addColumn('secret', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('alliance_groups_path')
    .on('alliance_groups')
    .columns(['node_path', 'id'])
    .execute();
  await db.schema
    .createIndex('alliance_groups_owner')
    .on('alliance_groups')
    .columns(['owner_user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('alliance_groups').execute();
}
