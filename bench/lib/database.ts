import { rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import {
  connectDatabase,
  type DatabaseHandle,
  type DialectName,
  migrateToLatest,
} from '../../src/server/core/db/index.ts';
import { migrations } from '../../src/server/migrations/index.ts';
import { loadRegions, readRegionFile } from '../../src/server/modules/regions/index.ts';

export const BENCH_PG_URL = process.env.XINGHUO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  /** What XINGHUO_DATABASE_URL the server process should use. */
  url: string;
  /** Extra environment for the server process (the PostgreSQL schema). */
  env: Record<string, string>;
  dbh: DatabaseHandle;
  drop(): Promise<void>;
}

/** A migrated database with the real Yingkou tree: a SQLite file in tmpDir or a PostgreSQL schema. */
export async function prepareDatabase(
  dialect: DialectName,
  tmpDir: string,
  name: string,
): Promise<BenchDatabase> {
  if (dialect === 'sqlite') {
    const file = join(tmpDir, `${name}.db`);
    const dbh = connectDatabase(file);
    await migrateToLatest(dbh.db, migrations);
    await loadRegions(dbh.db, readRegionFile());
    return { url: `sqlite:${file}`, env: {}, dbh, drop: () => dbh.close() };
  }
  const schema = schemaName(name);
  const admin = new pg.Client({ connectionString: BENCH_PG_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  await admin.end();
  const dbh = connectDatabase(BENCH_PG_URL, { schema });
  await migrateToLatest(dbh.db, migrations);
  await loadRegions(dbh.db, readRegionFile());
  const url = `${BENCH_PG_URL}${BENCH_PG_URL.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;
  return {
    url,
    env: {},
    dbh,
    async drop() {
      await dbh.close();
      const c = new pg.Client({ connectionString: BENCH_PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

function schemaName(name: string): string {
  return `bench_${name.replace(/\W/g, '_')}_${process.pid}`;
}

/** Removes what prepareDatabase made, once its handle is already closed (the server had the database). */
export async function dropDatabase(dialect: DialectName, tmpDir: string, name: string): Promise<void> {
  if (dialect === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(tmpDir, `${name}.db${suffix}`), { force: true });
    return;
  }
  const c = new pg.Client({ connectionString: BENCH_PG_URL });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS ${schemaName(name)} CASCADE`);
  await c.end();
}

/** The app in this process on a prepared database, without jobs or web pages, as scenarios measure it. */
export function buildBenchApp(
  database: BenchDatabase,
  dataDir: string,
  options: { logErrors?: boolean } = {},
) {
  const config = {
    ...loadConfig({}),
    databaseUrl: database.url,
    dataDir,
    jobs: false,
    webDir: undefined,
    logLevel: options.logErrors ? ('error' as const) : ('warn' as const),
  };
  return buildApp({ config, dbh: database.dbh, logger: Boolean(options.logErrors) });
}
