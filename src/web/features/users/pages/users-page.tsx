import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../../../contracts/permissions.ts';
import type { UserSummary } from '../../../../contracts/users.ts';
import { EmptyState, ErrorState } from '../../../components/states.tsx';
import { usePermission } from '../../../lib/auth.ts';
import { useCurrentNode } from '../../../lib/current-node.tsx';
import { formatTime, useLocale } from '../../../lib/locale.ts';
import { useUsers } from '../api/get-users.ts';
import { CreateUserModal } from '../components/create-user-modal.tsx';
import { UserDrawer } from '../components/user-drawer.tsx';

export default function UsersPage() {
  const { t } = useTranslation('users');
  const { t: tc } = useTranslation();
  const locale = useLocale();
  const { node } = useCurrentNode();
  const canManage = usePermission('users.manage');
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<number | undefined>();
  const users = useUsers({ q: q || undefined, role, nodeId: node?.id, page, pageSize });

  return (
    <Card
      title={
        <Space wrap>
          {t('menu')}
          {node ? (
            <Typography.Text type="secondary">{t('under', { node: node.name })}</Typography.Text>
          ) : null}
        </Space>
      }
      extra={
        canManage ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="create-user"
          >
            {t('create')}
          </Button>
        ) : null
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('searchPlaceholder')}
          onSearch={(value) => {
            setQ(value.trim());
            setPage(1);
          }}
          style={{ width: 240 }}
          data-testid="user-search"
        />
        <Select<Role>
          allowClear
          placeholder={t('role')}
          value={role}
          onChange={(value) => {
            setRole(value);
            setPage(1);
          }}
          options={ROLES.map((r) => ({ value: r, label: tc(`roles.${r}`) }))}
          style={{ width: 160 }}
        />
      </Space>
      {users.error ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <Table<UserSummary>
          rowKey="id"
          size="middle"
          data-testid="users-table"
          loading={users.isFetching}
          dataSource={users.data?.items ?? []}
          locale={{ emptyText: users.isPending ? ' ' : <EmptyState /> }}
          scroll={{ x: 'max-content' }}
          onRow={(u) => ({ onClick: () => setOpenId(u.id), style: { cursor: 'pointer' } })}
          pagination={{
            current: page,
            pageSize,
            total: users.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (count) => tc('total', { count }),
            onChange: (p, size) => {
              setPage(p);
              setPageSize(size);
            },
          }}
          columns={[
            { title: t('name'), dataIndex: 'name' },
            { title: t('phone'), dataIndex: 'phone' },
            {
              title: t('grants'),
              dataIndex: 'grants',
              render: (grants: UserSummary['grants']) => (
                <Space wrap size={4}>
                  {grants.map((g) => (
                    <Tag key={g.id}>
                      {tc(`roles.${g.role}`)} · {g.nodeName}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            {
              title: t('status'),
              dataIndex: 'status',
              render: (s: UserSummary['status']) => (
                <Tag color={s === 'active' ? 'green' : 'default'}>{t(`statuses.${s}`)}</Tag>
              ),
            },
            {
              title: t('createdAt'),
              dataIndex: 'createdAt',
              responsive: ['lg'],
              render: (ms: number) => formatTime(ms, locale),
            },
          ]}
        />
      )}
      <CreateUserModal open={creating} onClose={() => setCreating(false)} />
      <UserDrawer userId={openId} onClose={() => setOpenId(undefined)} />
    </Card>
  );
}
