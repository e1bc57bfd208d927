import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { z } from 'zod';
import {
  FILING_STATUSES,
  type FilingStatus,
  filingListSchema,
  filingSchema,
  type filingSummarySchema,
} from '../../../../contracts/enterprises.ts';
import { QueryView } from '../../../components/states.tsx';
import { api } from '../../../lib/api.ts';
import { usePermission } from '../../../lib/auth.ts';
import { beijingDate, statusColor } from './shared.tsx';

type Summary = z.infer<typeof filingSummarySchema>;

const EMPTY_FORM = {
  staffReturning: 0,
  returningFrom: [],
  masks: 0,
  thermometers: 0,
  disinfectantLitres: 0,
  canteen: '',
  dormitory: '',
  disinfectionPlan: '',
  emergencyPlan: '',
};

export default function FilingsPage() {
  const { t } = useTranslation('enterprises');
  const navigate = useNavigate();
  const isEnterprise = usePermission('enterprises.self');
  const [status, setStatus] = useState<FilingStatus | undefined>(undefined);
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['enterprise-filings', status, page],
    queryFn: () => api.get('/api/enterprise-filings', filingListSchema, { status, page, pageSize: 20 }),
  });
  const create = useMutation({
    mutationFn: () => api.post('/api/enterprise-filings', filingSchema, { form: EMPTY_FORM }),
    onSuccess: (f) => navigate(`/enterprise-filings/${f.id}`),
  });

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('filings')}
      </Typography.Title>
      <Space wrap>
        <Select
          allowClear
          placeholder={t('status')}
          style={{ minWidth: 180 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={FILING_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
        />
        {isEnterprise && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            loading={create.isPending}
            onClick={() => create.mutate()}
            data-testid="new-filing"
          >
            {t('newFiling')}
          </Button>
        )}
      </Space>
      <QueryView query={list}>
        {(data) => (
          <Table<Summary>
            rowKey="id"
            size="small"
            data-testid="filings-table"
            scroll={{ x: 'max-content' }}
            dataSource={data.items}
            pagination={{ current: page, total: data.total, pageSize: data.pageSize, onChange: setPage }}
            columns={[
              {
                title: t('enterprise'),
                dataIndex: 'enterpriseName',
                render: (name: string, row) => <Link to={`/enterprise-filings/${row.id}`}>{name}</Link>,
              },
              { title: t('place'), dataIndex: 'nodeName' },
              { title: t('regime'), dataIndex: 'regime', render: (r: string) => t(`regimes.${r}`) },
              {
                title: t('status'),
                dataIndex: 'status',
                render: (s: FilingStatus) => <Tag color={statusColor(s)}>{t(`statuses.${s}`)}</Tag>,
              },
              {
                title: t('submittedAt'),
                dataIndex: 'submittedAt',
                render: (v: number | null) => beijingDate(v),
              },
              { title: t('replyDue'), dataIndex: 'replyDueAt', render: (v: number | null) => beijingDate(v) },
            ]}
          />
        )}
      </QueryView>
    </Space>
  );
}
