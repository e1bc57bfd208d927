import { Card, Col, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { NODE_KINDS } from '../../../../contracts/regions.ts';
import { EmptyState, QueryView } from '../../../components/states.tsx';
import { can, useCurrentUser } from '../../../lib/auth.ts';
import { useCurrentNode } from '../../../lib/current-node.tsx';
import { useRegionNode } from '../../../lib/regions.ts';

export default function HomePage() {
  const { t } = useTranslation('home');
  const { t: tc } = useTranslation();
  const me = useCurrentUser();
  const { node } = useCurrentNode();
  const overview = useRegionNode(node?.id);

  // The command centre's and officials' home is their dashboard; an administrator keeps the overview.
  const commands = me.grants.some((g) => g.role === 'command_centre' || g.role === 'official');
  if (commands && can(me, 'dashboard.read')) return <Navigate to="/dashboard" replace />;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('welcome', { name: me.name })}
        </Typography.Title>
        <Space wrap>
          <Typography.Text type="secondary">{t('yourGrants')}:</Typography.Text>
          {me.grants.map((g) => (
            <Tag key={g.id} color="volcano">
              {tc(`roles.${g.role}`)} · {g.nodeName}
            </Tag>
          ))}
        </Space>
      </div>
      {node ? (
        <Card title={t('overview', { node: node.name })}>
          <QueryView query={overview}>
            {(detail) => {
              const kinds = NODE_KINDS.filter((k) => (detail.subtreeCounts[k] ?? 0) > 0);
              return kinds.length === 0 ? (
                <EmptyState />
              ) : (
                <Row gutter={[16, 16]}>
                  {kinds.map((k) => (
                    <Col key={k} xs={12} sm={8} md={6}>
                      <Statistic title={tc(`kinds.${k}`)} value={detail.subtreeCounts[k]} />
                    </Col>
                  ))}
                </Row>
              );
            }}
          </QueryView>
        </Card>
      ) : (
        <EmptyState description={t('noNode')} />
      )}
    </Space>
  );
}
