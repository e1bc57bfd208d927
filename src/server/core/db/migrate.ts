import { type Kysely, type Migration, sql } from 'kysely';
import { dialectOf } from './columns.ts';

export const MIGRATIONS_TABLE = 'xinghuo_migrations';

/** Any fixed number: the PostgreSQL advisory lock that serialises instances migrating at once. */
const MIGRATION_LOCK = 2108_2020;

/**
 * Applies pending migrations in name order, all in one transaction. Kysely's own migrator finds
 * its bookkeeping tables by introspecting every schema of the database, which races with schemas
 * being dropped next to it (parallel tests, tenants) and slows with their number; this one only
 * ever touches its own table. On PostgreSQL an advisory lock makes concurrent starts wait for the
 * first to finish; DDL there is transactional, so a failed migration leaves nothing half-applied.
 */
export async function migrateToLatest<T>(
  db: Kysely<T>,
  migrations: Record<string, Migration>,
): Promise<string[]> {
  const raw = db as unknown as Kysely<unknown>;
  const postgres = dialectOf(raw) === 'postgres';
  return raw.transaction().execute(async (trx) => {
    if (postgres) await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
    await sql`create table if not exists ${sql.table(MIGRATIONS_TABLE)} (name text primary key, applied_at bigint not null)`.execute(
      trx,
    );
    const done = await sql<{ name: string }>`select name from ${sql.table(MIGRATIONS_TABLE)}`.execute(trx);
    const applied = new Set(done.rows.map((r) => r.name));
    const pending = Object.keys(migrations)
      .sort()
      .filter((name) => !applied.has(name));
    for (const name of pending) {
      await migrations[name]!.up(trx);
      await sql`insert into ${sql.table(MIGRATIONS_TABLE)} (name, applied_at) values (${name}, ${Date.now()})`.execute(
        trx,
      );
    }
    return pending;
  });
}
