import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectDatabase, type DatabaseHandle, type DialectName } from '../src/server/core/db/index.ts';

/**
 * Which databases the suite runs on. Both by default; XINGHUO_TEST_DIALECTS=sqlite narrows it for
 * a quick local loop. PostgreSQL comes from XINGHUO_TEST_PG_URL (default: the local trust-auth
 * server). In CI a missing PostgreSQL fails the run: it is never skipped silently.
 */
export const PG_URL = process.env.XINGHUO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const dialects: DialectName[] = (process.env.XINGHUO_TEST_DIALECTS ?? 'sqlite,postgres')
  .split(',')
  .map((d) => d.trim())
  .filter((d): d is DialectName => d === 'sqlite' || d === 'postgres');

export interface TestDatabase {
  dbh: DatabaseHandle;
  /** For PostgreSQL: the schema this database lives in, to open a second connection (another instance). */
  schema?: string;
  drop(): Promise<void>;
}

/** A fresh, empty database: in-memory SQLite, or a PostgreSQL schema of its own dropped afterwards. */
export async function createTestDatabase(dialect: DialectName, sqliteFile?: string): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dbh = connectDatabase(sqliteFile ?? ':memory:');
    return { dbh, drop: () => dbh.close() };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const dbh = connectDatabase(PG_URL, { schema, poolSize: 5 });
  return {
    dbh,
    schema,
    async drop() {
      await dbh.close();
      const cleanup = new pg.Client({ connectionString: PG_URL });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
      await cleanup.end();
    },
  };
}
