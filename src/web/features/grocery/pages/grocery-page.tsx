import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, InputNumber, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Breakdown, CycleDetail } from '../../../../contracts/grocery.ts';
import { ApiError } from '../../../lib/api.ts';
import { useLiveEvents } from '../../../lib/live.tsx';
import {
  myOrdersKey,
  openCyclesKey,
  placeOrder,
  reschedule,
  useMyOrders,
  useOpenCycles,
} from '../api/grocery.ts';

const yuan = (n: number) => `¥${n.toFixed(2)}`;

/** Each fee on its own line under the cost: the resident sees there is no margin line. */
function Fees({ breakdown, total }: { breakdown: Breakdown; total: number }) {
  const { t } = useTranslation('grocery');
  return (
    <table className="grocery-fees" style={{ width: '100%', fontSize: 13 }}>
      <tbody>
        {breakdown.map((l) => (
          <tr key={l.type} data-fee={l.type}>
            <td>{t(l.type)}</td>
            <td style={{ textAlign: 'right' }}>{yuan(l.amount)}</td>
          </tr>
        ))}
        <tr style={{ fontWeight: 600 }}>
          <td>{t('total')}</td>
          <td style={{ textAlign: 'right' }} data-testid="fee-total">
            {yuan(total)}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

function CycleCard({ cycle }: { cycle: CycleDetail }) {
  const { t } = useTranslation('grocery');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [qty, setQty] = useState<Record<number, number>>({});
  const [error, setError] = useState<string | null>(null);
  const lines = Object.entries(qty)
    .filter(([, q]) => q > 0)
    .map(([id, q]) => ({ productId: Number(id), quantity: q }));
  const submit = async () => {
    setError(null);
    try {
      await placeOrder(cycle.id, { lines, payment: 'on_delivery' });
      message.success(t('placed'));
      setQty({});
      await queryClient.invalidateQueries({ queryKey: myOrdersKey });
      await queryClient.invalidateQueries({ queryKey: openCyclesKey });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <Card title={`${cycle.shopName} · ${cycle.name}`} size="small" style={{ marginBottom: 12 }}>
      <Typography.Text type="secondary">
        {t('closes', { time: new Date(cycle.closesAt).toLocaleString() })}
      </Typography.Text>
      <List
        dataSource={cycle.items}
        renderItem={(p) => (
          <List.Item
            key={p.id}
            extra={
              <InputNumber
                aria-label={p.name}
                min={0}
                max={p.left ?? 99}
                precision={0}
                value={qty[p.id] ?? 0}
                onChange={(v) => setQty({ ...qty, [p.id]: v ?? 0 })}
                style={{ width: 72 }}
              />
            }
          >
            <List.Item.Meta
              title={
                <Space>
                  {p.name}
                  <Tag>{`${yuan(p.price)}/${p.unit}`}</Tag>
                  {p.left !== null && <Tag color="orange">{t('left', { n: p.left })}</Tag>}
                </Space>
              }
              description={
                <>
                  {p.contents}
                  <Fees breakdown={p.breakdown} total={p.price} />
                </>
              }
            />
          </List.Item>
        )}
      />
      <Typography.Paragraph type="secondary">{t('zeroMarkup')}</Typography.Paragraph>
      {error && <Alert type="error" message={error} style={{ marginBottom: 8 }} />}
      <Button type="primary" block disabled={lines.length === 0} onClick={submit}>
        {t('order')}
      </Button>
    </Card>
  );
}

export default function GroceryPage() {
  const { t } = useTranslation('grocery');
  const queryClient = useQueryClient();
  const cycles = useOpenCycles();
  const orders = useMyOrders();
  // A courier's "delivered" reaches this page without a reload.
  useLiveEvents(() => {
    void queryClient.invalidateQueries({ queryKey: myOrdersKey });
  }, ['grocery.order-status']);
  return (
    <div style={{ maxWidth: 560, margin: '0 auto' }}>
      <Typography.Title level={4}>{t('open')}</Typography.Title>
      {cycles.data?.length === 0 && <Empty description={t('none')} />}
      {cycles.data?.map((c) => (
        <CycleCard key={c.id} cycle={c} />
      ))}
      <Typography.Title level={4}>{t('mine')}</Typography.Title>
      {orders.data?.length === 0 && <Empty description={t('noOrders')} />}
      {orders.data?.map((o) => (
        <Card
          key={o.id}
          size="small"
          style={{ marginBottom: 12 }}
          title={`${o.shopName} · ${o.cycleName}`}
          extra={<Tag data-testid={`order-status-${o.id}`}>{t(`status_${o.status}`)}</Tag>}
        >
          {o.lines.map((l) => (
            <div key={l.productId}>{`${l.name} × ${l.quantity}  ${yuan(l.amount)}`}</div>
          ))}
          <Fees breakdown={o.breakdown} total={o.total} />
          {o.status === 'not_home' && (
            <Button
              block
              style={{ marginTop: 8 }}
              onClick={async () => {
                await reschedule(o.id);
                await queryClient.invalidateQueries({ queryKey: myOrdersKey });
              }}
            >
              {t('reschedule')}
            </Button>
          )}
        </Card>
      ))}
    </div>
  );
}
