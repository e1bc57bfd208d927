import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Segmented, Space, Table, Typography, Upload } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ExportStat,
  exportStatsSchema,
  PRIOR_COLUMNS,
  type PriorImportReport,
  priorImportReportSchema,
  STATS_DIMENSIONS,
  type StatsDimension,
} from '../../../../contracts/enterprises.ts';
import { QueryView } from '../../../components/states.tsx';
import { api } from '../../../lib/api.ts';
import { useCurrentUser } from '../../../lib/auth.ts';

// echarts is a large bundle: the page loads it only when the statistics are shown.
const CustomsChart = lazy(() => import('./customs-chart.tsx'));

const percent = (v: number | null) => (v === null ? '—' : `${v.toFixed(2)} %`);

/** The customs officer's statistics: a dimension, a chart, the table, xlsx out, last year's figures in. */
export function CustomsStats() {
  const { t } = useTranslation('enterprises');
  const me = useCurrentUser();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [by, setBy] = useState<StatsDimension>('destination');
  const [report, setReport] = useState<PriorImportReport | null>(null);
  const stats = useQuery({
    queryKey: ['customs', 'stats', by],
    queryFn: () => api.get('/api/customs/stats', exportStatsSchema, { by }),
  });
  const nodeId = me.grants.find((g) => g.role === 'command_centre' || g.role === 'official')?.nodeId;
  const importPrior = useMutation({
    mutationFn: (file: File) => api.upload('/api/customs/prior', priorImportReportSchema, file, { nodeId }),
    onSuccess: (r) => {
      setReport(r);
      if (r.errors.length === 0) void client.invalidateQueries({ queryKey: ['customs', 'stats'] });
    },
    onError: (e) => message.error((e as Error).message),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="customs-stats-section">
      <Typography.Title level={4}>{t('customs.stats')}</Typography.Title>
      <Space wrap>
        <Segmented<StatsDimension>
          value={by}
          onChange={setBy}
          options={STATS_DIMENSIONS.map((d) => ({ value: d, label: t(`customs.by.${d}`) }))}
          data-testid="stats-by"
        />
        <Button
          icon={<DownloadOutlined />}
          href={`/api/customs/stats.xlsx?by=${by}`}
          data-testid="stats-xlsx"
        >
          {t('customs.exportXlsx')}
        </Button>
        <Upload
          showUploadList={false}
          accept=".xlsx"
          beforeUpload={(file) => {
            importPrior.mutate(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={importPrior.isPending} data-testid="prior-import">
            {t('customs.importPrior')}
          </Button>
        </Upload>
        <Button type="link" href="/api/customs/prior/template.xlsx">
          {t('customs.priorTemplate')}
        </Button>
      </Space>
      {report && (
        <Alert
          type={report.errors.length === 0 ? 'success' : 'error'}
          data-testid="prior-report"
          message={
            report.errors.length === 0
              ? t('customs.priorImported', { count: report.imported, months: report.months.join('、') })
              : t('customs.priorRefused', { count: report.errors.length })
          }
          description={
            report.errors.length > 0 &&
            report.errors.slice(0, 20).map((e) => (
              <div key={`${e.row}-${e.field}`}>
                {t('customs.priorError', {
                  row: e.row,
                  field: PRIOR_COLUMNS.find((c) => c.key === e.field)?.zh ?? e.field,
                  code: t(`customs.errorCodes.${e.code}`, { defaultValue: e.code }),
                })}
              </div>
            ))
          }
        />
      )}
      <QueryView query={stats}>
        {(data) => (
          <>
            <Suspense fallback={<div style={{ height: 280 }} />}>
              <CustomsChart rows={data} byMonth={by === 'month'} />
            </Suspense>
            <Table<ExportStat>
              rowKey={(r) => `${r.month}|${r.key}`}
              size="small"
              data-testid="customs-stats"
              scroll={{ x: 'max-content' }}
              dataSource={data}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              columns={[
                { title: t('customs.month'), dataIndex: 'month' },
                ...(by === 'month'
                  ? []
                  : [
                      {
                        title: t(`customs.by.${by}`),
                        key: 'k',
                        render: (_: unknown, r: ExportStat) =>
                          by === 'goods' ? `${r.label}（${r.key}）` : r.label,
                      },
                    ]),
                { title: t('customs.tonnes'), dataIndex: 'tonnes', render: (v: number) => v.toFixed(2) },
                { title: t('customs.valueUsd'), dataIndex: 'valueUsd' },
                { title: t('customs.tonnesChange'), dataIndex: 'tonnesChange', render: percent },
                { title: t('customs.valueChange'), dataIndex: 'valueChange', render: percent },
              ]}
            />
          </>
        )}
      </QueryView>
    </Space>
  );
}
