import { PrinterOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { DeliveryStop, Packing } from '../../../../contracts/grocery.ts';
import { QueryView } from '../../../components/states.tsx';
import { ApiError } from '../../../lib/api.ts';
import { usePermission } from '../../../lib/auth.ts';
import { useLiveEvents } from '../../../lib/live.tsx';
import {
  closeCycle,
  createBatch,
  cycleKey,
  cyclesKey,
  markDelivery,
  useCycle,
  useDeliveryList,
  usePacking,
} from '../api/grocery.ts';
import { CycleStatus } from './cycles-page.tsx';
import { Outcome } from './deliveries-page.tsx';

const yuan = (n: number) => `¥${n.toFixed(2)}`;

/** The shop's packing sheet: by product (then each household), and by pick-up point. */
function PackingSheet({ packing }: { packing: Packing }) {
  const { t } = useTranslation('grocery');
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="packing-sheet">
      <Space wrap>
        <Typography.Text strong>{t('packingTotals', packing.totals)}</Typography.Text>
        <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print-packing">
          {t('print')}
        </Button>
        <Button href={`/api/grocery/cycles/${packing.cycle.id}/packing.pdf`} data-testid="packing-pdf">
          {t('packingPdf')}
        </Button>
      </Space>
      <Table
        rowKey="productId"
        size="small"
        pagination={false}
        dataSource={packing.products}
        expandable={{
          expandedRowRender: (p) => (
            <Table
              rowKey="orderId"
              size="small"
              pagination={false}
              dataSource={p.households}
              columns={[
                { title: t('household'), dataIndex: 'household' },
                { title: t('quantity'), dataIndex: 'quantity' },
              ]}
            />
          ),
        }}
        columns={[
          { title: t('product'), dataIndex: 'name' },
          { title: t('unit'), dataIndex: 'unit' },
          {
            title: t('quantity'),
            dataIndex: 'quantity',
            render: (q: number) => <b data-testid="packing-qty">{q}</b>,
          },
          { title: t('households'), key: 'n', render: (_, p) => p.households.length },
        ]}
      />
      <Typography.Title level={5}>{t('points')}</Typography.Title>
      <Table
        rowKey={(p) => `${p.compound}|${p.building}`}
        size="small"
        pagination={false}
        dataSource={packing.points}
        columns={[
          { title: t('compound'), dataIndex: 'compound' },
          { title: t('building'), dataIndex: 'building' },
          { title: t('orders'), dataIndex: 'orders' },
          {
            title: t('products'),
            key: 'p',
            render: (_, p) => p.products.map((x) => `${x.name}×${x.quantity}`).join('，'),
          },
        ]}
      />
    </Space>
  );
}

function DeliveryList({ cycleId, stops }: { cycleId: number; stops: DeliveryStop[] }) {
  const { t } = useTranslation('grocery');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<number[]>([]);
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: cycleKey(cycleId) });
  const assign = async (v: { name: string; assigneePhone: string }) => {
    setError(null);
    try {
      const r = await createBatch(cycleId, { ...v, orderIds: selected });
      message.success(t('assigned', { n: r.assigned }));
      setSelected([]);
      form.resetFields();
      await refresh();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Form form={form} layout="inline" onFinish={assign}>
        <Form.Item name="name" rules={[{ required: true }]}>
          <Input placeholder={t('batchName')} />
        </Form.Item>
        <Form.Item name="assigneePhone" rules={[{ required: true }]}>
          <Input placeholder={t('courierPhone')} data-testid="courier-phone" />
        </Form.Item>
        <Button type="primary" htmlType="submit" disabled={selected.length === 0} data-testid="assign-batch">
          {t('assignBatch', { n: selected.length })}
        </Button>
      </Form>
      {error && <Alert type="error" message={error} />}
      <Table<DeliveryStop>
        rowKey="orderId"
        size="small"
        data-testid="delivery-list"
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 50 }}
        dataSource={stops}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys.map(Number)),
          getCheckboxProps: (s) => ({ disabled: s.batchId !== null || s.status !== 'placed' }),
        }}
        columns={[
          { title: t('compound'), dataIndex: 'compound' },
          { title: t('building'), dataIndex: 'building' },
          { title: t('door'), key: 'door', render: (_, s) => `${s.unit ? `${s.unit}单元 ` : ''}${s.room}` },
          { title: t('phone'), dataIndex: 'phone', render: (p: string) => <a href={`tel:${p}`}>{p}</a> },
          { title: t('items'), dataIndex: 'items' },
          { title: t('total'), dataIndex: 'total', render: (v: number) => yuan(v) },
          { title: t('note'), dataIndex: 'note' },
          {
            title: t('status'),
            key: 'status',
            render: (_, s) => (
              <Space>
                <Tag>{t(`status_${s.status}`)}</Tag>
                {s.batchId !== null && <Tag color="blue">{t('inBatch')}</Tag>}
              </Space>
            ),
          },
          {
            title: '',
            key: 'mark',
            render: (_, s) =>
              s.status === 'placed' || s.status === 'not_home' ? (
                <Outcome
                  stop={s}
                  onMark={async (o) => {
                    await markDelivery(s.orderId, o);
                    await refresh();
                  }}
                />
              ) : null,
          },
        ]}
      />
    </Space>
  );
}

