import type { PersonalDataRegistry } from '../../core/retention/index.ts';

/**
 * Discipline records name a cadre and the measure taken: kept as long as a personnel file needs
 * them, never erased on request (a legal duty). Findings name only the inspector who recorded them.
 */
export function declareSupervisionPersonalData(registry: PersonalDataRegistry): void {
  registry.declare(
    {
      module: 'supervision',
      table: 'sup_discipline',
      purpose: { 'zh-CN': '督查问责记录', en: 'Discipline records after supervision' },
      personal: ['user_id', 'reason'],
      sensitive: [],
      retention: {
        days: 5 * 365,
        after: ['decided_at'],
        rule: { 'zh-CN': '决定之日起 5 年', en: '5 years from the decision' },
      },
      onExpiry: 'delete',
      auditEntity: 'sup-discipline',
      legalDuty: {
        'zh-CN': '问责决定须按干部管理规定留存',
        en: 'Discipline decisions are kept under the rules on cadre files',
      },
    },
    {
      module: 'supervision',
      table: 'sup_findings',
      purpose: { 'zh-CN': '督查发现问题与整改', en: 'Supervision findings and rectification' },
      personal: ['recorded_by', 'answered_by', 'closed_by'],
      sensitive: [],
      retention: {
        days: 3 * 365,
        after: ['recorded_at'],
        rule: { 'zh-CN': '记录之日起 3 年后去除经办人', en: 'Handlers removed 3 years after recording' },
      },
      onExpiry: { anonymise: { recorded_by: 0, answered_by: null, closed_by: null } },
      auditEntity: 'sup-finding',
      fileOwner: 'sup-order',
    },
    // Who was in a round's pool and who was drawn for which visit: the round's own record, which the
    // public re-run of the draw depends on (by pseudonym), so kept as long as the round.
    {
      module: 'supervision',
      table: 'sup_pool',
      key: 'round_id',
      nodeColumn: null,
      purpose: { 'zh-CN': '督查员抽取池', en: 'Inspector pools of supervision rounds' },
      personal: ['user_id'],
      sensitive: [],
      retention: roundRecord,
      onExpiry: 'delete',
      manual: roundManual,
    },
    {
      module: 'supervision',
      table: 'sup_visit_inspectors',
      key: 'visit_id',
      nodeColumn: null,
      purpose: { 'zh-CN': '督查走访的督查员', en: 'Inspectors of supervision visits' },
      personal: ['user_id'],
      sensitive: [],
      retention: roundRecord,
      onExpiry: 'delete',
      manual: roundManual,
    },
  );
}

const roundRecord = {
  days: null,
  after: ['round_id'],
  rule: { 'zh-CN': '随督查轮次记录保存', en: 'Kept with the supervision round' },
};
const roundManual = {
  'zh-CN': '轮次抽取结果须可公开复核，不自动清除',
  en: "A round's draw must stay verifiable in public: never purged by a clock",
};
