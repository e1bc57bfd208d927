import type { Kysely } from 'kysely';
import { pathType, serialId } from '../core/db/index.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const id = serialId(db);
  const path = pathType(db);

  // One row per category: the command centre edits them; nothing in code assumes 14 days.
  await db.schema
    .createTable('returnee_rules')
    .addColumn('category', 'text', (c) => c.primaryKey())
    .addColumn('measure', 'text', (c) => c.notNull())
    .addColumn('days', 'integer', (c) => c.notNull())
    .addColumn('per_day', 'integer', (c) => c.notNull())
    .addColumn('lost_after_days', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  const now = Date.now();
  await db
    .insertInto('returnee_rules' as never)
    .values([
      { category: 'high', measure: 'central', days: 14, per_day: 2, lost_after_days: 2, updated_at: now },
      { category: 'medium', measure: 'home', days: 14, per_day: 2, lost_after_days: 2, updated_at: now },
      { category: 'low', measure: 'monitoring', days: 7, per_day: 1, lost_after_days: 3, updated_at: now },
    ] as never)
    .execute();

  await db.schema
    .createTable('returnees')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('node_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('id_number', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('from_code', 'text', (c) => c.notNull())
    .addColumn('arrival_day', 'text', (c) => c.notNull())
    .addColumn('transport', 'text', (c) => c.notNull())
    .addColumn('transport_no', 'text', (c) => c.notNull())
    .addColumn('companions', 'integer', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('measure', 'text')
    .addColumn('start_day', 'text')
    .addColumn('end_day', 'text')
    .addColumn('per_day', 'integer')
    .addColumn('released_at', 'bigint')
    .addColumn('created_by', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // One return per person and arrival day: a list imported twice adds nothing.
  await db.schema
    .createIndex('returnees_person_arrival')
    .on('returnees')
    .columns(['id_number', 'arrival_day'])
    .unique()
    .execute();
  await db.schema.createIndex('returnees_path').on('returnees').columns(['node_path', 'status']).execute();
  await db.schema
    .createIndex('returnees_created')
    .on('returnees')
    .columns(['node_path', 'created_at'])
    .execute();

  await db.schema
    .createTable('returnee_visits')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('returnee_id', 'bigint', (c) => c.notNull())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('slot', 'integer', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('temp_x10', 'integer')
    .addColumn('symptoms', 'text', (c) => c.notNull())
    .addColumn('performed_by', 'bigint')
    .addColumn('performed_at', 'bigint')
    // Set at release: the retention clock of the visits starts here.
    .addColumn('released_at', 'bigint')
    .execute();
  // The natural key regeneration relies on: a (person, day, slot) exists once, so regenerating
  // inserts only what is missing and never rewrites a performed visit.
  await db.schema
    .createIndex('returnee_visits_slot')
    .on('returnee_visits')
    .columns(['returnee_id', 'day', 'slot'])
    .unique()
    .execute();
  await db.schema
    .createIndex('returnee_visits_due')
    .on('returnee_visits')
    .columns(['node_path', 'status', 'due_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('returnee_visits').execute();
  await db.schema.dropTable('returnees').execute();
  await db.schema.dropTable('returnee_rules').execute();
}
