import type { Kysely } from 'kysely';
import { pathType, serialId } from '../core/db/index.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const id = serialId(db);
  const path = pathType(db);
  await db.schema
    .createTable('counselling_slots')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('counsellor_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    // open → booked (one booking wins) → open again on cancellation
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('counselling_slots_open')
    .on('counselling_slots')
    .columns(['status', 'starts_at'])
    .execute();
  await db.schema
    .createTable('counselling_bookings')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('slot_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    // Kept only to let the booker see and cancel their own booking; never shown to anyone else.
    .addColumn('booker_id', 'bigint', (c) => c.notNull())
    .addColumn('alias', 'text')
    .addColumn('phone', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('counselling_bookings_slot')
    .on('counselling_bookings')
    .columns(['slot_id', 'status'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('counselling_bookings').execute();
  await db.schema.dropTable('counselling_slots').execute();
}
