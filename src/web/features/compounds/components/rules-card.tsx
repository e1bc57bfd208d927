import { Button, Card, Form, InputNumber, message } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { PassRules } from '../../../../contracts/passes.ts';
import { applyApiError } from '../../../lib/form-errors.ts';
import { usePassRules } from '../api/get-pass-rules.ts';
import { useSavePassRules } from '../api/save-pass-rules.ts';

export function RulesCard({ compoundId, editable }: { compoundId: number; editable: boolean }) {
  const { t } = useTranslation('compounds');
  const { t: tc } = useTranslation();
  const rules = usePassRules(compoundId);
  const save = useSavePassRules(compoundId);
  const [form] = Form.useForm<PassRules>();
  useEffect(() => {
    if (rules.data) form.setFieldsValue(rules.data);
  }, [rules.data, form]);
  return (
    <Card title={t('rules')} size="small" style={{ marginTop: 16 }}>
      <Form
        form={form}
        layout="inline"
        disabled={!editable}
        onFinish={(values) =>
          save.mutate(values, {
            onError: (err) => {
              const rest = applyApiError(form, err);
              if (rest) message.error(rest);
            },
          })
        }
        style={{ rowGap: 8 }}
      >
        <Form.Item name="validityDays" label={t('validityDays')} rules={[{ required: true }]}>
          <InputNumber min={1} max={366} />
        </Form.Item>
        <Form.Item name="quotaCount" label={t('quotaCount')} rules={[{ required: true }]}>
          <InputNumber min={0} max={50} />
        </Form.Item>
        <Form.Item name="quotaDays" label={t('quotaDays')} rules={[{ required: true }]}>
          <InputNumber min={1} max={30} />
        </Form.Item>
        {editable && (
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {tc('save')}
          </Button>
        )}
      </Form>
    </Card>
  );
}
