import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../lib/api.ts';
import { usePermission } from '../../../lib/auth.ts';
import { useLiveEvents } from '../../../lib/live.tsx';
import {
  dispatch,
  releaseAllocation,
  suppliesKey,
  useOpenAllocations,
  useWaybills,
} from '../api/supplies.ts';
import { ReasonButton } from './reason-button.tsx';

function Allocations() {
  const { t } = useTranslation('supplies');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const allocations = useOpenAllocations();
  const run = async (id: number) => {
    try {
      const w = await dispatch(id);
      await queryClient.invalidateQueries({ queryKey: suppliesKey });
      window.open(`/api/supplies/waybills/${w.id}/waybill.pdf`, '_blank');
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <Card title={t('openAllocations')}>
      <Table
        size="small"
        rowKey="id"
        dataSource={allocations.data ?? []}
        pagination={false}
        columns={[
          { title: t('requester'), dataIndex: 'requester' },
          {
            title: t('item'),
            dataIndex: 'itemName',
            render: (v: string, a) => `${v} ${a.quantity} ${a.unit}`,
          },
          { title: t('store'), dataIndex: 'storeName' },
          {
            title: '',
            key: 'act',
            render: (_: unknown, a) => (
              <Space>
                <Button type="primary" data-testid={`dispatch-${a.id}`} onClick={() => run(a.id)}>
                  {t('dispatch')}
                </Button>
                <ReasonButton
                  label={t('release')}
                  prompt={t('releaseReason')}
                  testId={`release-${a.id}`}
                  run={(reason) => releaseAllocation(a.id, reason)}
                />
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** Allocations leave on waybills; each waybill's QR opens the receiver's sign-off page. */
export default function DispatchPage() {
  const { t } = useTranslation('supplies');
  const queryClient = useQueryClient();
  const manage = usePermission('supplies.manage');
  const waybills = useWaybills();
  useLiveEvents(() => void queryClient.invalidateQueries({ queryKey: suppliesKey }), ['supplies.movement']);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      {manage && <Allocations />}
      <Card title={t('waybills')}>
        <Table
          size="small"
          rowKey="id"
          dataSource={waybills.data ?? []}
          pagination={{ pageSize: 30 }}
          columns={[
            { title: 'No.', dataIndex: 'id' },
            { title: t('requester'), dataIndex: 'requester' },
            {
              title: t('item'),
              dataIndex: 'itemName',
              render: (v: string, w) => `${v} ${w.quantity} ${w.unit}`,
            },
            { title: t('signCode'), dataIndex: 'code' },
            {
              title: '',
              dataIndex: 'status',
              render: (s: string, w) => (
                <Tag data-testid={`waybill-status-${w.id}`} color={s === 'delivered' ? 'green' : 'blue'}>
                  {s === 'delivered' ? `${t('delivered')} · ${w.signerName}` : t('dispatched')}
                </Tag>
              ),
            },
            {
              title: '',
              key: 'links',
              render: (_: unknown, w) => (
                <Space>
                  <a href={`/api/supplies/waybills/${w.id}/waybill.pdf`} target="_blank" rel="noreferrer">
                    {t('waybillPdf')}
                  </a>
                  {w.status === 'dispatched' && w.token && (
                    <a data-testid={`sign-link-${w.id}`} href={`/sign/${w.token}`}>
                      {t('signTitle')}
                    </a>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
