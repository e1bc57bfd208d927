import { App, Button, Card, Checkbox, Col, Form, Input, Row, Select, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  AUDIENCES,
  BROADCAST_KINDS,
  type Broadcast,
  PRIORITIES,
  TEAM_TYPES,
} from '../../../../contracts/alliance.ts';
import { applyApiError } from '../../../lib/form-errors.ts';
import { formatTime, useLocale } from '../../../lib/locale.ts';
import { type BroadcastInput, useCreateBroadcast } from '../api/create-broadcast.ts';
import { useSent } from '../api/get-sent.ts';
import { NodeMultiSelect } from '../components/node-multi-select.tsx';

function Compose() {
  const { t } = useTranslation('alliance');
  const [form] = Form.useForm<BroadcastInput>();
  const create = useCreateBroadcast();
  const { message } = App.useApp();
  // One key per filled-in form: resubmitting the same form cannot publish twice.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const kind = Form.useWatch('kind', form);

  const onFinish = async (values: BroadcastInput) => {
    try {
      await create.mutateAsync({
        body: { ...values, rumour: values.kind === 'refutation' ? values.rumour : null },
        key,
      });
      message.success(t('compose.sent'));
      form.resetFields();
      setKey(crypto.randomUUID());
    } catch (err) {
      const rest = applyApiError(form, err);
      if (rest) message.error(rest);
    }
  };

  return (
    <Card title={t('compose.title')} style={{ marginBottom: 16 }}>
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{
          kind: 'release',
          priority: 'normal',
          ackRequired: false,
          audience: ['everyone'],
          teamTypes: [],
          targetNodeIds: [],
        }}
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="kind" label={t('compose.kind')} rules={[{ required: true }]}>
              <Select
                data-testid="compose-kind"
                options={BROADCAST_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="priority" label={t('compose.priority')}>
              <Select options={PRIORITIES.map((p) => ({ value: p, label: t(`priorities.${p}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="ackRequired" label={t('compose.ackRequired')} valuePropName="checked">
              <Switch data-testid="compose-ack" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="title" label={t('compose.titleField')} rules={[{ required: true, max: 120 }]}>
          <Input data-testid="compose-title" />
        </Form.Item>
        {kind === 'refutation' ? (
          <Form.Item name="rumour" label={t('compose.rumour')} rules={[{ required: true, max: 500 }]}>
            <Input data-testid="compose-rumour" />
          </Form.Item>
        ) : null}
        <Form.Item name="body" label={t('compose.body')} rules={[{ required: true }]}>
          <Input.TextArea rows={5} data-testid="compose-body" />
        </Form.Item>
        <Form.Item name="targetNodeIds" label={t('compose.targets')} rules={[{ required: true }]}>
          <NodeMultiSelect testId="compose-targets" />
        </Form.Item>
        <Form.Item name="audience" label={t('compose.audience')} rules={[{ required: true }]}>
          <Checkbox.Group options={AUDIENCES.map((a) => ({ value: a, label: t(`audiences.${a}`) }))} />
        </Form.Item>
        <Form.Item name="teamTypes" label={t('compose.teamTypes')}>
          <Select
            mode="multiple"
            allowClear
            options={TEAM_TYPES.map((x) => ({ value: x, label: t(`teamTypes.${x}`) }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="compose-submit">
          {t('compose.submit')}
        </Button>
      </Form>
    </Card>
  );
}

export default function BroadcastsPage() {
  const { t } = useTranslation('alliance');
  const locale = useLocale();
  const [page, setPage] = useState(1);
  const sent = useSent(page);
  return (
    <>
      <Compose />
      <Card title={t('compose.history')}>
        <Table<Broadcast>
          rowKey="id"
          loading={sent.isPending}
          dataSource={sent.data?.items}
          pagination={{ current: page, pageSize: 10, total: sent.data?.total, onChange: setPage }}
          columns={[
            {
              title: t('compose.kind'),
              dataIndex: 'kind',
              render: (k: Broadcast['kind']) => <Tag>{t(`kinds.${k}`)}</Tag>,
            },
            { title: t('compose.titleField'), dataIndex: 'title' },
            { title: t('compose.targets'), render: (_, b) => b.targets.map((x) => x.nodeName).join('、') },
            {
              title: t('compose.sent'),
              dataIndex: 'publishedAt',
              render: (v: number | null) => (v ? formatTime(v, locale) : t('compose.status.draft')),
            },
            {
              title: t('compose.reach'),
              render: (_, b) =>
                b.status === 'published' ? (
                  <Link to={`/broadcasts/${b.id}/reach`} data-testid={`reach-link-${b.id}`}>
                    {t('compose.reach')}
                  </Link>
                ) : null,
            },
          ]}
        />
      </Card>
    </>
  );
}
