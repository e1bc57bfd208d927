import { ERASED, type PersonalDataRegistry } from '../../core/retention/index.ts';

const UNTIL_END = {
  'zh-CN': '至该辖区疫情结束（指挥部设定结束日期并过宽限期）',
  en: 'Until the emergency ends for the node (the command centre sets the end date; then a grace period)',
};

/** Volunteers serve for the emergency; a decided sign-up is only a count after a month. */
export function declareVolunteersPersonalData(registry: PersonalDataRegistry): void {
  registry.declare(
    {
      module: 'volunteers',
      table: 'alliance_volunteers',
      purpose: { 'zh-CN': '志愿者调度与联系', en: 'Dispatching and contacting volunteers' },
      personal: ['name', 'phone', 'id_number', 'pledge_name'],
      sensitive: ['skills', 'availability'],
      retention: { days: null, after: ['created_at'], rule: UNTIL_END },
      onExpiry: 'delete',
      auditEntity: 'volunteer',
      person: (db, idNumber, scope) =>
        db
          .selectFrom('alliance_volunteers')
          .select('id')
          .where('id_number', '=', idNumber)
          .where(scope('node_path')),
    },
    {
      module: 'volunteers',
      table: 'alliance_signups',
      purpose: { 'zh-CN': '志愿者报名审核', en: 'Reviewing volunteer sign-ups' },
      personal: ['name', 'phone', 'id_number', 'pledge_name', 'reason'],
      sensitive: ['skills', 'availability'],
      retention: {
        days: 30,
        after: ['decided_at'],
        rule: {
          'zh-CN': '审核后 30 天去除身份信息，保留报名数；待审核的至疫情结束',
          en: '30 days after the decision the identity goes and the count stays; pending ones until the emergency ends',
        },
      },
      // The unique phone and ID number indexes stay satisfied by a per-row placeholder.
      onExpiry: {
        anonymise: {
          name: '',
          phone: ERASED,
          id_number: ERASED,
          password_hash: '',
          pledge_name: '',
          reason: null,
          skills: '',
          availability: '',
        },
      },
      auditEntity: 'signup',
      person: (db, idNumber, scope) =>
        db
          .selectFrom('alliance_signups')
          .select('id')
          .where('id_number', '=', idNumber)
          .where(scope('node_path')),
    },
  );
}
