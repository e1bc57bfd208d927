import { type RawBuilder, sql } from 'kysely';

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * LIKE patterns from user input, for `eb(column, 'like', containing(q))`: the user's % and _
 * match themselves, and the ESCAPE clause is explicit because SQLite has no default escape
 * character while PostgreSQL's is the backslash.
 */
export function containing(text: string): RawBuilder<string> {
  return sql<string>`${`%${escapeLike(text)}%`} escape '\\'`;
}

export function startingWith(text: string): RawBuilder<string> {
  return sql<string>`${`${escapeLike(text)}%`} escape '\\'`;
}
