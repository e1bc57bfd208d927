import { useQueryClient } from '@tanstack/react-query';
import { Card, Col, List, Row, Space, Statistic, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../../components/states.tsx';
import { useLiveEvents } from '../../../lib/live.tsx';
import { formatTime, useLocale } from '../../../lib/locale.ts';
import { useSummary } from '../api/counselling.ts';

/** The command centre's view: counts and escalations, live; never a name, note or alias. */
export default function OverviewPage() {
  const { t } = useTranslation('counselling');
  const locale = useLocale();
  const summary = useSummary();
  const queryClient = useQueryClient();
  useLiveEvents(
    () => void queryClient.invalidateQueries({ queryKey: ['counselling', 'summary'] }),
    ['counselling.crisis-escalated'],
  );
  if (summary.error) return <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />;
  const s = summary.data;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('overview')} size="small" loading={summary.isPending}>
        <Row gutter={[16, 16]}>
          {(['bookingsToday', 'upcoming', 'noShowsToday', 'crisesToday', 'crisesWaiting'] as const).map(
            (k) => (
              <Col xs={12} md={4} key={k}>
                <Statistic title={t(k)} value={s?.[k] ?? 0} />
              </Col>
            ),
          )}
        </Row>
      </Card>
      <Card title={t('escalated')} size="small" data-testid="escalated">
        <List
          dataSource={s?.escalated ?? []}
          locale={{ emptyText: t('noEscalated') }}
          renderItem={(c) => (
            <List.Item data-testid="escalated-crisis">
              <Space wrap>
                <span>#{c.id}</span>
                <span>
                  {t('waitingSince')} {formatTime(c.createdAt, locale)}
                </span>
                <Tag>{t(`sources.${c.source}`)}</Tag>
                <Tag color={c.status === 'answered' ? 'green' : 'red'}>{t(`crisisStatuses.${c.status}`)}</Tag>
              </Space>
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
