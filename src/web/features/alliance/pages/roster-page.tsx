import { UploadOutlined } from '@ant-design/icons';
import {
  App,
  Breadcrumb,
  Button,
  Card,
  Input,
  Popconfirm,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportReport, Signup, Team, Volunteer } from '../../../../contracts/alliance.ts';
import { usePermission } from '../../../lib/auth.ts';
import { useCurrentNode } from '../../../lib/current-node.tsx';
import { useLocale } from '../../../lib/locale.ts';
import { useDecideSignup } from '../api/decide-signup.ts';
import { useMatrix } from '../api/get-matrix.ts';
import { useSignups } from '../api/get-signups.ts';
import { useTeams } from '../api/get-teams.ts';
import { useVolunteers } from '../api/get-volunteers.ts';
import { useImportRoster } from '../api/import-roster.ts';
import { CreateGroupModal, CreateTeamModal } from '../components/create-forms.tsx';

function Teams({ nodeId }: { nodeId?: number }) {
  const { t } = useTranslation('alliance');
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const teams = useTeams(nodeId, page);
  const canManage = usePermission('volunteers.manage');
  return (
    <>
      {canManage && nodeId ? (
        <>
          <Button style={{ marginBottom: 12 }} onClick={() => setCreating(true)}>
            {t('roster.newTeam')}
          </Button>
          <CreateTeamModal nodeId={nodeId} open={creating} onClose={() => setCreating(false)} />
        </>
      ) : null}
      <Table<Team>
        rowKey="id"
        loading={teams.isPending}
        dataSource={teams.data?.items}
        pagination={{ current: page, total: teams.data?.total, pageSize: 20, onChange: setPage }}
        columns={[
          { title: t('roster.name'), dataIndex: 'name' },
          {
            title: t('roster.type'),
            dataIndex: 'type',
            render: (v: string) => <Tag>{t(`teamTypes.${v}`)}</Tag>,
          },
          { title: t('roster.node'), dataIndex: 'nodeName' },
          { title: t('roster.leader'), dataIndex: 'leaderName' },
          { title: t('roster.members'), dataIndex: 'memberCount' },
        ]}
      />
    </>
  );
}

function Volunteers({ nodeId }: { nodeId?: number }) {
  const { t } = useTranslation('alliance');
  const locale = useLocale();
  const canManage = usePermission('volunteers.manage');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const volunteers = useVolunteers(nodeId, q, page);
  const importer = useImportRoster();
  const [report, setReport] = useState<ImportReport | null>(null);
  const { message } = App.useApp();
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          style={{ width: 220 }}
        />
        <Button
          href={`/api/volunteers/export.xlsx${nodeId ? `?nodeId=${nodeId}` : ''}`}
          data-testid="roster-export"
        >
          {t('roster.export')}
        </Button>
        {canManage ? (
          <Upload
            accept=".xlsx"
            showUploadList={false}
            customRequest={({ file }) => {
              importer.mutate(file as File, {
                onSuccess: (r) => {
                  setReport(r);
                  message.info(t('roster.imported', { imported: r.imported, failed: r.failed }));
                },
                onError: (err) => message.error((err as Error).message),
              });
            }}
          >
            <Button icon={<UploadOutlined />} loading={importer.isPending} data-testid="roster-import">
              {t('roster.import')}
            </Button>
          </Upload>
        ) : null}
      </Space>
      {report && report.failed > 0 ? (
        <Card size="small" style={{ marginBottom: 12 }} data-testid="import-report">
          {report.rows
            .filter((r) => !r.ok)
            .map((r) => (
              <div key={r.row}>
                {t('roster.row', { row: r.row })} {r.name}：{r.message}
              </div>
            ))}
        </Card>
      ) : null}
      <Table<Volunteer>
        rowKey="id"
        loading={volunteers.isPending}
        dataSource={volunteers.data?.items}
        pagination={{ current: page, total: volunteers.data?.total, pageSize: 20, onChange: setPage }}
        columns={[
          { title: t('roster.name'), dataIndex: 'name' },
          { title: t('roster.phone'), dataIndex: 'phone' },
          { title: t('roster.node'), dataIndex: 'nodeName' },
          { title: t('roster.team'), dataIndex: 'teamName' },
          {
            title: t('roster.source'),
            dataIndex: 'source',
            render: (s: string) => (locale === 'en' ? s : s === 'import' ? '导入' : '报名'),
          },
        ]}
      />
    </>
  );
}

function Signups({ nodeId }: { nodeId?: number }) {
  const { t } = useTranslation('alliance');
  const signups = useSignups(nodeId, true);
  const decide = useDecideSignup();
  const { message } = App.useApp();
  return (
    <Table<Signup>
      rowKey="id"
      loading={signups.isPending}
      dataSource={signups.data?.items}
      pagination={false}
      columns={[
        { title: t('roster.name'), dataIndex: 'name' },
        { title: t('roster.phone'), dataIndex: 'phone' },
        { title: t('roster.idNumber'), dataIndex: 'idNumber' },
        { title: t('roster.node'), dataIndex: 'nodeName' },
        { title: t('roster.team'), dataIndex: 'teamName' },
        {
          title: '',
          render: (_, s) => (
            <Space>
              {/* Approving makes an account that can sign in: confirm it, then say it was done. */}
              <Popconfirm
                title={t('roster.approveConfirm', { name: s.name })}
                onConfirm={() =>
                  decide.mutate(
                    { id: s.id, decision: 'approve' },
                    {
                      onSuccess: () => message.success(t('roster.approvedName', { name: s.name })),
                      onError: (err) => message.error(err.message),
                    },
                  )
                }
              >
                <Button size="small" type="primary" data-testid={`approve-${s.id}`}>
                  {t('roster.approve')}
                </Button>
              </Popconfirm>
              <Popconfirm
                title={t('roster.reject')}
                onConfirm={() =>
                  decide.mutate(
                    { id: s.id, decision: 'reject' },
                    { onError: (err) => message.error(err.message) },
                  )
                }
              >
                <Button size="small" danger>
                  {t('roster.reject')}
                </Button>
              </Popconfirm>
            </Space>
          ),
        },
      ]}
    />
  );
}

