import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import {
  type Booking,
  bookingSchema,
  type Slot,
  slotSchema,
  TRANSPORTS,
} from '../../../../contracts/enterprises.ts';
import { QueryView } from '../../../components/states.tsx';
import { api } from '../../../lib/api.ts';
import { usePermission } from '../../../lib/auth.ts';
import { applyApiError } from '../../../lib/form-errors.ts';
import { CustomsStats } from './customs-stats.tsx';
import { beijingDate } from './shared.tsx';

const DAY = 86_400_000;

function BookForm({ slot, onDone }: { slot: Slot; onDone: () => void }) {
  const { t } = useTranslation('enterprises');
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: Record<string, unknown>) => {
    setError(null);
    try {
      await api.post('/api/customs/bookings', bookingSchema, { ...v, slotId: slot.id });
      onDone();
    } catch (err) {
      setError(applyApiError(form, err));
    }
  };
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{ transport: 'water', port: '鲅鱼圈港', green: slot.greenOnly }}
    >
      <Typography.Paragraph>{`${slot.office} · ${beijingDate(slot.startsAt)}`}</Typography.Paragraph>
      <Form.Item name="goods" label={t('customs.goods')} rules={[{ required: true }]}>
        <Input data-testid="booking-goods" />
      </Form.Item>
      <Form.Item name="hsCode" label={t('customs.hsCode')} rules={[{ required: true }]}>
        <Input data-testid="booking-hs" />
      </Form.Item>
      <Space wrap>
        <Form.Item name="quantity" label={t('customs.quantity')} rules={[{ required: true }]}>
          <InputNumber min={0} data-testid="booking-quantity" />
        </Form.Item>
        <Form.Item name="weightKg" label={t('customs.weightKg')} rules={[{ required: true }]}>
          <InputNumber min={0} data-testid="booking-weight" />
        </Form.Item>
        <Form.Item name="valueUsd" label={t('customs.valueUsd')} rules={[{ required: true }]}>
          <InputNumber min={0} data-testid="booking-value" />
        </Form.Item>
      </Space>
      <Form.Item name="destination" label={t('customs.destination')} rules={[{ required: true }]}>
        <Input data-testid="booking-destination" />
      </Form.Item>
      <Space wrap>
        <Form.Item name="transport" label={t('customs.transport')}>
          <Select
            style={{ width: 120 }}
            options={TRANSPORTS.map((x) => ({ value: x, label: t(`customs.transports.${x}`) }))}
          />
        </Form.Item>
        <Form.Item name="port" label={t('customs.port')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="green" label={t('customs.green')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Space>
      {error && <Alert type="error" message={error} style={{ marginBottom: 8 }} />}
      <Button type="primary" htmlType="submit" data-testid="booking-submit">
        {t('customs.book')}
      </Button>
    </Form>
  );
}

function ClearForm({ booking, onDone }: { booking: Booking; onDone: () => void }) {
  const { t } = useTranslation('enterprises');
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: { weightKg: number; valueUsd: number }) => {
    setError(null);
    try {
      await api.post(`/api/customs/bookings/${booking.id}/clear`, bookingSchema, v);
      onDone();
    } catch (err) {
      setError(applyApiError(form, err));
    }
  };
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{ weightKg: booking.weightKg, valueUsd: booking.valueUsd }}
    >
      <Typography.Paragraph>{`${booking.receipt} · ${booking.enterpriseName} · ${booking.goods}`}</Typography.Paragraph>
      <Form.Item name="weightKg" label={t('customs.weightKg')} rules={[{ required: true }]}>
        <InputNumber min={0} />
      </Form.Item>
      <Form.Item name="valueUsd" label={t('customs.valueUsd')} rules={[{ required: true }]}>
        <InputNumber min={0} />
      </Form.Item>
      {error && <Alert type="error" message={error} style={{ marginBottom: 8 }} />}
      <Button type="primary" htmlType="submit" data-testid="clear-submit">
        {t('customs.clear')}
      </Button>
    </Form>
  );
}

/**
 * Export clearance appointments: an exporter books a slot and follows its bookings; a customs
 * officer records clearance and reads the statistics beside last year's.
 */
