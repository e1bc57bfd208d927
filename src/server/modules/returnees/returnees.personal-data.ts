import type { PersonalDataRegistry } from '../../core/retention/index.ts';

/**
 * Returnees' records are health and whereabouts (PIPL Art. 28). The register is kept while the
 * emergency lasts for the node; the follow-up visits (temperatures, symptoms) go 30 days after
 * the person's release.
 */
export function declareReturneesPersonalData(registry: PersonalDataRegistry): void {
  registry.declare(
    {
      module: 'returnees',
      table: 'returnees',
      purpose: {
        'zh-CN': '返乡人员排查、隔离与健康随访',
        en: 'Registering returnees for isolation and health follow-up',
      },
      personal: ['name', 'id_number', 'phone', 'address', 'companions'],
      sensitive: ['from_code', 'arrival_day', 'transport', 'transport_no', 'category', 'status', 'measure'],
      retention: {
        days: null,
        after: ['updated_at'],
        rule: {
          'zh-CN': '至该辖区疫情结束（指挥部设定结束日期并过宽限期）',
          en: 'Until the emergency ends for the node (the command centre sets the end date; then a grace period)',
        },
      },
      onExpiry: 'delete',
      auditEntity: 'returnee',
      person: (db, idNumber, scope) =>
        db.selectFrom('returnees').select('id').where('id_number', '=', idNumber).where(scope('node_path')),
    },
    {
      module: 'returnees',
      table: 'returnee_visits',
      purpose: {
        'zh-CN': '隔离期间的体温与症状随访',
        en: 'Temperature and symptom follow-ups during isolation',
      },
      personal: ['returnee_id', 'performed_by'],
      sensitive: ['temp_x10', 'symptoms', 'status', 'day'],
      retention: {
        days: 30,
        after: ['released_at'],
        rule: { 'zh-CN': '解除隔离后 30 天', en: '30 days after release' },
      },
      onExpiry: 'delete',
      person: (db, idNumber, scope) =>
        db
          .selectFrom('returnee_visits as v')
          .innerJoin('returnees as r', 'r.id', 'v.returnee_id')
          .select('v.id')
          .where('r.id_number', '=', idNumber)
          .where(scope('r.node_path')),
    },
    {
      module: 'returnees',
      table: 'returnee_contacts',
      purpose: {
        'zh-CN': '确诊病例的密切接触者排查',
        en: 'Listing the close contacts of a confirmed case',
      },
      personal: ['case_id', 'contact_id', 'created_by'],
      sensitive: ['relation', 'last_contact_day'],
      retention: {
        days: null,
        after: ['created_at'],
        rule: {
          'zh-CN': '至该辖区疫情结束（指挥部设定结束日期并过宽限期）',
          en: 'Until the emergency ends for the node (the command centre sets the end date; then a grace period)',
        },
      },
      onExpiry: 'delete',
      person: (db, idNumber, scope) =>
        db
          .selectFrom('returnee_contacts as c')
          .innerJoin('returnees as r', (j) =>
            j.on((eb) =>
              eb.or([eb('r.id', '=', eb.ref('c.contact_id')), eb('r.id', '=', eb.ref('c.case_id'))]),
            ),
          )
          .select('c.id')
          .where('r.id_number', '=', idNumber)
          .where(scope('r.node_path')),
    },
    {
      module: 'returnees',
      table: 'returnee_sms_codes',
      nodeColumn: null,
      purpose: {
        'zh-CN': '公开返乡登记表的短信验证（仅存验证码哈希）',
        en: 'SMS verification of the public self-report form (only a hash of the code is kept)',
      },
      personal: ['phone', 'ip'],
      sensitive: [],
      retention: {
        days: 1,
        after: ['created_at'],
        rule: { 'zh-CN': '发送后 1 天', en: '1 day after sending' },
      },
      onExpiry: 'delete',
    },
    {
      module: 'returnees',
      table: 'returnee_sms_outbox',
      nodeColumn: null,
      purpose: {
        'zh-CN': '待发送的验证码短信（出站消息端口）',
        en: 'Verification texts waiting for the SMS gateway (the outbound-message port)',
      },
      personal: ['phone', 'body'],
      sensitive: [],
      retention: {
        days: 1,
        after: ['created_at'],
        rule: { 'zh-CN': '生成后 1 天', en: '1 day after it was queued' },
      },
      onExpiry: 'delete',
    },
  );
}
