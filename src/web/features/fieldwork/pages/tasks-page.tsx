import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Image,
  Input,
  InputNumber,
  List,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CLAIM_WARN_MINUTES,
  DEFAULT_TASK_KINDS,
  type Task,
  type TaskKindBody,
  type TaskKindDef,
} from '../../../../contracts/fieldwork.ts';
import { useCurrentUser, usePermission } from '../../../lib/auth.ts';
import { applyApiError } from '../../../lib/form-errors.ts';
import { useLiveEvents } from '../../../lib/live.tsx';
import { useNodeSearch } from '../../../lib/regions.ts';
import {
  useClaimTask,
  useCreateTasks,
  useEvidence,
  useSetTaskKind,
  useTaskKinds,
  useTasks,
} from '../api/fieldwork.ts';
import { type OutboxState, useOutbox } from '../lib/outbox.ts';

/** Minutes left on a claim, ticking: HOT Tasking Manager's users asked for exactly this timer. */
function useMinutesLeft(until: number | null): number | null {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (until == null) return;
    const id = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(id);
  }, [until]);
  return until == null ? null : Math.max(0, Math.ceil((until - now) / 60_000));
}

/** A built-in kind keeps its translated label until an official renames it. */
function useKindLabel() {
  const { t } = useTranslation('fieldwork');
  return (code: string, name: string) =>
    DEFAULT_TASK_KINDS[code as keyof typeof DEFAULT_TASK_KINDS]?.name === name ? t(`kinds.${code}`) : name;
}

function Evidence({ taskId }: { taskId: number }) {
  const files = useEvidence(taskId);
  return (
    <Space wrap data-testid={`evidence-${taskId}`}>
      {(files.data ?? []).map((f) => (
        <Image key={f.id} width={64} src={`/api/files/${f.id}`} alt={f.name} />
      ))}
    </Space>
  );
}

type Box = ReturnType<typeof useOutbox>['box'];

