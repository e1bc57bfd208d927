import { Badge, Button, Card, List, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveEvent } from '../../../../contracts/events.ts';
import { EmptyState, ErrorState, Loading } from '../../../components/states.tsx';
import { useEventLabel, useLive } from '../../../lib/live.tsx';
import { formatTime, useLocale } from '../../../lib/locale.ts';
import { useNodeNames } from '../../../lib/node-names.ts';
import { useEventHistory } from '../api/get-events.ts';

/** A short human line from the payload: the fields events commonly carry. */
function summary(event: LiveEvent): string {
  const p = event.payload;
  const parts = ['name', 'title', 'nodeName', 'message']
    .map((k) => p[k])
    .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number');
  return parts.join(' · ');
}

export default function NotificationsPage() {
  const { t } = useTranslation('notifications');
  const { t: tc } = useTranslation();
  const locale = useLocale();
  const label = useEventLabel();
  const { recent, status, markAllRead } = useLive();
  const history = useEventHistory();

  useEffect(() => {
    markAllRead();
  }, [markAllRead]);

  const items = useMemo(() => {
    const seen = new Set<number>();
    const out: LiveEvent[] = [];
    for (const e of [...recent, ...(history.data?.pages.flat() ?? [])]) {
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      out.push(e);
    }
    return out.sort((a, b) => b.id - a.id);
  }, [recent, history.data]);

  const placeName = useNodeNames(items.map((e) => e.nodePath));
  const newestHistoryId = history.data?.pages[0]?.[0]?.id ?? 0;

  return (
    <Card
      title={t('title')}
      extra={<Badge status={status === 'open' ? 'success' : 'warning'} text={tc(`live.${status}`)} />}
    >
      {history.isPending ? (
        <Loading />
      ) : history.error ? (
        <ErrorState error={history.error} onRetry={() => void history.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState description={t('noEvents')} />
      ) : (
        <>
          <List
            data-testid="notifications"
            dataSource={items}
            renderItem={(e) => (
              <List.Item>
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <Tag color="volcano">{label(e.type)}</Tag>
                      <span>{summary(e)}</span>
                      {e.id > newestHistoryId ? <Tag color="red">{t('new')}</Tag> : null}
                    </Space>
                  }
                  description={
                    <Space wrap>
                      <Typography.Text type="secondary">{formatTime(e.createdAt, locale)}</Typography.Text>
                      <Typography.Text type="secondary" title={e.nodePath} data-testid="event-place">
                        {placeName(e.nodePath)}
                      </Typography.Text>
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
          {history.hasNextPage ? (
            <div style={{ textAlign: 'center', marginTop: 12 }}>
              <Button onClick={() => void history.fetchNextPage()} loading={history.isFetchingNextPage}>
                {t('loadMore')}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </Card>
  );
}
