import { Card, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState, Loading } from '../../../components/states.tsx';
import { useHeld } from '../api/families.ts';
import { CodeConfirm } from './delivery-actions.tsx';

const hhmm = (at: number) => new Date(at + 8 * 3600_000).toISOString().slice(11, 16);

/** A volunteer's deliveries: the address only while one is open and theirs. */
export default function HeldPage() {
  const { t } = useTranslation('families');
  const held = useHeld();
  if (held.error) return <ErrorState error={held.error} onRetry={() => void held.refetch()} />;
  if (!held.data) return <Loading />;
  return (
    <Card title={t('heldMenu')} size="small">
      <List
        dataSource={held.data}
        locale={{ emptyText: t('none') }}
        renderItem={(d) => (
          <List.Item key={d.id} data-testid={`held-${d.id}`}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Space wrap>
                <Typography.Text strong>{d.familyLabel}</Typography.Text>
                <Tag color="blue">{t(`kinds.${d.kind}`)}</Tag>
                <span>
                  {d.day} {hhmm(d.dueFrom)}–{hhmm(d.dueBy)}
                </span>
                <Tag color={d.status === 'done' ? 'green' : d.status === 'missed' ? 'red' : 'default'}>
                  {t(`statuses.${d.status}`)}
                </Tag>
              </Space>
              {d.address ? (
                <>
                  <Typography.Text>
                    {t('address')}：{d.address}
                  </Typography.Text>
                  <Typography.Text>
                    {t('phone')}：<a href={`tel:${d.phone}`}>{d.phone}</a>
                  </Typography.Text>
                  <CodeConfirm id={d.id} />
                </>
              ) : (
                <Typography.Text type="secondary">{t('addressClosed')}</Typography.Text>
              )}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
