import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { LiveEvent } from '../../../../contracts/events.ts';
import type { TodoItem } from '../../../../contracts/families.ts';
import { ErrorState, Loading } from '../../../components/states.tsx';
import { useLiveEvents } from '../../../lib/live.tsx';
import { FAMILY_LIVE_TYPES, useHandleNeed, useTodo } from '../api/families.ts';
import { LiaisonActions } from './delivery-actions.tsx';

const hhmm = (at: number) => new Date(at + 8 * 3600_000).toISOString().slice(11, 16);

/**
 * The liaison's day on a phone: what is due today across their families, what was missed, and
 * urgent needs. Missed deliveries and urgent needs arrive live and stay on top until handled.
 */
export default function TodoPage() {
  const { t } = useTranslation('families');
  const todo = useTodo();
  const queryClient = useQueryClient();
  const handle = useHandleNeed();
  const [live, setLive] = useState<LiveEvent[]>([]);
  useLiveEvents((event) => {
    if (event.type === 'families.delivery-missed' || event.type === 'families.urgent-need')
      setLive((list) => [event, ...list.filter((e) => e.id !== event.id)].slice(0, 5));
    void queryClient.invalidateQueries({ queryKey: ['families'] });
  }, FAMILY_LIVE_TYPES);
  if (todo.error) return <ErrorState error={todo.error} onRetry={() => void todo.refetch()} />;
  if (!todo.data) return <Loading />;
  const { deliveries, missed, needs } = todo.data;
  const kind = (k: string) => t(`kinds.${k}`);
  const label = (e: LiveEvent) => {
    const all = [...deliveries, ...missed];
    const item = all.find((d) => d.id === e.payload.deliveryId || d.familyId === e.payload.familyId);
    const family = item?.familyLabel ?? '';
    return e.type === 'families.urgent-need'
      ? t('urgentArrived', { family, kind: kind(String(e.payload.kind)) })
      : t('missedAlert', { family, kind: kind(String(e.payload.kind)), day: String(e.payload.day) });
  };
  const row = (d: TodoItem) => (
    <List.Item key={d.id} data-testid={`todo-${d.id}`} data-status={d.status}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Link to={`/families/${d.familyId}`}>
            <Typography.Text strong>{d.familyLabel}</Typography.Text>
          </Link>
          <Tag color="blue">{kind(d.kind)}</Tag>
          <Typography.Text type="secondary">
            {hhmm(d.dueFrom)}–{hhmm(d.dueBy)}
          </Typography.Text>
          <Tag
            data-testid={`todo-status-${d.id}`}
            color={d.status === 'done' ? 'green' : d.status === 'missed' ? 'red' : 'default'}
          >
            {t(`statuses.${d.status}`)}
          </Tag>
        </Space>
        {d.volunteerName && (
          <Typography.Text type="secondary">
            {t('volunteer')}：{d.volunteerName}
          </Typography.Text>
        )}
        {d.status === 'open' && <LiaisonActions id={d.id} />}
      </Space>
    </List.Item>
  );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="families-todo">
      {live.map((e) => (
        <Alert
          key={e.id}
          type="error"
          showIcon
          closable
          data-testid="live-alert"
          message={label(e)}
          onClose={() => setLive((list) => list.filter((x) => x.id !== e.id))}
        />
      ))}
      <Card title={`${t('todo')} · ${todo.data.day}`} size="small">
        {deliveries.length === 0 ? (
          <Empty description={t('todayNone')} />
        ) : (
          <List dataSource={deliveries} renderItem={row} />
        )}
      </Card>
      <Card title={t('urgent')} size="small" data-testid="todo-needs">
        <List
          dataSource={needs}
          locale={{ emptyText: t('noNeeds') }}
          renderItem={(n) => (
            <List.Item
              key={n.id}
              actions={[
                <Button key="h" onClick={() => handle.mutate(n.id)}>
                  {t('markHandled')}
                </Button>,
              ]}
            >
              <List.Item.Meta title={`${n.familyLabel} · ${kind(n.kind)}`} description={n.text} />
            </List.Item>
          )}
        />
      </Card>
      <Card title={t('missedAlerts')} size="small" data-testid="todo-missed">
        <List dataSource={missed} locale={{ emptyText: t('none') }} renderItem={row} />
      </Card>
    </Space>
  );
}
