import type { Kysely } from 'kysely';
import { pathType, serialId } from '../core/db/index.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const id = serialId(db);
  const path = pathType(db);
  // A person's own registration waits in the village cadre's queue for a category and a measure.
  await db.schema
    .alterTable('returnees')
    .addColumn('self_reported', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // Session outcome: done / no_show / cancelled, with the counsellor's notes (already a column).
  await db.schema.alterTable('counselling_bookings').addColumn('closed_at', 'bigint').execute();

  // "I need help now": no slot, reaches the counsellors on duty, escalated when nobody answers.
  await db.schema
    .createTable('counselling_crises')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('node_path', path, (c) => c.notNull())
    // Kept only so the requester sees their own request; never shown to anyone else.
    .addColumn('requester_id', 'bigint', (c) => c.notNull())
    .addColumn('alias', 'text')
    .addColumn('phone', 'text')
    // request: the person asked; flag: a counsellor raised it from a session.
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('booking_id', 'bigint')
    // open → answered | escalated → answered
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('answered_by', 'bigint')
    .addColumn('answered_at', 'bigint')
    .addColumn('escalated_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('counselling_crises_status')
    .on('counselling_crises')
    .columns(['status', 'created_at'])
    .execute();

  // Micro-courses: one row per course, one per (course, person) who opened it; counts come from those.
  await db.schema
    .createTable('counselling_courses')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    // JSON list: police, medical, families, residents
    .addColumn('audiences', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('counselling_course_views')
    .addColumn('course_id', 'bigint', (c) => c.notNull())
    .addColumn('user_id', 'bigint', (c) => c.notNull())
    .addColumn('viewed_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .addPrimaryKeyConstraint('counselling_course_views_pk', ['course_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('counselling_course_views').execute();
  await db.schema.dropTable('counselling_courses').execute();
  await db.schema.dropTable('counselling_crises').execute();
  await db.schema.alterTable('counselling_bookings').dropColumn('closed_at').execute();
  await db.schema.alterTable('returnees').dropColumn('self_reported').execute();
}
