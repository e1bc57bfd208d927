import { useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Need, REQUESTER_KINDS } from '../../../../contracts/supplies.ts';
import { ApiError } from '../../../lib/api.ts';
import { usePermission } from '../../../lib/auth.ts';
import { useCurrentNode } from '../../../lib/current-node.tsx';
import { useLiveEvents } from '../../../lib/live.tsx';
import {
  allocate,
  postNeed,
  suppliesKey,
  useItems,
  useNeeds,
  useStores,
  withdrawNeed,
} from '../api/supplies.ts';
import { ReasonButton } from './reason-button.tsx';

function AllocateCell({ need }: { need: Need }) {
  const { t } = useTranslation('supplies');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const stores = useStores();
  const [storeId, setStoreId] = useState<number | undefined>();
  const [quantity, setQuantity] = useState<number | null>(null);
  if (need.status !== 'open' || need.allocated >= need.quantity) return null;
  const submit = async () => {
    try {
      await allocate({ needId: need.id, storeId: storeId!, quantity: quantity! });
      setQuantity(null);
      await queryClient.invalidateQueries({ queryKey: suppliesKey });
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <Space>
      <Select
        data-testid={`allocate-store-${need.id}`}
        placeholder={t('fromStore')}
        style={{ width: 160 }}
        value={storeId}
        onChange={setStoreId}
        options={(stores.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
      />
      <InputNumber
        data-testid={`allocate-qty-${need.id}`}
        min={1}
        max={need.quantity - need.allocated}
        precision={0}
        value={quantity}
        onChange={setQuantity}
        style={{ width: 100 }}
      />
      <Button data-testid={`allocate-${need.id}`} disabled={!storeId || !quantity} onClick={submit}>
        {t('allocate')}
      </Button>
    </Space>
  );
}

function NeedForm() {
  const { t } = useTranslation('supplies');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { node } = useCurrentNode();
  const items = useItems();
  const [form] = Form.useForm();
  const submit = async (v: Record<string, unknown> & { dueAt: { valueOf(): number } }) => {
    try {
      await postNeed({ ...v, nodeId: node?.id, dueAt: v.dueAt.valueOf() });
      form.resetFields();
      message.success(t('done'));
      await queryClient.invalidateQueries({ queryKey: suppliesKey });
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <Form form={form} layout="inline" onFinish={submit} style={{ rowGap: 8 }}>
      <Form.Item name="requesterKind" rules={[{ required: true }]} initialValue="hospital">
        <Select
          style={{ width: 100 }}
          options={REQUESTER_KINDS.map((k) => ({ value: k, label: t(`kind_${k}`) }))}
        />
      </Form.Item>
      <Form.Item name="requester" rules={[{ required: true }]}>
        <Input placeholder={t('requester')} />
      </Form.Item>
      <Form.Item name="itemId" rules={[{ required: true }]}>
        <Select
          placeholder={t('item')}
          style={{ width: 160 }}
          options={(items.data ?? []).map((i) => ({ value: i.id, label: `${i.name} ${i.standard}` }))}
        />
      </Form.Item>
      <Form.Item name="quantity" rules={[{ required: true }]}>
        <InputNumber placeholder={t('quantity')} min={1} precision={0} />
      </Form.Item>
      <Form.Item name="dueAt" rules={[{ required: true }]}>
        <DatePicker placeholder={t('dueAt')} />
      </Form.Item>
      <Form.Item name="source" rules={[{ required: true }]}>
        <Input placeholder={t('source')} />
      </Form.Item>
      <Form.Item name="verifiedBy" rules={[{ required: true }]}>
        <Input placeholder={t('verifiedBy')} />
      </Form.Item>
      <Button type="primary" htmlType="submit">
        {t('postNeed')}
      </Button>
    </Form>
  );
}

/** The needs board: open needs first, overdue and long-unmet ones marked; met needs greyed out. */
export default function NeedsPage() {
  const { t } = useTranslation('supplies');
  const queryClient = useQueryClient();
  const manage = usePermission('supplies.manage');
  const postNeeds = usePermission('supplies.needs');
  const needs = useNeeds();
  useLiveEvents(
    () => void queryClient.invalidateQueries({ queryKey: suppliesKey }),
    ['supplies.need', 'supplies.movement'],
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Card title={t('postNeed')}>
        <NeedForm />
      </Card>
      <Card title={t('needs')}>
        <Table
          size="small"
          rowKey="id"
          loading={needs.isPending}
          dataSource={needs.data ?? []}
          pagination={{ pageSize: 30 }}
          onRow={(n) =>
            ({
              'data-testid': `need-${n.id}`,
              'data-status': n.status,
              style:
                n.status !== 'open' ? { opacity: 0.45 } : n.longUnmet ? { background: '#fff1f0' } : undefined,
            }) as React.HTMLAttributes<HTMLElement>
          }
          columns={[
            {
              title: t('requester'),
              dataIndex: 'requester',
              render: (v: string, n) => (
                <>
                  <Tag>{t(`kind_${n.requesterKind}`)}</Tag>
                  {v}
                </>
              ),
            },
            { title: t('item'), dataIndex: 'itemName', render: (v: string, n) => `${v} ${n.standard}` },
            {
              title: t('quantity'),
              dataIndex: 'quantity',
              render: (v: number, n) => `${n.delivered} / ${n.allocated} / ${v} ${n.unit}`,
            },
            {
              title: t('dueAt'),
              dataIndex: 'dueAt',
              render: (v: number, n) => (
                <Space>
                  {new Date(v).toLocaleDateString()}
                  {n.overdue && <Tag color="red">{t('overdue')}</Tag>}
                  {!n.overdue && n.longUnmet && <Tag color="orange">{t('longUnmet')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('source'),
              dataIndex: 'source',
              render: (v: string, n) => (
                <Typography.Text
                  type="secondary"
                  style={{ fontSize: 12 }}
                >{`${v}（${n.verifiedBy}）`}</Typography.Text>
              ),
            },
            {
              title: '',
              dataIndex: 'status',
              render: (s: string) => (
                <Tag color={s === 'met' ? 'green' : undefined}>{t(`needStatus_${s}`)}</Tag>
              ),
            },
            ...(manage
              ? [{ title: '', key: 'act', render: (_: unknown, n: Need) => <AllocateCell need={n} /> }]
              : []),
            ...(postNeeds
              ? [
                  {
                    title: '',
                    key: 'withdraw',
                    render: (_: unknown, n: Need) =>
                      n.status === 'open' ? (
                        <ReasonButton
                          label={t('withdraw')}
                          prompt={t('withdrawReason')}
                          testId={`withdraw-${n.id}`}
                          run={(reason) => withdrawNeed(n.id, reason)}
                        />
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
      </Card>
    </Space>
  );
}
