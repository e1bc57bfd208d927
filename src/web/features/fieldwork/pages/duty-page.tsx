import { App, Button, Card, Checkbox, Empty, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SHIFT_RULES } from '../../../../contracts/fieldwork.ts';
import { useLocale } from '../../../lib/locale.ts';
import { useCheckIn, useCheckOut, useMyDuty, useOpenShifts, useSignUp } from '../api/fieldwork.ts';

const slotKey = (shiftId: number, skill: string) => `${shiftId}|${skill}`;

function when(ms: number, locale: string) {
  return new Date(ms).toLocaleString(locale, {
    timeZone: 'Asia/Shanghai',
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** The volunteer's phone page: check in at the checkpoint, sign up for several slots at once. */
export default function DutyPage() {
  const { t } = useTranslation('fieldwork');
  const locale = useLocale();
  const { message } = App.useApp();
  const shifts = useOpenShifts();
  const duty = useMyDuty();
  const signUp = useSignUp();
  const checkIn = useCheckIn();
  const checkOut = useCheckOut();
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [code, setCode] = useState('');
  const now = Date.now();
  const current = duty.data?.items.find(
    (d) =>
      d.startsAt - SHIFT_RULES.checkInEarlyMinutes * 60_000 <= now &&
      d.endsAt > now &&
      d.checkedOutAt == null,
  );
  const onError = (err: unknown) => void message.error((err as Error).message);

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={t('onDuty')} size="small" data-testid="duty-card">
        {current ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text strong>
              {current.checkpoint} · {when(current.startsAt, locale)}–{when(current.endsAt, locale).slice(-5)}
            </Typography.Text>
            {current.checkedInAt ? (
              <>
                <Tag color="green" data-testid="checked-in">
                  {t('checkedIn', { time: when(current.checkedInAt, locale) })}
                </Tag>
                <Button
                  block
                  loading={checkOut.isPending}
                  onClick={() => checkOut.mutate(undefined, { onError })}
                >
                  {t('checkOut')}
                </Button>
              </>
            ) : (
              <Space.Compact style={{ width: '100%' }}>
                <Input
                  inputMode="numeric"
                  maxLength={6}
                  placeholder={t('codePlaceholder')}
                  value={code}
                  onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
                  data-testid="checkin-code"
                />
                <Button
                  type="primary"
                  loading={checkIn.isPending}
                  disabled={code.length !== 6}
                  onClick={() =>
                    checkIn.mutate(code, { onSuccess: () => message.success(t('checkInDone')), onError })
                  }
                >
                  {t('checkIn')}
                </Button>
              </Space.Compact>
            )}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('noCurrent')}</Typography.Text>
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('hoursServed', { hours: duty.data?.hours ?? 0 })}
        </Typography.Paragraph>
        <Button size="small" href="/api/fieldwork/my-duty/certificate.pdf" data-testid="certificate">
          {t('certificate')}
        </Button>
      </Card>

      <Card
        title={t('openShifts')}
        size="small"
        extra={
          <Button
            type="primary"
            disabled={picked.size === 0}
            loading={signUp.isPending}
            data-testid="sign-up"
            onClick={() =>
              signUp.mutate(
                [...picked].map((k) => {
                  const [shiftId, skill] = k.split('|');
                  return { shiftId: Number(shiftId), skill: skill ?? '' };
                }),
                {
                  onSuccess: (r) => {
                    setPicked(new Set());
                    void message.success(t('signedUp', { count: r.signupIds.length }));
                  },
                  onError,
                },
              )
            }
          >
            {t('signUpPicked', { count: picked.size })}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">
          {t('rules', {
            hours: SHIFT_RULES.maxConsecutiveHours,
            rest: SHIFT_RULES.restHours,
            cutoff: SHIFT_RULES.signOutCutoffHours,
          })}
        </Typography.Paragraph>
        {shifts.data?.length === 0 ? <Empty description={t('noShifts')} /> : null}
        <List
          size="small"
          loading={shifts.isLoading}
          dataSource={shifts.data ?? []}
          renderItem={(s) => (
            <List.Item data-testid={`shift-${s.id}`}>
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <Typography.Text>
                  {s.checkpoint} · {when(s.startsAt, locale)}–{when(s.endsAt, locale).slice(-5)}
                </Typography.Text>
                {s.mine ? (
                  <Tag color="blue">{t('mine', { skill: s.mine.skill })}</Tag>
                ) : (
                  <Space wrap>
                    {s.seats.map((seat) => {
                      const key = slotKey(s.id, seat.skill);
                      const full = seat.filled >= seat.needed;
                      return (
                        <Checkbox
                          key={key}
                          disabled={full || s.startsAt <= now}
                          checked={picked.has(key)}
                          data-testid={`slot-${s.id}-${seat.skill}`}
                          onChange={(e) => {
                            const next = new Set([...picked].filter((k) => !k.startsWith(`${s.id}|`)));
                            if (e.target.checked) next.add(key);
                            setPicked(next);
                          }}
                        >
                          {seat.skill} {seat.filled}/{seat.needed}
                        </Checkbox>
                      );
                    })}
                  </Space>
                )}
              </Space>
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
