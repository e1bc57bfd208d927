import type { PersonalDataRegistry } from '../../core/retention/index.ts';

/** An order says where a household lives and what it eats; the daily figures outlive it. */
export function declareGroceryPersonalData(registry: PersonalDataRegistry): void {
  registry.declare({
    module: 'grocery',
    table: 'grocery_orders',
    purpose: { 'zh-CN': '平价菜订购与送货上门', en: 'Zero-markup grocery orders and doorstep delivery' },
    personal: ['household_id', 'placed_by', 'note'],
    sensitive: [],
    retention: {
      days: 90,
      after: ['status_at'],
      rule: {
        'zh-CN': '最后一次状态变化后 90 天（售后与对账）；每日数字保存在日快照中',
        en: '90 days after the last status change (complaints and reconciliation); daily figures live on in the snapshots',
      },
    },
    onExpiry: 'delete',
    auditEntity: 'grocery_order',
    person: (db, idNumber, scope) =>
      db
        .selectFrom('grocery_orders as o')
        .innerJoin('residents as r', 'r.household_id', 'o.household_id')
        .select('o.id')
        .where('r.id_number', '=', idNumber)
        .where(scope('r.node_path')),
  });
}
