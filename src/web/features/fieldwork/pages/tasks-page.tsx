import { App, Button, Card, Image, Input, InputNumber, List, Space, Tag, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CLAIM_WARN_MINUTES, type Task } from '../../../../contracts/fieldwork.ts';
import { usePermission } from '../../../lib/auth.ts';
import { uploadFile } from '../../../lib/files.ts';
import { useLiveEvents } from '../../../lib/live.tsx';
import { useClaimTask, useCompleteTask, useEvidence, useTasks } from '../api/fieldwork.ts';

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

function TaskItem({ task }: { task: Task }) {
  const { t } = useTranslation('fieldwork');
  const { message } = App.useApp();
  const claim = useClaimTask();
  const complete = useCompleteTask();
  const left = useMinutesLeft(task.claimExpiresAt);
  const [count, setCount] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const [uploaded, setUploaded] = useState(0);
  const onError = (err: unknown) => void message.error((err as Error).message);
  return (
    <List.Item data-testid={`task-${task.id}`}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Typography.Text strong>{task.title}</Typography.Text>
          <Tag>{t(`kinds.${task.kind}`)}</Tag>
          <Tag>{task.place}</Tag>
          {task.priority === 'urgent' ? <Tag color="red">{t('urgent')}</Tag> : null}
          {task.overdue ? <Tag color="volcano">{t('overdue')}</Tag> : null}
          <Tag
            color={task.status === 'done' ? 'green' : task.status === 'claimed' ? 'blue' : 'default'}
            data-testid="task-status"
          >
            {t(`status.${task.status}`)}
          </Tag>
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
        {task.claimedByMe && left != null ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Tag color={left <= CLAIM_WARN_MINUTES ? 'orange' : 'blue'} data-testid="claim-timer">
              {t('claimLeft', { minutes: left })}
            </Tag>
            <Upload
              accept="image/*"
              capture="environment"
              showUploadList={false}
              customRequest={({ file, onSuccess, onError: failed }) => {
                uploadFile('field-task', task.id, file as File)
                  .then((f) => {
                    setUploaded((n) => n + 1);
                    onSuccess?.(f);
                    void message.success(t('uploaded', { name: f.name }));
                  })
                  .catch((e: Error) => {
                    failed?.(e);
                    onError(e);
                  });
              }}
            >
              <Button size="small" data-testid="add-photo">
                {t('addPhoto', { count: uploaded })}
              </Button>
            </Upload>
            <InputNumber
              min={0}
              placeholder={t('count')}
              value={count}
              onChange={setCount}
              style={{ width: '100%' }}
            />
            <Input placeholder={t('note')} value={note} onChange={(e) => setNote(e.target.value)} />
            <Space wrap>
              <Button
                type="primary"
                size="small"
                data-testid="done-task"
                onClick={() =>
                  complete.mutate(
                    {
                      id: task.id,
                      outcome: 'done',
                      note,
                      counts: count != null ? { [t('countKey')]: count } : {},
                    },
                    { onError },
                  )
                }
              >
                {t('done')}
              </Button>
              <Button
                size="small"
                onClick={() =>
                  complete.mutate(
                    {
                      id: task.id,
                      outcome: 'partial',
                      note,
                      counts: count != null ? { [t('countKey')]: count } : {},
                    },
                    { onError },
                  )
                }
              >
                {t('partial')}
              </Button>
              <Button
                size="small"
                danger
                onClick={() =>
                  complete.mutate(
                    { id: task.id, outcome: 'cannot', note, counts: {}, reason: note || t('cannot') },
                    { onError },
                  )
                }
              >
                {t('cannot')}
              </Button>
            </Space>
          </Space>
        ) : null}
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

export default function TasksPage() {
  const { t } = useTranslation('fieldwork');
  const official = usePermission('fieldwork.read');
  const tasks = useTasks({});
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
    <Card size="small" title={official ? t('tasksTitle') : t('myTasksTitle')}>
      <List
        loading={tasks.isLoading}
        dataSource={tasks.data ?? []}
        renderItem={(task) => <TaskItem task={task} />}
      />
    </Card>
  );
}