interface Level {
  id: number;
  name: string;
}

/**
 * The header's node with its groups, and one row per child with its subtree's totals. A row opens
 * that child here (a breadcrumb leads back), since a count with no visible groups explains nothing.
 */
function Matrix({ nodeId }: { nodeId?: number }) {
  const { t } = useTranslation('alliance');
  const [trail, setTrail] = useState<{ from?: number; levels: Level[] }>({ levels: [] });
  // Picking another node in the header starts again from it.
  const levels = trail.from === nodeId ? trail.levels : [];
  const focus = levels[levels.length - 1]?.id ?? nodeId;
  const matrix = useMatrix(focus);
  const data = matrix.data;
  const canManage = usePermission('groups.manage');
  const [creating, setCreating] = useState(false);
  const { node: headerNode } = useCurrentNode();
  return (
    <>
      {canManage && focus ? (
        <>
          <Button style={{ marginBottom: 12 }} onClick={() => setCreating(true)}>
            {t('roster.newGroup')}
          </Button>
          <CreateGroupModal nodeId={focus} open={creating} onClose={() => setCreating(false)} />
        </>
      ) : null}
      {levels.length > 0 ? (
        <Breadcrumb
          style={{ marginBottom: 8 }}
          data-testid="matrix-trail"
          items={[
            {
              key: 'root',
              title: (
                <Button type="link" size="small" onClick={() => setTrail({ from: nodeId, levels: [] })}>
                  {t('roster.up', { name: headerNode?.name ?? '' })}
                </Button>
              ),
            },
            ...levels.map((l, i) => ({
              key: l.id,
              title:
                i === levels.length - 1 ? (
                  l.name
                ) : (
                  <Button
                    type="link"
                    size="small"
                    onClick={() => setTrail({ from: nodeId, levels: levels.slice(0, i + 1) })}
                  >
                    {l.name}
                  </Button>
                ),
            })),
          ]}
        />
      ) : null}
      {data ? (
        <Space wrap style={{ marginBottom: 12 }}>
          <Tag>{data.node.nodeName}</Tag>
          <span data-testid="matrix-groups">
            {t('roster.groups')}: {data.node.groups}
          </span>
          <span>
            {t('roster.owners')}: {data.node.owners}
          </span>
          <span>
            {t('roster.reach')}: {data.node.reach}
          </span>
        </Space>
      ) : null}
      <Typography.Text type="secondary">{t('roster.subtreeGroups')}</Typography.Text>
      <Table
        rowKey="nodeId"
        size="small"
        loading={matrix.isPending}
        dataSource={data?.children.filter((c) => c.groups > 0)}
        pagination={false}
        data-testid="matrix-children"
        onRow={(row) => ({
          onClick: () =>
            setTrail({ from: nodeId, levels: [...levels, { id: row.nodeId, name: row.nodeName }] }),
          style: { cursor: 'pointer' },
        })}
        columns={[
          {
            title: t('roster.node'),
            dataIndex: 'nodeName',
            render: (name: string) => <Typography.Link>{name}</Typography.Link>,
          },
          { title: t('roster.groups'), dataIndex: 'groups' },
          { title: t('roster.owners'), dataIndex: 'owners' },
          { title: t('roster.reach'), dataIndex: 'reach' },
          { title: t('roster.robots'), dataIndex: 'robots' },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('roster.ownGroups', { name: data?.node.nodeName ?? '', count: data?.groups.length ?? 0 })}
      </Typography.Title>
      <Table
        rowKey="id"
        size="small"
        dataSource={data?.groups}
        pagination={false}
        locale={{ emptyText: t('roster.noOwnGroups') }}
        data-testid="matrix-own-groups"
        columns={[
          { title: t('roster.name'), dataIndex: 'name' },
          { title: t('roster.owner'), dataIndex: 'ownerName' },
          { title: t('roster.members'), dataIndex: 'memberCount' },
          {
            title: t('roster.channel'),
            dataIndex: 'channel',
            render: (c: string) => t(`roster.channels.${c}`),
          },
        ]}
      />
    </>
  );
}

export default function RosterPage() {
  const { t } = useTranslation('alliance');
  const { node } = useCurrentNode();
  const canManage = usePermission('volunteers.manage');
  const nodeId = node?.id;
  return (
    <Card>
      <Tabs
        items={[
          { key: 'volunteers', label: t('roster.volunteers'), children: <Volunteers nodeId={nodeId} /> },
          { key: 'teams', label: t('roster.teams'), children: <Teams nodeId={nodeId} /> },
          ...(canManage
            ? [{ key: 'signups', label: t('roster.signups'), children: <Signups nodeId={nodeId} /> }]
            : []),
          { key: 'matrix', label: t('roster.matrix'), children: <Matrix nodeId={nodeId} /> },
        ]}
      />
    </Card>
  );
}
