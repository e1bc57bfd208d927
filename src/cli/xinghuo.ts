import { type Command, processContext, UsageError } from './context.ts';

const USAGE = `xinghuo <command>

  serve                 migrate, load the demo city into an empty database, and serve web + API
  migrate               apply pending database migrations
  demo                  load the Yingkou demo city (tree, accounts, module demo data)
  audit verify          check the audit hash chain; exit 1 if it is broken
  ledger verify         check every cadre's factual-ledger hash chain; exit 1 if one is broken
  purge [--dry-run]     run the personal-data retention purge now, or print what it would
                        remove per table and node (XINGHUO_RETAIN_<TABLE>_DAYS set the rules)
  admin create-user --phone <11 digits> --name <name> --password <pw> --role <role> --node <division code>
                        create an account with one grant (XINGHUO_ADMIN_PASSWORD may replace --password)
  admin grant --phone <11 digits> --role <role> --node <division code>
                        give an existing account a role on a node
  backup [file]         SQLite: online backup to file (default DATA_DIR/backups/…);
                        PostgreSQL: prints the pg_dump command to use
  restore <file>        SQLite only, server stopped: replace the database with a checked backup

Configuration comes from XINGHUO_* environment variables (see README.md).`;

/** Loaded on demand: `audit verify` from cron should not pay for loading the whole server. */
const commands: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./commands/serve.ts')).serve,
  migrate: async () => (await import('./commands/database.ts')).migrate,
  demo: async () => (await import('./commands/demo.ts')).demo,
  audit: async () => (await import('./commands/database.ts')).audit,
  ledger: async () => (await import('./commands/database.ts')).ledger,
  admin: async () => (await import('./commands/admin.ts')).admin,
  backup: async () => (await import('./commands/backup.ts')).backup,
  restore: async () => (await import('./commands/backup.ts')).restore,
  purge: async () => (await import('./commands/purge.ts')).purge,
};

const [name = 'help', ...rest] = process.argv.slice(2);
const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
if (!load) {
  console.log(USAGE);
  process.exitCode = name === 'help' || name === '--help' ? 0 : 2;
} else {
  try {
    const command = await load();
    process.exitCode = await command(rest, processContext());
  } catch (err) {
    const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (usage) {
      if ((err as Error).message) console.error((err as Error).message);
      console.error(USAGE);
      process.exitCode = 2;
    } else {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    }
  }
}
