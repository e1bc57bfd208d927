import { AuditLog } from '../../server/core/audit/index.ts';
import { migrateToLatest } from '../../server/core/db/index.ts';
import { migrations } from '../../server/migrations/index.ts';
import { type Command, UsageError, withDatabase } from '../context.ts';

export const migrate: Command = (_args, cli) =>
  withDatabase(cli, async (dbh) => {
    const applied = await migrateToLatest(dbh.db, migrations);
    cli.out(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    return 0;
  });

/** Exit code 1 when the chain is broken, so cron and CI can alarm on it. */
export const audit: Command = (args, cli) => {
  if (args[0] !== 'verify' || args.length !== 1) throw new UsageError();
  return withDatabase(cli, async (dbh) => {
    const result = await new AuditLog(dbh.db).verify();
    cli.out(`checked ${result.checked} audit rows: ${result.ok ? 'chain intact' : 'CHAIN BROKEN'}`);
    for (const p of result.problems) cli.out(`  row ${p.id}: ${p.problem}`);
    return result.ok ? 0 : 1;
  });
};

/** The cadres' factual ledger (纪实台账): every per-cadre chain; exit 1 on any edit, deletion or reorder. */
export const ledger: Command = (args, cli) => {
  if (args[0] !== 'verify' || args.length !== 1) throw new UsageError();
  return withDatabase(cli, async (dbh) => {
    const { CadresRepository, verifyLedger } = await import('../../server/modules/cadres/index.ts');
    const result = await verifyLedger(new CadresRepository(dbh.db));
    cli.out(
      `checked ${result.checked} ledger entries of ${result.cadres} cadres: ${result.ok ? 'chains intact' : 'CHAIN BROKEN'}`,
    );
    for (const p of result.problems) cli.out(`  cadre ${p.cadreId} entry ${p.seq}: ${p.problem}`);
    return result.ok ? 0 : 1;
  });
};
