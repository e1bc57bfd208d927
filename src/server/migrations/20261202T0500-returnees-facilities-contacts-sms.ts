import { type Kysely, sql } from 'kysely';
import { pathType, serialId } from '../core/db/index.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const id = serialId(db);
  const path = pathType(db);

  // Central isolation facilities (集中隔离点) and their rooms; `occupied` is moved only by a
  // guarded update (`occupied < capacity`), so concurrent assignments never overfill a room.
  await db.schema
    .createTable('returnee_facilities')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('node_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('returnee_rooms')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('facility_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('occupied', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('returnee_rooms_label')
    .on('returnee_rooms')
    .columns(['facility_id', 'label'])
    .unique()
    .execute();
  await db.schema.alterTable('returnees').addColumn('room_id', 'bigint').execute();

  // 密接: who was in contact with a confirmed case, how, and when last. One row per pair.
  await db.schema
    .createTable('returnee_contacts')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('case_id', 'bigint', (c) => c.notNull())
    .addColumn('contact_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('relation', 'text', (c) => c.notNull())
    .addColumn('last_contact_day', 'text', (c) => c.notNull())
    .addColumn('created_by', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('returnee_contacts_pair')
    .on('returnee_contacts')
    .columns(['case_id', 'contact_id'])
    .unique()
    .execute();
  // Contact listing matches everyone who travelled on the same train or flight on the same day.
  await db.schema
    .createIndex('returnees_trip')
    .on('returnees')
    .columns(['transport_no', 'arrival_day'])
    .execute();

  // The cadre's overdue list reads only planned visits, oldest deadline first: a partial index of
  // them stays a fraction of the 2.8 M visits, and a village's range is already in due order per path.
  await db.schema
    .createIndex('returnee_visits_planned')
    .on('returnee_visits')
    .columns(['node_path', 'due_at'])
    .where(sql.ref('status'), '=', 'planned')
    .execute();

  // One-time SMS codes for the public self-report form: only a salted hash is kept. The unique
  // (phone, window) lets one code per phone per minute through, whatever the concurrency.
  await db.schema
    .createTable('returnee_sms_codes')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('minute', 'bigint', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('returnee_sms_codes_window')
    .on('returnee_sms_codes')
    .columns(['phone', 'minute'])
    .unique()
    .execute();
  await db.schema
    .createIndex('returnee_sms_codes_ip')
    .on('returnee_sms_codes')
    .columns(['ip', 'created_at'])
    .execute();
  // The outbound-message port's outbox: a gateway adapter delivers from here (the dev adapter logs).
  await db.schema
    .createTable('returnee_sms_outbox')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('returnee_sms_outbox').execute();
  await db.schema.dropTable('returnee_sms_codes').execute();
  await db.schema.dropIndex('returnees_trip').execute();
  await db.schema.dropIndex('returnee_visits_planned').execute();
  await db.schema.dropTable('returnee_contacts').execute();
  await db.schema.alterTable('returnees').dropColumn('room_id').execute();
  await db.schema.dropTable('returnee_rooms').execute();
  await db.schema.dropTable('returnee_facilities').execute();
}
