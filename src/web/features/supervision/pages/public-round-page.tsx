import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Result, Space, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { drawInputsSchema } from '../../../../contracts/supervision.ts';
import { drawRound } from '../../../../contracts/supervision-draw.ts';
import { QueryView } from '../../../components/states.tsx';
import { api } from '../../../lib/api.ts';
import { getPublicRound } from '../api/supervision.ts';

/**
 * A round's published results, open to anyone: the commitment, the seed once public, the targets
 * with findings and how many were rectified, and a re-run of the draw in this browser.
 */
export default function PublicRoundPage() {
  const { t } = useTranslation('supervision');
  const id = Number(useParams().id);
  const query = useQuery({ queryKey: ['public-round', id], queryFn: () => getPublicRound(id) });
  const [rerun, setRerun] = useState<'same' | 'different' | null>(null);
  const verify = async () => {
    const inputs = await api.get(`/api/public/supervision/rounds/${id}/inputs`, drawInputsSchema);
    if (!inputs.seed) return;
    const result = drawRound({
      targets: inputs.targets,
      pool: inputs.pool,
      seed: inputs.seed,
      sample: inputs.sample,
      perTarget: inputs.perTarget,
    });
    setRerun(JSON.stringify(result.picks) === JSON.stringify(inputs.recorded) ? 'same' : 'different');
  };
  return (
    <div style={{ maxWidth: 860, margin: '24px auto', padding: 16 }}>
      <QueryView query={query}>
        {(r) => (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Title level={3}>{r.title}</Typography.Title>
            <Space size="large">
              <Statistic title={t('targetsVisited')} value={r.totals.targets} />
              <Statistic title={t('findingsFound')} value={r.totals.findings} />
              <Statistic
                title={t('rectified')}
                value={r.totals.rectified}
                valueStyle={{ color: '#3f8600' }}
                data-testid="rectified-total"
              />
            </Space>
            <Card title={t('drawRecord')}>
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('listHash')}>{r.listHash}</Descriptions.Item>
                <Descriptions.Item label={t('commitment')}>{r.commitment}</Descriptions.Item>
                <Descriptions.Item label={t('seed')}>{r.seed ?? t('seedClosed')}</Descriptions.Item>
              </Descriptions>
              {r.seed && (
                <Button onClick={() => void verify()} data-testid="rerun">
                  {t('rerun')}
                </Button>
              )}
              {rerun && (
                <Result status={rerun === 'same' ? 'success' : 'error'} title={t(`rerun_${rerun}`)} />
              )}
            </Card>
            <Table
              rowKey={(x) => `${x.place}-${x.label}`}
              size="small"
              pagination={false}
              dataSource={r.targets}
              columns={[
                { title: t('target'), render: (_, x) => `${x.place} ${x.label}` },
                { title: t('findingsFound'), dataIndex: 'findings' },
                {
                  title: t('rectified'),
                  render: (_, x) => <span data-testid={`rectified-${x.label}`}>{x.rectified}</span>,
                },
              ]}
            />
          </Space>
        )}
      </QueryView>
    </div>
  );
}
