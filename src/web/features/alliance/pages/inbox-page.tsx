import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { InboxItem } from '../../../../contracts/alliance.ts';
import { EmptyState, QueryView } from '../../../components/states.tsx';
import { useLiveEvents } from '../../../lib/live.tsx';
import { formatTime, useLocale } from '../../../lib/locale.ts';
import { inboxKey, useInbox } from '../api/get-inbox.ts';
import { relayTasksKey, useRelayTasks } from '../api/get-relay-tasks.ts';
import { useMarkReceipt } from '../api/mark-receipt.ts';
import { useMarkRelayed } from '../api/mark-relayed.ts';
import { BroadcastBody } from '../components/broadcast-body.tsx';

const PRIORITY_COLOR = { normal: 'default', high: 'orange', urgent: 'red' } as const;

function InboxEntry({ item }: { item: InboxItem }) {
  const { t } = useTranslation('alliance');
  const locale = useLocale();
  const receipt = useMarkReceipt();
  return (
    <Card
      size="small"
      data-testid={`inbox-item-${item.id}`}
      style={{ marginBottom: 12, borderLeft: item.readAt ? undefined : '3px solid #1677ff' }}
      // The title wraps under its tags and the sender sits below it: on a phone the card header has
      // no room for both, and a title squeezed to a few characters cannot be read.
      styles={{ header: { paddingBlock: 8 }, title: { whiteSpace: 'normal' } }}
      title={
        <Space wrap size={[4, 4]}>
          <Tag color={item.kind === 'refutation' ? 'volcano' : 'blue'}>{t(`kinds.${item.kind}`)}</Tag>
          {item.priority !== 'normal' ? (
            <Tag color={PRIORITY_COLOR[item.priority]}>{t(`priorities.${item.priority}`)}</Tag>
          ) : null}
          <Typography.Text strong data-testid={`inbox-title-${item.id}`}>
            {item.title}
          </Typography.Text>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {t('inbox.from', {
          name: item.senderName,
          time: item.publishedAt ? formatTime(item.publishedAt, locale) : '',
        })}
      </Typography.Paragraph>
      {item.rumour ? (
        <Typography.Paragraph type="secondary">
          {t('inbox.rumour')}：<Typography.Text delete>{item.rumour}</Typography.Text>
        </Typography.Paragraph>
      ) : null}
      <BroadcastBody html={item.bodyHtml} />
      <Space style={{ marginTop: 8 }}>
        {item.readAt ? (
          <Tag color="green">{t('inbox.readDone')}</Tag>
        ) : (
          <Button
            size="small"
            loading={receipt.isPending}
            onClick={() => receipt.mutate({ id: item.id, ack: false })}
            data-testid={`read-${item.id}`}
          >
            {t('inbox.read')}
          </Button>
        )}
        {item.ackedAt ? (
          <Tag color="green" data-testid={`acked-${item.id}`}>
            {t('inbox.acked')}
          </Tag>
        ) : (
          <Button
            size="small"
            type={item.ackRequired ? 'primary' : 'default'}
            loading={receipt.isPending}
            onClick={() => receipt.mutate({ id: item.id, ack: true })}
            data-testid={`ack-${item.id}`}
          >
            {t('inbox.ack')}
          </Button>
        )}
        {item.ackRequired && !item.ackedAt ? <Tag color="gold">{t('inbox.ackRequired')}</Tag> : null}
      </Space>
    </Card>
  );
}

function RelayTasks() {
  const { t } = useTranslation('alliance');
  const tasks = useRelayTasks();
  const relayed = useMarkRelayed();
  const { message } = App.useApp();
  if (!tasks.data?.length) return null;
  return (
    <Card title={t('inbox.relayTitle')} style={{ marginBottom: 16 }}>
      <List
        dataSource={tasks.data}
        renderItem={(task) => (
          <List.Item
            key={`${task.broadcastId}:${task.groupId}`}
            actions={[
              <Button
                key="copy"
                size="small"
                onClick={() =>
                  void navigator.clipboard
                    ?.writeText(task.copyText)
                    .then(() => message.success(t('inbox.copied')))
                }
              >
                {t('inbox.copy')}
              </Button>,
              <Button
                key="done"
                size="small"
                type="primary"
                onClick={() => relayed.mutate({ broadcastId: task.broadcastId, groupId: task.groupId })}
              >
                {t('inbox.relayed')}
              </Button>,
            ]}
          >
            <List.Item.Meta
              title={`${task.groupName} · ${task.title}`}
              description={<pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{task.copyText}</pre>}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

export default function InboxPage() {
  const { t } = useTranslation('alliance');
  const inbox = useInbox();
  const queryClient = useQueryClient();
  useLiveEvents(() => {
    void queryClient.invalidateQueries({ queryKey: inboxKey });
    void queryClient.invalidateQueries({ queryKey: relayTasksKey });
  }, ['broadcast.published']);
  return (
    <>
      <RelayTasks />
      <Card
        title={t('inbox.title')}
        extra={
          inbox.data ? (
            <Tag data-testid="inbox-unread">{t('inbox.unread', { count: inbox.data.unread })}</Tag>
          ) : null
        }
      >
        <QueryView query={inbox}>
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState description={t('inbox.empty')} />
            ) : (
              <div data-testid="inbox-list">
                {data.items.map((item) => (
                  <InboxEntry key={item.id} item={item} />
                ))}
              </div>
            )
          }
        </QueryView>
      </Card>
    </>
  );
}
