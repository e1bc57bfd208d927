import { useQuery } from '@tanstack/react-query';
import { Card, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryView } from '../../../components/states.tsx';
import { getVisits } from '../api/supervision.ts';

/** The inspector's own visits (on a phone, first thing after signing in). */
export default function VisitsPage() {
  const { t } = useTranslation('supervision');
  const query = useQuery({ queryKey: ['supervision', 'visits', 'mine'], queryFn: () => getVisits(true) });
  return (
    <Card
      title={t('myVisits')}
      extra={
        <Link to="/supervision/orders?status=answered" data-testid="to-reinspect">
          {t('toReinspect')}
        </Link>
      }
    >
      <QueryView query={query}>
        {(visits) => (
          <List
            dataSource={visits}
            locale={{ emptyText: t('noVisits') }}
            renderItem={(v) => (
              <List.Item data-testid={`visit-${v.id}`}>
                <Link to={`/supervision/visits/${v.id}`}>{v.targetLabel}</Link>
                <span>
                  {v.unannounced && <Tag color="red">{t('unannounced')}</Tag>}
                  <Tag>{v.startedAt ? t('started') : t('planned')}</Tag>
                  <Typography.Text type="secondary">
                    {t('findingsCount', { count: v.findings })}
                  </Typography.Text>
                </span>
              </List.Item>
            )}
          />
        )}
      </QueryView>
    </Card>
  );
}
