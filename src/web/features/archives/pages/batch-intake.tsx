import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Modal, Progress, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ArchiveBatchReport,
  type ArchiveUnit,
  archiveBatchReportSchema,
} from '../../../../contracts/archives.ts';
import { api } from '../../../lib/api.ts';

/**
 * Batch intake under a series or file: a folder (or many files) plus metadata.xlsx, sent as one
 * request. The bar of each file follows the bytes sent, mapped onto the files in the order they
 * are sent; the answer is the server's row report.
 */
export function BatchIntake({ unit, onClose }: { unit: ArchiveUnit; onClose: (filed: boolean) => void }) {
  const { t } = useTranslation('archives');
  const [files, setFiles] = useState<File[]>([]);
  const [sent, setSent] = useState(0);
  const upload = useMutation({
    mutationFn: () =>
      api.uploadMany(
        `/api/archives/units/${unit.id}/batch`,
        archiveBatchReportSchema,
        files,
        (bytes, total) => setSent(total > 0 ? bytes / total : 0),
      ),
    onSuccess: () => setSent(1),
  });
  const pick = (list: FileList | null) => {
    setFiles((prev) => [...prev, ...Array.from(list ?? [])]);
    setSent(0);
    upload.reset();
  };
  const size = files.reduce((n, f) => n + f.size, 0);
  let before = 0;
  const rows = files.map((file) => {
    const done = size === 0 ? sent : (sent * size - before) / Math.max(1, file.size);
    before += file.size;
    return { file, percent: Math.round(Math.min(1, Math.max(0, done)) * 100) };
  });
  const report: ArchiveBatchReport | undefined = upload.data;

  return (
    <Modal
      open
      width={720}
      title={t('batch.title', { unit: unit.title })}
      onCancel={() => onClose(Boolean(report && report.imported > 0))}
      footer={[
        <Button key="close" onClick={() => onClose(Boolean(report && report.imported > 0))}>
          {t('batch.close')}
        </Button>,
        <Button
          key="send"
          type="primary"
          data-testid="batch-send"
          disabled={files.length === 0 || upload.isPending || Boolean(report)}
          loading={upload.isPending}
          onClick={() => upload.mutate()}
        >
          {t('batch.send')}
        </Button>,
      ]}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('batch.hint')}
        </Typography.Paragraph>
        <Space wrap>
          <label>
            {t('batch.files')}{' '}
            <input type="file" multiple data-testid="batch-files" onChange={(e) => pick(e.target.files)} />
          </label>
          <label>
            {t('batch.folder')}{' '}
            <input
              type="file"
              multiple
              data-testid="batch-folder"
              {...{ webkitdirectory: '' }}
              onChange={(e) => pick(e.target.files)}
            />
          </label>
        </Space>
        <Table
          size="small"
          rowKey={(r) => r.file.name}
          pagination={false}
          data-testid="batch-progress"
          dataSource={rows}
          columns={[
            { title: t('batch.file'), key: 'name', render: (_: unknown, r) => r.file.name },
            {
              title: t('batch.progress'),
              key: 'percent',
              width: 220,
              render: (_: unknown, r) => (
                <Progress
                  percent={r.percent}
                  size="small"
                  format={(p) => `${p}%`}
                  data-testid={`batch-progress-${r.file.name}`}
                />
              ),
            },
          ]}
        />
        {upload.error && <Alert type="error" showIcon message={upload.error.message} />}
        {report && (
          <>
            <Alert
              type={report.rejected > 0 ? 'warning' : 'success'}
              showIcon
              data-testid="batch-summary"
              message={t('batch.summary', { imported: report.imported, rejected: report.rejected })}
            />
            <Table
              size="small"
              rowKey="row"
              pagination={false}
              data-testid="batch-report"
              dataSource={report.rows}
              columns={[
                { title: t('batch.row'), dataIndex: 'row', width: 60 },
                {
                  title: t('status'),
                  key: 'ok',
                  width: 90,
                  render: (_: unknown, r) =>
                    r.ok ? (
                      <Tag color="green">{t('batch.ok')}</Tag>
                    ) : (
                      <Tag color="red">{t('batch.failed')}</Tag>
                    ),
                },
                {
                  title: t('batch.detail'),
                  key: 'detail',
                  render: (_: unknown, r) => (r.ok ? r.referenceCode : r.errors.join('；')),
                },
              ]}
            />
          </>
        )}
      </Space>
    </Modal>
  );
}
