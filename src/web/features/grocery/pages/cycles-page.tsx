import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Cycle, Product, Shop } from '../../../../contracts/grocery.ts';
import { QueryView } from '../../../components/states.tsx';
import { usePermission } from '../../../lib/auth.ts';
import { useCurrentNode } from '../../../lib/current-node.tsx';
import { applyApiError } from '../../../lib/form-errors.ts';
import {
  createCycle,
  createProduct,
  createShop,
  cyclesKey,
  shopsKey,
  useCycles,
  useProducts,
  useShops,
} from '../api/grocery.ts';

const HOUR = 3_600_000;
const yuan = (n: number) => `¥${n.toFixed(2)}`;

export function CycleStatus({ cycle }: { cycle: Cycle }) {
  const { t } = useTranslation('grocery');
  const color = cycle.status === 'open' ? 'green' : cycle.status === 'closed' ? 'default' : 'blue';
  return (
    <Space size={4}>
      <Tag color={color} data-testid={`cycle-status-${cycle.id}`}>
        {t(`cycle_${cycle.status}`)}
      </Tag>
      {cycle.closedReason && (
        <Typography.Text type="secondary">{t(`reason_${cycle.closedReason}`)}</Typography.Text>
      )}
    </Space>
  );
}

function NewShop({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation('grocery');
  const { node } = useCurrentNode();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: {
    name: string;
    address: string;
    phone: string;
    hours?: string;
    accountPhone?: string;
  }) => {
    if (!node) return;
    setError(null);
    try {
      await createShop({
        nodeId: node.id,
        name: v.name,
        kind: 'supermarket',
        address: v.address,
        phone: v.phone,
        areaNodeIds: [node.id],
        freeDelivery: true,
        hours: v.hours ?? '',
        minOrder: 0,
        ...(v.accountPhone ? { accountPhone: v.accountPhone } : {}),
      });
      form.resetFields();
      onDone();
    } catch (err) {
      setError(applyApiError(form, err));
    }
  };
  return (
    <Form form={form} name="shop" layout="vertical" onFinish={submit}>
      <Typography.Paragraph type="secondary">
        {t('shopArea', { node: node?.name ?? '' })}
      </Typography.Paragraph>
      <Form.Item name="name" label={t('shopName')} rules={[{ required: true }]}>
        <Input />
      </Form.Item>
      <Form.Item name="address" label={t('address')} rules={[{ required: true }]}>
        <Input />
      </Form.Item>
      <Form.Item name="phone" label={t('phone')} rules={[{ required: true }]}>
        <Input />
      </Form.Item>
      <Form.Item name="hours" label={t('hours')}>
        <Input />
      </Form.Item>
      <Form.Item name="accountPhone" label={t('accountPhone')}>
        <Input />
      </Form.Item>
      {error && <Alert type="error" message={error} style={{ marginBottom: 8 }} />}
      <Button type="primary" htmlType="submit" data-testid="shop-save">
        {t('save')}
      </Button>
    </Form>
  );
}

/** A shop's price list: cost and each named fee; the sale price is their sum, never typed. */
function ShopProducts({ shop }: { shop: Shop }) {
  const { t } = useTranslation('grocery');
  const products = useProducts(shop.id);
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const add = async (v: {
    name: string;
    unit: string;
    cost: number;
    transport?: number;
    packing?: number;
    loss?: number;
  }) => {
    setError(null);
    try {
      await createProduct(shop.id, {
        name: v.name,
        kind: 'item',
        unit: v.unit,
        contents: '',
        weightGrams: 0,
        cost: v.cost,
        fees: { transport: v.transport ?? 0, packing: v.packing ?? 0, loss: v.loss ?? 0 },
      });
      form.resetFields();
      await products.refetch();
    } catch (err) {
      setError(applyApiError(form, err));
    }
  };
  const money = (name: string, label: string, required = false) => (
    <Form.Item name={name} rules={required ? [{ required: true }] : []}>
      <InputNumber min={0} step={0.1} placeholder={label} data-testid={`product-${name}`} />
    </Form.Item>
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Table<Product>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={products.data ?? []}
        columns={[
          { title: t('product'), dataIndex: 'name' },
          { title: t('unit'), dataIndex: 'unit' },
          { title: t('cost'), dataIndex: 'cost', render: (v: number) => yuan(v) },
          ...(['transport', 'packing', 'loss'] as const).map((k) => ({
            title: t(k),
            key: k,
            render: (_: unknown, p: Product) => yuan(p.breakdown.find((b) => b.type === k)?.amount ?? 0),
          })),
          { title: t('total'), dataIndex: 'price', render: (v: number) => yuan(v) },
        ]}
      />
      <Form form={form} name={`products-${shop.id}`} layout="inline" onFinish={add}>
        <Form.Item name="name" rules={[{ required: true }]}>
          <Input placeholder={t('product')} data-testid="product-name" />
        </Form.Item>
        <Form.Item name="unit" rules={[{ required: true }]}>
          <Input placeholder={t('unit')} style={{ width: 80 }} data-testid="product-unit" />
        </Form.Item>
        {money('cost', t('cost'), true)}
        {money('transport', t('transport'))}
        {money('packing', t('packing'))}
        {money('loss', t('loss'))}
        <Button htmlType="submit" data-testid="add-product">
          {t('addProduct')}
        </Button>
      </Form>
      {error && <Alert type="error" message={error} />}
    </Space>
  );
}

