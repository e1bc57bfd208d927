import { useQuery } from '@tanstack/react-query';
import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryView } from '../../../components/states.tsx';
import { getPublicRounds } from '../api/supervision.ts';

const beijing = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

/** Every round whose draw was announced, open to anyone ("double random, one public"). */
export default function PublicRoundsPage() {
  const { t } = useTranslation('supervision');
  const query = useQuery({ queryKey: ['public-rounds'], queryFn: getPublicRounds });
  return (
    <div style={{ maxWidth: 860, margin: '24px auto', padding: 16 }}>
      <Typography.Title level={3}>{t('publicRounds.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('publicRounds.intro')}</Typography.Paragraph>
      <QueryView query={query}>
        {(rounds) => (
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: true }}
            dataSource={rounds}
            columns={[
              {
                title: t('rounds.title'),
                render: (_, r) => (
                  <Link to={`/public/supervision/${r.id}`} data-testid={`public-round-${r.id}`}>
                    {r.title}
                  </Link>
                ),
              },
              { title: t('rounds.place'), dataIndex: 'place' },
              {
                title: t('publicRounds.when'),
                render: (_, r) => beijing(r.publishedAt ?? r.drawnAt ?? r.committedAt ?? 0),
              },
              { title: t('status'), render: (_, r) => <Tag>{t(`roundStatuses.${r.status}`)}</Tag> },
              { title: t('findingsFound'), render: (_, r) => r.totals.findings },
              { title: t('rectified'), render: (_, r) => r.totals.rectified },
            ]}
          />
        )}
      </QueryView>
    </div>
  );
}
