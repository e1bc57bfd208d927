import { type Kysely, sql } from 'kysely';
import { pathType, serialId } from '../core/db/index.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const id = serialId(db);
  const path = pathType(db);

  await db.schema
    .createTable('pass_keys')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('public_key', 'text', (c) => c.notNull())
    // AES-256-GCM sealed PKCS#8 DER; the sealing key never enters the database.
    .addColumn('private_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('retired_at', 'bigint')
    .execute();

  await db.schema
    .createTable('pass_rules')
    .addColumn('compound_id', 'bigint', (c) => c.primaryKey().references('nodes.id'))
    .addColumn('validity_days', 'integer', (c) => c.notNull())
    .addColumn('quota_count', 'integer', (c) => c.notNull())
    .addColumn('quota_days', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('passes')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('compound_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('household_id', 'bigint', (c) => c.notNull())
    .addColumn('resident_id', 'bigint')
    .addColumn('vehicle_id', 'bigint')
    .addColumn('key_id', 'integer', (c) => c.notNull())
    .addColumn('valid_from', 'bigint', (c) => c.notNull())
    .addColumn('valid_until', 'bigint', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('revoke_reason', 'text')
    .addColumn('revoked_at', 'bigint')
    .addColumn('issued_by', 'bigint')
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .execute();
  // One person one pass, one car one pass: at most one active pass per holder, enforced by the database.
  await db.schema
    .createIndex('passes_one_per_resident')
    .on('passes')
    .column('resident_id')
    .unique()
    .where(sql<boolean>`status = 'active'`)
    .execute();
  await db.schema
    .createIndex('passes_one_per_vehicle')
    .on('passes')
    .column('vehicle_id')
    .unique()
    .where(sql<boolean>`status = 'active'`)
    .execute();
  await db.schema.createIndex('passes_compound').on('passes').columns(['compound_id', 'status']).execute();
  await db.schema.createIndex('passes_revoked').on('passes').columns(['revoked_at']).execute();

  await db.schema
    .createTable('pass_batches')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('node_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('issued', 'integer', (c) => c.notNull())
    .addColumn('skipped', 'integer', (c) => c.notNull())
    .addColumn('failure', 'text')
    .addColumn('created_by', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['pass_batches', 'passes', 'pass_rules', 'pass_keys']) {
    await db.schema.dropTable(table).execute();
  }
}
