import type { PersonalDataRegistry } from '../../core/retention/index.ts';

/**
 * Duty records say where a volunteer was and when (whereabouts): kept long enough for service
 * certificates, then gone. Tasks keep their counts for the statistics but lose who did them.
 */
export function declareFieldworkPersonalData(registry: PersonalDataRegistry): void {
  registry.declare(
    {
      module: 'fieldwork',
      table: 'field_signups',
      purpose: {
        'zh-CN': '卡点排班、到岗签到与服务时长',
        en: 'Checkpoint rosters, on-duty check-in and hours served',
      },
      personal: ['user_id', 'stand_in_for'],
      sensitive: ['checked_in_at', 'checked_out_at'],
      retention: {
        days: 180,
        after: ['ends_at'],
        rule: {
          'zh-CN': '班次结束后 180 天（可开具服务证明）',
          en: '180 days after the shift (time to issue service certificates)',
        },
      },
      onExpiry: 'delete',
      auditEntity: 'signup',
      person: (db, idNumber, scope) =>
        db
          .selectFrom('field_signups as g')
          .innerJoin('alliance_volunteers as v', 'v.user_id', 'g.user_id')
          .select('g.id')
          .where('v.id_number', '=', idNumber)
          .where(scope('g.node_path')),
    },
    {
      module: 'fieldwork',
      table: 'field_tasks',
      purpose: { 'zh-CN': '任务派发与完成凭证', en: 'Task dispatch and evidence of completion' },
      personal: ['claimed_by', 'note'],
      sensitive: [],
      retention: {
        days: 180,
        after: ['updated_at'],
        rule: {
          'zh-CN': '最后更新后 180 天，去除经办人与备注，保留数量统计',
          en: '180 days after the last change: who and the note go, counts stay',
        },
      },
      onExpiry: { anonymise: { claimed_by: null, note: '' } },
      fileOwner: 'field-task',
      auditEntity: 'task',
    },
  );
}
