import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, List, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorState, Loading } from '../../../components/states.tsx';
import { usePermission } from '../../../lib/auth.ts';
import { useLiveEvents } from '../../../lib/live.tsx';
import { FAMILY_LIVE_TYPES, useFamilies } from '../api/families.ts';
import { RegisterFamilyModal } from './family-form.tsx';

export default function FamiliesPage() {
  const { t } = useTranslation('families');
  const [mine, setMine] = useState(false);
  const [registering, setRegistering] = useState(false);
  const mayRegister = usePermission('families.read');
  const list = useFamilies(mine);
  const queryClient = useQueryClient();
  useLiveEvents(() => void queryClient.invalidateQueries({ queryKey: ['families'] }), FAMILY_LIVE_TYPES);
  if (list.error) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (!list.data) return <Loading />;
  return (
    <Card
      title={t('list')}
      extra={
        <Space wrap>
          {mayRegister && (
            <Button
              type="primary"
              size="small"
              data-testid="family-register"
              onClick={() => setRegistering(true)}
            >
              {t('register')}
            </Button>
          )}
          <Link to="/families/todo">{t('todoMenu')}</Link>
          <Switch size="small" checked={mine} onChange={setMine} /> {t('mineOnly')}
        </Space>
      }
    >
      <RegisterFamilyModal open={registering} onClose={() => setRegistering(false)} />
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
