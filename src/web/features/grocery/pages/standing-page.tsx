import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WEEKDAYS } from '../../../../contracts/grocery.ts';
import { QueryView } from '../../../components/states.tsx';
import { applyApiError } from '../../../lib/form-errors.ts';
import {
  createStanding,
  standingKey,
  stopStanding,
  useProducts,
  useShops,
  useStanding,
} from '../api/grocery.ts';

/** A new standing order: household, shop, weekday and the quantities of the shop's products. */
function StandingForm() {
  const { t } = useTranslation('grocery');
  const [form] = Form.useForm();
  const queryClient = useQueryClient();
  const shops = useShops(true);
  const shopId = Form.useWatch('shopId', form) as number | undefined;
  const products = useProducts(shopId);
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: {
    householdId: number;
    shopId: number;
    weekday: number;
    qty?: Record<string, number | null>;
  }) => {
    setError(null);
    const lines = Object.entries(v.qty ?? {})
      .filter(([, q]) => q)
      .map(([id, q]) => ({ productId: Number(id), quantity: q as number }));
    try {
      await createStanding({
        householdId: v.householdId,
        shopId: v.shopId,
        weekday: v.weekday,
        lines,
        payment: 'on_delivery',
      });
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: standingKey });
    } catch (err) {
      setError(applyApiError(form, err));
    }
  };
  return (
    <Card size="small" title={t('standingNew')}>
      <Form form={form} layout="vertical" onFinish={submit} name="standing">
        <Form.Item name="householdId" label={t('householdId')} rules={[{ required: true }]}>
          <InputNumber min={1} style={{ width: '100%' }} data-testid="standing-household" />
        </Form.Item>
        <Form.Item name="shopId" label={t('shop')} rules={[{ required: true }]}>
          <Select
            data-testid="standing-shop"
            options={(shops.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          />
        </Form.Item>
        <Form.Item name="weekday" label={t('weekday')} rules={[{ required: true }]}>
          <Select
            data-testid="standing-weekday"
            options={WEEKDAYS.map((d) => ({ value: d, label: t(`weekdays.${d}`) }))}
          />
        </Form.Item>
        {(products.data ?? []).map((p) => (
          <Form.Item
            key={p.id}
            name={['qty', String(p.id)]}
            label={`${p.name}（¥${p.price.toFixed(2)}/${p.unit}）`}
          >
            <InputNumber min={0} max={99} precision={0} />
          </Form.Item>
        ))}
        {error && <Alert type="error" message={error} style={{ marginBottom: 8 }} />}
        <Button type="primary" htmlType="submit" data-testid="standing-save">
          {t('save')}
        </Button>
      </Form>
    </Card>
  );
}

/** Standing weekly orders a cadre keeps for elders and medical staff families, with every run. */
export default function StandingPage() {
  const { t } = useTranslation('grocery');
  const queryClient = useQueryClient();
  const standing = useStanding();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4}>{t('standingTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('standingNote')}</Typography.Paragraph>
      <StandingForm />
      <QueryView query={standing}>
        {(list) => (
          <Table
            rowKey="id"
            size="small"
            data-testid="standing-table"
            dataSource={list}
            pagination={false}
            scroll={{ x: true }}
            columns={[
              { title: t('household'), render: (_, o) => `${o.compound} ${o.household}` },
              { title: t('shop'), dataIndex: 'shopName' },
              { title: t('weekday'), render: (_, o) => t(`weekdays.${o.weekday}`) },
              {
                title: t('items'),
                render: (_, o) => o.lines.map((l) => `${l.name}×${l.quantity}`).join('，'),
              },
              {
                title: t('runs'),
                render: (_, o) => (
                  <Space direction="vertical" size={2}>
                    {o.runs.map((r) => (
                      <span key={r.cycleId}>
                        {r.cycleName}{' '}
                        {r.status === 'placed' ? (
                          <Tag color="green">{t('runPlaced')}</Tag>
                        ) : (
                          <Tag color="red" data-testid="run-failed">
                            {t('runFailed')}: {t(`runErrors.${r.error}`, { defaultValue: r.error ?? '' })}
                          </Tag>
                        )}
                      </span>
                    ))}
                  </Space>
                ),
              },
              {
                title: '',
                render: (_, o) =>
                  o.active ? (
                    <Button
                      size="small"
                      onClick={async () => {
                        await stopStanding(o.id);
                        void queryClient.invalidateQueries({ queryKey: standingKey });
                      }}
                    >
                      {t('stop')}
                    </Button>
                  ) : (
                    <Tag>{t('stopped')}</Tag>
                  ),
              },
            ]}
          />
        )}
      </QueryView>
    </Space>
  );
}
