import { Badge, Button, Card, Col, Row, Space, Statistic, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { Reach } from '../../../../contracts/alliance.ts';
import { QueryView } from '../../../components/states.tsx';
import { useLocale } from '../../../lib/locale.ts';
import { useDeliveries } from '../api/get-deliveries.ts';
import { useReach } from '../api/get-reach.ts';
import { ReachChart } from '../components/reach-chart.tsx';

const duration = (ms: number | null) => {
  if (ms === null) return '—';
  if (ms < 60_000) return `${Math.round(ms / 1000)}s`;
  return `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
};

export default function ReachPage() {
  const { t } = useTranslation('alliance');
  const locale = useLocale();
  const id = Number(useParams().id);
  const [nodeId, setNodeId] = useState<number | undefined>();
  const reach = useReach(id, nodeId);
  const deliveries = useDeliveries(id);
  const count = (key: keyof Reach['totals']) => ({ title: t(`reach.${key}`), dataIndex: key, key });

  return (
    <QueryView query={reach}>
      {(data) => (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Card
            title={
              <Space>
                {t('reach.title')}
                <Badge status="processing" text={t('reach.live')} />
              </Space>
            }
            extra={
              <Button
                href={`/api/broadcasts/${id}/reach.xlsx?lang=${locale}${nodeId ? `&nodeId=${nodeId}` : ''}`}
                data-testid="reach-export"
              >
                {t('reach.export')}
              </Button>
            }
          >
            <Row gutter={16}>
              {(['targeted', 'delivered', 'read', 'acked', 'relayed', 'groupReach'] as const).map((key) => (
                <Col xs={12} md={4} key={key}>
                  <Statistic
                    title={t(`reach.${key}`)}
                    value={data.totals[key]}
                    data-testid={`reach-${key}`}
                  />
                </Col>
              ))}
            </Row>
          </Card>
          <Card title={t('reach.timeline')}>
            <ReachChart timeline={data.timeline} />
          </Card>
          <Card title={t('reach.byLevel')}>
            <Table
              rowKey="level"
              pagination={false}
              size="small"
              dataSource={data.levels}
              scroll={{ x: true }}
              columns={[
                { title: '', dataIndex: 'level', render: (l: string) => t(`levels.${l}`) },
                count('targeted'),
                count('delivered'),
                count('read'),
                count('acked'),
                count('groups'),
                count('relayed'),
                { title: t('reach.msTo50'), dataIndex: 'msTo50', render: duration },
                { title: t('reach.msTo90'), dataIndex: 'msTo90', render: duration },
                { title: t('reach.relayLatency'), dataIndex: 'relayLatencyMs', render: duration },
              ]}
            />
          </Card>
          <Card
            title={t('reach.byNode')}
            extra={nodeId ? <Button onClick={() => setNodeId(undefined)}>{t('reach.back')}</Button> : null}
          >
            <Table
              rowKey="nodeId"
              size="small"
              pagination={false}
              dataSource={data.nodes}
              scroll={{ x: true }}
              data-testid="reach-nodes"
              columns={[
                {
                  title: '',
                  dataIndex: 'nodeName',
                  render: (name: string, row) => (
                    <Button type="link" size="small" onClick={() => setNodeId(row.nodeId)}>
                      {name}
                    </Button>
                  ),
                },
                count('targeted'),
                count('delivered'),
                count('read'),
                count('acked'),
                count('groups'),
                count('relayed'),
                count('groupReach'),
              ]}
            />
          </Card>
          {deliveries.data?.length ? (
            <Card title={t('reach.deliveries')}>
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={deliveries.data}
                columns={[
                  { dataIndex: 'groupName', title: t('roster.name') },
                  {
                    dataIndex: 'channel',
                    title: t('roster.channel'),
                    render: (c: string) => t(`roster.channels.${c}`),
                  },
                  {
                    dataIndex: 'status',
                    title: '',
                    render: (s: string) => (
                      <Tag color={s === 'delivered' ? 'green' : s === 'dead' ? 'red' : 'gold'}>{s}</Tag>
                    ),
                  },
                  { dataIndex: 'attempts', title: '#' },
                  { dataIndex: 'lastError', title: '' },
                ]}
              />
            </Card>
          ) : null}
        </Space>
      )}
    </QueryView>
  );
}
