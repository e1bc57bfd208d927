import type { Expression, Kysely, SelectQueryBuilder, SqlBool } from 'kysely';
import type { Db } from '../db/index.ts';

export interface Text {
  'zh-CN': string;
  en: string;
}

/** Marks an anonymised column that must stay unique: it becomes '-' followed by the row's key. */
export const ERASED = Symbol('erased');
export type AnonymisedValue = string | number | null | typeof ERASED;

// biome-ignore lint/suspicious/noExplicitAny: declarations name tables core cannot type.
export type AnyDb = Kysely<any>;
// biome-ignore lint/suspicious/noExplicitAny: a query over a module's tables, selecting one key column.
export type KeyQuery = SelectQueryBuilder<any, any, any>;
/** A predicate on a node path column: true where the row lies in the caller's subtrees. */
export type ScopeFilter = (column: string) => Expression<SqlBool>;

/**
 * One table's personal data, declared by the module that owns the table, beside it. Core never
 * imports modules: each registers its declarations through `ctx.retention.declare`.
 */
export interface PersonalDataDeclaration {
  module: string;
  table: string;
  /** Integer primary key, walked in windows by the purge. Default 'id'. */
  key?: string;
  /** The node path column; null for tables outside the tree (never touched by an emergency end). */
  nodeColumn?: string | null;
  purpose: Text;
  /** Columns that identify or describe a person. */
  personal: string[];
  /** Health, whereabouts or state of mind (PIPL Art. 28): the strictest rules apply. */
  sensitive: string[];
  retention: {
    /** Default days to keep; null keeps the rows until the emergency ends for their node. */
    days: number | null;
    /** The clock starts at the latest of these columns being set (expired when any is past). */
    after: string[];
    /** Human wording of the rule for the admin page and docs. */
    rule: Text;
  };
  /** Delete the row, or blank these columns and keep the row so counts per day and node survive. */
  onExpiry: 'delete' | { anonymise: Record<string, AnonymisedValue> };
  /** Not purged by any clock (accounts, the audit log): listed so the inventory is complete. */
  manual?: Text;
  /** Audit rows about this table's records carry this entity type; they are redacted when a row goes. */
  auditEntity?: string;
  /** Files attached to this table's rows are registered under this owner type (owner id = key)… */
  fileOwner?: string;
  /** … or this column holds the id of the row's file. */
  fileIdColumn?: string;
  /**
   * The keys of rows about the person with this ID number: rows of this table whose person lies
   * in `scope` (the engine also scopes this table's own node column).
   */
  person?: (db: AnyDb, idNumber: string, scope: ScopeFilter) => KeyQuery;
  /**
   * The rows a per-person erasure removes, when narrower than `person`: a household's address
   * or car goes only with its last member.
   */
  personErase?: (db: AnyDb, idNumber: string, scope: ScopeFilter) => KeyQuery;
  /** Why a per-person erasure keeps these rows (a legal duty); absent = erasable. */
  legalDuty?: Text;
}

/** A subtree hook: modules retire what is not a row (signing keys) when an emergency ends. */
export type SubtreeEndedHook = (trx: Db, paths: string[]) => Promise<void>;

/** What a module calls from its index.ts. */
export interface PersonalDataRegistry {
  declare(...declarations: PersonalDataDeclaration[]): void;
  onSubtreeEnded(hook: SubtreeEndedHook): void;
}

export interface ResolvedRule extends PersonalDataDeclaration {
  key: string;
  nodeColumn: string | null;
  /** The days in force: the environment's override or the default. */
  days: number | null;
  setting: string;
}

/** XINGHUO_RETAIN_<TABLE>_DAYS — one setting per table, named after it. */
export function settingName(table: string): string {
  return `XINGHUO_RETAIN_${table.toUpperCase()}_DAYS`;
}
