import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { KeyStatus, PublicKey } from '../../../../contracts/passes.ts';
import { ErrorState } from '../../../components/states.tsx';
import { formatTime, useLocale } from '../../../lib/locale.ts';
import { useKeyAction, usePassKeys } from '../api/system-api.ts';

const STATUS_COLOURS: Record<KeyStatus, string> = {
  active: 'success',
  verifying: 'processing',
  retired: 'default',
};

/**
 * The pass-signing keys (decision 0402). Rotating is routine; retiring is the drastic step after a
 * leak, since every pass signed with that key stops opening gates until it is renewed.
 */
export default function KeysPage() {
  const { t } = useTranslation('system');
  const { message } = App.useApp();
  const locale = useLocale();
  const keys = usePassKeys();
  const action = useKeyAction();
  const run = (a: Parameters<typeof action.mutateAsync>[0], done: string) =>
    action.mutateAsync(a).then(
      () => message.success(done),
      (err: Error) => message.error(err.message),
    );
  return (
    <Card
      title={t('keys.title')}
      extra={
        <Popconfirm
          title={t('keys.rotateConfirm')}
          onConfirm={() => run({ kind: 'rotate' }, t('keys.rotated'))}
        >
          <Button type="primary" loading={action.isPending} data-testid="key-rotate">
            {t('keys.rotate')}
          </Button>
        </Popconfirm>
      }
    >
      <Typography.Paragraph type="secondary">{t('keys.intro')}</Typography.Paragraph>
      {keys.error ? (
        <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />
      ) : (
        <Table<PublicKey>
          rowKey="keyId"
          size="small"
          data-testid="keys-table"
          loading={keys.isFetching}
          dataSource={[...(keys.data ?? [])].sort((a, b) => b.keyId - a.keyId)}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('keys.id'), dataIndex: 'keyId' },
            {
              title: t('keys.status'),
              dataIndex: 'status',
              render: (s: KeyStatus) => (
                <Space direction="vertical" size={0}>
                  <Tag color={STATUS_COLOURS[s]}>{t(`keys.${s}`)}</Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`keys.${s}Help`)}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: t('keys.createdAt'),
              dataIndex: 'createdAt',
              render: (ms: number) => formatTime(ms, locale),
            },
            {
              title: t('keys.publicKey'),
              dataIndex: 'publicKey',
              render: (k: string) => (
                <Typography.Text code copyable={{ text: k }}>
                  {`${k.slice(0, 12)}…`}
                </Typography.Text>
              ),
            },
            {
              title: t('keys.action'),
              render: (_: unknown, k) =>
                k.status === 'verifying' ? (
                  <Popconfirm
                    title={t('keys.retireConfirm', { id: k.keyId })}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => run({ kind: 'retire', keyId: k.keyId }, t('keys.retiredDone'))}
                  >
                    <Button size="small" danger data-testid={`key-retire-${k.keyId}`}>
                      {t('keys.retire')}
                    </Button>
                  </Popconfirm>
                ) : null,
            },
          ]}
        />
      )}
    </Card>
  );
}
