import type { PersonalDataRegistry } from './registry.ts';

/** The spine's own tables that hold personal data. */
export function declareCorePersonalData(registry: PersonalDataRegistry): void {
  registry.declare(
    {
      module: 'core',
      table: 'events',
      purpose: {
        'zh-CN': '实时推送与断线续传、Webhook 投递',
        en: 'Live updates, stream resumption and webhook delivery',
      },
      personal: ['payload'],
      sensitive: [],
      retention: {
        days: 7,
        after: ['created_at'],
        rule: { 'zh-CN': '产生后 7 天', en: '7 days after it happened' },
      },
      onExpiry: 'delete',
    },
    {
      module: 'core',
      table: 'users',
      nodeColumn: null,
      purpose: { 'zh-CN': '账号登录与联系', en: 'Sign-in and contact for accounts' },
      personal: ['name', 'phone'],
      sensitive: [],
      retention: {
        days: null,
        after: ['updated_at'],
        rule: { 'zh-CN': '账号存续期间', en: 'While the account exists' },
      },
      onExpiry: 'delete',
      manual: { 'zh-CN': '由管理员注销账号时删除', en: 'Deleted when an administrator closes the account' },
    },
    {
      module: 'core',
      table: 'sessions',
      nodeColumn: null,
      purpose: { 'zh-CN': '登录会话与安全追查', en: 'Sessions and security tracing' },
      personal: ['ip', 'user_agent'],
      sensitive: [],
      retention: {
        days: null,
        after: ['expires_at'],
        rule: { 'zh-CN': '会话过期后由每小时任务删除', en: 'Deleted hourly once expired' },
      },
      onExpiry: 'delete',
      manual: {
        'zh-CN': '会话过期清理任务（auth.purge-sessions）',
        en: 'The expiry job (auth.purge-sessions)',
      },
    },
    {
      module: 'core',
      table: 'audit_log',
      purpose: { 'zh-CN': '问责：谁在何时何地做了什么', en: 'Accountability: who did what, when and where' },
      personal: ['detail', 'reason'],
      sensitive: [],
      retention: {
        days: null,
        after: ['at'],
        rule: {
          'zh-CN': '行永久保留；所述记录被清除时抹去其个人字段，哈希链仍可校验',
          en: 'Rows stay; their personal fields are redacted when the record they describe is purged, the chain still verifies',
        },
      },
      onExpiry: 'delete',
      manual: { 'zh-CN': '问责记录，依法保留', en: 'Kept for accountability' },
      legalDuty: { 'zh-CN': '问责记录，依法保留', en: 'Kept for accountability' },
    },
    {
      module: 'core',
      table: 'files',
      purpose: { 'zh-CN': '上传的文件（名册、附件）', en: 'Uploaded files (rosters, attachments)' },
      personal: ['name'],
      sensitive: [],
      retention: {
        days: null,
        after: ['created_at'],
        rule: {
          'zh-CN': '随其所属记录删除；最后一个所属记录删除时文件本身也从磁盘删除',
          en: 'Go with the record they belong to; the bytes leave the disk with their last owner',
        },
      },
      onExpiry: 'delete',
      manual: { 'zh-CN': '随所属记录删除', en: 'Removed with their owning record' },
    },
  );
}
