import type { Kysely } from 'kysely';
import { pathType, serialId } from '../core/db/index.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const path = pathType(db);

  // One value per (node, Beijing day, figure): trends over weeks are a range read, and the
  // figures outlive purges of the rows they were counted from.
  await db.schema
    .createTable('figure_snapshots')
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision')
    .addColumn('computed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('figure_snapshots_pk', ['node_path', 'day', 'key'])
    .execute();

  await db.schema
    .createTable('chronicle_entries')
    .addColumn('id', serialId(db), (c) => c.primaryKey())
    .addColumn('node_path', path, (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('corrects_id', 'bigint')
    .addColumn('period_start', 'bigint', (c) => c.notNull())
    .addColumn('period_end', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('drafted_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('approved_by', 'bigint')
    .addColumn('approved_at', 'bigint')
    // A period is drafted once, and a number names one entry: retries and a second instance collide here.
    .addUniqueConstraint('chronicle_period_version', ['node_path', 'period_start', 'version'])
    .addUniqueConstraint('chronicle_number_version', ['node_path', 'number', 'version'])
    .execute();

  // The chronicle reads a day's events by time; ids are only roughly in commit order.
  await db.schema.createIndex('events_created').on('events').columns(['created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('events_created').execute();
  await db.schema.dropTable('chronicle_entries').execute();
  await db.schema.dropTable('figure_snapshots').execute();
}