function NewCycle({ shops, onDone }: { shops: Shop[]; onDone: () => void }) {
  const { t } = useTranslation('grocery');
  const [form] = Form.useForm();
  const shopId = Form.useWatch<number | undefined>('shopId', form);
  const products = useProducts(shopId);
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: {
    shopId: number;
    name: string;
    hours: number;
    maxOrders?: number;
    caps?: Record<string, number | null>;
  }) => {
    const shop = shops.find((s) => s.id === v.shopId)!;
    const now = Date.now();
    setError(null);
    try {
      await createCycle({
        shopId: v.shopId,
        nodeId: shop.nodeId,
        name: v.name,
        opensAt: now,
        closesAt: now + v.hours * HOUR,
        ...(v.maxOrders ? { maxOrders: v.maxOrders } : {}),
        ordersPerHousehold: 1,
        items: (products.data ?? []).map((p) => {
          const cap = v.caps?.[String(p.id)];
          return cap ? { productId: p.id, cap } : { productId: p.id };
        }),
      });
      form.resetFields();
      onDone();
    } catch (err) {
      setError(applyApiError(form, err));
    }
  };
  return (
    <Form form={form} name="cycle" layout="vertical" onFinish={submit} initialValues={{ hours: 24 }}>
      <Form.Item name="shopId" label={t('shop')} rules={[{ required: true }]}>
        <Select options={shops.map((s) => ({ value: s.id, label: s.name }))} data-testid="cycle-shop" />
      </Form.Item>
      <Form.Item name="name" label={t('cycleName')} rules={[{ required: true }]}>
        <Input />
      </Form.Item>
      <Form.Item name="hours" label={t('openHours')} rules={[{ required: true }]}>
        <InputNumber min={1} max={24 * 14} />
      </Form.Item>
      <Form.Item name="maxOrders" label={t('maxOrders')}>
        <InputNumber min={1} />
      </Form.Item>
      {(products.data ?? []).map((p) => (
        <Form.Item
          key={p.id}
          name={['caps', String(p.id)]}
          label={t('capOf', { name: p.name, price: yuan(p.price) })}
        >
          <InputNumber min={1} placeholder={t('noCap')} />
        </Form.Item>
      ))}
      {error && <Alert type="error" message={error} style={{ marginBottom: 8 }} />}
      <Button type="primary" htmlType="submit" disabled={!products.data?.length} data-testid="cycle-save">
        {t('save')}
      </Button>
    </Form>
  );
}

/** Officials manage cycles and shops here; a shop's own account sees its cycles and their packing sheets. */
export default function CyclesPage() {
  const { t } = useTranslation('grocery');
  const queryClient = useQueryClient();
  const manages = usePermission('grocery.manage');
  const cycles = useCycles();
  const shops = useShops(manages);
  const [dialog, setDialog] = useState<'shop' | 'cycle' | null>(null);
  const done = () => {
    setDialog(null);
    void queryClient.invalidateQueries({ queryKey: cyclesKey });
    void queryClient.invalidateQueries({ queryKey: shopsKey });
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('cycles')}
      </Typography.Title>
      {manages && (
        <Space wrap>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setDialog('cycle')}
            data-testid="new-cycle"
          >
            {t('newCycle')}
          </Button>
          <Button icon={<PlusOutlined />} onClick={() => setDialog('shop')} data-testid="new-shop">
            {t('newShop')}
          </Button>
        </Space>
      )}
      <QueryView query={cycles}>
        {(data) => (
          <Table<Cycle>
            rowKey="id"
            size="small"
            data-testid="cycles-table"
            scroll={{ x: 'max-content' }}
            dataSource={data}
            columns={[
              {
                title: t('cycleName'),
                dataIndex: 'name',
                render: (name: string, c) => (
                  <Link to={`/grocery/cycles/${c.id}`}>{`${c.shopName} · ${name}`}</Link>
                ),
              },
              { title: t('status'), key: 'status', render: (_, c) => <CycleStatus cycle={c} /> },
              {
                title: t('closesAt'),
                dataIndex: 'closesAt',
                render: (v: number) => new Date(v).toLocaleString(),
              },
              {
                title: t('orders'),
                dataIndex: 'orderCount',
                render: (n: number, c) => (c.maxOrders ? `${n} / ${c.maxOrders}` : n),
              },
              { title: t('turnover'), dataIndex: 'turnover', render: (v: number) => yuan(v) },
            ]}
          />
        )}
      </QueryView>
      {manages && shops.data && (
        <>
          <Typography.Title level={4}>{t('shops')}</Typography.Title>
          <Table<Shop>
            rowKey="id"
            size="small"
            data-testid="shops-table"
            scroll={{ x: 'max-content' }}
            dataSource={shops.data}
            pagination={false}
            expandable={{ expandedRowRender: (shop) => <ShopProducts shop={shop} /> }}
            columns={[
              { title: t('shopName'), dataIndex: 'name' },
              { title: t('address'), dataIndex: 'address' },
              { title: t('phone'), dataIndex: 'phone' },
              { title: t('hours'), dataIndex: 'hours' },
              {
                title: t('freeDelivery'),
                dataIndex: 'freeDelivery',
                render: (v: boolean) => (v ? t('yes') : t('no')),
              },
            ]}
          />
        </>
      )}
      <Modal
        open={dialog === 'shop'}
        title={t('newShop')}
        footer={null}
        onCancel={() => setDialog(null)}
        destroyOnHidden
      >
        <NewShop onDone={done} />
      </Modal>
      <Modal
        open={dialog === 'cycle'}
        title={t('newCycle')}
        footer={null}
        onCancel={() => setDialog(null)}
        destroyOnHidden
      >
        <NewCycle shops={shops.data ?? []} onDone={done} />
      </Modal>
    </Space>
  );
}
