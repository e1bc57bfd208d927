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
  );
}
