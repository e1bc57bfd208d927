import type { PersonalDataRegistry } from '../../core/retention/index.ts';

/** A booking says someone sought help: state of mind (PIPL Art. 28). Kept 90 days, then gone. */
export function declareCounsellingPersonalData(registry: PersonalDataRegistry): void {
  registry.declare({
    module: 'counselling',
    table: 'counselling_bookings',
    purpose: { 'zh-CN': '心理咨询预约', en: 'Counselling bookings' },
    personal: ['booker_id', 'alias', 'phone'],
    sensitive: ['status', 'notes'],
    retention: {
      days: 90,
      after: ['created_at'],
      rule: { 'zh-CN': '预约后 90 天', en: '90 days after the booking' },
    },
    onExpiry: 'delete',
    auditEntity: 'counselling_booking',
  });
}
