import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Descriptions, Input, List, message, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { type Delivery, NEED_KINDS, type NeedKind } from '../../../../contracts/families.ts';
import { ErrorState, Loading } from '../../../components/states.tsx';
import { useCurrentUser, usePermission } from '../../../lib/auth.ts';
import { useLiveEvents } from '../../../lib/live.tsx';
import {
  FAMILY_LIVE_TYPES,
  useAssign,
  useDispatch,
  useFamily,
  useFamilyDeliveries,
  useFamilyNeeds,
  useFamilyServices,
  usePauseService,
  useRaiseNeed,
  useResumeService,
} from '../api/families.ts';
import { LiaisonActions } from './delivery-actions.tsx';
import { EditFamilyModal } from './family-form.tsx';

const hhmm = (at: number) => new Date(at + 8 * 3600_000).toISOString().slice(11, 16);
const fail = (err: Error) => void message.error(err.message);
const COLOURS: Record<Delivery['status'], string> = { open: 'default', done: 'green', missed: 'red' };

function AssignForm({ id }: { id: number }) {
  const { t } = useTranslation('families');
  const [phone, setPhone] = useState('');
  const assign = useAssign();
  return (
    <Space.Compact>
      <Input
        size="small"
        inputMode="tel"
        placeholder={t('assign')}
        value={phone}
        onChange={(e) => setPhone(e.target.value)}
      />
      <Button size="small" onClick={() => assign.mutate({ id, volunteerPhone: phone }, { onError: fail })}>
        OK
      </Button>
    </Space.Compact>
  );
}

function DispatchButton({ id }: { id: number }) {
  const { t } = useTranslation('families');
  const dispatch = useDispatch();
  return (
    <Button
      size="small"
      data-testid={`delivery-dispatch-${id}`}
      loading={dispatch.isPending}
      onClick={() =>
        dispatch.mutate(id, {
          onError: fail,
          onSuccess: (d) => void message.success(t('dispatched', { id: d.taskId })),
        })
      }
    >
      {t('dispatch')}
    </Button>
  );
}

