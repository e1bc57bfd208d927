import type { PersonalDataRegistry } from '../../core/retention/index.ts';

/**
 * A medical worker's family: who lives at home, where, and what help they need while the worker is
 * away. Kept while the emergency lasts for the node; deliveries and urgent needs go 90 days after
 * they close (the liaison's follow-up and any complaint).
 */
export function declareFamiliesPersonalData(registry: PersonalDataRegistry): void {
  registry.declare(
    {
      module: 'families',
      table: 'families',
      purpose: {
        'zh-CN': '援鄂医疗队员家属的包联照护',
        en: 'Caring for the families of medical staff sent out',
      },
      personal: ['worker_name', 'members', 'address', 'phone', 'liaison_id', 'family_user_id'],
      sensitive: ['needs', 'destination', 'out_day', 'back_day'],
      retention: {
        days: null,
        after: ['updated_at'],
        rule: {
          'zh-CN': '至该辖区疫情结束（指挥部设定结束日期并过宽限期）',
          en: 'Until the emergency ends for the node (the command centre sets the end date; then a grace period)',
        },
      },
      onExpiry: 'delete',
      auditEntity: 'family',
    },
    {
      module: 'families',
      table: 'family_services',
      purpose: { 'zh-CN': '家属的定期服务（送菜、接送孩子等）', en: "Families' recurring services" },
      personal: ['family_id', 'note', 'pause_reason'],
      sensitive: ['kind'],
      retention: {
        days: null,
        after: ['created_at'],
        rule: { 'zh-CN': '至该辖区疫情结束', en: 'Until the emergency ends for the node' },
      },
      onExpiry: 'delete',
    },
    {
      module: 'families',
      table: 'family_deliveries',
      purpose: { 'zh-CN': '上门服务的派送与确认', en: 'Doorstep services delivered and confirmed' },
      personal: ['family_id', 'volunteer_id', 'liaison_id', 'closed_by', 'note', 'code'],
      sensitive: ['kind'],
      retention: {
        days: 90,
        after: ['closed_at'],
        rule: { 'zh-CN': '服务完成或错过后 90 天', en: '90 days after the delivery was done or missed' },
      },
      onExpiry: 'delete',
    },
    {
      module: 'families',
      table: 'family_needs',
      purpose: { 'zh-CN': '家属的紧急求助', en: "Families' urgent needs" },
      personal: ['family_id', 'raised_by', 'handled_by', 'text'],
      sensitive: ['kind'],
      retention: {
        days: 90,
        after: ['handled_at'],
        rule: { 'zh-CN': '处理完毕后 90 天', en: '90 days after it was handled' },
      },
      onExpiry: 'delete',
    },
  );
}