function TaskItem({ task, box, outbox }: { task: Task; box: Box; outbox: OutboxState }) {
  const { t } = useTranslation('fieldwork');
  const { message } = App.useApp();
  const claim = useClaimTask();
  const left = useMinutesLeft(task.claimExpiresAt);
  const kindLabel = useKindLabel();
  const [count, setCount] = useState<number | null>(null);
  const [counts, setCounts] = useState<Record<string, number | null>>({});
  const [note, setNote] = useState('');
  const onError = (err: unknown) => void message.error((err as Error).message);
  const waiting = outbox.pending.filter((p) => p.taskId === task.id);
  const closedHere = waiting.some((p) => p.kind === 'outcome');
  // Photos counted for "done": those waiting on the phone and those the server has confirmed.
  const photos =
    waiting.filter((p) => p.kind === 'photo').length +
    (outbox.receipts.find((r) => r.taskId === task.id)?.photos ?? 0);
  const named = task.requires.counts;
  const evidenceReady = photos >= task.requires.photos && named.every((c) => counts[c] != null);
  const filledCounts = (): Record<string, number> =>
    named.length > 0
      ? Object.fromEntries(named.filter((c) => counts[c] != null).map((c) => [c, counts[c] as number]))
      : count != null
        ? { [t('countKey')]: count }
        : {};
  // Photos and the outcome always go through the device's queue: online it empties at once,
  // offline it waits for the network; either way the phone gets a receipt.
  const close = (outcome: 'done' | 'partial' | 'cannot') =>
    void box
      .add({
        taskId: task.id,
        title: task.title,
        kind: 'outcome',
        body: {
          outcome,
          note,
          counts: outcome !== 'cannot' ? filledCounts() : {},
          ...(outcome === 'cannot' ? { reason: note || t('cannot') } : {}),
          completedAt: Date.now(),
        },
      })
      .catch(onError);
  return (
    <List.Item data-testid={`task-${task.id}`}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Typography.Text strong>{task.title}</Typography.Text>
          <Tag>{kindLabel(task.kind, task.kindName)}</Tag>
          <Tag>{task.place}</Tag>
          {task.priority === 'urgent' ? <Tag color="red">{t('urgent')}</Tag> : null}
          {task.overdue ? <Tag color="volcano">{t('overdue')}</Tag> : null}
          {task.repeatDays ? <Tag color="purple">{t('repeats', { days: task.repeatDays })}</Tag> : null}
          <Tag
            color={task.status === 'done' ? 'green' : task.status === 'claimed' ? 'blue' : 'default'}
            data-testid="task-status"
          >
            {t(`status.${task.status}`)}
          </Tag>
          {waiting.length > 0 ? (
            <Tag color="gold" data-testid={`queued-${task.id}`}>
              {t('queued', { count: waiting.length })}
            </Tag>
          ) : null}
        </Space>
        {task.status === 'open' ? (
          <Button
            size="small"
            type="primary"
            onClick={() => claim.mutate(task.id, { onError })}
            data-testid="claim-task"
          >
            {t('claim')}
          </Button>
        ) : null}
        {task.claimedByMe && left != null && !closedHere ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Tag color={left <= CLAIM_WARN_MINUTES ? 'orange' : 'blue'} data-testid="claim-timer">
              {t('claimLeft', { minutes: left })}
            </Tag>
            <Upload
              accept="image/*"
              capture="environment"
              showUploadList={false}
              customRequest={({ file, onSuccess, onError: failed }) => {
                const f = file as File;
                box
                  .add({ taskId: task.id, title: task.title, kind: 'photo', name: f.name, blob: f })
                  .then(() => onSuccess?.(f))
                  .catch((e: Error) => {
                    failed?.(e);
                    onError(e);
                  });
              }}
            >
              <Button size="small" data-testid="add-photo">
                {t('addPhoto', { count: waiting.filter((p) => p.kind === 'photo').length })}
              </Button>
            </Upload>
            {task.requires.photos > 0 || named.length > 0 ? (
              <Typography.Text type="secondary" data-testid="task-requires">
                {t('requires', { photos: task.requires.photos })}
                {named.length > 0 ? t('requiresCounts', { counts: named.join('、') }) : ''}
              </Typography.Text>
            ) : null}
            {named.length > 0 ? (
              named.map((c) => (
                <InputNumber
                  key={c}
                  min={0}
                  placeholder={c}
                  addonBefore={c}
                  value={counts[c] ?? null}
                  onChange={(v) => setCounts((prev) => ({ ...prev, [c]: v }))}
                  style={{ width: '100%' }}
                  data-testid={`count-${c}`}
                />
              ))
            ) : (
              <InputNumber
                min={0}
                placeholder={t('count')}
                value={count}
                onChange={setCount}
                style={{ width: '100%' }}
              />
            )}
            <Input placeholder={t('note')} value={note} onChange={(e) => setNote(e.target.value)} />
            <Space wrap>
              <Button
                type="primary"
                size="small"
                data-testid="done-task"
                disabled={!evidenceReady}
                onClick={() => close('done')}
              >
                {t('done')}
              </Button>
              <Button size="small" onClick={() => close('partial')}>
                {t('partial')}
              </Button>
              <Button size="small" danger onClick={() => close('cannot')}>
                {t('cannot')}
              </Button>
            </Space>
          </Space>
        ) : null}
        {closedHere ? <Typography.Text type="warning">{t('savedOffline')}</Typography.Text> : null}
        {task.outcome ? (
          <Typography.Text type="secondary">
            {task.outcome.reason ? `${t('reason')}: ${task.outcome.reason} ` : ''}
            {Object.entries(task.outcome.counts)
              .map(([k, v]) => `${k} ${v}`)
              .join(' · ')}{' '}
            {task.outcome.note}
          </Typography.Text>
        ) : null}
        {task.status === 'done' || task.status === 'partial' ? <Evidence taskId={task.id} /> : null}
      </Space>
    </List.Item>
  );
}

/** What reached the server from this phone's queue: the volunteer's proof that it arrived. */
function Receipts({ outbox, box }: { outbox: OutboxState; box: Box }) {
  const { t } = useTranslation('fieldwork');
  const time = (ms: number) => new Date(ms).toLocaleTimeString();
  if (outbox.receipts.length === 0 && outbox.failed.length === 0 && outbox.pending.length === 0) return null;
  return (
    <Card size="small" title={t('receiptsTitle')} data-testid="receipts">
      {outbox.pending.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          data-testid="outbox-pending"
          message={t(navigator.onLine ? 'outboxSending' : 'outboxOffline', { count: outbox.pending.length })}
        />
      ) : null}
      {outbox.failed.map((f) => (
        <Alert
          key={f.id}
          type="error"
          message={`${f.title}: ${f.message}`}
          action={
            <Button size="small" onClick={() => void box.dismissFailed(f.id)}>
              {t('dismiss')}
            </Button>
          }
        />
      ))}
      <List
        size="small"
        dataSource={outbox.receipts.slice(0, 10)}
        renderItem={(r) => (
          <List.Item data-testid={`receipt-${r.taskId}`}>
            {t('receipt', {
              title: r.title,
              photos: r.photos,
              outcome: r.outcome ? t(`status.${r.outcome}`) : '—',
              completed: r.completedAt ? time(r.completedAt) : '—',
              received: time(r.receivedAt),
            })}
          </List.Item>
        )}
      />
    </Card>
  );
}

