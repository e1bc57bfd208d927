import { auditVerify, migrate } from './commands/database.ts';
import { demo } from './commands/demo.ts';
import { serve } from './commands/serve.ts';

const USAGE = `xinghuo <command>

  serve                 migrate, load the demo city into an empty database, and serve web + API
  migrate               apply pending database migrations
  demo                  load the Yingkou demo city (tree, accounts, module demo data)
  audit verify          check the audit hash chain; exit 1 if it is broken

Configuration comes from XINGHUO_* environment variables (see README.md).`;

const commands: Record<string, (args: string[]) => Promise<void>> = {
  serve: () => serve(),
  migrate: () => migrate(),
  demo: () => demo(),
  audit: async (args) => {
    if (args[0] !== 'verify') throw new UsageError();
    await auditVerify();
  },
};

class UsageError extends Error {}

const [name = 'help', ...rest] = process.argv.slice(2);
const command = commands[name];
if (!command) {
  console.log(USAGE);
  process.exitCode = name === 'help' || name === '--help' ? 0 : 2;
} else {
  try {
    await command(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(USAGE);
      process.exitCode = 2;
    } else {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    }
  }
}
