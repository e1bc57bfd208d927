import type { Db } from './connect.ts';

const afterCommitHooks = new WeakMap<object, Array<() => void>>();

/**
 * Runs `fn` in one transaction, or inside the caller's if `db` is one already, so services
 * compose. Callbacks registered with `afterCommit` run only once the outermost commit succeeded.
 */
export async function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  const hooks: Array<() => void> = [];
  const result = await db.transaction().execute(async (trx) => {
    afterCommitHooks.set(trx, hooks);
    return fn(trx);
  });
  for (const hook of hooks) hook();
  return result;
}

/** Schedules `hook` after the transaction commits; outside a transaction it runs at once. */
export function afterCommit(db: Db, hook: () => void): void {
  const hooks = afterCommitHooks.get(db);
  if (hooks) hooks.push(hook);
  else if (db.isTransaction) throw new Error('afterCommit: transaction was not opened by inTransaction');
  else hook();
}
