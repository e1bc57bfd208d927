import type { PersonalDataRegistry } from '../../core/retention/index.ts';

/**
 * The ledger is an official record of officials' conduct, hash-chained: a clock that deleted rows
 * would break every chain, so it is listed but kept (decision 1311).
 */
export function declareCadresPersonalData(registry: PersonalDataRegistry): void {
  registry.declare({
    module: 'cadres',
    table: 'cadre_ledger',
    purpose: { 'zh-CN': '包联干部纪实台账', en: 'Factual ledger of cadres in their responsibility areas' },
    personal: ['cadre_id', 'content', 'place', 'evidence', 'recorded_by'],
    sensitive: [],
    retention: {
      days: null,
      after: ['created_at'],
      rule: {
        'zh-CN': '干部考核档案，不随疫情结束清除；只可追加更正',
        en: 'A cadre assessment record: kept after the emergency; only corrected by appending',
      },
    },
    onExpiry: 'delete',
    manual: {
      'zh-CN': '按干部档案管理规定保存，不自动清除（哈希链要求只追加）',
      en: 'Kept under cadre-file rules, never purged by a clock (the hash chain is append-only)',
    },
    legalDuty: {
      'zh-CN': '干部考核纪实须完整留存',
      en: 'Cadre assessment records must be kept complete',
    },
  });
  // Who held which village, who sat on which assessment group and who was nominated are the
  // context every ledger entry is read in: kept with the ledger, under the same rule.
  const keptWithLedger = {
    days: null,
    after: ['created_at'],
    rule: {
      'zh-CN': '随纪实台账作为干部考核档案保存',
      en: 'Kept with the factual ledger as part of the cadre assessment record',
    },
  };
  const manual = {
    'zh-CN': '按干部档案管理规定保存，不自动清除',
    en: 'Kept under cadre-file rules, never purged by a clock',
  };
  registry.declare(
    {
      module: 'cadres',
      table: 'cadre_areas',
      purpose: { 'zh-CN': '包联责任区', en: 'Responsibility areas (包联)' },
      personal: ['leader_id', 'created_by'],
      sensitive: [],
      retention: keptWithLedger,
      onExpiry: 'delete',
      manual,
    },
    {
      module: 'cadres',
      table: 'cadre_group_members',
      key: 'group_id',
      nodeColumn: null,
      purpose: { 'zh-CN': '考核组成员', en: 'Assessment group members' },
      personal: ['user_id'],
      sensitive: [],
      retention: { ...keptWithLedger, after: ['added_at'] },
      onExpiry: 'delete',
      manual,
    },
    {
      module: 'cadres',
      table: 'cadre_nominations',
      purpose: { 'zh-CN': '优秀干部推荐', en: 'Outstanding-cadre nominations' },
      personal: ['cadre_id', 'reason', 'nominated_by', 'decided_by'],
      sensitive: [],
      retention: { ...keptWithLedger, after: ['nominated_at'] },
      onExpiry: 'delete',
      manual,
    },
  );
}
