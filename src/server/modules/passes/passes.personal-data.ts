import type { Db } from '../../core/db/index.ts';
import type { PersonalDataRegistry } from '../../core/retention/index.ts';
import type { PassTables } from './passes.tables.ts';

/** A pass names its holder and opens a gate: it goes 30 days after it stopped being valid. */
export function declarePassesPersonalData(registry: PersonalDataRegistry): void {
  registry.declare({
    module: 'passes',
    table: 'passes',
    purpose: { 'zh-CN': '出入证（人、车）', en: 'Entry passes for people and cars' },
    personal: ['resident_id', 'vehicle_id', 'code'],
    sensitive: [],
    retention: {
      days: 30,
      after: ['revoked_at', 'valid_until'],
      rule: {
        'zh-CN': '吊销或到期后 30 天',
        en: '30 days after it was revoked or expired',
      },
    },
    onExpiry: 'delete',
    auditEntity: 'pass',
    person: (db, idNumber, scope) =>
      db
        .selectFrom('passes as p')
        .innerJoin('residents as r', 'r.id', 'p.resident_id')
        .select('p.id')
        .where('r.id_number', '=', idNumber)
        .where(scope('r.node_path')),
  });
  // When an emergency is over its passes are gone (purged with the subtree); a key that no
  // longer signs any active pass opens nothing and is retired. The active key keeps signing.
  registry.onSubtreeEnded(async (trx: Db) => {
    const db = trx.withTables<PassTables>();
    await db
      .updateTable('pass_keys')
      .set({ status: 'retired', retired_at: Date.now() })
      .where('status', '=', 'verifying')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('passes')
              .select('passes.id')
              .whereRef('passes.key_id', '=', 'pass_keys.id')
              .where('passes.status', '=', 'active'),
          ),
        ),
      )
      .execute();
  });
}
