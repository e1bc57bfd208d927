import { Alert, Button, Card, Form, List, message, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { applyApiError } from '../../../lib/form-errors.ts';
import { type ReturneeSelfInput, useMyReports, useSelfReport } from '../api/returnees.ts';
import { ReturneeFields, todayInBeijing } from '../components/returnee-fields.tsx';

/** A resident reports their own return on a phone; the village cadre's list hears of it live. */
export default function SelfReportPage() {
  const { t } = useTranslation('returnees');
  const [form] = Form.useForm<ReturneeSelfInput>();
  const report = useSelfReport();
  const mine = useMyReports();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('selfTitle')}>
        <Alert type="info" showIcon message={t('selfHint')} style={{ marginBottom: 12 }} />
        <Form
          form={form}
          layout="vertical"
          initialValues={{ arrivalDay: todayInBeijing(), transport: 'train', companions: 0 }}
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
          <ReturneeFields testIdPrefix="self" />
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
