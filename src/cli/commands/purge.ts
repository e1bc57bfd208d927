import { parseArgs } from 'node:util';
import { buildApp } from '../../server/app.ts';
import type { Command } from '../context.ts';

/**
 * `xinghuo purge [--dry-run]`: the daily retention purge on demand, or what it would remove, per
 * table and node. The app is assembled (without serving or jobs) so every module's declarations
 * are known.
 */
export const purge: Command = async (args, cli) => {
  const { values } = parseArgs({
    args,
    options: { 'dry-run': { type: 'boolean', default: false } },
    strict: true,
  });
  const dbh = cli.open();
  const { app, ctx } = await buildApp({ config: { ...cli.config, jobs: false }, dbh, logger: false });
  try {
    const dryRun = values['dry-run'] ?? false;
    const report = await ctx.retention.purge({ dryRun });
    const paths = [...new Set(report.lines.map((l) => l.nodePath))];
    const names = new Map<string, string>();
    for (let i = 0; i < paths.length; i += 500) {
      const rows = await ctx.db
        .selectFrom('nodes')
        .select(['path', 'name'])
        .where('path', 'in', paths.slice(i, i + 500))
        .execute();
      for (const row of rows) names.set(row.path, row.name);
    }
    const verb = dryRun ? 'would be' : 'were';
    cli.out(`${dryRun ? 'dry run: nothing is removed' : 'purge done'}`);
    const lines = [...report.lines].sort(
      (a, b) => a.table.localeCompare(b.table) || a.nodePath.localeCompare(b.nodePath),
    );
    for (const line of lines) {
      const node = names.get(line.nodePath) ?? '';
      cli.out(`  ${line.table}\t${line.nodePath}\t${node}\t${line.rows} ${verb} ${line.action}`);
    }
    const total = report.lines.reduce((sum, l) => sum + l.rows, 0);
    cli.out(
      `${total} rows ${verb} deleted or anonymised in ${new Set(lines.map((l) => l.table)).size} tables`,
    );
    if (!dryRun)
      cli.out(`audit rows redacted: ${report.auditRedacted}; files removed: ${report.filesRemoved}`);
    return 0;
  } finally {
    await app.close();
    await dbh.close();
  }
};
