import type { PersonalDataRegistry } from '../../core/retention/index.ts';

/** Gate entries are whereabouts plus a temperature: the shortest clock on the platform. */
export function declareGatePersonalData(registry: PersonalDataRegistry): void {
  registry.declare(
    {
      module: 'gate',
      table: 'gate_entries',
      purpose: {
        'zh-CN': '小区出入登记与体温筛查',
        en: 'Compound entry records and temperature screening',
      },
      personal: ['visitor_name', 'visitor_phone', 'visitor_reason', 'pass_id', 'household_id'],
      sensitive: ['temp_x100', 'at', 'gate', 'direction'],
      retention: {
        days: 28,
        after: ['at'],
        rule: {
          'zh-CN': '登记后 28 天（两个潜伏期）；每日数字保存在指挥大屏的日快照中',
          en: '28 days after the entry (two incubation periods); the daily figures live on in the dashboard snapshots',
        },
      },
      onExpiry: 'delete',
      person: (db, idNumber, scope) =>
        db
          .selectFrom('gate_entries as e')
          .innerJoin('passes as p', 'p.id', 'e.pass_id')
          .innerJoin('residents as r', 'r.id', 'p.resident_id')
          .select('e.id')
          .where('r.id_number', '=', idNumber)
          .where(scope('r.node_path')),
    },
    {
      module: 'gate',
      table: 'gate_fevers',
      purpose: { 'zh-CN': '发热人员处置', en: 'Handling people found with a fever' },
      personal: ['entry_id'],
      sensitive: ['temp_x100', 'at', 'action'],
      retention: {
        days: 28,
        after: ['at'],
        rule: { 'zh-CN': '发现后 28 天', en: '28 days after it was found' },
      },
      onExpiry: 'delete',
      auditEntity: 'gate_fever',
      person: (db, idNumber, scope) =>
        db
          .selectFrom('gate_fevers as f')
          .innerJoin('gate_entries as e', 'e.id', 'f.entry_id')
          .innerJoin('passes as p', 'p.id', 'e.pass_id')
          .innerJoin('residents as r', 'r.id', 'p.resident_id')
          .select('f.id')
          .where('r.id_number', '=', idNumber)
          .where(scope('r.node_path')),
    },
  );
}