export default function CustomsPage() {
  const { t } = useTranslation('enterprises');
  const queryClient = useQueryClient();
  const isFirm = usePermission('enterprises.self');
  const isCustoms = usePermission('customs.clear');
  const [from] = useState(() => Date.now());
  const slots = useQuery({
    queryKey: ['customs', 'slots', from],
    queryFn: () => api.get('/api/customs/slots', z.array(slotSchema), { from, until: from + 7 * DAY }),
  });
  const bookings = useQuery({
    queryKey: ['customs', 'bookings'],
    queryFn: () => api.get('/api/customs/bookings', z.array(bookingSchema)),
  });
  const [booking, setBooking] = useState<Slot | null>(null);
  const [clearing, setClearing] = useState<Booking | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => {
    setBooking(null);
    setClearing(null);
    void queryClient.invalidateQueries({ queryKey: ['customs'] });
  };
  const cancel = async (b: Booking) => {
    const reason = window.prompt(t('customs.cancelReason'));
    if (!reason) return;
    setError(null);
    try {
      await api.post(`/api/customs/bookings/${b.id}/cancel`, bookingSchema, { reason });
      refresh();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('customs.title')}
      </Typography.Title>
      {error && <Alert type="error" message={error} />}
      {isFirm && (
        <QueryView query={slots}>
          {(data) => (
            <Table<Slot>
              rowKey="id"
              size="small"
              data-testid="slots-table"
              scroll={{ x: 'max-content' }}
              dataSource={data}
              pagination={{ pageSize: 12 }}
              columns={[
                { title: t('customs.office'), dataIndex: 'office' },
                {
                  title: t('customs.startsAt'),
                  dataIndex: 'startsAt',
                  render: (v: number) => beijingDate(v, true),
                },
                {
                  title: t('customs.places'),
                  key: 'p',
                  render: (_, s) => `${s.capacity - s.booked} / ${s.capacity}`,
                },
                {
                  title: '',
                  key: 'kind',
                  render: (_, s) => (s.greenOnly ? <Tag color="green">{t('customs.greenOnly')}</Tag> : null),
                },
                {
                  title: '',
                  key: 'book',
                  render: (_, s) => (
                    <Button size="small" disabled={s.booked >= s.capacity} onClick={() => setBooking(s)}>
                      {t('customs.book')}
                    </Button>
                  ),
                },
              ]}
            />
          )}
        </QueryView>
      )}
      <Typography.Title level={4}>{t('customs.bookings')}</Typography.Title>
      <QueryView query={bookings}>
        {(data) => (
          <Table<Booking>
            rowKey="id"
            size="small"
            data-testid="bookings-table"
            scroll={{ x: 'max-content' }}
            dataSource={data}
            columns={[
              { title: t('customs.receipt'), dataIndex: 'receipt' },
              { title: t('enterprise'), dataIndex: 'enterpriseName' },
              {
                title: t('customs.startsAt'),
                dataIndex: 'startsAt',
                render: (v: number) => beijingDate(v, true),
              },
              { title: t('customs.goods'), key: 'g', render: (_, b) => `${b.goods} (${b.hsCode})` },
              { title: t('customs.weightKg'), dataIndex: 'weightKg' },
              { title: t('customs.valueUsd'), dataIndex: 'valueUsd' },
              { title: t('customs.destination'), dataIndex: 'destination' },
              {
                title: t('status'),
                dataIndex: 'status',
                render: (s: Booking['status']) => (
                  <Tag color={s === 'cleared' ? 'green' : s === 'cancelled' ? 'default' : 'blue'}>
                    {t(`customs.statuses.${s}`)}
                  </Tag>
                ),
              },
              {
                title: '',
                key: 'act',
                render: (_, b) =>
                  b.status === 'accepted' ? (
                    <Space>
                      {isCustoms && (
                        <Button
                          size="small"
                          type="primary"
                          onClick={() => setClearing(b)}
                          data-testid={`clear-${b.id}`}
                        >
                          {t('customs.clear')}
                        </Button>
                      )}
                      <Button size="small" onClick={() => cancel(b)}>
                        {t('customs.cancel')}
                      </Button>
                    </Space>
                  ) : (
                    (b.cancelReason ?? '')
                  ),
              },
            ]}
          />
        )}
      </QueryView>
      {isCustoms && <CustomsStats />}
      <Modal
        open={booking !== null}
        title={t('customs.book')}
        footer={null}
        onCancel={() => setBooking(null)}
        destroyOnHidden
      >
        {booking && <BookForm slot={booking} onDone={refresh} />}
      </Modal>
      <Modal
        open={clearing !== null}
        title={t('customs.clear')}
        footer={null}
        onCancel={() => setClearing(null)}
        destroyOnHidden
      >
        {clearing && <ClearForm booking={clearing} onDone={refresh} />}
      </Modal>
    </Space>
  );
}
