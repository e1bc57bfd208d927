import { Card, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCurrentUser } from '../../../lib/auth.ts';
import { usePeople } from '../api/cadres.ts';

export default function PeoplePage() {
  const { t } = useTranslation('cadres');
  const me = useCurrentUser();
  const [q, setQ] = useState('');
  const people = usePeople(q);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Link to={`/cadres/people/${me.id}`} data-testid="my-ledger">
        {t('myLedger')}
      </Link>
      <Card size="small" title={t('peopleTitle')}>
        <Input.Search placeholder={t('search')} allowClear onSearch={setQ} style={{ maxWidth: 320 }} />
        <List
          dataSource={people.data ?? []}
          locale={{ emptyText: t('empty') }}
          renderItem={(c) => (
            <List.Item data-testid={`cadre-${c.id}`}>
              <Space direction="vertical" size={0}>
                <Link to={`/cadres/people/${c.id}`}>
                  <Typography.Text strong>{c.name}</Typography.Text>
                </Link>
                <Typography.Text type="secondary">
                  {t('areas', { places: c.places.map((p) => p.name).join('、') })}
                </Typography.Text>
              </Space>
              <Tag>{t('entries', { count: c.entries })}</Tag>
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
