import { Card, List, Progress, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePublicNeeds } from '../api/supplies.ts';

/** Public, no login: every need with its source; met needs greyed out, long-unmet ones flagged. */
export default function PublicNeedsPage() {
  const { t } = useTranslation('supplies');
  const needs = usePublicNeeds();
  return (
    <div style={{ maxWidth: 760, margin: '0 auto', padding: 16 }}>
      <Typography.Title level={3}>{t('publicNeeds')}</Typography.Title>
      <List
        loading={needs.isPending}
        dataSource={needs.data ?? []}
        renderItem={(n) => (
          <Card
            size="small"
            data-testid={`public-need-${n.id}`}
            data-status={n.status}
            style={{
              marginBottom: 8,
              opacity: n.status === 'open' ? 1 : 0.45,
              borderColor: n.status === 'open' && n.longUnmet ? '#ff4d4f' : undefined,
            }}
          >
            <Space wrap>
              <Tag>{t(`kind_${n.requesterKind}`)}</Tag>
              <strong>{n.requester}</strong>
              <span>{`${n.itemName} ${n.standard}`}</span>
              {n.status === 'open' ? (
                <Tag
                  color={n.longUnmet ? 'red' : 'blue'}
                >{`${t('stillNeeded')} ${n.quantity - n.delivered} ${n.unit}`}</Tag>
              ) : (
                <Tag color="green">{t(`needStatus_${n.status}`)}</Tag>
              )}
              {n.overdue && <Tag color="red">{t('overdue')}</Tag>}
            </Space>
            <Progress percent={Math.round((100 * n.delivered) / n.quantity)} size="small" />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {`${t('dueAt')} ${new Date(n.dueAt).toLocaleDateString()} · ${t('source')}：${n.source}`}
            </Typography.Text>
          </Card>
        )}
      />
    </div>
  );
}
