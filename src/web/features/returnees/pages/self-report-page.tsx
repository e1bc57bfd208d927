import { Alert, Button, Card, Form, Input, InputNumber, List, message, Select, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { TRANSPORTS } from '../../../../contracts/returnees.ts';
import { applyApiError } from '../../../lib/form-errors.ts';
import { type ReturneeSelfInput, useMyReports, useOrigins, useSelfReport } from '../api/returnees.ts';

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** A resident reports their own return on a phone; the village cadre's list hears of it live. */
export default function SelfReportPage() {
  const { t } = useTranslation('returnees');
  const [form] = Form.useForm<ReturneeSelfInput>();
  const origins = useOrigins();
  const report = useSelfReport();
  const mine = useMyReports();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('selfTitle')}>
        <Alert type="info" showIcon message={t('selfHint')} style={{ marginBottom: 12 }} />
        <Form
          form={form}
          layout="vertical"
          initialValues={{ arrivalDay: today(), transport: 'train', companions: 0 }}
          onFinish={(values) =>
            report.mutate(values, {
              onSuccess: () => {
                void message.success(t('selfSent'));
                form.resetFields();
              },
              onError: (err) => {
                const text = applyApiError(form, err);
                if (text) void message.error(text);
              },
            })
          }
        >
          <Form.Item name="name" label={t('name')} rules={[{ required: true }]}>
            <Input data-testid="self-name" />
          </Form.Item>
          <Form.Item name="idNumber" label={t('idNumber')} rules={[{ required: true }]}>
            <Input data-testid="self-id" />
          </Form.Item>
          <Form.Item name="phone" label={t('phone')} rules={[{ required: true }]}>
            <Input data-testid="self-phone" inputMode="tel" />
          </Form.Item>
          <Form.Item name="address" label={t('address')}>
            <Input />
          </Form.Item>
          <Form.Item name="fromCode" label={t('from')} rules={[{ required: true }]}>
            <Select
              data-testid="self-from"
              showSearch
              optionFilterProp="label"
              options={(origins.data ?? []).map((o) => ({ value: o.code, label: o.name }))}
            />
          </Form.Item>
          <Form.Item name="arrivalDay" label={t('arrivalDay')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="transport" label={t('transport')}>
            <Select options={TRANSPORTS.map((v) => ({ value: v, label: t(`transports.${v}`) }))} />
          </Form.Item>
          <Form.Item name="transportNo" label={t('transportNo')}>
            <Input />
          </Form.Item>
          <Form.Item name="companions" label={t('companions')}>
            <InputNumber min={0} max={20} />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            size="large"
            loading={report.isPending}
            data-testid="self-submit"
          >
            {t('selfSubmit')}
          </Button>
        </Form>
      </Card>
      <Card title={t('myReports')} size="small">
        <List
          data-testid="self-reports"
          dataSource={mine.data ?? []}
          renderItem={(r) => (
            <List.Item>
              <Space wrap>
                <span>{r.arrivalDay}</span>
                <span>{r.fromName}</span>
                <Tag>{t(`statuses.${r.status}`)}</Tag>
                {r.measure && <Tag color="blue">{t(`measures.${r.measure}`)}</Tag>}
              </Space>
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
