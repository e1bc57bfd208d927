import { App, Button, Card, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Nomination } from '../../../../contracts/cadres.ts';
import { usePermission } from '../../../lib/auth.ts';
import { useAddPress, useDecide, useNominations, usePublish } from '../api/cadres.ts';

function NominationItem({ n, canApprove }: { n: Nomination; canApprove: boolean }) {
  const { t } = useTranslation('cadres');
  const { message } = App.useApp();
  const decide = useDecide();
  const press = useAddPress();
  const [title, setTitle] = useState('');
  const [url, setUrl] = useState('');
  const onError = (e: Error) => void message.error(e.message);
  return (
    <List.Item data-testid={`nomination-${n.id}`}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Link to={`/cadres/people/${n.cadre.id}`}>
            <Typography.Text strong>{n.cadre.name}</Typography.Text>
          </Link>
          <Tag
            color={
              n.status === 'approved' || n.status === 'published'
                ? 'green'
                : n.status === 'rejected'
                  ? 'red'
                  : 'gold'
            }
          >
            {t(`status.${n.status}`)}
          </Tag>
        </Space>
        <Typography.Text>{n.reason}</Typography.Text>
        {n.press.map((p) => (
          <a key={p.id} href={p.url} target="_blank" rel="noreferrer">
            {p.title}
          </a>
        ))}
        {canApprove && n.status === 'nominated' ? (
          <Space>
            <Button
              type="primary"
              size="small"
              data-testid={`approve-${n.id}`}
              onClick={() => decide.mutate({ id: n.id, approve: true }, { onError })}
            >
              {t('approve')}
            </Button>
            <Button
              size="small"
              danger
              onClick={() => decide.mutate({ id: n.id, approve: false }, { onError })}
            >
              {t('reject')}
            </Button>
          </Space>
        ) : null}
        {canApprove && n.status !== 'rejected' ? (
          <Space.Compact style={{ maxWidth: 560 }}>
            <Input placeholder={t('pressTitle')} value={title} onChange={(e) => setTitle(e.target.value)} />
            <Input placeholder={t('pressUrl')} value={url} onChange={(e) => setUrl(e.target.value)} />
            <Button
              onClick={() =>
                press.mutate(
                  { id: n.id, title, url },
                  {
                    onSuccess: () => {
                      setTitle('');
                      setUrl('');
                    },
                    onError,
                  },
                )
              }
            >
              {t('addPress')}
            </Button>
          </Space.Compact>
        ) : null}
      </Space>
    </List.Item>
  );
}

export default function HonoursPage() {
  const { t } = useTranslation('cadres');
  const { message } = App.useApp();
  const nominations = useNominations();
  const canApprove = usePermission('cadres.approve');
  const publish = usePublish();
  const [title, setTitle] = useState('');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4}>{t('honoursTitle')}</Typography.Title>
      {canApprove ? (
        <Card size="small" title={t('publish')}>
          <Space.Compact style={{ width: '100%', maxWidth: 560 }}>
            <Input
              placeholder={t('publishTitle')}
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              data-testid="publish-title"
            />
            <Button
              type="primary"
              data-testid="publish"
              loading={publish.isPending}
              onClick={() =>
                publish.mutate(title, {
                  onSuccess: () => void message.success(t('published')),
                  onError: (e) => void message.error(e.message),
                })
              }
            >
              {t('publish')}
            </Button>
          </Space.Compact>
        </Card>
      ) : null}
      <List
        dataSource={nominations.data ?? []}
        locale={{ emptyText: t('empty') }}
        renderItem={(n) => <NominationItem n={n} canApprove={canApprove} />}
      />
    </Space>
  );
}
