import { loadConfig } from '../../server/config.ts';
import { AuditLog } from '../../server/core/audit/index.ts';
import { connectDatabase, migrateToLatest } from '../../server/core/db/index.ts';
import { migrations } from '../../server/migrations/index.ts';

export async function migrate(): Promise<void> {
  const dbh = connectDatabase(loadConfig().databaseUrl);
  try {
    const applied = await migrateToLatest(dbh.db, migrations);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  } finally {
    await dbh.close();
  }
}

/** Exit code 1 when the chain is broken, so cron and CI can alarm on it. */
export async function auditVerify(): Promise<void> {
  const dbh = connectDatabase(loadConfig().databaseUrl);
  try {
    const result = await new AuditLog(dbh.db).verify();
    console.log(`checked ${result.checked} audit rows: ${result.ok ? 'chain intact' : 'CHAIN BROKEN'}`);
    for (const p of result.problems) console.log(`  row ${p.id}: ${p.problem}`);
    if (!result.ok) process.exitCode = 1;
  } finally {
    await dbh.close();
  }
}
