import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { AuditLog } from '../../server/core/audit/index.ts';
import { type CoreTables, isPostgresUrl } from '../../server/core/db/index.ts';
import { migrations } from '../../server/migrations/index.ts';
import { type Command, UsageError, withDatabase } from '../context.ts';

const REQUIRED_TABLES = [
  'xinghuo_migrations',
  'nodes',
  'users',
  'grants',
  'audit_log',
  'audit_head',
  'events',
  'files',
];

function stamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
}

function pgDumpHelp(file: string): string[] {
  return [
    'PostgreSQL: take the backup with pg_dump (a consistent snapshot while Xinghuo keeps running):',
    `  pg_dump --format=custom --no-owner --file=${file} "$XINGHUO_DATABASE_URL"`,
    'Restore it into an empty database with the service stopped:',
    `  pg_restore --clean --if-exists --no-owner --dbname="$XINGHUO_DATABASE_URL" ${file}`,
    'then run `xinghuo audit verify`. Uploaded files live in XINGHUO_DATA_DIR/files: copy them too.',
  ];
}

/**
 * SQLite: an online backup (SQLite's backup API through better-sqlite3) that is consistent while
 * the server keeps writing, then checked by opening the copy. PostgreSQL: the pg_dump command.
 */
export const backup: Command = async (args, cli) => {
  if (args.length > 1) throw new UsageError();
  if (isPostgresUrl(cli.config.databaseUrl)) {
    for (const line of pgDumpHelp(args[0] ?? `xinghuo-${stamp()}.dump`)) cli.out(line);
    return 0;
  }
  const file = resolve(args[0] ?? join(cli.config.dataDir, 'backups', `xinghuo-${stamp()}.db`));
  if (existsSync(file)) {
    cli.err(`${file} exists already; choose another name`);
    return 1;
  }
  mkdirSync(dirname(file), { recursive: true });
  return withDatabase(cli, async (dbh) => {
    if (!dbh.sqlite) throw new Error('expected an SQLite database');
    await dbh.sqlite.backup(file);
    // The copy inherits WAL mode; as a rollback-journal file it is one self-contained file.
    const copy = new SqliteDatabase(file);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    const problem = await inspect(file);
    if (problem) {
      cli.err(`the backup at ${file} does not check out: ${problem}`);
      return 1;
    }
    cli.out(`backup written to ${file} (${statSync(file).size} bytes)`);
    cli.out(`uploaded files are not inside it: copy ${join(cli.config.dataDir, 'files')} as well`);
    return 0;
  });
};

/** Why `file` is not a restorable Xinghuo database, or null if it is one with an intact audit chain. */
export async function inspect(file: string): Promise<string | null> {
  if (!existsSync(file)) return 'no such file';
  let sqlite: SqliteDatabase.Database;
  try {
    sqlite = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    return `cannot open it: ${(err as Error).message}`;
  }
  const db = new Kysely<CoreTables>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    let check: unknown;
    try {
      check = sqlite.pragma('quick_check', { simple: true });
    } catch (err) {
      return `not an SQLite database (${(err as Error).message})`;
    }
    if (check !== 'ok') return `SQLite reports damage: ${String(check)}`;
    const tables = new Set(
      sqlite
        .prepare("select name from sqlite_master where type = 'table'")
        .all()
        .map((r) => (r as { name: string }).name),
    );
    const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
    if (missing.length > 0) return `not a Xinghuo database (missing tables: ${missing.join(', ')})`;
    const applied = sqlite
      .prepare('select name from xinghuo_migrations')
      .all()
      .map((r) => (r as { name: string }).name);
    const unknown = applied.filter((name) => !(name in migrations));
    if (unknown.length > 0) return `made by a newer Xinghuo (unknown migrations: ${unknown.join(', ')})`;
    const chain = await new AuditLog(db).verify();
    if (!chain.ok) {
      const first = chain.problems[0]!;
      return `its audit chain is broken (row ${first.id}: ${first.problem})`;
    }
    return null;
  } finally {
    await db.destroy();
  }
}

/**
 * SQLite only, with the server stopped. Refuses anything but a sound Xinghuo database, keeps the
 * current database beside it, copies the backup in through the backup API (which also handles
 * the WAL), then verifies the audit chain of what is now in place.
 */
export const restore: Command = async (args, cli) => {
  if (args.length !== 1) throw new UsageError();
  const url = cli.config.databaseUrl;
  if (isPostgresUrl(url)) {
    cli.err('restore is for the SQLite database; for PostgreSQL use pg_restore:');
    for (const line of pgDumpHelp(args[0]!).slice(2)) cli.err(line);
    return 2;
  }
  const target = resolve(url.replace(/^sqlite:/, ''));
  const source = resolve(args[0]!);
  if (source === target) {
    cli.err('the backup is the database itself');
    return 1;
  }
  const problem = await inspect(source);
  if (problem) {
    cli.err(`refusing to restore ${source}: ${problem}`);
    return 1;
  }
  if (existsSync(target)) {
    const kept = `${target}.before-restore-${stamp()}`;
    const current = new SqliteDatabase(target);
    try {
      await current.backup(kept);
    } finally {
      current.close();
    }
    cli.out(`the database it replaces is kept at ${kept}`);
  }
  mkdirSync(dirname(target), { recursive: true });
  const backupDb = new SqliteDatabase(source, { readonly: true, fileMustExist: true });
  try {
    await backupDb.backup(target);
  } finally {
    backupDb.close();
  }
  return withDatabase(cli, async (dbh) => {
    const result = await new AuditLog(dbh.db).verify();
    const count = async (table: 'users' | 'nodes' | 'grants') =>
      Number(
        (
          await dbh.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    cli.out(
      `restored ${source}: ${await count('nodes')} nodes, ${await count('users')} users, ${await count('grants')} grants`,
    );
    cli.out(`checked ${result.checked} audit rows: ${result.ok ? 'chain intact' : 'CHAIN BROKEN'}`);
    for (const p of result.problems) cli.out(`  row ${p.id}: ${p.problem}`);
    return result.ok ? 0 : 1;
  });
};
