import { type Kysely, sql } from 'kysely';
import { pathType, serialId } from '../core/db/index.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const id = serialId(db);
  const path = pathType(db);

  await db.schema
    .createTable('alliance_teams')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('node_id', 'bigint', (c) => c.notNull().references('nodes.id'))
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('leader_user_id', 'bigint', (c) => c.references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('skills', 'text', (c) => c.notNull())
    .addColumn('created_by', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('alliance_teams_node_name', ['node_id', 'name'])
    .execute();
  await db.schema.createIndex('alliance_teams_path').on('alliance_teams').columns(['node_path']).execute();

  await db.schema
    .createTable('alliance_volunteers')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('user_id', 'bigint', (c) => c.notNull().unique().references('users.id'))
    .addColumn('team_id', 'bigint', (c) => c.references('alliance_teams.id'))
    .addColumn('team_type', 'text', (c) => c.notNull())
    .addColumn('node_id', 'bigint', (c) => c.notNull().references('nodes.id'))
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull().unique())
    .addColumn('id_number', 'text', (c) => c.unique())
    .addColumn('skills', 'text', (c) => c.notNull())
    .addColumn('availability', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('pledge_name', 'text')
    .addColumn('pledged_at', 'bigint')
    .addColumn('created_by', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('alliance_volunteers_path')
    .on('alliance_volunteers')
    .columns(['node_path', 'id'])
    .execute();
  await db.schema
    .createIndex('alliance_volunteers_team')
    .on('alliance_volunteers')
    .columns(['team_id'])
    .execute();

  await db.schema
    .createTable('alliance_signups')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('id_number', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('skills', 'text', (c) => c.notNull())
    .addColumn('availability', 'text', (c) => c.notNull())
    .addColumn('node_id', 'bigint', (c) => c.notNull().references('nodes.id'))
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('team_id', 'bigint', (c) => c.references('alliance_teams.id'))
    .addColumn('pledge_name', 'text', (c) => c.notNull())
    .addColumn('pledged_at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'bigint')
    .addColumn('decided_at', 'bigint')
    .addColumn('reason', 'text')
    .addColumn('user_id', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // A rejected sign-up may be made again; an open or approved one may not (the race is closed here).
  await db.schema
    .createIndex('alliance_signups_phone')
    .on('alliance_signups')
    .column('phone')
    .unique()
    .where(sql.ref('status'), '<>', 'rejected')
    .execute();
  await db.schema
    .createIndex('alliance_signups_id_number')
    .on('alliance_signups')
    .column('id_number')
    .unique()
    .where(sql.ref('status'), '<>', 'rejected')
    .execute();
  await db.schema
    .createIndex('alliance_signups_path')
    .on('alliance_signups')
    .columns(['status', 'node_path'])
    .execute();

  // Members per (node, kind, team type) at that node exactly: the denominators of every reach figure.
  await db.schema
    .createTable('alliance_member_counts')
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('team_type', 'text', (c) => c.notNull())
    .addColumn('members', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('alliance_member_counts_pk', ['node_path', 'kind', 'team_type'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'alliance_member_counts',
    'alliance_signups',
    'alliance_volunteers',
    'alliance_teams',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
