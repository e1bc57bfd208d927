import { App, Button, Card, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyApiError } from '../../../lib/form-errors.ts';
import { useRegisterSupport, useSupportPoints } from '../api/fieldwork.ts';

/** A resident or a restaurant says what they brought to a checkpoint; the people on duty see it. */
export default function SupportPage() {
  const { t } = useTranslation('fieldwork');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ checkpointId: number; giver: string; what: string; quantity?: string }>();
  const [q, setQ] = useState('');
  const points = useSupportPoints(q);
  const register = useRegisterSupport();
  return (
    <Card size="small" title={t('supportPageTitle')}>
      <Form
        form={form}
        layout="vertical"
        onFinish={async ({ checkpointId, ...body }) => {
          try {
            await register.mutateAsync({
              id: checkpointId,
              body: { ...body, quantity: body.quantity ?? '' },
            });
            void message.success(t('registered'));
            form.resetFields(['what', 'quantity']);
          } catch (err) {
            const rest = applyApiError(form, err);
            if (rest) void message.error(rest);
          }
        }}
      >
        <Form.Item name="checkpointId" label={t('checkpoint')} rules={[{ required: true }]}>
          <Select
            showSearch
            filterOption={false}
            onSearch={setQ}
            placeholder={t('searchCheckpoint')}
            options={(points.data ?? []).map((p) => ({ value: p.id, label: `${p.name} · ${p.location}` }))}
          />
        </Form.Item>
        <Form.Item name="giver" label={t('giver')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="what" label={t('what')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="quantity" label={t('quantity')}>
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={register.isPending}>
          {t('register')}
        </Button>
      </Form>
    </Card>
  );
}