/** The family's recurring services; those who manage the family pause one (with a reason) or resume it. */
function ServicesCard({ familyId, manage }: { familyId: number; manage: boolean }) {
  const { t } = useTranslation('families');
  const services = useFamilyServices(familyId);
  const pause = usePauseService();
  const resume = useResumeService();
  const [reasons, setReasons] = useState<Record<number, string>>({});
  return (
    <Card size="small" title={t('services')} data-testid="family-services">
      <List
        dataSource={services.data ?? []}
        locale={{ emptyText: t('noServices') }}
        renderItem={(s) => (
          <List.Item key={s.id} data-testid={`service-${s.id}`}>
            <Space wrap>
              <Tag color={s.active ? 'blue' : 'default'}>{t(`kinds.${s.kind}`)}</Tag>
              <span>
                {s.cadence === 'weekly' ? t('weekly', { day: t(`weekdays.${s.weekday}`) }) : t('daily')}{' '}
                {hhmm(s.windowStart * 60_000 - 8 * 3600_000)}–{hhmm(s.windowEnd * 60_000 - 8 * 3600_000)}
              </span>
              {!s.active && <Tag color="orange">{t('paused', { reason: s.pauseReason })}</Tag>}
              {manage && s.active && (
                <Space.Compact>
                  <Input
                    size="small"
                    placeholder={t('pauseReason')}
                    data-testid={`service-pause-reason-${s.id}`}
                    value={reasons[s.id] ?? ''}
                    onChange={(e) => setReasons({ ...reasons, [s.id]: e.target.value })}
                  />
                  <Button
                    size="small"
                    data-testid={`service-pause-${s.id}`}
                    disabled={!(reasons[s.id] ?? '').trim()}
                    onClick={() => pause.mutate({ id: s.id, reason: reasons[s.id]! }, { onError: fail })}
                  >
                    {t('pause')}
                  </Button>
                </Space.Compact>
              )}
              {manage && !s.active && (
                <Button
                  size="small"
                  data-testid={`service-resume-${s.id}`}
                  onClick={() => resume.mutate(s.id, { onError: fail })}
                >
                  {t('resume')}
                </Button>
              )}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** One family: who they are, what is due, done and missed, and a way to raise an urgent need. */
export default function FamilyPage() {
  const { t } = useTranslation('families');
  const id = Number(useParams().id);
  const family = useFamily(id);
  const deliveries = useFamilyDeliveries(id);
  const needs = useFamilyNeeds(id);
  const raise = useRaiseNeed(id);
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<NeedKind>('groceries');
  const [text, setText] = useState('');
  const [editing, setEditing] = useState(false);
  const mayDispatch = usePermission('fieldwork.manage');
  const mayOversee = usePermission('families.read');
  const me = useCurrentUser();
  useLiveEvents((e) => {
    if (e.payload.familyId === id) void queryClient.invalidateQueries({ queryKey: ['families'] });
  }, FAMILY_LIVE_TYPES);
  if (family.error) return <ErrorState error={family.error} onRetry={() => void family.refetch()} />;
  if (!family.data) return <Loading />;
  const f = family.data;
  const all = deliveries.data ?? [];
  // The family's own account sees codes and does not act on deliveries; the others do.
  const isFamily = all.some((d) => d.code !== null);
  // The liaison (whatever their role) and officials manage the record; the family's account reads it.
  const manages = me.id === f.liaisonId || mayOversee;
  const groups: Array<[Delivery['status'], Delivery[]]> = [
    ['open', all.filter((d) => d.status === 'open')],
    ['done', all.filter((d) => d.status === 'done').reverse()],
    ['missed', all.filter((d) => d.status === 'missed').reverse()],
  ];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={`${f.workerName}（${f.profession}）`}
        data-testid="family-detail"
        extra={
          manages && (
            <Button size="small" data-testid="family-edit" onClick={() => setEditing(true)}>
              {t('edit')}
            </Button>
          )
        }
      >
        {editing && <EditFamilyModal family={f} open={editing} onClose={() => setEditing(false)} />}
        <Descriptions column={{ xs: 1, sm: 2 }} size="small">
          <Descriptions.Item label={t('batch')}>{f.batchName}</Descriptions.Item>
          <Descriptions.Item label={t('hospital')}>{f.hospital}</Descriptions.Item>
          <Descriptions.Item label={t('destination')}>{f.destination}</Descriptions.Item>
          <Descriptions.Item label={t('outDay')}>{f.outDay}</Descriptions.Item>
          {f.backDay && <Descriptions.Item label={t('backDay')}>{f.backDay}</Descriptions.Item>}
          <Descriptions.Item label={t('node')}>{f.nodeName}</Descriptions.Item>
          <Descriptions.Item label={t('liaison')}>{f.liaisonName}</Descriptions.Item>
          <Descriptions.Item label={t('address')}>{f.address}</Descriptions.Item>
          <Descriptions.Item label={t('phone')}>
            <a href={`tel:${f.phone}`}>{f.phone}</a>
          </Descriptions.Item>
          <Descriptions.Item label={t('members')}>
            {f.members
              .map((m) => `${m.name}（${m.relation}${m.age !== undefined ? `，${m.age}` : ''}）`)
              .join('、')}
          </Descriptions.Item>
          <Descriptions.Item label={t('needs')}>
            {f.needs.map((n) => (
              <Tag key={n}>{t(`kinds.${n}`)}</Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('week')}>
            {t('due')} {f.week.due} · {t('done')} {f.week.done} · {t('missed')} {f.week.missed}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <ServicesCard familyId={id} manage={manages} />
      {groups.map(([status, list]) => (
        <Card
          key={status}
          size="small"
          title={`${t(`statuses.${status}`)}（${list.length}）`}
          data-testid={`family-${status}`}
        >
          <List
            dataSource={list}
            locale={{ emptyText: t('none') }}
            renderItem={(d) => (
              <List.Item key={d.id}>
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Space wrap>
                    <Tag color="blue">{t(`kinds.${d.kind}`)}</Tag>
                    <span>
                      {d.day} {hhmm(d.dueFrom)}–{hhmm(d.dueBy)}
                    </span>
                    <Tag color={COLOURS[d.status]}>{t(`statuses.${d.status}`)}</Tag>
                    {d.confirmedBy && (
                      <Typography.Text type="secondary">{t(`confirmedBy.${d.confirmedBy}`)}</Typography.Text>
                    )}
                    {d.volunteerName && (
                      <Typography.Text type="secondary">
                        {t('volunteer')}：{d.volunteerName}
                      </Typography.Text>
                    )}
                    {isFamily && d.code && d.status === 'open' && (
                      <Tag color="gold">
                        {t('code')} {d.code}
                      </Tag>
                    )}
                  </Space>
                  {!isFamily && d.status === 'open' && (
                    <Space wrap>
                      <LiaisonActions id={d.id} />
                      <AssignForm id={d.id} />
                      {mayDispatch && d.taskId === null && <DispatchButton id={d.id} />}
                      {d.taskId !== null && <Tag color="purple">{t('dispatched', { id: d.taskId })}</Tag>}
                    </Space>
                  )}
                </Space>
              </List.Item>
            )}
          />
        </Card>
      ))}
      <Card size="small" title={t('urgent')} data-testid="family-needs">
        <Space direction="vertical" style={{ width: '100%' }}>
          <Select
            value={kind}
            onChange={setKind}
            options={NEED_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
          />
          <Input.TextArea
            rows={2}
            placeholder={t('urgentText')}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <Button
            danger
            type="primary"
            disabled={!text.trim()}
            loading={raise.isPending}
            onClick={() =>
              raise.mutate(
                { kind, text },
                {
                  onError: fail,
                  onSuccess: () => {
                    setText('');
                    void message.success(t('urgentSent'));
                  },
                },
              )
            }
          >
            {t('raiseUrgent')}
          </Button>
          <List
            dataSource={needs.data ?? []}
            locale={{ emptyText: t('noNeeds') }}
            renderItem={(n) => (
              <List.Item key={n.id}>
                <Space wrap>
                  <Tag color={n.status === 'open' ? 'volcano' : 'default'}>{t(`kinds.${n.kind}`)}</Tag>
                  <span>{n.text}</span>
                  {n.status === 'handled' && <Tag>{t('handled')}</Tag>}
                </Space>
              </List.Item>
            )}
          />
        </Space>
      </Card>
    </Space>
  );
}
