import { useQueryClient } from '@tanstack/react-query';
import { Alert, Card, List, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorState, Loading } from '../../../components/states.tsx';
import { useLiveEvents } from '../../../lib/live.tsx';
import { FAMILY_LIVE_TYPES, useFamilies } from '../api/families.ts';

export default function FamiliesPage() {
  const { t } = useTranslation('families');
  const [mine, setMine] = useState(false);
  const list = useFamilies(mine);
  const queryClient = useQueryClient();
  useLiveEvents(() => void queryClient.invalidateQueries({ queryKey: ['families'] }), FAMILY_LIVE_TYPES);
  if (list.error) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (!list.data) return <Loading />;
  return (
    <Card
      title={t('list')}
      extra={
        <Space>
          <Link to="/families/todo">{t('todoMenu')}</Link>
          <Switch size="small" checked={mine} onChange={setMine} /> {t('mineOnly')}
        </Space>
      }
    >
      <Alert type="info" showIcon message={t('masked')} style={{ marginBottom: 12 }} />
      <List
        data-testid="family-list"
        dataSource={list.data.items}
        locale={{ emptyText: t('none') }}
        renderItem={(f) => (
          <List.Item
            key={f.id}
            actions={[
              <Link key="open" to={`/families/${f.id}`}>
                {t('open')}
              </Link>,
            ]}
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  <Typography.Text strong>{f.workerName}</Typography.Text>
                  <Tag>{f.batchName}</Tag>
                  <Typography.Text type="secondary">{f.nodeName}</Typography.Text>
                </Space>
              }
              description={
                <Space wrap>
                  <span>
                    {t('liaison')}：{f.liaisonName}
                  </span>
                  <span>{t('week')}：</span>
                  <Tag>
                    {t('due')} {f.week.due}
                  </Tag>
                  <Tag color="green">
                    {t('done')} {f.week.done}
                  </Tag>
                  <Tag color={f.week.missed > 0 ? 'red' : 'default'}>
                    {t('missed')} {f.week.missed}
                  </Tag>
                  {f.openNeeds > 0 && <Tag color="volcano">{t('urgent')}</Tag>}
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
