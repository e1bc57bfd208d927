import {
  App,
  Button,
  Card,
  Drawer,
  Form,
  Input,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState } from '../../../components/states.tsx';
import { useCurrentNode } from '../../../lib/current-node.tsx';
import { applyApiError } from '../../../lib/form-errors.ts';
import { formatTime, useLocale } from '../../../lib/locale.ts';
import {
  type DeliveryStatus,
  useCreateWebhook,
  useDeactivateWebhook,
  useDeliveries,
  useRetryDelivery,
  useWebhooks,
  type Webhook,
} from '../api/system-api.ts';

interface CreateForm {
  url: string;
  eventTypes: string[];
}

const DELIVERY_COLOURS: Record<DeliveryStatus, string> = {
  pending: 'processing',
  delivered: 'success',
  dead: 'error',
};

/** Webhooks of the current node's subtree: create, stop, and read each one's delivery log. */
export default function WebhooksPage() {
  const { t } = useTranslation('system');
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const locale = useLocale();
  const { node } = useCurrentNode();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const hooks = useWebhooks(node?.id, page, pageSize);
  const create = useCreateWebhook();
  const deactivate = useDeactivateWebhook();
  const [form] = Form.useForm<CreateForm>();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [open, setOpen] = useState<Webhook | null>(null);

  const submit = async (values: CreateForm) => {
    if (!node) return;
    try {
      const created = await create.mutateAsync({
        nodeId: node.id,
        url: values.url.trim(),
        eventTypes: values.eventTypes ?? [],
      });
      setCreating(false);
      form.resetFields();
      setSecret(created.secret ?? null);
    } catch (err) {
      const rest = applyApiError(form, err);
      if (rest) message.error(rest);
    }
  };

  return (
    <Card
      title={t('webhooks.title', { node: node?.name ?? '' })}
      extra={
        <Button type="primary" onClick={() => setCreating(true)} data-testid="webhook-new">
          {t('webhooks.new')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('webhooks.intro')}</Typography.Paragraph>
      {secret ? (
        <Card size="small" style={{ marginBottom: 16 }} data-testid="webhook-secret">
          <Typography.Paragraph strong>{t('webhooks.secretOnce')}</Typography.Paragraph>
          <Typography.Text code copyable>
            {secret}
          </Typography.Text>
          <div>
            <Button size="small" style={{ marginTop: 8 }} onClick={() => setSecret(null)}>
              {t('webhooks.secretSaved')}
            </Button>
          </div>
        </Card>
      ) : null}
      {hooks.error ? (
        <ErrorState error={hooks.error} onRetry={() => void hooks.refetch()} />
      ) : (
        <Table<Webhook>
          rowKey="id"
          size="small"
          data-testid="webhooks-table"
          loading={hooks.isFetching}
          dataSource={hooks.data?.items ?? []}
          locale={{ emptyText: hooks.isPending ? ' ' : <EmptyState /> }}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: page,
            pageSize,
            total: hooks.data?.total ?? 0,
            showTotal: (count) => tc('total', { count }),
            onChange: (p, size) => {
              setPage(p);
              setPageSize(size);
            },
          }}
          columns={[
            {
              title: t('webhooks.url'),
              dataIndex: 'url',
              render: (url: string) => <Typography.Text code>{url}</Typography.Text>,
            },
            {
              title: t('webhooks.events'),
              dataIndex: 'eventTypes',
              render: (types: string[]) =>
                types.length === 0 ? t('webhooks.allEvents') : types.map((e) => <Tag key={e}>{e}</Tag>),
            },
            {
              title: t('webhooks.status'),
              dataIndex: 'active',
              render: (active: boolean) =>
                active ? (
                  <Tag color="success">{t('webhooks.active')}</Tag>
                ) : (
                  <Tag>{t('webhooks.stopped')}</Tag>
                ),
            },
            {
              title: t('webhooks.createdAt'),
              dataIndex: 'createdAt',
              render: (ms: number) => formatTime(ms, locale),
            },
            {
              title: tc('actions'),
              render: (_: unknown, hook) => (
                <Space>
                  <Button size="small" onClick={() => setOpen(hook)}>
                    {t('webhooks.deliveries')}
                  </Button>
                  {hook.active ? (
                    <Popconfirm
                      title={t('webhooks.stopConfirm')}
                      onConfirm={() =>
                        deactivate.mutateAsync(hook.id).then(
                          () => message.success(t('webhooks.stoppedDone')),
                          (err: Error) => message.error(err.message),
                        )
                      }
                    >
                      <Button size="small" danger>
                        {t('webhooks.stop')}
                      </Button>
                    </Popconfirm>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      )}
      <Drawer
        open={creating}
        title={t('webhooks.new')}
        onClose={() => setCreating(false)}
        width={Math.min(480, window.innerWidth)}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => void submit(v)}
          initialValues={{ eventTypes: [] }}
        >
          <Form.Item label={t('webhooks.node')}>
            <Typography.Text>{node?.name}</Typography.Text>
          </Form.Item>
          <Form.Item
            name="url"
            label={t('webhooks.url')}
            rules={[{ required: true, type: 'url', message: t('webhooks.urlInvalid') }]}
          >
            <Input placeholder="https://" data-testid="webhook-url" />
          </Form.Item>
          <Form.Item name="eventTypes" label={t('webhooks.events')} extra={t('webhooks.eventsHelp')}>
            <Select mode="tags" tokenSeparators={[',', ' ']} placeholder="broadcast.published" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="webhook-create">
            {tc('save')}
          </Button>
        </Form>
      </Drawer>
      <Drawer
        open={open !== null}
        title={open ? t('webhooks.deliveriesOf', { url: open.url }) : ''}
        onClose={() => setOpen(null)}
        width={Math.min(760, window.innerWidth)}
        destroyOnHidden
      >
        {open ? <DeliveryLog webhookId={open.id} /> : null}
      </Drawer>
    </Card>
  );
}

function DeliveryLog({ webhookId }: { webhookId: number }) {
  const { t } = useTranslation('system');
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const locale = useLocale();
  const [status, setStatus] = useState<DeliveryStatus | undefined>();
  const [page, setPage] = useState(1);
  const log = useDeliveries(webhookId, status, page);
  const retry = useRetryDelivery(webhookId);
  return (
    <>
      <Select<DeliveryStatus>
        allowClear
        placeholder={t('webhooks.allStatuses')}
        style={{ width: 180, marginBottom: 12 }}
        value={status}
        onChange={(v) => {
          setStatus(v);
          setPage(1);
        }}
        options={(['pending', 'delivered', 'dead'] as const).map((s) => ({
          value: s,
          label: t(`delivery.${s}`),
        }))}
        data-testid="delivery-status"
      />
      {log.error ? (
        <ErrorState error={log.error} onRetry={() => void log.refetch()} />
      ) : (
        <Table
          rowKey="id"
          size="small"
          data-testid="deliveries-table"
          dataSource={log.data?.items ?? []}
          loading={log.isFetching}
          locale={{
            emptyText: log.isPending ? ' ' : <EmptyState description={t('webhooks.noDeliveries')} />,
          }}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: page,
            pageSize: 20,
            total: log.data?.total ?? 0,
            showTotal: (count) => tc('total', { count }),
            onChange: setPage,
          }}
          columns={[
            { title: t('delivery.event'), dataIndex: 'eventId' },
            {
              title: t('delivery.status'),
              dataIndex: 'status',
              render: (s: DeliveryStatus) => <Tag color={DELIVERY_COLOURS[s]}>{t(`delivery.${s}`)}</Tag>,
            },
            { title: t('delivery.attempts'), dataIndex: 'attempts' },
            {
              title: t('delivery.lastResult'),
              render: (_: unknown, d) =>
                d.lastError ?? (d.lastStatus === null ? '—' : `HTTP ${d.lastStatus}`),
            },
            {
              title: t('delivery.next'),
              dataIndex: 'nextAttemptAt',
              render: (ms: number | null) => (ms === null ? '—' : formatTime(ms, locale)),
            },
            {
              title: t('delivery.updatedAt'),
              dataIndex: 'updatedAt',
              render: (ms: number) => formatTime(ms, locale),
            },
            {
              title: tc('actions'),
              render: (_: unknown, d) =>
                d.status === 'delivered' ? null : (
                  <Button
                    size="small"
                    onClick={() =>
                      retry.mutateAsync(d.id).then(
                        () => message.success(t('delivery.retried')),
                        (err: Error) => message.error(err.message),
                      )
                    }
                  >
                    {t('delivery.retry')}
                  </Button>
                ),
            },
          ]}
        />
      )}
    </>
  );
}
