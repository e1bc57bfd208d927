export { dialectOf, pathType, serialId } from './columns.ts';
export { connectDatabase, type DatabaseHandle, type Db, type DialectName, isPostgresUrl } from './connect.ts';
export { GroupCommit } from './group-commit.ts';
export { requestHash, withIdempotency } from './idempotency.ts';
export { containing, startingWith } from './like.ts';
export { migrateToLatest } from './migrate.ts';
export type * from './tables.ts';
export { afterCommit, inTransaction } from './tx.ts';
