import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AuditLog } from '../../src/server/core/audit/index.ts';
import { type DialectName, inTransaction } from '../../src/server/core/db/index.ts';
import { EventBus } from '../../src/server/core/events/index.ts';
import { WebhookDispatcher } from '../../src/server/core/events/webhooks.ts';
import { prepareDatabase } from '../lib/database.ts';
import { goal } from '../lib/report.ts';
import type { BenchContext, BenchRow } from '../lib/types.ts';

/**
 * A burst of domain events fanned out to one webhook on the city root: how fast the outbox
 * drains into a local receiver (in this process, so the figure includes the receiver's share).
 */
async function webhookDrain(ctx: BenchContext, dialect: DialectName): Promise<BenchRow> {
  const database = await prepareDatabase(dialect, ctx.tmpDir, `platform_${dialect}`);
  const { db } = database.dbh;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const root = await db
      .selectFrom('nodes')
      .select(['id', 'path'])
      .where('code', '=', '2108')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('webhooks')
      .values({
        node_id: root.id,
        node_path: root.path,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
        secret: 'whsec_bench',
        event_types: '[]',
        active: 1,
        created_by: null,
        created_at: Date.now(),
      })
      .execute();
    const bus = new EventBus(db, database.dbh.dialect, database.dbh.pgConfig);
    const n = ctx.quick ? 500 : 2000;
    await inTransaction(db, async (trx) => {
      for (let i = 0; i < n; i += 1) {
        await bus.append(trx, { type: 'bench.event', nodePath: `${root.path}210881/`, payload: { i } });
      }
    });
    const dispatcher = new WebhookDispatcher(db, { budgetMs: 120_000 });
    const start = performance.now();
    const sent = await dispatcher.dispatchDue();
    const perS = sent / ((performance.now() - start) / 1000);
    if (sent !== n) throw new Error(`webhook drain: sent ${sent} of ${n}`);
    return {
      scenario: 'platform',
      figure: `webhook deliveries drained (${dialect})`,
      value: perS,
      unit: '/s',
      ...goal(perS, '≥', 200),
    };
  } finally {
    server.close();
    await database.drop();
  }
}

/** `xinghuo audit verify` over a large chain, and an online SQLite backup of the same file. */
async function auditAndBackup(ctx: BenchContext): Promise<BenchRow[]> {
  const database = await prepareDatabase('sqlite', ctx.tmpDir, 'platform_audit');
  const { db, sqlite } = database.dbh;
  try {
    const audit = new AuditLog(db);
    const rows = ctx.quick ? 20_000 : 100_000;
    for (let done = 0; done < rows; done += 1000) {
      await inTransaction(db, (trx) =>
        audit.recordMany(
          trx,
          Array.from({ length: 1000 }, (_, i) => ({
            actorId: null,
            action: 'bench.wrote',
            entityType: 'bench',
            entityId: done + i,
            nodePath: '2108/210881/',
            detail: { i: done + i },
          })),
        ),
      );
    }
    let start = performance.now();
    const result = await audit.verify();
    const verifyPerS = result.checked / ((performance.now() - start) / 1000);
    if (!result.ok) throw new Error('audit chain broken in the bench');
    start = performance.now();
    await sqlite!.backup(join(ctx.tmpDir, 'platform_audit.backup.db'));
    const backupMs = performance.now() - start;
    return [
      {
        scenario: 'platform',
        figure: `audit verify (${rows} rows)`,
        value: verifyPerS,
        unit: 'rows/s',
        ...goal(verifyPerS, '≥', 50_000),
      },
      {
        scenario: 'platform',
        figure: 'SQLite online backup (tree + audit)',
        value: backupMs,
        unit: 'ms',
        ...goal(backupMs, '≤', 2_000),
      },
    ];
  } finally {
    await database.drop();
  }
}

export default async function platform(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const dialect of ctx.dialects) rows.push(await webhookDrain(ctx, dialect));
  if (ctx.dialects.includes('sqlite')) rows.push(...(await auditAndBackup(ctx)));
  return rows;
}
