import { Card, List, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { usePublicLists } from '../api/cadres.ts';

/** The published outstanding-cadre lists, open to anyone: names, places, reasons and press. */
export default function PublicPage() {
  const { t } = useTranslation('cadres');
  const lists = usePublicLists();
  return (
    <div style={{ maxWidth: 860, margin: '0 auto', padding: 16 }}>
      <Typography.Title level={3}>{t('publicTitle')}</Typography.Title>
      {(lists.data ?? []).length === 0 && lists.isSuccess ? (
        <Typography.Text>{t('publicEmpty')}</Typography.Text>
      ) : null}
      <Space direction="vertical" style={{ width: '100%' }}>
        {(lists.data ?? []).map((l) => (
          <Card
            key={l.id}
            title={l.title}
            extra={dayjs(l.publishedAt).format('YYYY-MM-DD')}
            data-testid={`list-${l.id}`}
          >
            <List
              dataSource={l.cadres}
              renderItem={(c) => (
                <List.Item>
                  <Space direction="vertical" size={0}>
                    <Typography.Text strong>{c.name}</Typography.Text>
                    <Typography.Text type="secondary">
                      {t('publicPlaces', { places: c.places.join('、') })}
                    </Typography.Text>
                    <Typography.Text>{c.reason}</Typography.Text>
                    {c.press.map((p) => (
                      <a key={p.url} href={p.url} target="_blank" rel="noreferrer">
                        {p.title}
                      </a>
                    ))}
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        ))}
      </Space>
    </div>
  );
}
