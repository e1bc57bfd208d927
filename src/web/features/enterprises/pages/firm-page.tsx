import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ENTERPRISE_SIZES,
  type EnterpriseBody,
  enterpriseSchema,
  INDUSTRIES,
  INDUSTRY_RULES,
} from '../../../../contracts/enterprises.ts';
import { ApiError, api } from '../../../lib/api.ts';
import { useCurrentNode } from '../../../lib/current-node.tsx';
import { applyApiError } from '../../../lib/form-errors.ts';

/** The enterprise account's own firm: registered once (credit code checked), then shown. */
export default function FirmPage() {
  const { t } = useTranslation('enterprises');
  const queryClient = useQueryClient();
  const { node } = useCurrentNode();
  const [form] = Form.useForm();
  const industry = Form.useWatch<EnterpriseBody['industry'] | undefined>('industry', form);
  const [error, setError] = useState<string | null>(null);
  const mine = useQuery({
    queryKey: ['enterprises', 'mine'],
    retry: false,
    queryFn: async () => {
      try {
        return await api.get('/api/enterprises/mine', enterpriseSchema);
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
    },
  });
  const submit = async (v: Omit<EnterpriseBody, 'nodeId'>) => {
    if (!node) return;
    setError(null);
    try {
      await api.post('/api/enterprises', enterpriseSchema, { ...v, nodeId: node.id });
      await queryClient.invalidateQueries({ queryKey: ['enterprises', 'mine'] });
    } catch (err) {
      setError(applyApiError(form, err));
    }
  };
  if (mine.isPending) return null;
  const firm = mine.data;
  if (firm)
    return (
      <Card title={firm.name} data-testid="firm-card">
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('firm.creditCode')}>{firm.creditCode}</Descriptions.Item>
          <Descriptions.Item label={t('place')}>{firm.nodeName}</Descriptions.Item>
          <Descriptions.Item label={t('firm.industry')}>
            {t(`firm.industries.${firm.industry}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('regime')}>{t(`regimes.${firm.regime}`)}</Descriptions.Item>
          <Descriptions.Item label={t('firm.size')}>{t(`firm.sizes.${firm.size}`)}</Descriptions.Item>
          <Descriptions.Item label={t('firm.staffTotal')}>{firm.staffTotal}</Descriptions.Item>
          <Descriptions.Item label={t('firm.address')}>{firm.address}</Descriptions.Item>
          <Descriptions.Item
            label={t('firm.contact')}
          >{`${firm.contactName} ${firm.contactPhone}`}</Descriptions.Item>
          <Descriptions.Item label={t('firm.certified')}>{firm.certified ? '✓' : '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
    );
  return (
    <Space direction="vertical" style={{ width: '100%', maxWidth: 640 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('firm.register')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('firm.under', { node: node?.name ?? '' })}</Typography.Text>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ certified: false, staffTotal: 0 }}
      >
        <Form.Item name="name" label={t('firm.name')} rules={[{ required: true }]}>
          <Input data-testid="firm-name" />
        </Form.Item>
        <Form.Item name="creditCode" label={t('firm.creditCode')} rules={[{ required: true }]}>
          <Input maxLength={18} data-testid="firm-credit-code" />
        </Form.Item>
        <Form.Item
          name="industry"
          label={t('firm.industry')}
          rules={[{ required: true }]}
          extra={industry ? t(`regimes.${INDUSTRY_RULES[industry].regime}`) : undefined}
        >
          <Select options={INDUSTRIES.map((i) => ({ value: i, label: t(`firm.industries.${i}`) }))} />
        </Form.Item>
        <Form.Item name="size" label={t('firm.size')} rules={[{ required: true }]}>
          <Select options={ENTERPRISE_SIZES.map((s) => ({ value: s, label: t(`firm.sizes.${s}`) }))} />
        </Form.Item>
        <Form.Item name="address" label={t('firm.address')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Space wrap>
          <Form.Item name="contactName" label={t('firm.contactName')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="contactPhone" label={t('firm.contactPhone')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="staffTotal" label={t('firm.staffTotal')} rules={[{ required: true }]}>
            <InputNumber min={0} />
          </Form.Item>
        </Space>
        <Form.Item name="certified" label={t('firm.certified')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {error && <Alert type="error" message={error} style={{ marginBottom: 8 }} />}
        <Button type="primary" htmlType="submit" data-testid="firm-submit">
          {t('firm.submit')}
        </Button>
      </Form>
    </Space>
  );
}
