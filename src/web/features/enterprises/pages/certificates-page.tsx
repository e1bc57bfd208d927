import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { certificateListSchema, certificateSchema } from '../../../../contracts/enterprises.ts';
import { QueryView } from '../../../components/states.tsx';
import { api } from '../../../lib/api.ts';
import { usePermission } from '../../../lib/auth.ts';
import { beijingDate, statusColor } from './shared.tsx';

interface ApplyValues {
  contracts: string;
  counterparty: string;
  country: string;
  obligation: string;
  from: Dayjs;
  until: Dayjs;
}

export default function CertificatesPage() {
  const { t } = useTranslation('enterprises');
  const navigate = useNavigate();
  const { message } = App.useApp();
  const isEnterprise = usePermission('enterprises.self');
  const list = useQuery({
    queryKey: ['fm-certificates'],
    queryFn: () => api.get('/api/fm-certificates', certificateListSchema, { page: 1, pageSize: 100 }),
  });
  const apply = useMutation({
    mutationFn: (v: ApplyValues) =>
      api.post('/api/fm-certificates', certificateSchema, {
        contracts: v.contracts
          .split(/[,，]/)
          .map((s) => s.trim())
          .filter(Boolean),
        counterparty: v.counterparty,
        country: v.country,
        obligation: v.obligation,
        affectedFrom: v.from.valueOf(),
        affectedUntil: v.until.valueOf(),
      }),
    onSuccess: (c) => navigate(`/fm-certificates/${c.id}`),
    onError: (e) => message.error((e as Error).message),
  });

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('certificates')}
      </Typography.Title>
      {isEnterprise && (
        <Card size="small" title={t('apply')}>
          <Form<ApplyValues> layout="vertical" onFinish={(v) => apply.mutate(v)} data-testid="apply-form">
            <Form.Item name="contracts" label={t('contracts')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Space wrap>
              <Form.Item name="counterparty" label={t('counterparty')} rules={[{ required: true, min: 2 }]}>
                <Input />
              </Form.Item>
              <Form.Item name="country" label={t('country')} rules={[{ required: true, min: 2 }]}>
                <Input />
              </Form.Item>
              <Form.Item name="from" label={t('from')} rules={[{ required: true }]}>
                <DatePicker />
              </Form.Item>
              <Form.Item name="until" label={t('until')} rules={[{ required: true }]}>
                <DatePicker />
              </Form.Item>
            </Space>
            <Form.Item name="obligation" label={t('obligation')} rules={[{ required: true, min: 2 }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={apply.isPending} data-testid="apply-submit">
              {t('apply')}
            </Button>
          </Form>
        </Card>
      )}
      <QueryView query={list}>
        {(data) => (
          <Table
            rowKey="id"
            size="small"
            data-testid="certificates-table"
            scroll={{ x: 'max-content' }}
            dataSource={data.items}
            pagination={false}
            columns={[
              {
                title: t('enterprise'),
                dataIndex: 'enterpriseName',
                render: (name: string, row) => <Link to={`/fm-certificates/${row.id}`}>{name}</Link>,
              },
              { title: t('number'), dataIndex: 'number', render: (n: string | null) => n ?? '—' },
              { title: t('counterparty'), dataIndex: 'counterparty' },
              { title: t('country'), dataIndex: 'country' },
              {
                title: t('status'),
                dataIndex: 'status',
                render: (s: string) => <Tag color={statusColor(s)}>{s}</Tag>,
              },
              {
                title: t('submittedAt'),
                dataIndex: 'submittedAt',
                render: (v: number) => beijingDate(v, true),
              },
              { title: t('due'), dataIndex: 'dueAt', render: (v: number) => beijingDate(v, true) },
            ]}
          />
        )}
      </QueryView>
    </Space>
  );
}
