import { Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobRun } from '../../../../contracts/jobs.ts';
import { EmptyState, ErrorState } from '../../../components/states.tsx';
import { formatTime, useLocale } from '../../../lib/locale.ts';
import { type JobStatus, useJobRuns } from '../api/system-api.ts';

const STATUS_COLOURS: Record<JobStatus, string> = {
  running: 'processing',
  succeeded: 'success',
  failed: 'error',
};

function duration(run: JobRun): string {
  if (run.finishedAt === null) return '—';
  const ms = run.finishedAt - run.startedAt;
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Scheduled work across instances: which job ran for which slot, where, how long, and why it failed. */
export default function JobsPage() {
  const { t } = useTranslation('system');
  const locale = useLocale();
  const [job, setJob] = useState<string | undefined>();
  const [status, setStatus] = useState<JobStatus | undefined>();
  const runs = useJobRuns(job, status);
  // Job names come from the runs themselves, so a module's new job appears without a catalogue.
  const all = useJobRuns(undefined, undefined);
  const jobNames = [...new Set((all.data ?? []).map((r) => r.job))].sort();
  const jobLabels = t('jobNames', { returnObjects: true }) as Record<string, string>;
  return (
    <Card title={t('jobs.title')}>
      <Typography.Paragraph type="secondary">{t('jobs.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select<string>
          allowClear
          showSearch
          placeholder={t('jobs.allJobs')}
          style={{ width: 240 }}
          value={job}
          onChange={setJob}
          options={jobNames.map((name) => ({ value: name, label: jobLabels[name] ?? name }))}
          data-testid="job-filter"
        />
        <Select<JobStatus>
          allowClear
          placeholder={t('jobs.allStatuses')}
          style={{ width: 160 }}
          value={status}
          onChange={setStatus}
          options={(['running', 'succeeded', 'failed'] as const).map((s) => ({
            value: s,
            label: t(`jobs.${s}`),
          }))}
          data-testid="job-status"
        />
      </Space>
      {runs.error ? (
        <ErrorState error={runs.error} onRetry={() => void runs.refetch()} />
      ) : (
        <Table<JobRun>
          rowKey={(r) => `${r.job}:${r.slot}`}
          size="small"
          data-testid="jobs-table"
          loading={runs.isFetching}
          dataSource={runs.data ?? []}
          locale={{ emptyText: runs.isPending ? ' ' : <EmptyState description={t('jobs.none')} /> }}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          columns={[
            {
              title: t('jobs.job'),
              dataIndex: 'job',
              render: (name: string) => <span title={name}>{jobLabels[name] ?? name}</span>,
            },
            { title: t('jobs.slot'), dataIndex: 'slot' },
            {
              title: t('jobs.startedAt'),
              dataIndex: 'startedAt',
              render: (ms: number) => formatTime(ms, locale),
            },
            { title: t('jobs.duration'), render: (_: unknown, r) => duration(r) },
            {
              title: t('jobs.status'),
              dataIndex: 'status',
              render: (s: JobStatus) => <Tag color={STATUS_COLOURS[s]}>{t(`jobs.${s}`)}</Tag>,
            },
            { title: t('jobs.instance'), dataIndex: 'instance' },
            {
              title: t('jobs.error'),
              dataIndex: 'error',
              render: (e: string | null) => (e ? <Typography.Text type="danger">{e}</Typography.Text> : null),
            },
          ]}
        />
      )}
    </Card>
  );
}
