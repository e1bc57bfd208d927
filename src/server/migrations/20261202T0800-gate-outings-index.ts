import { type Kysely, sql } from 'kysely';

/**
 * The quota count reads only a household's recorded outings on a person's pass, over at most 31
 * days; the index held every entry, ordered by household, so the purge, which removes entries in
 * time order, removed each from a different page. Led by the entry's day (UTC) it removes them in
 * order, and as a partial index it holds about half of them (decision 1004).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('gate_entries_quota').execute();
  await sql`create index gate_entries_outings on gate_entries ((at / 86400000), household_id, at)
    where direction = 'out' and kind = 'pass' and lane = 'person' and result = 'ok'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('gate_entries_outings').execute();
  await db.schema
    .createIndex('gate_entries_quota')
    .on('gate_entries')
    .columns(['household_id', 'direction', 'at'])
    .execute();
}
