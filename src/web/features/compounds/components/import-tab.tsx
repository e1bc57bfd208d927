import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, message, Progress, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ImportJob, RESIDENT_COLUMNS, VEHICLE_COLUMNS } from '../../../../contracts/compounds.ts';
import { type MessageCode, translate } from '../../../../contracts/messages.ts';
import { useLocale } from '../../../lib/locale.ts';
import { useImportJob } from '../api/get-import-job.ts';
import { startImport } from '../api/start-import.ts';

export function ImportTab({ compoundId }: { compoundId: number }) {
  const { t } = useTranslation('compounds');
  const locale = useLocale();
  const [jobId, setJobId] = useState<number | null>(null);
  const job = useImportJob(jobId);

  const upload = (kind: 'residents' | 'vehicles') => (file: File) => {
    startImport(compoundId, kind, file)
      .then((j) => setJobId(j.id))
      .catch((err: Error) => message.error(err.message));
    return false;
  };
  const data: ImportJob | undefined = job.data;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph>
        {t('importHint', { columns: RESIDENT_COLUMNS.join(' / ') })}
      </Typography.Paragraph>
      <Typography.Paragraph>{t('importHint', { columns: VEHICLE_COLUMNS.join(' / ') })}</Typography.Paragraph>
      <Space wrap>
        <Upload accept=".xlsx" showUploadList={false} beforeUpload={upload('residents')}>
          <Button icon={<UploadOutlined />}>{t('importResidents')}</Button>
        </Upload>
        <Upload accept=".xlsx" showUploadList={false} beforeUpload={upload('vehicles')}>
          <Button icon={<UploadOutlined />}>{t('importVehicles')}</Button>
        </Upload>
      </Space>
      {data && (
        <>
          <Progress
            percent={Math.round(data.progress * 100)}
            status={data.status === 'failed' ? 'exception' : data.status === 'done' ? 'success' : 'active'}
          />
          <Typography.Text data-testid="import-progress">
            {t('importProgress', { rows: data.rowsRead, imported: data.imported, rejected: data.rejected })}
          </Typography.Text>
          {data.failure && <Alert type="error" message={data.failure} />}
          {data.errors.length > 0 && (
            <Table
              rowKey={(e) => `${e.row}-${e.code}`}
              size="small"
              dataSource={data.errors}
              pagination={{ pageSize: 20 }}
              columns={[
                { title: t('row'), dataIndex: 'row' },
                {
                  title: t('reason'),
                  dataIndex: 'code',
                  render: (c: string) => translate(c as MessageCode, locale),
                },
                { title: '', dataIndex: 'value' },
              ]}
            />
          )}
        </>
      )}
    </Space>
  );
}