export default function CyclePage() {
  const { t } = useTranslation('grocery');
  const id = Number(useParams().id);
  const queryClient = useQueryClient();
  const manages = usePermission('grocery.manage');
  const cycle = useCycle(id);
  const closed = cycle.data?.status === 'closed';
  const packing = usePacking(id, closed);
  const delivery = useDeliveryList(id, closed);
  const [error, setError] = useState<string | null>(null);
  useLiveEvents(
    () => void queryClient.invalidateQueries({ queryKey: cycleKey(id) }),
    ['grocery.delivery', 'grocery.cycle-closed'],
  );
  const close = async () => {
    setError(null);
    try {
      await closeCycle(id);
      await queryClient.invalidateQueries({ queryKey: cycleKey(id) });
      await queryClient.invalidateQueries({ queryKey: cyclesKey });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <QueryView query={cycle}>
      {(c) => (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {`${c.shopName} · ${c.name}`}
          </Typography.Title>
          <Card size="small">
            <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
              <Descriptions.Item label={t('status')}>
                <CycleStatus cycle={c} />
              </Descriptions.Item>
              <Descriptions.Item label={t('closesAt')}>
                {new Date(c.closesAt).toLocaleString()}
              </Descriptions.Item>
              <Descriptions.Item label={t('orders')}>
                {c.maxOrders ? `${c.orderCount} / ${c.maxOrders}` : c.orderCount}
              </Descriptions.Item>
              <Descriptions.Item label={t('turnover')}>{yuan(c.turnover)}</Descriptions.Item>
              {c.items.map((p) => (
                <Descriptions.Item key={p.id} label={p.name}>
                  {p.cap === null ? t('soldN', { n: p.sold }) : t('soldOf', { n: p.sold, cap: p.cap })}
                </Descriptions.Item>
              ))}
            </Descriptions>
            {manages && c.status !== 'closed' && (
              <Button danger onClick={close} data-testid="close-cycle">
                {t('closeNow')}
              </Button>
            )}
            {error && <Alert type="error" message={error} style={{ marginTop: 8 }} />}
          </Card>
          {closed ? (
            <Tabs
              items={[
                {
                  key: 'packing',
                  label: t('packingSheet'),
                  children: <QueryView query={packing}>{(p) => <PackingSheet packing={p} />}</QueryView>,
                },
                {
                  key: 'delivery',
                  label: t('delivery'),
                  children: (
                    <QueryView query={delivery}>{(s) => <DeliveryList cycleId={id} stops={s} />}</QueryView>
                  ),
                },
              ]}
            />
          ) : (
            <Alert type="info" message={t('packingAfterClose')} />
          )}
        </Space>
      )}
    </QueryView>
  );
}
