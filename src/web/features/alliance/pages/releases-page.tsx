import { Card, Empty, Input, List, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LanguageSwitch } from '../../../components/language-switch.tsx';
import { formatTime, useLocale } from '../../../lib/locale.ts';
import { usePublicBroadcasts } from '../api/get-public-broadcasts.ts';
import { BroadcastBody } from '../components/broadcast-body.tsx';

/** Public: authoritative releases and rumour refutations, searchable, without signing in. */
export default function ReleasesPage() {
  const { t } = useTranslation('alliance');
  const locale = useLocale();
  const [kind, setKind] = useState<'all' | 'release' | 'refutation'>('all');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const list = usePublicBroadcasts(kind === 'all' ? undefined : kind, q, page);
  return (
    <div style={{ maxWidth: 860, margin: '24px auto', padding: '0 12px' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Link to="/join">{t('public.join')}</Link>
        <LanguageSwitch />
      </Space>
      <Card title={t('public.title')}>
        <Space wrap style={{ marginBottom: 16 }}>
          <Segmented
            value={kind}
            onChange={(v) => {
              setKind(v as typeof kind);
              setPage(1);
            }}
            options={[
              { value: 'all', label: t('public.all') },
              { value: 'release', label: t('kinds.release') },
              { value: 'refutation', label: t('kinds.refutation') },
            ]}
          />
          <Input.Search
            allowClear
            placeholder={t('public.search')}
            onSearch={(v) => {
              setQ(v.trim());
              setPage(1);
            }}
            style={{ width: 260 }}
            data-testid="public-search"
          />
        </Space>
        <List
          loading={list.isPending}
          dataSource={list.data?.items}
          locale={{ emptyText: <Empty description={t('public.empty')} /> }}
          pagination={{ current: page, pageSize: 20, total: list.data?.total, onChange: setPage }}
          renderItem={(item) => (
            <List.Item key={item.id} data-testid={`public-item-${item.id}`}>
              <div style={{ width: '100%' }}>
                <Space wrap>
                  <Tag color={item.kind === 'refutation' ? 'volcano' : 'blue'}>{t(`kinds.${item.kind}`)}</Tag>
                  <Link to={`/releases/${item.id}`} data-testid={`release-link-${item.id}`}>
                    <Typography.Text strong>{item.title}</Typography.Text>
                  </Link>
                  <Typography.Text type="secondary">
                    {item.senderName} · {item.publishedAt ? formatTime(item.publishedAt, locale) : ''}
                  </Typography.Text>
                </Space>
                {item.rumour ? (
                  <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                    {t('inbox.rumour')}：<Typography.Text delete>{item.rumour}</Typography.Text>
                  </Typography.Paragraph>
                ) : null}
                <BroadcastBody html={item.bodyHtml} />
              </div>
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}
