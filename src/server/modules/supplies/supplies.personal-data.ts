import type { PersonalDataRegistry } from '../../core/retention/index.ts';

/**
 * Donors who are persons, the receiver who signed a waybill, and imported lists' row reports. The
 * ledger is the account of public donations: donors and waybills stay with it while the emergency
 * lasts, then a person's name and signature are blanked and the quantities stay (decision 1205).
 */
export function declareSuppliesPersonalData(registry: PersonalDataRegistry): void {
  registry.declare(
    {
      module: 'supplies',
      table: 'supplies_donors',
      purpose: {
        'zh-CN': '捐赠登记、致谢与捐赠证书',
        en: 'Recording donations, thanking donors, donation certificates',
      },
      personal: ['name'],
      sensitive: [],
      retention: {
        days: null,
        after: ['created_at'],
        rule: {
          'zh-CN': '至该辖区疫情结束；之后捐赠方名称匿名化，捐赠数量保留在台账中',
          en: 'Until the emergency ends for the node; then the name is blanked and the quantities stay on the ledger',
        },
      },
      onExpiry: { anonymise: { name: '匿名', anonymous: 1 } },
      auditEntity: 'supplies_donor',
    },
    {
      module: 'supplies',
      table: 'supplies_waybills',
      purpose: { 'zh-CN': '物资签收凭证', en: 'Proof that goods were received' },
      personal: ['signer_name', 'signature', 'signed_file_id'],
      sensitive: [],
      retention: {
        days: null,
        after: ['created_at'],
        rule: {
          'zh-CN': '至该辖区疫情结束；之后签收人姓名与签名删除，运单数量保留',
          en: "Until the emergency ends for the node; then the signer's name and signature go, the quantities stay",
        },
      },
      onExpiry: { anonymise: { signer_name: null, signature: null, signed_file_id: null } },
      fileOwner: 'supplies-waybill',
      auditEntity: 'supplies_waybill',
    },
    {
      module: 'supplies',
      table: 'supplies_imports',
      purpose: { 'zh-CN': '捐赠清单导入的行报告', en: 'Row reports of imported donation lists' },
      personal: ['errors', 'file_name'],
      sensitive: [],
      retention: {
        days: 90,
        after: ['created_at'],
        rule: { 'zh-CN': '导入后 90 天清空行报告', en: 'Row report emptied 90 days after the import' },
      },
      onExpiry: { anonymise: { errors: '[]', file_name: '' } },
    },
  );
}
