import { App, Button, Card, List, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermission } from '../../../lib/auth.ts';
import { useLiveEvents } from '../../../lib/live.tsx';
import {
  useCheckpointCode,
  useCheckpoints,
  useClaimCheckpoint,
  useGrid,
  useNoShows,
  useStandIn,
  useStandInCandidates,
} from '../api/fieldwork.ts';

const LIVE = [
  'fieldwork.signed-up',
  'fieldwork.signed-out',
  'fieldwork.checked-in',
  'fieldwork.checked-out',
  'fieldwork.stand-in',
  'fieldwork.checkpoint-claimed',
];
const HOUR = 3_600_000;

/** The team leader picks a free member of the team to take a no-show's seat. */
function StandIn({ signupId, onDone }: { signupId: number; onDone: () => void }) {
  const { t } = useTranslation('fieldwork');
  const { message } = App.useApp();
  const candidates = useStandInCandidates(signupId);
  const standIn = useStandIn();
  return (
    <Select
      style={{ minWidth: 180 }}
      placeholder={t('standInPick')}
      loading={candidates.isLoading}
      data-testid={`stand-in-pick-${signupId}`}
      options={(candidates.data ?? []).map((c) => ({
        value: c.userId,
        label: c.hasSkill ? `${c.name}（${t('hasSkill')}）` : c.name,
      }))}
      onChange={(userId: number) =>
        standIn.mutate(
          { signupId, userId },
          {
            onSuccess: () => {
              void message.success(t('standInDone'));
              onDone();
            },
            onError: (err) => void message.error(err.message),
          },
        )
      }
    />
  );
}

/** The coverage grid: checkpoint × hour for the next 72 h, gaps in red, updated live. */
export default function GridPage() {
  const { t } = useTranslation('fieldwork');
  const [mineOnly, setMineOnly] = useState(false);
  const [gapsOnly, setGapsOnly] = useState(false);
  const [codeFor, setCodeFor] = useState<number | null>(null);
  const [standingIn, setStandingIn] = useState<number | null>(null);
  const leads = usePermission('fieldwork.lead');
  const mine = useCheckpoints('mine');
  const unclaimed = useCheckpoints('unclaimed');
  const teamId = mineOnly ? mine.data?.[0]?.team?.id : undefined;
  const grid = useGrid({ teamId, gapsOnly });
  const noShows = useNoShows();
  const claim = useClaimCheckpoint();
  const code = useCheckpointCode(codeFor);
  useLiveEvents(() => {
    void grid.refetch();
    void noShows.refetch();
  }, LIVE);

  const from = grid.data?.from ?? 0;
  const hourLabel = (i: number) => new Date(from + i * HOUR + 8 * HOUR).getUTCHours();
  const columns = [
    { title: t('checkpoint'), dataIndex: 'name', fixed: 'left' as const, width: 160 },
    ...Array.from({ length: grid.data?.hours ?? 0 }, (_, i) => ({
      title: String(hourLabel(i)),
      key: `h${i}`,
      width: 34,
      render: (_: unknown, row: NonNullable<typeof grid.data>['rows'][number]) => {
        const cell = row.cells[i]!;
        const state = cell.needed === 0 ? 'none' : cell.filled >= cell.needed ? 'full' : 'gap';
        const color = state === 'full' ? '#52c41a' : state === 'gap' ? '#ff4d4f' : '#f0f0f0';
        return (
          <Tooltip title={`${cell.filled}/${cell.needed} ${cell.short}`}>
            <div
              data-testid={`cell-${row.checkpointId}-${i}`}
              data-state={state}
              style={{ background: color, height: 20, borderRadius: 2 }}
            />
          </Tooltip>
        );
      },
    })),
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('gridTitle')}
        extra={
          <Space>
            <Switch checked={mineOnly} onChange={setMineOnly} data-testid="mine-only" /> {t('myTeamOnly')}
            <Switch checked={gapsOnly} onChange={setGapsOnly} /> {t('gapsOnly')}
          </Space>
        }
      >
        <Table
          size="small"
          rowKey="checkpointId"
          loading={grid.isLoading}
          dataSource={grid.data?.rows ?? []}
          columns={columns}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="grid"
        />
      </Card>
      <Card size="small" title={t('noShows')}>
        <List
          size="small"
          dataSource={noShows.data ?? []}
          locale={{ emptyText: t('noNoShows') }}
          renderItem={(n) => (
            <List.Item
              data-testid={`no-show-${n.signupId}`}
              actions={
                leads
                  ? [
                      standingIn === n.signupId ? (
                        <StandIn key="pick" signupId={n.signupId} onDone={() => setStandingIn(null)} />
                      ) : (
                        <Button
                          key="stand-in"
                          size="small"
                          data-testid={`stand-in-${n.signupId}`}
                          onClick={() => setStandingIn(n.signupId)}
                        >
                          {t('standIn')}
                        </Button>
                      ),
                    ]
                  : []
              }
            >
              <Tag color="red">{n.checkpoint}</Tag> {n.volunteer} · {n.skill}
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={t('checkInCode')}>
        <Space wrap>
          <Select
            style={{ minWidth: 200 }}
            placeholder={t('checkpoint')}
            options={(mine.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            onChange={(v: number) => setCodeFor(v)}
            data-testid="code-select"
          />
          {code.data ? (
            <Typography.Title level={2} style={{ margin: 0, letterSpacing: 4 }} data-testid="code">
              {code.data.code}
            </Typography.Title>
          ) : null}
        </Space>
      </Card>
      {unclaimed.data?.length ? (
        <Card size="small" title={t('unclaimed')}>
          <List
            size="small"
            dataSource={unclaimed.data}
            renderItem={(c) => (
              <List.Item
                actions={[
                  <Button key="claim" size="small" onClick={() => claim.mutate(c.id)}>
                    {t('claim')}
                  </Button>,
                ]}
              >
                {c.name} · {c.location}
              </List.Item>
            )}
          />
        </Card>
      ) : null}
    </Space>
  );
}
