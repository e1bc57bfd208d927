import { useQuery } from '@tanstack/react-query';
import { Card, Segmented, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryView } from '../../../components/states.tsx';
import { getOrders } from '../api/supervision.ts';

const beijing = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

/** Rectification orders in the caller's subtree (officials) or on their visits (inspectors). */
export default function OrdersPage() {
  const { t } = useTranslation('supervision');
  const [status, setStatus] = useState<string>('open');
  const query = useQuery({
    queryKey: ['supervision', 'orders', status],
    queryFn: () => getOrders(status === 'all' ? {} : { status }),
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
      <QueryView query={query}>
        {(orders) => (
          <Table
            rowKey="id"
            size="small"
            dataSource={orders}
            pagination={false}
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
