import type { Kysely } from 'kysely';
import { pathType, serialId } from '../core/db/index.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const id = serialId(db);
  const path = pathType(db);

  await db.schema
    .createTable('compound_profiles')
    .addColumn('node_id', 'bigint', (c) => c.primaryKey().references('nodes.id'))
    .addColumn('node_path', path, (c) => c.notNull().unique())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('gates', 'text', (c) => c.notNull())
    .addColumn('staff', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('compound_buildings')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('compound_id', 'bigint', (c) => c.notNull().references('nodes.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('compound_buildings_name', ['compound_id', 'name'])
    .execute();

  await db.schema
    .createTable('households')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('compound_id', 'bigint', (c) => c.notNull().references('nodes.id'))
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('building', 'text')
    .addColumn('unit', 'text')
    .addColumn('room', 'text', (c) => c.notNull())
    // building|unit|room with empty parts: one household per address, NULLs would never collide.
    .addColumn('address_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('households_address', ['compound_id', 'address_key'])
    .execute();
  await db.schema.createIndex('households_path').on('households').columns(['node_path', 'id']).execute();

  await db.schema
    .createTable('residents')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('household_id', 'bigint', (c) => c.notNull().references('households.id'))
    .addColumn('compound_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    // One person, one registration city-wide: the ID number is the duplicate check.
    .addColumn('id_number', 'text', (c) => c.notNull().unique())
    .addColumn('relation', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('residents_compound').on('residents').columns(['compound_id', 'id']).execute();
  await db.schema.createIndex('residents_household').on('residents').column('household_id').execute();
  await db.schema.createIndex('residents_path').on('residents').column('node_path').execute();
  await db.schema.createIndex('residents_phone').on('residents').column('phone').execute();

  await db.schema
    .createTable('vehicles')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('household_id', 'bigint', (c) => c.notNull().references('households.id'))
    .addColumn('compound_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('plate', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('vehicles_compound').on('vehicles').columns(['compound_id', 'id']).execute();
  await db.schema.createIndex('vehicles_path').on('vehicles').column('node_path').execute();

  await db.schema
    .createTable('compound_imports')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('compound_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress', 'real', (c) => c.notNull())
    .addColumn('rows_read', 'integer', (c) => c.notNull())
    .addColumn('imported', 'integer', (c) => c.notNull())
    .addColumn('rejected', 'integer', (c) => c.notNull())
    .addColumn('error_counts', 'text', (c) => c.notNull())
    .addColumn('errors', 'text', (c) => c.notNull())
    .addColumn('failure', 'text')
    .addColumn('created_by', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'compound_imports',
    'vehicles',
    'residents',
    'households',
    'compound_buildings',
    'compound_profiles',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
