import { type ColumnDataType, type Expression, type Kysely, PostgresAdapter, sql } from 'kysely';
import type { DialectName } from './connect.ts';

/** Helpers that keep migrations one text for both dialects. */
export function dialectOf(db: Pick<Kysely<unknown>, 'getExecutor'>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Auto-increment primary key type. */
export function serialId(db: Kysely<unknown>): ColumnDataType {
  return dialectOf(db) === 'postgres' ? 'bigserial' : 'integer';
}

/**
 * Materialised jurisdiction paths are compared byte-wise for subtree range scans; PostgreSQL's
 * default collation would order '/' among letters, so path columns use the "C" collation.
 */
export function pathType(db: Kysely<unknown>): Expression<unknown> {
  return dialectOf(db) === 'postgres' ? sql`text collate "C"` : sql`text`;
}
