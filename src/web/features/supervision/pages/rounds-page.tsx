import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, DatePicker, Form, Input, InputNumber, Select, Switch, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { type RoundBody, TARGET_KINDS } from '../../../../contracts/supervision.ts';
import { QueryView } from '../../../components/states.tsx';
import { useCurrentNode } from '../../../lib/current-node.tsx';
import { applyApiError } from '../../../lib/form-errors.ts';
import { createRound, getRounds } from '../api/supervision.ts';

type FormValues = Omit<RoundBody, 'nodeId' | 'visitsFrom' | 'leadUserId'> & { visitsFrom: Dayjs };

/** The command centre's rounds: each one planned on the current node, then frozen, committed and drawn. */
export default function RoundsPage() {
  const { t } = useTranslation('supervision');
  const { node } = useCurrentNode();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [formError, setFormError] = useState<string | null>(null);
  const query = useQuery({ queryKey: ['supervision', 'rounds'], queryFn: getRounds });
  const create = useMutation({
    mutationFn: (v: FormValues) =>
      createRound({
        ...v,
        nodeId: node!.id,
        visitsFrom: v.visitsFrom.startOf('day').valueOf(),
        leadUserId: null,
      }),
    onSuccess: async (round) => {
      await client.invalidateQueries({ queryKey: ['supervision', 'rounds'] });
      navigate(`/supervision/rounds/${round.id}`);
    },
    onError: (err) => setFormError(applyApiError(form, err)),
  });

  return (
    <>
      <Card title={t('rounds.new', { place: node?.name ?? '' })} style={{ marginBottom: 16 }}>
        <Form
          form={form}
          layout="inline"
          initialValues={{
            targetKind: 'community',
            sample: 10,
            perTarget: 2,
            unannounced: false,
            visitsFrom: dayjs().add(1, 'day'),
          }}
          onFinish={(v) => {
            setFormError(null);
            create.mutate(v);
          }}
        >
          <Form.Item name="title" label={t('rounds.title')} rules={[{ required: true }]}>
            <Input data-testid="round-title" style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="targetKind" label={t('rounds.kind')}>
            <Select
              data-testid="round-kind"
              style={{ width: 140 }}
              options={TARGET_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="sample" label={t('rounds.sample')}>
            <InputNumber data-testid="round-sample" min={1} max={5000} />
          </Form.Item>
          <Form.Item name="perTarget" label={t('rounds.perTarget')}>
            <InputNumber min={2} max={10} />
          </Form.Item>
          <Form.Item name="unannounced" label={t('unannounced')} valuePropName="checked">
            <Switch data-testid="round-unannounced" />
          </Form.Item>
          <Form.Item name="visitsFrom" label={t('rounds.visitsFrom')}>
            <DatePicker allowClear={false} />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            loading={create.isPending}
            disabled={!node}
            data-testid="round-create"
          >
            {t('rounds.create')}
          </Button>
        </Form>
        {formError && <div style={{ color: '#cf1322', marginTop: 8 }}>{formError}</div>}
      </Card>
      <Card title={t('rounds.menu')}>
        <QueryView query={query}>
          {(rounds) => (
            <Table
              rowKey="id"
              size="small"
              dataSource={rounds}
              pagination={false}
              columns={[
                {
                  title: t('rounds.title'),
                  render: (_, r) => <Link to={`/supervision/rounds/${r.id}`}>{r.title}</Link>,
                },
                { title: t('rounds.place'), dataIndex: 'nodeName' },
                { title: t('rounds.kind'), render: (_, r) => t(`kinds.${r.targetKind}`) },
                { title: t('rounds.sample'), dataIndex: 'sample' },
                {
                  title: t('status'),
                  render: (_, r) => (
                    <Tag data-testid={`round-status-${r.id}`}>{t(`roundStatuses.${r.status}`)}</Tag>
                  ),
                },
              ]}
            />
          )}
        </QueryView>
      </Card>
    </>
  );
}
