import { Alert, Button, Card, Form, Input, message, Result, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyApiError } from '../../../lib/form-errors.ts';
import { type PublicReportInput, usePublicPlaces, usePublicReport, useSendCode } from '../api/returnees.ts';
import { ReturneeFields, todayInBeijing } from '../components/returnee-fields.tsx';

/**
 * Self-report without an account, on a phone: the person names their village, fills in the
 * return, proves the phone with a one-time SMS code, and the village cadre's queue gets it (0711).
 */
export default function PublicReportPage() {
  const { t } = useTranslation('returnees');
  const [form] = Form.useForm<PublicReportInput>();
  const [q, setQ] = useState('');
  const places = usePublicPlaces(q);
  const sendCode = useSendCode();
  const report = usePublicReport();
  const [wait, setWait] = useState(0);
  const [reference, setReference] = useState<string>();

  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait(wait - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  if (reference)
    return (
      <Result status="success" data-testid="public-report-done" title={t('publicSent', { reference })} />
    );

  const askCode = async () => {
    try {
      await form.validateFields(['phone']);
    } catch {
      return;
    }
    sendCode.mutate(form.getFieldValue('phone') as string, {
      onSuccess: (answer) => {
        setWait(answer.retryAfterS);
        void message.success(t('codeSent'));
      },
      onError: (err) => {
        const text = applyApiError(form, err);
        if (text) void message.error(text);
      },
    });
  };

  return (
    <div style={{ maxWidth: 560, margin: '0 auto', padding: 12 }}>
      <Card title={t('publicTitle')}>
        <Alert type="info" showIcon message={t('publicHint')} style={{ marginBottom: 12 }} />
        <Form
          form={form}
          layout="vertical"
          initialValues={{ arrivalDay: todayInBeijing(), transport: 'train', companions: 0 }}
          onFinish={(values) =>
            report.mutate(values, {
              onSuccess: (answer) => setReference(answer.reference),
              onError: (err) => {
                const text = applyApiError(form, err);
                if (text) void message.error(text);
              },
            })
          }
        >
          <Form.Item name="nodeId" label={t('homePlace')} rules={[{ required: true }]}>
            <Select
              data-testid="public-place"
              showSearch
              filterOption={false}
              onSearch={setQ}
              placeholder={t('placeSearch')}
              options={(places.data ?? []).map((p) => ({ value: p.id, label: `${p.parentName} ${p.name}` }))}
            />
          </Form.Item>
          <ReturneeFields testIdPrefix="public" />
          <Form.Item label={t('code')} required>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="code" noStyle rules={[{ required: true, pattern: /^\d{6}$/ }]}>
                <Input data-testid="public-code" inputMode="numeric" maxLength={6} />
              </Form.Item>
              <Button
                data-testid="public-send-code"
                disabled={wait > 0}
                loading={sendCode.isPending}
                onClick={() => void askCode()}
              >
                {wait > 0 ? t('resend', { s: wait }) : t('sendCode')}
              </Button>
            </Space.Compact>
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            size="large"
            loading={report.isPending}
            data-testid="public-submit"
          >
            {t('selfSubmit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
