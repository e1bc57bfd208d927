import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { CoreTables } from './tables.ts';

export type DialectName = 'sqlite' | 'postgres';
export type Db = Kysely<CoreTables>;

export interface DatabaseHandle {
  db: Db;
  dialect: DialectName;
  /** The raw better-sqlite3 connection, for online backup and prepared hot-path statements. */
  sqlite?: SqliteDatabase.Database;
  pgPool?: pg.Pool;
  /** The PostgreSQL connection settings, for a dedicated LISTEN connection. */
  pgConfig?: pg.PoolConfig;
  close(): Promise<void>;
}

// bigint columns hold epoch milliseconds and ids, all far below 2^53: read them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

export interface ConnectOptions {
  /** PostgreSQL schema to use (search_path); tests give each run its own. */
  schema?: string;
  poolSize?: number;
}

export function connectDatabase(url: string, options: ConnectOptions = {}): DatabaseHandle {
  if (isPostgresUrl(url)) return connectPostgres(url, options);
  return connectSqlite(url.replace(/^sqlite:/, ''));
}

function connectPostgres(url: string, options: ConnectOptions): DatabaseHandle {
  const pgConfig: pg.PoolConfig = {
    connectionString: url,
    max: options.poolSize ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  };
  const pool = new pg.Pool(pgConfig);
  const db = new Kysely<CoreTables>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', pgPool: pool, pgConfig, close: () => db.destroy() };
}

function connectSqlite(file: string): DatabaseHandle {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  // Only takes effect on a new, empty file: purges can then hand free pages back in small steps.
  sqlite.pragma('auto_vacuum = INCREMENTAL');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Deleted personal data must not linger in free pages of the file.
  sqlite.pragma('secure_delete = ON');
  const db = new Kysely<CoreTables>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', sqlite, close: () => db.destroy() };
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query anew, which costs as much as running a simple one.
 * Query builders produce the same SQL text for the same shape, so prepared statements are kept by
 * text (least recently used evicted).
 */
function withStatementCache(sqlite: SqliteDatabase.Database): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepare = (source: string) => {
    let statement = cache.get(source);
    if (statement) {
      cache.delete(source);
    } else {
      statement = sqlite.prepare(source);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, statement);
    return statement;
  };
  return new Proxy(sqlite, {
    get(target, property, receiver) {
      if (property === 'prepare') return prepare;
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
