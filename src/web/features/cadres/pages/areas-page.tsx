import { Alert, Button, Card, Col, Collapse, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { usePermission } from '../../../lib/auth.ts';
import { useCadresMap, useCoverage } from '../api/cadres.ts';
import { CoverageMap } from '../components/coverage-map.tsx';
import { GroupsCard, PlaceControls } from '../components/manage.tsx';

export default function AreasPage() {
  const { t } = useTranslation('cadres');
  const [params, setParams] = useSearchParams();
  const nodeId = params.get('nodeId') ? Number(params.get('nodeId')) : undefined;
  const coverage = useCoverage(nodeId);
  const map = useCadresMap();
  const manage = usePermission('cadres.manage');
  const c = coverage.data;
  const mapData = useMemo(() => (c?.parts ?? []).map((p) => ({ name: p.name, value: p.uncovered })), [c]);
  if (coverage.error) return <Alert type="error" message={(coverage.error as Error).message} />;
  if (!c) return null;
  const isCity = c.node.path.split('/').filter(Boolean).length === 1;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4}>
        {t('areasTitle')} · {c.node.name}
      </Typography.Title>
      {nodeId ? <Button onClick={() => setParams({})}>{t('back')}</Button> : null}
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Statistic title={t('covered')} value={c.covered} data-testid="covered" />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('uncovered')}
            value={c.uncovered}
            valueStyle={{ color: '#cf1322' }}
            data-testid="uncovered"
          />
        </Col>
      </Row>
      {c.uncovered > 0 ? <Alert type="warning" showIcon message={t('uncoveredHint')} /> : null}
      {isCity && map.data ? (
        <Card size="small" title={t('mapTitle')}>
          <CoverageMap
            geo={map.data}
            data={mapData}
            onPick={(name) => {
              const part = c.parts.find((p) => p.name === name);
              if (part) setParams({ nodeId: String(part.id) });
            }}
          />
          <Space wrap>
            {c.parts.map((p) => (
              <Tag key={p.code} color={p.uncovered > 0 ? 'red' : 'green'}>
                {p.name} {p.covered}/{p.covered + p.uncovered}
              </Tag>
            ))}
          </Space>
        </Card>
      ) : null}
      {manage && <GroupsCard nodeId={c.node.id} />}
      <Collapse
        items={c.towns.map((town) => {
          const open = town.places.filter((p) => p.leaders.length === 0).length;
          return {
            key: town.id,
            label: (
              <Space>
                {town.name}
                {open > 0 ? (
                  <Tag color="red">
                    {t('uncovered')} {open}
                  </Tag>
                ) : (
                  <Tag color="green">{t('covered')}</Tag>
                )}
              </Space>
            ),
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                {town.places.map((p) => (
                  <div
                    key={p.id}
                    data-testid={`place-${p.id}`}
                    data-covered={p.leaders.length > 0 ? 'yes' : 'no'}
                  >
                    <Typography.Text strong type={p.leaders.length === 0 ? 'danger' : undefined}>
                      {p.name}
                    </Typography.Text>{' '}
                    {p.leaders.length === 0 ? (
                      <Tag color="red">{t('nobody')}</Tag>
                    ) : (
                      p.leaders.map((l) => (
                        <Tag
                          key={l.areaId}
                          color={l.tier === 'county' ? 'gold' : l.tier === 'town' ? 'blue' : 'cyan'}
                        >
                          {t(`tiers.${l.tier}`)} {l.name}
                        </Tag>
                      ))
                    )}
                    {manage && <PlaceControls nodeId={p.id} areaIds={p.leaders.map((l) => l.areaId)} />}
                  </div>
                ))}
              </Space>
            ),
          };
        })}
      />
    </Space>
  );
}
