import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Pledge } from '../../../../contracts/supplies.ts';
import { ApiError } from '../../../lib/api.ts';
import { usePermission } from '../../../lib/auth.ts';
import { useLiveEvents } from '../../../lib/live.tsx';
import { cancelRest, receive, suppliesKey, usePledges, useStock, useStores } from '../api/supplies.ts';
import { DonationImportCard, StockMovementForm } from './stock-forms.tsx';

function ReceiveCell({ pledge }: { pledge: Pledge }) {
  const { t } = useTranslation('supplies');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [quantity, setQuantity] = useState<number | null>(null);
  if (pledge.status !== 'open') return null;
  const run = async (action: () => Promise<unknown>) => {
    try {
      await action();
      setQuantity(null);
      await queryClient.invalidateQueries({ queryKey: suppliesKey });
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <Space>
      <InputNumber
        aria-label={`receive-${pledge.id}`}
        data-testid={`receive-qty-${pledge.id}`}
        min={1}
        max={pledge.quantity - pledge.received}
        precision={0}
        value={quantity}
        onChange={setQuantity}
        style={{ width: 110 }}
      />
      <Button
        type="primary"
        data-testid={`receive-${pledge.id}`}
        disabled={!quantity}
        onClick={() => run(() => receive(pledge.id, quantity!))}
      >
        {t('receive')}
      </Button>
      <Button data-testid={`cancel-rest-${pledge.id}`} onClick={() => run(() => cancelRest(pledge.id))}>
        {t('cancelRest')}
      </Button>
    </Space>
  );
}

/** Stores and stock, and the pledges awaiting receipt (received in part, as the goods arrive). */
export default function StockPage() {
  const { t } = useTranslation('supplies');
  const queryClient = useQueryClient();
  const manage = usePermission('supplies.manage');
  const stores = useStores();
  const [storeId, setStoreId] = useState<number | undefined>(undefined);
  const stock = useStock(storeId);
  const pledges = usePledges();
  useLiveEvents(() => void queryClient.invalidateQueries({ queryKey: suppliesKey }), ['supplies.movement']);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Card
        title={t('stock')}
        extra={
          <Select
            data-testid="store-select"
            style={{ width: 240 }}
            value={storeId ?? 0}
            onChange={(v) => setStoreId(v === 0 ? undefined : v)}
            options={[
              { value: 0, label: t('allStores') },
              ...(stores.data ?? []).map((s) => ({ value: s.id, label: s.name })),
            ]}
          />
        }
      >
        <Table
          size="small"
          rowKey={(r) => `${r.storeId ?? 0}-${r.itemId}`}
          loading={stock.isPending}
          dataSource={stock.data ?? []}
          pagination={false}
          columns={[
            { title: t('item'), dataIndex: 'itemName' },
            { title: t('onHand'), dataIndex: 'onHand', align: 'right', render: (v, r) => `${v} ${r.unit}` },
            { title: t('allocated'), dataIndex: 'allocated', align: 'right' },
            {
              title: t('available'),
              dataIndex: 'available',
              align: 'right',
              render: (v: number, r) => <span data-testid={`available-${r.itemName}`}>{v}</span>,
            },
          ]}
        />
      </Card>
      {manage && <StockMovementForm />}
      {manage && <DonationImportCard />}
      <Card title={t('pledges')}>
        <Table
          size="small"
          rowKey="id"
          loading={pledges.isPending}
          dataSource={pledges.data ?? []}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: t('donor'), dataIndex: 'donorName' },
            { title: t('item'), dataIndex: 'itemName' },
            { title: t('store'), dataIndex: 'storeName' },
            { title: t('pledged'), dataIndex: 'quantity', align: 'right' },
            {
              title: t('received'),
              dataIndex: 'received',
              align: 'right',
              render: (v: number, p) => <span data-testid={`received-${p.id}`}>{v}</span>,
            },
            { title: '', dataIndex: 'status', render: (s: string) => <Tag>{t(`status_${s}`)}</Tag> },
            ...(manage
              ? [{ title: '', key: 'act', render: (_: unknown, p: Pledge) => <ReceiveCell pledge={p} /> }]
              : []),
          ]}
        />
        <Typography.Text type="secondary">
          <a href="/api/supplies/ledger.xlsx">台账 xlsx</a>
        </Typography.Text>
      </Card>
    </Space>
  );
}
