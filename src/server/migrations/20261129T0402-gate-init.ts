import type { Kysely } from 'kysely';
import { pathType, serialId } from '../core/db/index.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const id = serialId(db);
  const path = pathType(db);

  await db.schema
    .createTable('gate_entries')
    .addColumn('id', id, (c) => c.primaryKey())
    // The device's id for the scan: a retried sync hits this key and records nothing new.
    .addColumn('client_id', 'text', (c) => c.notNull().unique())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('compound_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('gate', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('lane', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('pass_id', 'bigint')
    .addColumn('household_id', 'bigint')
    .addColumn('visitor_name', 'text')
    .addColumn('visitor_phone', 'text')
    .addColumn('visitor_reason', 'text')
    // Tenths of a degree: exact on both dialects.
    .addColumn('temp_x10', 'integer')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .addColumn('recorded_by', 'bigint', (c) => c.notNull())
    .addColumn('offline', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('gate_entries_path_at')
    .on('gate_entries')
    .columns(['node_path', 'at'])
    .execute();
  await db.schema
    .createIndex('gate_entries_quota')
    .on('gate_entries')
    .columns(['household_id', 'direction', 'at'])
    .execute();

  await db.schema
    .createTable('gate_fevers')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('entry_id', 'bigint', (c) => c.notNull().unique())
    .addColumn('compound_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('temp_x10', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('action', 'text')
    .addColumn('closed_by', 'bigint')
    .addColumn('closed_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('gate_fevers_path')
    .on('gate_fevers')
    .columns(['node_path', 'status'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('gate_fevers').execute();
  await db.schema.dropTable('gate_entries').execute();
}
