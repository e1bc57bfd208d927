import { pathInScope } from '../access/index.ts';

/** `column` lies in the subtree at `path`: one index range on both dialects. */
export const inSubtree = (column: string, path: string) => pathInScope(column, [path]);

/** COUNT(*) and SUM() come back as strings (bigint) on PostgreSQL; one conversion for both dialects. */
export const num = (value: unknown): number => (value == null ? 0 : Number(value));
