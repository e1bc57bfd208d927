import { Button, Card, Form, Input, message, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Compound, MANAGEMENT_MODES } from '../../../../contracts/compounds.ts';
import { ErrorState } from '../../../components/states.tsx';
import { usePermission } from '../../../lib/auth.ts';
import { useCurrentNode } from '../../../lib/current-node.tsx';
import { applyApiError } from '../../../lib/form-errors.ts';
import { useCreateCompound } from '../api/create-compound.ts';
import { useCompounds } from '../api/get-compounds.ts';

interface CreateForm {
  name: string;
  address: string;
  mode: (typeof MANAGEMENT_MODES)[number];
  gates: string;
}

export default function CompoundsPage() {
  const { t } = useTranslation('compounds');
  const { node } = useCurrentNode();
  const [page, setPage] = useState(1);
  const compounds = useCompounds(node?.id, page);
  const canManage = usePermission('compounds.manage');
  const create = useCreateCompound();
  const [form] = Form.useForm<CreateForm>();

  const submit = async (values: CreateForm) => {
    if (!node) return;
    try {
      await create.mutateAsync({
        parentId: node.id,
        name: values.name,
        profile: {
          address: values.address,
          mode: values.mode,
          gates: values.gates
            .split(/[,，、\s]+/)
            .filter(Boolean)
            .map((name) => ({ name, lanes: ['person', 'vehicle'] })),
          staff: [],
        },
      });
      form.resetFields();
    } catch (err) {
      const rest = applyApiError(form, err);
      if (rest) message.error(rest);
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('compounds')}>
        {compounds.error ? (
          <ErrorState error={compounds.error} onRetry={() => void compounds.refetch()} />
        ) : (
          <Table<Compound>
            rowKey="id"
            loading={compounds.isPending}
            dataSource={compounds.data?.items ?? []}
            pagination={{ current: page, pageSize: 50, total: compounds.data?.total ?? 0, onChange: setPage }}
            scroll={{ x: true }}
            columns={[
              {
                title: t('name'),
                dataIndex: 'name',
                render: (name: string, c) => <Link to={`/compounds/${c.id}`}>{name}</Link>,
              },
              { title: t('community'), dataIndex: 'communityName' },
              {
                title: t('mode'),
                dataIndex: 'mode',
                render: (m: Compound['mode']) => (m ? t(`modes.${m}`) : '—'),
              },
              { title: t('households'), dataIndex: 'households' },
              { title: t('residents'), dataIndex: 'residents' },
              { title: t('vehicles'), dataIndex: 'vehicles' },
            ]}
            data-testid="compounds-table"
          />
        )}
      </Card>
      {canManage && (
        <Card title={t('create')}>
          {node?.kind === 'community' ? (
            <Form
              form={form}
              layout="vertical"
              onFinish={(v) => void submit(v)}
              initialValues={{ mode: 'fenced', gates: '南门' }}
            >
              <Form.Item name="name" label={t('name')} rules={[{ required: true, max: 60 }]}>
                <Input />
              </Form.Item>
              <Form.Item name="address" label={t('address')} rules={[{ required: true, max: 200 }]}>
                <Input />
              </Form.Item>
              <Form.Item name="mode" label={t('mode')}>
                <Select options={MANAGEMENT_MODES.map((m) => ({ value: m, label: t(`modes.${m}`) }))} />
              </Form.Item>
              <Form.Item name="gates" label={t('gates')} rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={create.isPending}>
                {t('create')}
              </Button>
            </Form>
          ) : (
            <Typography.Text type="secondary">{t('pickCommunity')}</Typography.Text>
          )}
        </Card>
      )}
    </Space>
  );
}
