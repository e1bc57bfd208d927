import { ERASED, type PersonalDataRegistry } from '../../core/retention/index.ts';

/**
 * An enterprise's contact person is personal data; the firm, its filings and certificates are
 * records of legal persons kept as the emergency's archive. When the emergency ends the contact
 * is blanked and the firm's row stays, so counts and certificates survive.
 */
export function declareEnterprisesPersonalData(registry: PersonalDataRegistry): void {
  registry.declare({
    module: 'enterprises',
    table: 'enterprises',
    purpose: {
      'zh-CN': '企业复工备案、不可抗力证明与预约通关的联系人',
      en: 'The contact person for resumption filings, certificates and clearance appointments',
    },
    personal: ['contact_name', 'contact_phone'],
    sensitive: [],
    retention: {
      days: null,
      after: ['created_at'],
      rule: {
        'zh-CN': '至该辖区疫情结束后清除联系人，企业记录保留',
        en: 'Contact cleared when the emergency ends for the node; the firm record stays',
      },
    },
    onExpiry: { anonymise: { contact_name: ERASED, contact_phone: ERASED } },
    auditEntity: 'enterprise',
  });
}
