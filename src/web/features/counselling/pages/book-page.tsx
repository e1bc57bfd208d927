import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Form, Input, List, message, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookingBody } from '../../../../contracts/counselling.ts';
import { ErrorState } from '../../../components/states.tsx';
import { applyApiError } from '../../../lib/form-errors.ts';
import { useLiveEvents } from '../../../lib/live.tsx';
import { formatTime, useLocale } from '../../../lib/locale.ts';
import {
  useBook,
  useCancel,
  useCourseStep,
  useCourses,
  useMyBookings,
  useMyCrises,
  useOpenSlots,
  useRequestCrisis,
} from '../api/counselling.ts';

const fail = (err: Error) => void message.error(err.message);

/** Alias and phone start empty and stay empty unless the person types them (Cal.com #19471). */
function BookForm({ slotId, onDone }: { slotId: number; onDone: () => void }) {
  const { t } = useTranslation('counselling');
  const [form] = Form.useForm<BookingBody>();
  const [leavePhone, setLeavePhone] = useState(false);
  const book = useBook();
  return (
    <Form
      form={form}
      layout="vertical"
      style={{ width: '100%' }}
      onFinish={(v) =>
        book.mutate(
          {
            slotId,
            body: {
              ...(v.alias ? { alias: v.alias } : {}),
              ...(leavePhone && v.phone ? { phone: v.phone } : {}),
            },
          },
          {
            onSuccess: () => {
              void message.success(t('booked'));
              onDone();
            },
            onError: (err) => {
              const text = applyApiError(form, err);
              if (text) void message.error(text);
            },
          },
        )
      }
    >
      <Form.Item name="alias" label={t('alias')} extra={t('aliasHint')}>
        <Input data-testid="booking-alias" autoComplete="off" maxLength={20} />
      </Form.Item>
      <Checkbox
        data-testid="booking-leave-phone"
        checked={leavePhone}
        onChange={(e) => setLeavePhone(e.target.checked)}
      >
        {t('leavePhone')}
      </Checkbox>
      {leavePhone && (
        <Form.Item name="phone" label={t('phone')} style={{ marginTop: 8 }}>
          <Input data-testid="booking-phone" inputMode="tel" autoComplete="off" />
        </Form.Item>
      )}
      <Button
        type="primary"
        htmlType="submit"
        block
        size="large"
        loading={book.isPending}
        data-testid="booking-confirm"
        style={{ marginTop: 12 }}
      >
        {t('confirm')}
      </Button>
    </Form>
  );
}

function HelpNow() {
  const { t } = useTranslation('counselling');
  const request = useRequestCrisis();
  const mine = useMyCrises();
  const latest = mine.data?.[0];
  const waiting = latest && latest.status !== 'answered';
  return (
    <Card size="small" data-testid="help-now">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Button
          danger
          type="primary"
          block
          size="large"
          data-testid="help-now-button"
          loading={request.isPending}
          disabled={waiting}
          onClick={() => request.mutate({}, { onError: fail })}
        >
          {t('helpNow')}
        </Button>
        <span>{t('helpNowHint')}</span>
        <a href="tel:12356" data-testid="hotline">
          {t('hotline')} 12356
        </a>
        {latest && (
          <Alert
            type={latest.status === 'answered' ? 'success' : 'warning'}
            data-testid="help-now-status"
            message={latest.status === 'answered' ? t('requestAnswered') : t('requestSent')}
          />
        )}
      </Space>
    </Card>
  );
}

/** Micro-courses: opening one counts a view, "finished" a completion. */
function Courses() {
  const { t } = useTranslation('counselling');
  const courses = useCourses();
  const step = useCourseStep();
  return (
    <Card title={t('courses')} size="small">
      <List
        data-testid="courses"
        loading={courses.isPending}
        dataSource={courses.data ?? []}
        renderItem={(c) => (
          <List.Item
            data-testid="course"
            actions={
              c.mine === 'completed'
                ? [
                    <Tag key="done" color="green">
                      {t('courseDone')}
                    </Tag>,
                  ]
                : [
                    <Button
                      key="complete"
                      size="small"
                      onClick={() => step.mutate({ id: c.id, step: 'complete' }, { onError: fail })}
                    >
                      {t('courseFinish')}
                    </Button>,
                  ]
            }
          >
            <Space direction="vertical" size={0}>
              <a
                href={c.url}
                target="_blank"
                rel="noreferrer"
                onClick={() => step.mutate({ id: c.id, step: 'view' }, { onError: fail })}
              >
                {c.title}
              </a>
              <span>
                {t(`kinds.${c.kind}`)} · {t('minutes', { n: c.minutes })} ·{' '}
                {t('courseCounts', { views: c.views, completions: c.completions })}
              </span>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** Booking on a phone: help now at the top, open slots, then the person's own bookings. */
export default function BookPage() {
  const { t } = useTranslation('counselling');
  const locale = useLocale();
  const slots = useOpenSlots();
  const mine = useMyBookings();
  const cancel = useCancel();
  const [picked, setPicked] = useState<number | null>(null);
  const queryClient = useQueryClient();
  useLiveEvents(
    () => void queryClient.invalidateQueries({ queryKey: ['counselling', 'slots'] }),
    ['counselling.slots-changed'],
  );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <HelpNow />
      <Card title={t('slots')} size="small">
        {slots.error ? (
          <ErrorState error={slots.error} onRetry={() => void slots.refetch()} />
        ) : (
          <List
            data-testid="open-slots"
            loading={slots.isPending}
            dataSource={slots.data ?? []}
            locale={{ emptyText: t('noSlots') }}
            renderItem={(s) => (
              <List.Item data-testid="open-slot">
                {picked === s.id ? (
                  <BookForm slotId={s.id} onDone={() => setPicked(null)} />
                ) : (
                  <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                    <span>
                      {formatTime(s.startsAt, locale)} · {t('minutes', { n: s.minutes })}
                    </span>
                    <Button data-testid="slot-book" onClick={() => setPicked(s.id)}>
                      {t('book')}
                    </Button>
                  </Space>
                )}
              </List.Item>
            )}
          />
        )}
      </Card>
      <Courses />
      <Card title={t('myBookings')} size="small">
        <List
          data-testid="my-bookings"
          dataSource={mine.data ?? []}
          renderItem={(b) => (
            <List.Item
              actions={
                b.status === 'booked' && b.startsAt > Date.now()
                  ? [
                      <Button
                        key="cancel"
                        size="small"
                        onClick={() => cancel.mutate(b.id, { onError: fail })}
                      >
                        {t('cancel')}
                      </Button>,
                    ]
                  : []
              }
            >
              <Space wrap>
                <span>{formatTime(b.startsAt, locale)}</span>
                <span>{b.alias ?? t('anonymous')}</span>
                <Tag>{t(`statuses.${b.status}`)}</Tag>
              </Space>
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
