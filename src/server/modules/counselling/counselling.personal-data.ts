import type { PersonalDataRegistry } from '../../core/retention/index.ts';

/** A booking or a crisis request says someone sought help: state of mind (PIPL Art. 28). */
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
  registry.declare({
    module: 'counselling',
    table: 'counselling_crises',
    purpose: { 'zh-CN': '紧急心理求助', en: 'Crisis requests' },
    personal: ['requester_id', 'alias', 'phone'],
    sensitive: ['status', 'source'],
    retention: {
      days: 90,
      after: ['created_at'],
      rule: { 'zh-CN': '求助后 90 天', en: '90 days after the request' },
    },
    onExpiry: 'delete',
    auditEntity: 'counselling_crisis',
  });
}
