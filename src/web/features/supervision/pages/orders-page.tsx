import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, InputNumber, Segmented, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { BulkBody } from '../../../../contracts/supervision.ts';
import { QueryView } from '../../../components/states.tsx';
import { usePermission } from '../../../lib/auth.ts';
import { bulkOrders, getInspectors, getOrders } from '../api/supervision.ts';

const beijing = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

/** Rectification orders in the caller's subtree (officials) or on their visits (inspectors). */
export default function OrdersPage() {
  const { t } = useTranslation('supervision');
  const [params] = useSearchParams();
  const roundId = params.get('roundId') ? Number(params.get('roundId')) : undefined;
  const [status, setStatus] = useState<string>(params.get('status') ?? 'open');
  const filter = { ...(status === 'all' ? {} : { status }), ...(roundId ? { roundId } : {}) };
  const query = useQuery({
    queryKey: ['supervision', 'orders', status, roundId],
    queryFn: () => getOrders(filter),
  });
  return (
    <Card title={t('ordersTitle')}>
      <Segmented
        value={status}
        onChange={(v) => setStatus(String(v))}
        options={['open', 'overdue', 'answered', 'closed', 'all'].map((s) => ({
          value: s,
          label: t(`filters.${s}`),
        }))}
      />
      <BulkBar filter={filter as BulkBody['filter']} />
      <QueryView query={query}>
        {(orders) => (
          <Table
            rowKey="id"
            size="small"
            dataSource={orders}
            pagination={false}
            scroll={{ x: true }}
            columns={[
              { title: t('target'), dataIndex: 'targetLabel' },
              {
                title: t('rule'),
                render: (_, o) => <Link to={`/supervision/orders/${o.id}`}>{o.rule}</Link>,
              },
              { title: t('severity'), render: (_, o) => t(`severities.${o.severity}`) },
              {
                title: t('deadline'),
                render: (_, o) => (
                  <span style={{ color: o.overdue ? '#cf1322' : undefined }}>{beijing(o.deadline)}</span>
                ),
              },
              {
                title: t('escalation'),
                render: (_, o) =>
                  o.escalationLevel > 0 ? (
                    <Tag color="red" data-testid={`level-${o.id}`}>
                      {t('escalatedTo', { level: o.escalationLevel })}
                    </Tag>
                  ) : null,
              },
              {
                title: t('status'),
                render: (_, o) => <Tag data-testid={`status-${o.id}`}>{t(`statuses.${o.status}`)}</Tag>,
              },
            ]}
          />
        )}
      </QueryView>
    </Card>
  );
}

/**
 * "Update all filtered" (kpi#1395): the action applies to every order the filter above matches,
 * not to a page of ticked rows. The command centre assigns and extends; an inspector closes.
 */
function BulkBar({ filter }: { filter: BulkBody['filter'] }) {
  const { t } = useTranslation('supervision');
  const { message } = App.useApp();
  const client = useQueryClient();
  const manage = usePermission('supervision.manage');
  const inspect = usePermission('supervision.inspect');
  const [kind, setKind] = useState<'assign' | 'extend' | 'close'>(manage ? 'extend' : 'close');
  const [days, setDays] = useState(3);
  const [text, setText] = useState('');
  const [reinspectorId, setReinspector] = useState<number>();
  const inspectors = useQuery({
    queryKey: ['supervision', 'inspectors'],
    queryFn: getInspectors,
    enabled: manage && kind === 'assign',
  });
  if (!manage && !inspect) return null;
  const kinds = [
    ...(manage ? (['assign', 'extend'] as const) : []),
    ...(inspect ? (['close'] as const) : []),
  ];
  const action = (): BulkBody['action'] | null => {
    if (kind === 'assign') return reinspectorId ? { kind, reinspectorId } : null;
    if (!text.trim()) return null;
    return kind === 'extend' ? { kind, days, reason: text } : { kind, note: text };
  };
  const run = async () => {
    const a = action();
    if (!a) return;
    try {
      const result = await bulkOrders({ filter, action: a });
      message.success(t('bulk.done', result));
      setText('');
      await client.invalidateQueries({ queryKey: ['supervision'] });
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  return (
    <Space wrap style={{ margin: '12px 0' }} data-testid="bulk-bar">
      <span>{t('bulk.title')}</span>
      <Select
        data-testid="bulk-kind"
        value={kind}
        onChange={setKind}
        style={{ width: 150 }}
        options={kinds.map((k) => ({ value: k, label: t(`bulk.${k}`) }))}
      />
      {kind === 'assign' && (
        <Select
          data-testid="bulk-reinspector"
          style={{ width: 180 }}
          value={reinspectorId}
          onChange={setReinspector}
          placeholder={t('bulk.reinspector')}
          options={(inspectors.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
        />
      )}
      {kind === 'extend' && (
        <InputNumber
          min={1}
          max={60}
          value={days}
          onChange={(v) => setDays(v ?? 1)}
          addonAfter={t('bulk.days')}
        />
      )}
      {kind !== 'assign' && (
        <Input
          data-testid="bulk-text"
          style={{ width: 240 }}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={kind === 'extend' ? t('bulk.reason') : t('closeNote')}
        />
      )}
      <Button data-testid="bulk-run" disabled={!action()} onClick={() => void run()}>
        {t('bulk.apply')}
      </Button>
    </Space>
  );
}
