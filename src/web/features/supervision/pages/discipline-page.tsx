import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DISCIPLINE_MEASURES } from '../../../../contracts/supervision.ts';
import { QueryView } from '../../../components/states.tsx';
import { applyApiError } from '../../../lib/form-errors.ts';
import { getDiscipline, getOrders, getResponsibleOfficials, recordDiscipline } from '../api/supervision.ts';

const beijing = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

type FormValues = { findingId: number; userId: number; measure: string; reason: string };

/**
 * The discipline role's desk (纪检监察): decisions linked to a finding and the cadre responsible,
 * seen only by this role and the command centre.
 */
export default function DisciplinePage() {
  const { t } = useTranslation('supervision');
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const findingId = Form.useWatch('findingId', form);
  const [saving, setSaving] = useState(false);
  const records = useQuery({ queryKey: ['supervision', 'discipline'], queryFn: getDiscipline });
  // Decisions follow orders left overdue or sent back; the overdue ones come first.
  const overdue = useQuery({
    queryKey: ['supervision', 'orders', 'overdue', 'discipline'],
    queryFn: () => getOrders({ status: 'overdue' }),
  });
  const all = useQuery({
    queryKey: ['supervision', 'orders', 'all', 'discipline'],
    queryFn: () => getOrders({}),
  });
  const officials = useQuery({
    queryKey: ['supervision', 'officials', findingId],
    queryFn: () => getResponsibleOfficials(findingId!),
    enabled: findingId != null,
  });
  const orders = [...(overdue.data ?? []), ...(all.data ?? []).filter((o) => !o.overdue)];
  const submit = async (v: FormValues) => {
    setSaving(true);
    try {
      await recordDiscipline(v);
      form.resetFields();
      message.success(t('discipline.saved'));
      await client.invalidateQueries({ queryKey: ['supervision', 'discipline'] });
    } catch (err) {
      const rest = applyApiError(form, err);
      if (rest) message.error(rest);
    } finally {
      setSaving(false);
    }
  };
  return (
    <>
      <Card title={t('discipline.new')} style={{ marginBottom: 16 }}>
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} style={{ maxWidth: 640 }}>
          <Form.Item name="findingId" label={t('discipline.finding')} rules={[{ required: true }]}>
            <Select
              data-testid="discipline-finding"
              showSearch
              optionFilterProp="label"
              onChange={() => form.setFieldValue('userId', undefined)}
              options={orders.map((o) => ({
                value: o.id,
                label: `${o.targetLabel} · ${o.rule}${o.overdue ? ` · ${t('filters.overdue')}` : ''}`,
              }))}
            />
          </Form.Item>
          <Form.Item name="userId" label={t('discipline.cadre')} rules={[{ required: true }]}>
            <Select
              data-testid="discipline-cadre"
              loading={officials.isFetching}
              options={(officials.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
            />
          </Form.Item>
          <Form.Item name="measure" label={t('discipline.measure')} rules={[{ required: true }]}>
            <Select
              data-testid="discipline-measure"
              options={DISCIPLINE_MEASURES.map((m) => ({ value: m, label: t(`measures.${m}`) }))}
            />
          </Form.Item>
          <Form.Item name="reason" label={t('discipline.reason')} rules={[{ required: true }]}>
            <Input.TextArea data-testid="discipline-reason" rows={3} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="discipline-save">
            {t('discipline.save')}
          </Button>
        </Form>
      </Card>
      <Card title={t('discipline.menu')}>
        <QueryView query={records}>
          {(rows) => (
            <Table
              rowKey="id"
              size="small"
              dataSource={rows}
              pagination={false}
              data-testid="discipline-list"
              columns={[
                { title: t('discipline.date'), render: (_, r) => beijing(r.decidedAt) },
                { title: t('discipline.cadre'), dataIndex: 'userName' },
                { title: t('discipline.measure'), render: (_, r) => <Tag>{t(`measures.${r.measure}`)}</Tag> },
                {
                  title: t('discipline.finding'),
                  render: (_, r) => <Link to={`/supervision/orders/${r.findingId}`}>#{r.findingId}</Link>,
                },
                { title: t('discipline.reason'), dataIndex: 'reason' },
              ]}
            />
          )}
        </QueryView>
      </Card>
    </>
  );
}
