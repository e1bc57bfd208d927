import { useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, Form, Input, InputNumber, List, message, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Booking } from '../../../../contracts/counselling.ts';
import { ErrorState } from '../../../components/states.tsx';
import { applyApiError } from '../../../lib/form-errors.ts';
import { useLiveEvents } from '../../../lib/live.tsx';
import { formatTime, useLocale } from '../../../lib/locale.ts';
import {
  useAnswer,
  useCrises,
  useFlag,
  useOutcome,
  usePublish,
  useSchedule,
  useSessions,
} from '../api/counselling.ts';

const fail = (err: Error) => void message.error(err.message);

function PublishForm() {
  const { t } = useTranslation('counselling');
  const [form] = Form.useForm<{ startsAt: string; minutes: number }>();
  const publish = usePublish();
  return (
    <Form
      form={form}
      layout="inline"
      initialValues={{ minutes: 50 }}
      style={{ rowGap: 8 }}
      onFinish={(v) =>
        publish.mutate(
          { startsAt: new Date(v.startsAt).getTime(), minutes: v.minutes },
          {
            onSuccess: () => void message.success(t('published')),
            onError: (err) => {
              const text = applyApiError(form, err);
              if (text) void message.error(text);
            },
          },
        )
      }
    >
      <Form.Item name="startsAt" label={t('startsAt')} rules={[{ required: true }]}>
        <Input type="datetime-local" data-testid="slot-starts" />
      </Form.Item>
      <Form.Item name="minutes" label={t('length')}>
        <InputNumber min={15} max={120} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={publish.isPending} data-testid="slot-publish">
        {t('publish')}
      </Button>
    </Form>
  );
}

function Session({ b }: { b: Booking }) {
  const { t } = useTranslation('counselling');
  const locale = useLocale();
  const outcome = useOutcome();
  const flag = useFlag();
  const [notes, setNotes] = useState('');
  return (
    <List.Item data-testid="session">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <span>{formatTime(b.startsAt, locale)}</span>
          <strong>{b.alias ?? t('anonymous')}</strong>
          <span>{b.phone ?? t('noPhone')}</span>
          <Tag>{t(`statuses.${b.status}`)}</Tag>
        </Space>
        {b.status === 'booked' ? (
          <>
            <Input.TextArea
              rows={2}
              placeholder={t('notes')}
              value={notes}
              onChange={(e) => setNotes(e.target.value)}
            />
            <Space wrap>
              <Button onClick={() => outcome.mutate({ id: b.id, status: 'done', notes }, { onError: fail })}>
                {t('done')}
              </Button>
              <Button onClick={() => outcome.mutate({ id: b.id, status: 'no_show' }, { onError: fail })}>
                {t('noShow')}
              </Button>
              <Button
                danger
                data-testid="session-flag"
                onClick={() =>
                  flag.mutate(b.id, { onSuccess: () => void message.success(t('flagged')), onError: fail })
                }
              >
                {t('flag')}
              </Button>
            </Space>
          </>
        ) : (
          b.notes && <span>{b.notes}</span>
        )}
      </Space>
    </List.Item>
  );
}

/** The counsellor's desk: crisis requests first (live), then sessions and the schedule. */
export default function DeskPage() {
  const { t } = useTranslation('counselling');
  const locale = useLocale();
  const crises = useCrises();
  const sessions = useSessions();
  const schedule = useSchedule();
  const answer = useAnswer();
  const queryClient = useQueryClient();
  useLiveEvents(
    () => void queryClient.invalidateQueries({ queryKey: ['counselling'] }),
    ['counselling.crisis', 'counselling.crisis-answered', 'counselling.slots-changed'],
  );
  const waiting = (crises.data ?? []).filter((c) => c.status !== 'answered').length;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        size="small"
        data-testid="crisis-board"
        title={
          <Badge count={waiting} offset={[12, 0]}>
            {t('crises')}
          </Badge>
        }
      >
        {crises.error ? (
          <ErrorState error={crises.error} onRetry={() => void crises.refetch()} />
        ) : (
          <List
            dataSource={crises.data ?? []}
            locale={{ emptyText: t('noCrises') }}
            renderItem={(c) => (
              <List.Item
                data-testid="crisis"
                actions={
                  c.status === 'answered'
                    ? []
                    : [
                        <Button
                          key="answer"
                          type="primary"
                          danger
                          onClick={() => answer.mutate(c.id, { onError: fail })}
                        >
                          {t('answer')}
                        </Button>,
                      ]
                }
              >
                <Space wrap>
                  <span>{formatTime(c.createdAt, locale)}</span>
                  <strong>{c.alias ?? t('anonymous')}</strong>
                  {c.phone && <a href={`tel:${c.phone}`}>{c.phone}</a>}
                  <Tag>{t(`sources.${c.source}`)}</Tag>
                  <Tag color={c.status === 'answered' ? 'green' : 'red'}>
                    {t(`crisisStatuses.${c.status}`)}
                  </Tag>
                </Space>
              </List.Item>
            )}
          />
        )}
      </Card>
      <Card size="small" title={t('sessions')}>
        <List
          data-testid="sessions"
          loading={sessions.isPending}
          dataSource={sessions.data ?? []}
          locale={{ emptyText: t('noSessions') }}
          renderItem={(b) => <Session b={b} />}
        />
      </Card>
      <Card size="small" title={t('schedule')}>
        <PublishForm />
        <List
          dataSource={schedule.data ?? []}
          renderItem={(s) => (
            <List.Item>
              <Space wrap>
                <span>{formatTime(s.startsAt, locale)}</span>
                <span>{t('minutes', { n: s.minutes })}</span>
                <Tag color={s.status === 'booked' ? 'blue' : 'default'}>{t(`statuses.${s.status}`)}</Tag>
              </Space>
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
