import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../core/db/index.ts';

/**
 * Search postings that carry what the search filters on (decision 0507): each (token, unit) row
 * also holds the unit's node path and whether it is published, so the caller's scope and the
 * draft rule are decided inside the index walk, newest first, without visiting the unit. On SQLite
 * the table is WITHOUT ROWID (the rows are the primary-key b-tree); on PostgreSQL the primary key
 * INCLUDEs both columns, so the walk is an index-only scan.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`create table archive_postings (
      token text not null,
      unit_id bigint not null,
      node_path text collate "C" not null,
      published integer not null,
      constraint archive_postings_pk primary key (token, unit_id) include (node_path, published)
    )`.execute(db);
  } else {
    await sql`create table archive_postings (
      token text not null,
      unit_id integer not null,
      node_path text not null,
      published integer not null,
      primary key (token, unit_id)
    ) without rowid`.execute(db);
  }
  await sql`insert into archive_postings (token, unit_id, node_path, published)
    select t.token, t.unit_id, a.node_path, case when a.status = 'published' then 1 else 0 end
    from archive_tokens t join archive_units a on a.id = t.unit_id`.execute(db);
  await db.schema.createIndex('archive_postings_unit').on('archive_postings').columns(['unit_id']).execute();
  await db.schema.dropTable('archive_tokens').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('archive_tokens')
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('archive_tokens_pk', ['token', 'unit_id'])
    .execute();
  await sql`insert into archive_tokens (token, unit_id) select token, unit_id from archive_postings`.execute(
    db,
  );
  await db.schema.createIndex('archive_tokens_unit').on('archive_tokens').columns(['unit_id']).execute();
  await db.schema.dropTable('archive_postings').execute();
}
