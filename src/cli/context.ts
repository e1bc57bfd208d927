import { type Config, loadConfig } from '../server/config.ts';
import { connectDatabase, type DatabaseHandle } from '../server/core/db/index.ts';

/** What every command receives: configuration, a way to open the database, and its output. */
export interface CliContext {
  config: Config;
  /** A fresh database handle; the command closes it. */
  open(): DatabaseHandle;
  out(line: string): void;
  err(line: string): void;
}

/** Returns the process exit code: 0 done, 1 failed or found a problem, 2 misused. */
export type Command = (args: string[], cli: CliContext) => Promise<number>;

export class UsageError extends Error {}

export function processContext(): CliContext {
  const config = loadConfig();
  return {
    config,
    open: () => connectDatabase(config.databaseUrl),
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  };
}

export async function withDatabase<T>(cli: CliContext, fn: (dbh: DatabaseHandle) => Promise<T>): Promise<T> {
  const dbh = cli.open();
  try {
    return await fn(dbh);
  } finally {
    await dbh.close();
  }
}
