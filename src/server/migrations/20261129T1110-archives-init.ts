import { type Kysely, sql } from 'kysely';
import { DEFAULT_ARCHIVE_CATEGORIES } from '../../contracts/archives.ts';
import { pathType, serialId } from '../core/db/index.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const path = pathType(db);

  await db.schema
    .createTable('archive_categories')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  for (const [i, name] of DEFAULT_ARCHIVE_CATEGORIES.entries()) {
    await sql`insert into archive_categories (name, position) values (${name}, ${i})`.execute(db);
  }

  // ISAD(G) levels in one table: series → file → item, each a described unit.
  await db.schema
    .createTable('archive_units')
    .addColumn('id', serialId(db), (c) => c.primaryKey())
    .addColumn('parent_id', 'bigint', (c) => c.references('archive_units.id'))
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('reference_code', 'text', (c) => c.notNull().unique())
    .addColumn('node_id', 'bigint', (c) => c.notNull().references('nodes.id'))
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('creator', 'text', (c) => c.notNull())
    .addColumn('date_at', 'bigint', (c) => c.notNull())
    .addColumn('extent', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('people', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('extracted_text', 'text', (c) => c.notNull())
    .addColumn('is_public', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('published_by', 'bigint')
    .addColumn('published_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('archive_units_path')
    .on('archive_units')
    .columns(['node_path', 'id'])
    .execute();
  await db.schema
    .createIndex('archive_units_parent')
    .on('archive_units')
    .columns(['parent_id', 'id'])
    .execute();
  await db.schema.createIndex('archive_units_created').on('archive_units').columns(['created_at']).execute();

  // Full-text search in Chinese on both dialects: character bigrams (decision 0502).
  await db.schema
    .createTable('archive_tokens')
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('archive_tokens_pk', ['token', 'unit_id'])
    .execute();
  await db.schema.createIndex('archive_tokens_unit').on('archive_tokens').columns(['unit_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['archive_tokens', 'archive_units', 'archive_categories']) {
    await db.schema.dropTable(table).execute();
  }
}
