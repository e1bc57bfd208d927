import { Button, Card, Form, Input, InputNumber, message, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { TEMPERATURE_MAX, TEMPERATURE_MIN } from '../../../../contracts/gate.ts';
import { timeOrderedId } from '../../../lib/client-id.ts';
import { applyApiError } from '../../../lib/form-errors.ts';
import { useGateHouseholds } from '../api/get-gate-households.ts';
import { registerVisitor } from '../api/register-visitor.ts';

interface VisitorForm {
  name: string;
  phone: string;
  hostHouseholdId: number;
  reason: string;
  temperature?: number;
}

/** Visitors are registered online only: they have no pass to verify on the device. */
export function VisitorCard({ compoundId, direction }: { compoundId: number; direction: 'in' | 'out' }) {
  const { t } = useTranslation('gate');
  const households = useGateHouseholds(compoundId);
  const [form] = Form.useForm<VisitorForm>();
  const submit = async (values: VisitorForm) => {
    try {
      const result = await registerVisitor({ id: timeOrderedId(), compoundId, direction, ...values });
      message[result.fever ? 'warning' : 'success'](result.fever ? t('fever') : t('recorded'));
      form.resetFields();
    } catch (err) {
      const rest = applyApiError(form, err);
      if (rest) message.error(rest);
    }
  };
  return (
    <Card size="small" title={t('visitor')}>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="name" label={t('visitorName')} rules={[{ required: true, max: 40 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="phone" label={t('visitorPhone')} rules={[{ required: true }]}>
          <Input inputMode="tel" />
        </Form.Item>
        <Form.Item name="hostHouseholdId" label={t('visitorHost')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            loading={households.isPending}
            options={(households.data ?? []).map((h) => ({ value: h.id, label: h.label }))}
          />
        </Form.Item>
        <Form.Item name="reason" label={t('visitorReason')} rules={[{ required: true, max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="temperature" label={t('temperature')}>
          <InputNumber
            min={TEMPERATURE_MIN}
            max={TEMPERATURE_MAX}
            step={0.1}
            precision={1}
            inputMode="decimal"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('record')}
        </Button>
      </Form>
    </Card>
  );
}
