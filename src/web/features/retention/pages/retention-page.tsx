import { App, Button, Card, DatePicker, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EmergencyEnd, RetentionRule } from '../../../../contracts/retention.ts';
import { ErrorState } from '../../../components/states.tsx';
import { usePermission } from '../../../lib/auth.ts';
import { useCurrentNode } from '../../../lib/current-node.tsx';
import { formatTime, useLocale } from '../../../lib/locale.ts';
import {
  useDryRun,
  useEmergencyEnds,
  useRetentionRules,
  useSetEmergencyEnd,
  useWithdrawEmergencyEnd,
} from '../api/retention.ts';

interface DayLike {
  startOf(unit: 'day'): DayLike;
  valueOf(): number;
}

const columnTags = (columns: string[], color?: string) => (
  <Space size={[2, 2]} wrap>
    {columns.map((c) => (
      <Tag key={c} color={color}>
        {c}
      </Tag>
    ))}
  </Space>
);

export default function RetentionPage() {
  const { t } = useTranslation('retention');
  const locale = useLocale();
  const { message } = App.useApp();
  const rules = useRetentionRules();
  const ends = useEmergencyEnds();
  const dryRun = useDryRun();
  const setEnd = useSetEmergencyEnd();
  const withdraw = useWithdrawEmergencyEnd();
  const canEnd = usePermission('retention.emergency');
  const { node } = useCurrentNode();
  const [day, setDay] = useState<DayLike | null>(null);

  const report = (err: unknown) => void message.error((err as Error).message);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={t('rules')} data-testid="retention-rules">
        {rules.error ? (
          <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />
        ) : (
          <>
            <Typography.Paragraph type="secondary">
              {t('rulesHint', { days: rules.data?.graceDays ?? 0 })}
            </Typography.Paragraph>
            <Table<RetentionRule>
              rowKey="table"
              size="small"
              loading={rules.isPending}
              dataSource={rules.data?.rules ?? []}
              pagination={false}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: t('module'), dataIndex: 'module' },
                { title: t('table'), dataIndex: 'table', render: (v: string) => <code>{v}</code> },
                {
                  title: t('purpose'),
                  dataIndex: 'purpose',
                  render: (p: RetentionRule['purpose']) => p[locale],
                },
                { title: t('personal'), dataIndex: 'personal', render: (c: string[]) => columnTags(c) },
                {
                  title: t('sensitive'),
                  dataIndex: 'sensitive',
                  render: (c: string[]) => columnTags(c, 'red'),
                },
                { title: t('rule'), dataIndex: 'rule', render: (r: RetentionRule['rule']) => r[locale] },
                {
                  title: t('days'),
                  key: 'days',
                  render: (_: unknown, r) =>
                    r.manual ? (
                      <Typography.Text type="secondary">{r.manual[locale]}</Typography.Text>
                    ) : (
                      <Space direction="vertical" size={0}>
                        <span>{r.days ?? t('untilEnd')}</span>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {r.setting}
                        </Typography.Text>
                      </Space>
                    ),
                },
                {
                  title: t('action'),
                  dataIndex: 'action',
                  render: (a: RetentionRule['action'], r) =>
                    r.manual ? t('manual') : <Tag color={a === 'delete' ? 'volcano' : 'blue'}>{t(a)}</Tag>,
                },
              ]}
            />
          </>
        )}
      </Card>

      <Card title={t('ends')} data-testid="emergency-ends">
        <Typography.Paragraph type="secondary">{t('endsHint')}</Typography.Paragraph>
        {canEnd && node ? (
          <Space style={{ marginBottom: 12 }}>
            <strong>{node.name}</strong>
            <DatePicker aria-label={t('endedAt')} onChange={(d) => setDay(d as DayLike | null)} />
            <Popconfirm
              title={t('confirmEnd', { node: node.name })}
              disabled={!day}
              onConfirm={() =>
                setEnd.mutate(
                  { nodeId: node.id, endedAt: day!.startOf('day').valueOf() },
                  { onError: report },
                )
              }
            >
              <Button type="primary" danger disabled={!day} loading={setEnd.isPending}>
                {t('setEnd')}
              </Button>
            </Popconfirm>
          </Space>
        ) : null}
        {ends.error ? (
          <ErrorState error={ends.error} onRetry={() => void ends.refetch()} />
        ) : (
          <Table<EmergencyEnd>
            rowKey="nodeId"
            size="small"
            loading={ends.isPending}
            dataSource={ends.data ?? []}
            pagination={false}
            columns={[
              { title: t('node'), dataIndex: 'nodeName' },
              { title: t('endedAt'), dataIndex: 'endedAt', render: (ms: number) => formatTime(ms, locale) },
              {
                title: t('purgeAfter'),
                dataIndex: 'purgeAfter',
                render: (ms: number) => formatTime(ms, locale),
              },
              {
                title: t('purgedAt'),
                dataIndex: 'purgedAt',
                render: (ms: number | null, e) =>
                  ms ? (
                    formatTime(ms, locale)
                  ) : (
                    <Space>
                      <Tag>{t('pending')}</Tag>
                      {canEnd ? (
                        <Button size="small" onClick={() => withdraw.mutate(e.nodeId, { onError: report })}>
                          {t('withdraw')}
                        </Button>
                      ) : null}
                    </Space>
                  ),
              },
            ]}
          />
        )}
      </Card>

      <Card
        title={t('dryRun')}
        extra={
          <Button onClick={() => dryRun.mutate(undefined, { onError: report })} loading={dryRun.isPending}>
            {t('dryRun')}
          </Button>
        }
      >
        {dryRun.data ? (
          <Table
            rowKey={(l) => `${l.table}|${l.nodePath}`}
            size="small"
            data-testid="dry-run"
            dataSource={dryRun.data.lines}
            locale={{ emptyText: t('dryRunEmpty') }}
            pagination={{ pageSize: 20 }}
            columns={[
              { title: t('table'), dataIndex: 'table' },
              { title: t('nodePath'), dataIndex: 'nodePath' },
              { title: t('action'), dataIndex: 'action' },
              { title: t('rows'), dataIndex: 'rows' },
            ]}
          />
        ) : null}
      </Card>
    </Space>
  );
}
