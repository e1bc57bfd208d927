import type { Kysely } from 'kysely';
import { pathType, serialId } from '../core/db/index.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const id = serialId(db);
  const path = pathType(db);

  await db.schema
    .createTable('cadre_areas')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('leader_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('node_id', 'bigint', (c) => c.notNull().references('nodes.id'))
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('duties', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint')
    .addColumn('created_by', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cadre_areas_path').on('cadre_areas').columns(['node_path']).execute();
  await db.schema.createIndex('cadre_areas_leader').on('cadre_areas').columns(['leader_id']).execute();

  await db.schema
    .createTable('cadre_groups')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('node_id', 'bigint', (c) => c.notNull().references('nodes.id'))
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('created_by', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('cadre_group_members')
    .addColumn('group_id', 'bigint', (c) => c.notNull().references('cadre_groups.id'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('cadre_group_members_pk', ['group_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('cadre_group_members_user')
    .on('cadre_group_members')
    .columns(['user_id'])
    .execute();

  await db.schema
    .createTable('cadre_ledger')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('cadre_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'bigint')
    .addColumn('group_id', 'bigint')
    .addColumn('corrects_id', 'bigint')
    .addColumn('source_event_id', 'bigint', (c) => c.unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addUniqueConstraint('cadre_ledger_cadre_seq', ['cadre_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('cadre_ledger_path_time')
    .on('cadre_ledger')
    .columns(['node_path', 'created_at'])
    .execute();
  // The ledger page marks corrected entries by looking up corrections of each one.
  await db.schema.createIndex('cadre_ledger_corrects').on('cadre_ledger').columns(['corrects_id']).execute();
  await db.schema
    .createTable('cadre_ledger_heads')
    .addColumn('cadre_id', 'bigint', (c) => c.primaryKey())
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .addColumn('last_hash', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('cadre_lists')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('published_by', 'bigint', (c) => c.notNull())
    .addColumn('published_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('cadre_nominations')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('cadre_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('nominated_by', 'bigint', (c) => c.notNull())
    .addColumn('nominated_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_by', 'bigint')
    .addColumn('decided_at', 'bigint')
    .addColumn('list_id', 'bigint', (c) => c.references('cadre_lists.id'))
    .execute();
  await db.schema
    .createIndex('cadre_nominations_path')
    .on('cadre_nominations')
    .columns(['node_path', 'status'])
    .execute();
  await db.schema
    .createTable('cadre_press')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('nomination_id', 'bigint', (c) => c.notNull().references('cadre_nominations.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('created_by', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'cadre_press',
    'cadre_nominations',
    'cadre_lists',
    'cadre_ledger_heads',
    'cadre_ledger',
    'cadre_group_members',
    'cadre_groups',
    'cadre_areas',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
