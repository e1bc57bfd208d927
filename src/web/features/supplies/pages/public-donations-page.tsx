import { Card, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePublicTotals } from '../api/supplies.ts';

/** Public, no login: totals per item straight from the ledger, and the donors thanked by name. */
export default function PublicDonationsPage() {
  const { t } = useTranslation('supplies');
  const totals = usePublicTotals();
  const d = totals.data;
  return (
    <div style={{ maxWidth: 760, margin: '0 auto', padding: 16 }}>
      <Typography.Title level={3}>{t('publicDonations')}</Typography.Title>
      <Table
        size="small"
        rowKey="itemId"
        loading={totals.isPending}
        dataSource={d?.items ?? []}
        pagination={false}
        columns={[
          { title: t('item'), dataIndex: 'itemName', render: (v: string, r) => `${v} ${r.standard}` },
          {
            title: t('totalReceived'),
            dataIndex: 'received',
            align: 'right',
            render: (v: number, r) => (
              <span data-testid={`total-received-${r.itemName}`}>{`${v} ${r.unit}`}</span>
            ),
          },
          {
            title: t('totalDelivered'),
            dataIndex: 'delivered',
            align: 'right',
            render: (v: number, r) => `${v} ${r.unit}`,
          },
        ]}
      />
      {d && (
        <Card size="small" style={{ marginTop: 16 }} title={t('thanks')}>
          <Space wrap>
            {d.donors.map((x) => (
              <Tag key={x.name}>{x.name}</Tag>
            ))}
          </Space>
          {d.anonymousDonors > 0 && <div>{t('anonymousCount', { n: d.anonymousDonors })}</div>}
          <Statistic value={d.receipts} title="入库笔数 / receipts" style={{ marginTop: 8 }} />
          <Typography.Text type="secondary">
            {t('asOf', { time: new Date(d.asOf).toLocaleString() })}
          </Typography.Text>
        </Card>
      )}
    </div>
  );
}
