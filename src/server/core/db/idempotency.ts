import { createHash } from 'node:crypto';
import { AppError } from '../errors.ts';
import type { Db } from './connect.ts';
import { inTransaction } from './tx.ts';

export function requestHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

/**
 * Runs `fn` once per (user, key): a retried submission with the same key and the same body gets
 * the first answer back instead of a second record; the same key with another body is refused.
 * The key row is written in the same transaction as the change, so a failed attempt leaves no key.
 */
export async function withIdempotency<T>(
  db: Db,
  userId: number,
  key: string | undefined,
  body: unknown,
  fn: (trx: Db) => Promise<T>,
): Promise<{ result: T; replayed: boolean }> {
  if (!key) return { result: await inTransaction(db, fn), replayed: false };
  const hash = requestHash(body);
  const replay = async () => {
    const existing = await db
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'response'])
      .where('user_id', '=', userId)
      .where('key', '=', key)
      .executeTakeFirst();
    if (!existing) return undefined;
    if (existing.request_hash !== hash) throw new AppError('IDEMPOTENCY_CONFLICT', 409);
    return { result: JSON.parse(existing.response) as T, replayed: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  try {
    const result = await inTransaction(db, async (trx) => {
      const value = await fn(trx);
      await trx
        .insertInto('idempotency_keys')
        .values({
          user_id: userId,
          key,
          request_hash: hash,
          response: JSON.stringify(value),
          created_at: Date.now(),
        })
        .execute();
      return value;
    });
    return { result, replayed: false };
  } catch (err) {
    // Two identical submissions raced: the loser's transaction rolled back on the key; answer as a replay.
    const raced = await replay();
    if (raced) return raced;
    throw err;
  }
}
