import { useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, Input, message, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Fever } from '../../../../contracts/gate.ts';
import { ErrorState } from '../../../components/states.tsx';
import { ApiError } from '../../../lib/api.ts';
import { useCurrentNode } from '../../../lib/current-node.tsx';
import { useLiveEvents } from '../../../lib/live.tsx';
import { formatTime, useLocale } from '../../../lib/locale.ts';
import { useCloseFever } from '../api/close-fever.ts';
import { useFevers } from '../api/get-fevers.ts';
import { useGateStats } from '../api/get-gate-stats.ts';

/** Fever alerts of the picked jurisdiction, refreshed the moment a gate raises or closes one. */
export default function FeversPage() {
  const { t } = useTranslation('compounds');
  const locale = useLocale();
  const { node } = useCurrentNode();
  const queryClient = useQueryClient();
  const fevers = useFevers(node?.id, undefined);
  const stats = useGateStats(node?.id);
  const close = useCloseFever();
  const [actions, setActions] = useState<Record<number, string>>({});
  // The reason the close was refused, shown on that row's field rather than as a bare toast.
  const [invalid, setInvalid] = useState<Record<number, string>>({});
  useLiveEvents(
    () => void queryClient.invalidateQueries({ queryKey: ['gate'] }),
    ['gate.fever', 'gate.fever-closed'],
  );

  const total = stats.data?.total;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {total && stats.data && (
        <Card
          title={t('today', { name: total.name })}
          data-testid="gate-stats"
          extra={
            <Button
              href={`/api/gate/entries.xlsx?nodeId=${total.nodeId}&from=${stats.data.since}&to=${Date.now() + 60_000}`}
            >
              {t('export')}
            </Button>
          }
        >
          <Space size="large" wrap>
            <Statistic title={t('in')} value={total.in} />
            <Statistic title={t('out')} value={total.out} />
            <Statistic title={t('visitors')} value={total.visitors} />
            <Statistic
              title={t('feverCount')}
              value={total.fevers}
              valueStyle={{ color: total.fevers ? '#cf1322' : undefined }}
            />
          </Space>
          {stats.data.children.length > 0 && (
            <Table
              rowKey="nodeId"
              size="small"
              style={{ marginTop: 16 }}
              dataSource={stats.data.children}
              pagination={{ pageSize: 20 }}
              columns={[
                // Rows are the picked node's children: streets, districts or compounds, not always compounds.
                { title: t('area'), dataIndex: 'name' },
                { title: t('in'), dataIndex: 'in' },
                { title: t('out'), dataIndex: 'out' },
                { title: t('visitors'), dataIndex: 'visitors' },
                { title: t('feverCount'), dataIndex: 'fevers' },
              ]}
            />
          )}
        </Card>
      )}
      <Card title={<Badge status="processing" text={`${t('fevers')} · ${t('live')}`} />}>
        {fevers.error ? (
          <ErrorState error={fevers.error} onRetry={() => void fevers.refetch()} />
        ) : (
          <Table<Fever>
            rowKey="id"
            loading={fevers.isPending}
            dataSource={fevers.data ?? []}
            scroll={{ x: true }}
            pagination={{ pageSize: 50 }}
            data-testid="fever-table"
            columns={[
              { title: t('at'), dataIndex: 'at', render: (at: number) => formatTime(at, locale) },
              { title: t('name'), dataIndex: 'compoundName' },
              { title: t('household'), dataIndex: 'household' },
              { title: t('holder'), dataIndex: 'holder' },
              {
                title: t('temperature'),
                dataIndex: 'temperature',
                render: (v: number) => (
                  <Tag color="red" data-testid="fever-temperature">
                    {v.toFixed(1)} °C
                  </Tag>
                ),
              },
              {
                title: t('status'),
                dataIndex: 'status',
                render: (s: Fever['status'], f) =>
                  s === 'open' ? (
                    <Tag color="orange">{t('open')}</Tag>
                  ) : (
                    <span>
                      {t('closed')}：{f.action}
                    </span>
                  ),
              },
              {
                title: t('action'),
                render: (_: unknown, f) =>
                  f.status === 'open' && (
                    <Space direction="vertical" size={2}>
                      <Space.Compact>
                        <Input
                          placeholder={t('action')}
                          value={actions[f.id] ?? ''}
                          status={invalid[f.id] ? 'error' : undefined}
                          aria-invalid={invalid[f.id] ? true : undefined}
                          data-testid={`fever-action-${f.id}`}
                          onChange={(e) => {
                            setActions({ ...actions, [f.id]: e.target.value });
                            setInvalid({ ...invalid, [f.id]: '' });
                          }}
                        />
                        <Button
                          loading={close.isPending}
                          data-testid={`fever-close-${f.id}`}
                          onClick={() => {
                            const action = (actions[f.id] ?? '').trim();
                            if (!action) {
                              setInvalid({ ...invalid, [f.id]: t('actionRequired') });
                              return;
                            }
                            close.mutate(
                              { id: f.id, action },
                              {
                                onError: (err) => {
                                  const field = err instanceof ApiError ? err.fields[0]?.message : undefined;
                                  if (field) setInvalid({ ...invalid, [f.id]: field });
                                  else void message.error(err.message);
                                },
                              },
                            );
                          }}
                        >
                          {t('close')}
                        </Button>
                      </Space.Compact>
                      {invalid[f.id] ? (
                        <Typography.Text type="danger" style={{ fontSize: 12 }}>
                          {invalid[f.id]}
                        </Typography.Text>
                      ) : null}
                    </Space>
                  ),
              },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
