import { useQueryClient } from '@tanstack/react-query';
import { Button, Input, Modal, message, Popconfirm, Progress, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Pass } from '../../../../contracts/passes.ts';
import { formatTime, useLocale } from '../../../lib/locale.ts';
import { useBatch } from '../api/get-batch.ts';
import { usePasses } from '../api/get-passes.ts';
import { useRenewPass } from '../api/renew-pass.ts';
import { useRevokePass } from '../api/revoke-pass.ts';
import { startBatch } from '../api/start-batch.ts';

export function PassesTab({ compoundId }: { compoundId: number }) {
  const { t } = useTranslation('compounds');
  const locale = useLocale();
  const [page, setPage] = useState(1);
  const passes = usePasses(compoundId, page);
  const revoke = useRevokePass(compoundId);
  const renew = useRenewPass(compoundId);
  const [batchId, setBatchId] = useState<number | null>(null);
  const batch = useBatch(batchId);
  const [revoking, setRevoking] = useState<Pass | null>(null);
  const [reason, setReason] = useState('');

  const queryClient = useQueryClient();
  const batchStatus = batch.data?.status;
  const batchTotal = batch.data?.total;
  useEffect(() => {
    if (batchStatus !== 'done') return;
    void queryClient.invalidateQueries({ queryKey: ['compounds', compoundId, 'passes'] });
    message.success(t('batchDone', { total: batchTotal ?? 0 }));
  }, [batchStatus, batchTotal, compoundId, queryClient, t]);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Popconfirm
          title={t('issueAllConfirm')}
          onConfirm={() =>
            startBatch(compoundId)
              .then((b) => setBatchId(b.id))
              .catch((err: Error) => void message.error(err.message))
          }
        >
          <Button type="primary" data-testid="issue-all">
            {t('issueAll')}
          </Button>
        </Popconfirm>
        <Button href={`/api/compounds/${compoundId}/passes.pdf`} target="_blank">
          {t('print')}
        </Button>
      </Space>
      {batch.data && (
        <Space>
          <Progress
            type="circle"
            size={48}
            percent={batch.data.total ? Math.round((batch.data.issued / batch.data.total) * 100) : 100}
          />
          <Typography.Text>
            {t('batchProgress', { issued: batch.data.issued, total: batch.data.total })}
          </Typography.Text>
        </Space>
      )}
      <Table<Pass>
        rowKey="id"
        size="small"
        loading={passes.isPending}
        dataSource={passes.data?.items ?? []}
        pagination={{ current: page, pageSize: 50, total: passes.data?.total ?? 0, onChange: setPage }}
        scroll={{ x: true }}
        columns={[
          { title: 'No.', dataIndex: 'id' },
          {
            title: t('kind'),
            dataIndex: 'kind',
            render: (k: Pass['kind']) => (k === 'person' ? t('personPass') : t('vehiclePass')),
          },
          { title: t('household'), dataIndex: 'household' },
          { title: t('holder'), dataIndex: 'holder' },
          { title: t('validUntil'), dataIndex: 'validUntil', render: (v: number) => formatTime(v, locale) },
          {
            title: t('status'),
            dataIndex: 'status',
            render: (s: Pass['status'], p) => (
              <Tag color={s === 'active' ? 'green' : 'default'} title={p.revokeReason ?? ''}>
                {t(`passStatus.${s}`)}
              </Tag>
            ),
          },
          {
            title: '',
            render: (_: unknown, p) =>
              p.status === 'active' && (
                <Space>
                  <Popconfirm
                    title={t('renewConfirm', { holder: p.holder })}
                    onConfirm={() =>
                      renew.mutate(p.id, {
                        onSuccess: (created) => void message.success(t('renewed', { id: created.id })),
                        onError: (err) => void message.error(err.message),
                      })
                    }
                  >
                    <Button size="small" data-testid={`renew-${p.id}`}>
                      {t('renew')}
                    </Button>
                  </Popconfirm>
                  <Button size="small" danger onClick={() => setRevoking(p)}>
                    {t('revoke')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      <Modal
        open={revoking !== null}
        title={t('revoke')}
        onCancel={() => setRevoking(null)}
        onOk={() =>
          revoking &&
          revoke.mutate(
            { id: revoking.id, reason },
            {
              onSuccess: () => {
                setRevoking(null);
                setReason('');
              },
              onError: (err) => void message.error(err.message),
            },
          )
        }
      >
        <Input value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('revokeReason')} />
      </Modal>
    </Space>
  );
}
