import { DownloadOutlined, FallOutlined, RiseOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Breadcrumb, Button, Card, Col, List, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { lazy, type ReactNode, Suspense, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { Dashboard, Headline } from '../../../../contracts/dashboard.ts';
import { EmptyState, QueryView } from '../../../components/states.tsx';
import { useCurrentNode } from '../../../lib/current-node.tsx';
import { useLiveEvents } from '../../../lib/live.tsx';
import { formatTime, useLocale } from '../../../lib/locale.ts';
import { dashboardKey, useCountyMap, useDashboard } from '../api/get-dashboard.ts';

// ECharts is most of this page's code: the figures show while the charts' code still loads.
const loadCharts = () => import('../components/charts.tsx');
const TrendChart = lazy(() => loadCharts().then((m) => ({ default: m.TrendChart })));
const CountyMap = lazy(() => loadCharts().then((m) => ({ default: m.CountyMap })));
const BreakdownChart = lazy(() => loadCharts().then((m) => ({ default: m.BreakdownChart })));

function ChartSlot({ height, children }: { height: number; children: ReactNode }) {
  return <Suspense fallback={<div style={{ height }} />}>{children}</Suspense>;
}

import { formatChange, formatFigure } from '../components/format.ts';

export default function DashboardPage() {
  const { t } = useTranslation('dashboard');
  const params = useParams();
  const { node: current } = useCurrentNode();
  const nodeId = params.nodeId ? Number(params.nodeId) : current?.id;
  const query = useDashboard(nodeId);
  const client = useQueryClient();
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // A burst of events (a busy gate) refetches once, a moment after the first of them.
  useLiveEvents(() => {
    pending.current ??= setTimeout(() => {
      pending.current = undefined;
      void client.invalidateQueries({ queryKey: dashboardKey(nodeId) });
    }, 300);
  }, query.data?.liveEvents ?? ['gate.fever']);

  if (nodeId === undefined) return <EmptyState description={t('noNode')} />;
  return <QueryView query={query}>{(d) => <DashboardView d={d} />}</QueryView>;
}

function DashboardView({ d }: { d: Dashboard }) {
  const { t } = useTranslation('dashboard');
  const locale = useLocale();
  const navigate = useNavigate();
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const figure = d.figures.find((f) => f.key === picked) ?? d.figures[0];
  const isCity = d.node.kind === 'city';
  const map = useCountyMap(isCity);
  const drill = (name: string) => {
    const child = d.children.find((c) => c.name === name);
    if (child) navigate(`/dashboard/${child.id}`);
  };
  const figureOptions = useMemo(
    () => d.figures.map((f) => ({ value: f.key, label: f.label[locale] })),
    [d.figures, locale],
  );

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="dashboard">
      <Breadcrumb
        data-testid="dashboard-breadcrumb"
        items={d.breadcrumb.map((b, i) => ({
          title: i === d.breadcrumb.length - 1 ? b.name : <Link to={`/dashboard/${b.id}`}>{b.name}</Link>,
        }))}
      />
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="dashboard-title">
          {t('title', { node: d.node.name })}
        </Typography.Title>
        <Space wrap>
          <Typography.Text type="secondary">{d.day}</Typography.Text>
          <Button
            icon={<DownloadOutlined />}
            href={`/api/dashboard/report.pdf?nodeId=${d.node.id}&lang=${locale}`}
          >
            PDF
          </Button>
          <Button
            icon={<DownloadOutlined />}
            href={`/api/dashboard/report.xlsx?nodeId=${d.node.id}&lang=${locale}`}
          >
            Excel
          </Button>
        </Space>
      </Space>

      <Row gutter={[12, 12]}>
        {d.figures.map((f) => (
          <Col key={f.key} xs={24} sm={12} md={8} xl={6}>
            <FigureCard f={f} active={f.key === figure?.key} onClick={() => setPicked(f.key)} />
          </Col>
        ))}
      </Row>

      <Attention d={d} />

      {figure && (
        <Row gutter={[12, 12]}>
          <Col xs={24} lg={12}>
            <Card
              size="small"
              title={t('trend')}
              extra={
                <Select
                  size="small"
                  value={figure.key}
                  options={figureOptions}
                  onChange={setPicked}
                  style={{ minWidth: 160 }}
                />
              }
            >
              <ChartSlot height={240}>
                <TrendChart
                  days={d.trend.days}
                  values={d.trend.series[figure.key] ?? []}
                  name={figure.label[locale]}
                />
              </ChartSlot>
            </Card>
          </Col>
          {isCity && map.data && (
            <Col xs={24} lg={12}>
              <Card size="small" title={t('map', { figure: figure.label[locale] })}>
                <ChartSlot height={320}>
                  <CountyMap
                    geo={map.data}
                    data={d.children.map((c) => ({ name: c.name, value: c.values[figure.key] ?? null }))}
                    onPick={drill}
                  />
                </ChartSlot>
              </Card>
            </Col>
          )}
          {d.children.length > 0 && (
            <Col xs={24} lg={isCity ? 24 : 12}>
              <Card size="small" title={t('breakdown', { figure: figure.label[locale] })}>
                <ChartSlot height={Math.max(160, d.children.length * 26 + 40)}>
                  <BreakdownChart
                    names={d.children.map((c) => c.name)}
                    values={d.children.map((c) => c.values[figure.key] ?? null)}
                    onPick={drill}
                  />
                </ChartSlot>
              </Card>
            </Col>
          )}
        </Row>
      )}

      {d.children.length > 0 && (
        <Card size="small" title={t('children')}>
          <Table
            size="small"
            rowKey="id"
            data-testid="breakdown-table"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={d.children}
            columns={[
              {
                title: t('node'),
                dataIndex: 'name',
                fixed: 'left',
                render: (name: string, c) => <Link to={`/dashboard/${c.id}`}>{name}</Link>,
              },
              ...d.figures.map((f) => ({
                title: f.label[locale],
                key: f.key,
                align: 'right' as const,
                render: (_: unknown, c: Dashboard['children'][number]) => formatFigure(f, c.values[f.key]),
              })),
            ]}
          />
        </Card>
      )}
    </Space>
  );
}

function FigureCard({ f, active, onClick }: { f: Headline; active: boolean; onClick: () => void }) {
  const { t } = useTranslation('dashboard');
  const locale = useLocale();
  const change = formatChange(f, f.value, f.yesterday);
  return (
    <Card
      size="small"
      hoverable
      onClick={onClick}
      style={active ? { borderColor: '#d4380d' } : undefined}
      data-testid={`figure-${f.key}`}
    >
      <Typography.Text type="secondary">{f.label[locale]}</Typography.Text>
      <div style={{ fontSize: 26, fontWeight: 600, lineHeight: 1.3 }} data-testid="figure-value">
        {formatFigure(f, f.value)}
        {f.format !== 'percent' && (
          <Typography.Text type="secondary" style={{ fontSize: 13, marginLeft: 4, fontWeight: 400 }}>
            {f.unit[locale]}
          </Typography.Text>
        )}
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {change === null ? (
          t('noYesterday')
        ) : change.delta === 0 ? (
          t('unchanged')
        ) : (
          <span style={{ color: change.delta > 0 ? '#d4380d' : '#389e0d' }}>
            {change.delta > 0 ? <RiseOutlined /> : <FallOutlined />}{' '}
            {t('sinceYesterday', { change: change.text })}
          </span>
        )}
      </Typography.Text>
    </Card>
  );
}

function Attention({ d }: { d: Dashboard }) {
  const { t } = useTranslation('dashboard');
  const locale = useLocale();
  const open = d.attention.filter((a) => a.total > 0);
  return (
    <Card size="small" title={t('attention')} data-testid="attention">
      {open.length === 0 ? (
        <Typography.Text type="secondary">{t('allClear')}</Typography.Text>
      ) : (
        open.map((group) => (
          <List
            key={group.key}
            size="small"
            header={
              <Space>
                <Typography.Text strong>{group.label[locale]}</Typography.Text>
                <Tag color="volcano">{group.total}</Tag>
              </Space>
            }
            dataSource={group.items}
            renderItem={(item) => (
              <List.Item>
                <Link to={item.link}>
                  {item.place} · {item.title}
                </Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatTime(item.at, locale)}
                </Typography.Text>
              </List.Item>
            )}
          />
        ))
      )}
    </Card>
  );
}
