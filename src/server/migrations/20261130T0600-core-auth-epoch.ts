import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../core/db/index.ts';

/**
 * One counter that every change to who-may-do-what bumps, in the same transaction as the change:
 * a grant added, changed or removed, a user's status or profile changed, a session ended. Each
 * instance caches resolved sessions and checks this counter per request (decision 1400), so a
 * revocation committed on any instance takes effect on the next request on all of them. Triggers
 * rather than service code: no write path (a module, a script, a bulk load) can forget it.
 */
const WATCHED: Array<{ table: string; event: string; name: string }> = [
  { table: 'grants', event: 'insert', name: 'grants_ins' },
  { table: 'grants', event: 'update', name: 'grants_upd' },
  { table: 'grants', event: 'delete', name: 'grants_del' },
  { table: 'users', event: 'update of status, name, phone, locale', name: 'users_upd' },
  { table: 'users', event: 'delete', name: 'users_del' },
  { table: 'sessions', event: 'delete', name: 'sessions_del' },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('auth_epoch')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into auth_epoch (id, version) values (1, 0)`.execute(db);
  if (dialectOf(db) === 'postgres') {
    await sql`create function bump_auth_epoch() returns trigger language plpgsql as $$
      begin update auth_epoch set version = version + 1 where id = 1; return null; end $$`.execute(db);
    // Statement-level: a bulk grant load bumps once per statement, not once per row.
    for (const w of WATCHED)
      await sql
        .raw(
          `create trigger auth_epoch_${w.name} after ${w.event} on ${w.table} for each statement execute function bump_auth_epoch()`,
        )
        .execute(db);
    return;
  }
  for (const w of WATCHED)
    await sql
      .raw(
        `create trigger auth_epoch_${w.name} after ${w.event} on ${w.table} begin update auth_epoch set version = version + 1 where id = 1; end`,
      )
      .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  for (const w of WATCHED)
    await sql.raw(`drop trigger auth_epoch_${w.name}${postgres ? ` on ${w.table}` : ''}`).execute(db);
  if (postgres) await sql`drop function bump_auth_epoch()`.execute(db);
  await db.schema.dropTable('auth_epoch').execute();
}