/** An official sends a task to one place or a batch (every building of these compounds). */
function CreateTasks({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('fieldwork');
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [q, setQ] = useState('');
  const nodes = useNodeSearch(q);
  const create = useCreateTasks();
  const kinds = useTaskKinds();
  const kindLabel = useKindLabel();
  const submit = async (v: {
    nodeIds: number[];
    kind: Task['kind'];
    title: string;
    priority: 'normal' | 'urgent';
    window: [Dayjs, Dayjs];
    eachChild?: boolean;
    repeatDays?: number | null;
  }) => {
    try {
      const res = await create.mutateAsync({
        nodeIds: v.nodeIds,
        kind: v.kind,
        title: v.title,
        priority: v.priority,
        windowStart: v.window[0].valueOf(),
        windowEnd: v.window[1].valueOf(),
        eachChild: v.eachChild ?? false,
        ...(v.repeatDays ? { repeatDays: v.repeatDays } : {}),
      });
      void message.success(t('tasksCreated', { count: res.created }));
      onClose();
    } catch (err) {
      const rest = applyApiError(form, err);
      if (rest) void message.error(rest);
    }
  };
  return (
    <Modal open title={t('newTasks')} onCancel={onClose} onOk={() => form.submit()} okText={t('send')}>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ priority: 'normal', kind: 'disinfection' }}
      >
        <Form.Item name="nodeIds" label={t('places')} rules={[{ required: true }]}>
          <Select
            mode="multiple"
            showSearch
            filterOption={false}
            onSearch={setQ}
            data-testid="task-places"
            options={(nodes.data ?? []).map((n) => ({ value: n.id, label: n.name }))}
          />
        </Form.Item>
        <Form.Item name="eachChild" valuePropName="checked">
          <Checkbox>{t('eachChild')}</Checkbox>
        </Form.Item>
        <Form.Item name="kind" label={t('kind')} rules={[{ required: true }]}>
          <Select
            options={(kinds.data ?? []).map((k) => ({ value: k.code, label: kindLabel(k.code, k.name) }))}
          />
        </Form.Item>
        <Form.Item name="title" label={t('taskTitle')} rules={[{ required: true }]}>
          <Input data-testid="task-title" />
        </Form.Item>
        <Form.Item name="priority" label={t('priority')}>
          <Select
            options={[
              { value: 'normal', label: t('normal') },
              { value: 'urgent', label: t('urgent') },
            ]}
          />
        </Form.Item>
        <Form.Item name="window" label={t('window')} rules={[{ required: true }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item name="repeatDays" label={t('repeatDays')}>
          <InputNumber min={1} max={30} placeholder={t('noRepeat')} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const tagsSelect = <Select mode="tags" open={false} tokenSeparators={[',', '，', '、']} />;

/** Root officials edit the kinds: what a volunteer must have to claim, and bring back to close (decision 0606). */
function TaskKinds({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('fieldwork');
  const { message } = App.useApp();
  const kinds = useTaskKinds();
  const setKind = useSetTaskKind();
  const kindLabel = useKindLabel();
  const [editing, setEditing] = useState<TaskKindDef | 'new' | null>(null);
  const [form] = Form.useForm();
  const submit = async (v: TaskKindBody & { code: string }) => {
    const { code, ...body } = v;
    try {
      await setKind.mutateAsync({ code, body });
      void message.success(t('saved'));
      setEditing(null);
    } catch (err) {
      const rest = applyApiError(form, err);
      if (rest) void message.error(rest);
    }
  };
  return (
    <Modal open width={760} title={t('kindsTitle')} onCancel={onClose} footer={null}>
      <Table
        size="small"
        rowKey="code"
        pagination={false}
        loading={kinds.isLoading}
        dataSource={kinds.data ?? []}
        columns={[
          { title: t('kindName'), render: (_, k: TaskKindDef) => kindLabel(k.code, k.name) },
          { title: t('kindSkills'), render: (_, k: TaskKindDef) => k.skills.join('、') },
          { title: t('kindPhotos'), dataIndex: 'photos' },
          { title: t('kindCounts'), render: (_, k: TaskKindDef) => k.counts.join('、') },
          {
            key: 'edit',
            render: (_, k: TaskKindDef) => (
              <Button
                size="small"
                data-testid={`edit-kind-${k.code}`}
                onClick={() => {
                  form.setFieldsValue(k);
                  setEditing(k);
                }}
              >
                {t('edit')}
              </Button>
            ),
          },
        ]}
      />
      <Button
        size="small"
        style={{ marginTop: 8 }}
        onClick={() => {
          form.resetFields();
          setEditing('new');
        }}
      >
        {t('addKind')}
      </Button>
      {editing ? (
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          style={{ marginTop: 12 }}
          initialValues={{ skills: [], photos: 0, counts: [] }}
        >
          <Form.Item name="code" label={t('kindCode')} rules={[{ required: true }]}>
            <Input disabled={editing !== 'new'} />
          </Form.Item>
          <Form.Item name="name" label={t('kindName')} rules={[{ required: true }]}>
            <Input data-testid="kind-name" />
          </Form.Item>
          <Form.Item name="skills" label={t('kindSkills')}>
            {tagsSelect}
          </Form.Item>
          <Form.Item name="photos" label={t('kindPhotos')}>
            <InputNumber min={0} max={10} data-testid="kind-photos" />
          </Form.Item>
          <Form.Item name="counts" label={t('kindCounts')}>
            {tagsSelect}
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={setKind.isPending} data-testid="save-kind">
            {t('save')}
          </Button>
        </Form>
      ) : null}
    </Modal>
  );
}

export default function TasksPage() {
  const { t } = useTranslation('fieldwork');
  const me = useCurrentUser();
  const official = usePermission('fieldwork.read');
  const manager = usePermission('fieldwork.manage');
  const [view, setView] = useState<'all' | 'myOverdue'>('all');
  const [creating, setCreating] = useState(false);
  const [editingKinds, setEditingKinds] = useState(false);
  const tasks = useTasks(view === 'myOverdue' ? { createdByMe: true, overdue: true } : {});
  const { state: outbox, box } = useOutbox(me.id);
  const receiptCount = outbox.receipts.length + outbox.pending.length;
  // A queued entry reaching the server changes what the list shows.
  // biome-ignore lint/correctness/useExhaustiveDependencies: refetch when the queue moves, not on each render
  useEffect(() => {
    void tasks.refetch();
  }, [receiptCount]);
  useLiveEvents(
    () => void tasks.refetch(),
    [
      'fieldwork.tasks-created',
      'fieldwork.task-done',
      'fieldwork.task-partial',
      'fieldwork.task-cannot',
      'fieldwork.task-claimed',
    ],
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Receipts outbox={outbox} box={box} />
      <Card
        size="small"
        title={official ? t('tasksTitle') : t('myTasksTitle')}
        extra={
          official ? (
            <Space wrap>
              <Select
                size="small"
                value={view}
                onChange={setView}
                data-testid="task-view"
                options={[
                  { value: 'all', label: t('allTasks') },
                  { value: 'myOverdue', label: t('myOverdue') },
                ]}
              />
              {manager ? (
                <Button size="small" onClick={() => setEditingKinds(true)} data-testid="task-kinds">
                  {t('kindsTitle')}
                </Button>
              ) : null}
              {manager ? (
                <Button size="small" type="primary" onClick={() => setCreating(true)} data-testid="new-tasks">
                  {t('newTasks')}
                </Button>
              ) : null}
            </Space>
          ) : null
        }
      >
        <List
          loading={tasks.isLoading}
          dataSource={tasks.data ?? []}
          renderItem={(task) => <TaskItem task={task} box={box} outbox={outbox} />}
        />
      </Card>
      {creating ? <CreateTasks onClose={() => setCreating(false)} /> : null}
      {editingKinds ? <TaskKinds onClose={() => setEditingKinds(false)} /> : null}
    </Space>
  );
}
