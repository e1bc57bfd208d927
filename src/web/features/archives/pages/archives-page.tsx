import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { type ArchiveUnit, archiveListSchema, archiveUnitSchema } from '../../../../contracts/archives.ts';
import { SearchBox } from '../../../components/search-box.tsx';
import { QueryView } from '../../../components/states.tsx';
import { api } from '../../../lib/api.ts';
import { usePermission } from '../../../lib/auth.ts';
import { BatchIntake } from './batch-intake.tsx';

export default function ArchivesPage() {
  const { t } = useTranslation('archives');
  const client = useQueryClient();
  const canPublish = usePermission('archives.publish');
  const canFile = usePermission('archives.manage');
  const [intake, setIntake] = useState<ArchiveUnit | null>(null);
  const [q, setQ] = useState('');
  const [category, setCategory] = useState<string | undefined>(undefined);
  // Keyset pages (decision 0507): the `after` of every page opened so far, so 上一页 is a pop.
  const [trail, setTrail] = useState<number[]>([]);
  const after = trail.at(-1);
  const categories = useQuery({
    queryKey: ['archives', 'categories'],
    queryFn: () => api.get('/api/archives/categories', z.array(z.string())),
  });
  const list = useQuery({
    queryKey: ['archives', 'units', q, category, after],
    queryFn: () => api.get('/api/archives/units', archiveListSchema, { q, category, after, pageSize: 20 }),
  });
  const publish = useMutation({
    mutationFn: (id: number) => api.post(`/api/archives/units/${id}/publish`, archiveUnitSchema),
    onSuccess: () => client.invalidateQueries({ queryKey: ['archives', 'units'] }),
  });

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('title')}
      </Typography.Title>
      <Space wrap>
        <SearchBox
          placeholder={t('search')}
          testId="archives-search"
          onSearch={(term) => {
            setQ(term);
            setTrail([]);
          }}
        />
        <Select
          allowClear
          placeholder={t('category')}
          style={{ minWidth: 160 }}
          value={category}
          onChange={(value) => {
            setCategory(value);
            setTrail([]);
          }}
          options={(categories.data ?? []).map((c) => ({ value: c, label: c }))}
        />
      </Space>
      <QueryView query={list}>
        {(data) => (
          <>
            <Table<ArchiveUnit>
              rowKey="id"
              size="small"
              data-testid="archives-table"
              scroll={{ x: 'max-content' }}
              dataSource={data.items}
              pagination={false}
              columns={[
                { title: t('reference'), dataIndex: 'referenceCode' },
                { title: t('titleColumn'), dataIndex: 'title' },
                { title: t('level'), dataIndex: 'level', render: (level: string) => t(`levels.${level}`) },
                { title: t('category'), dataIndex: 'category' },
                { title: t('place'), dataIndex: 'nodeName' },
                {
                  title: t('date'),
                  dataIndex: 'date',
                  render: (date: number) => new Date(date + 8 * 3600_000).toISOString().slice(0, 10),
                },
                {
                  title: t('status'),
                  dataIndex: 'status',
                  render: (status: string) => (
                    <Tag color={status === 'published' ? 'green' : 'gold'}>{t(`statuses.${status}`)}</Tag>
                  ),
                },
                {
                  title: '',
                  key: 'actions',
                  render: (_: unknown, u) => (
                    <Space>
                      {canPublish && u.status === 'draft' && (
                        <Button size="small" loading={publish.isPending} onClick={() => publish.mutate(u.id)}>
                          {t('publish')}
                        </Button>
                      )}
                      {canFile && u.level !== 'item' && (
                        <Button size="small" data-testid={`batch-open-${u.id}`} onClick={() => setIntake(u)}>
                          {t('batchOpen')}
                        </Button>
                      )}
                      {u.level === 'series' && (
                        <Button
                          size="small"
                          icon={<DownloadOutlined />}
                          href={`/api/archives/units/${u.id}/export.zip`}
                        >
                          zip
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]}
            />
            <Space data-testid="archives-pager">
              <Typography.Text type="secondary">
                {t(data.totalCapped ? 'totalCapped' : 'total', { n: data.total })}
              </Typography.Text>
              <Button size="small" disabled={trail.length === 0} onClick={() => setTrail(trail.slice(0, -1))}>
                {t('previous')}
              </Button>
              <Button
                size="small"
                disabled={data.next === null}
                onClick={() => data.next !== null && setTrail([...trail, data.next])}
              >
                {t('next')}
              </Button>
            </Space>
          </>
        )}
      </QueryView>
      {intake && (
        <BatchIntake
          unit={intake}
          onClose={(filed) => {
            setIntake(null);
            if (filed) void client.invalidateQueries({ queryKey: ['archives', 'units'] });
          }}
        />
      )}
    </Space>
  );
}
