import {
  Alert,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Input,
  InputNumber,
  List,
  message,
  Select,
  Space,
  Tag,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import {
  RETURNEE_CATEGORIES,
  type ReturneeCategory,
  SYMPTOMS,
  type Visit,
} from '../../../../contracts/returnees.ts';
import { ErrorState, Loading } from '../../../components/states.tsx';
import { usePermission } from '../../../lib/auth.ts';
import {
  useChangeEnd,
  usePlace,
  useRecordVisit,
  useRelease,
  useReturnee,
  useVisits,
} from '../api/returnees.ts';
import { ContactsCard, RoomPicker } from '../components/isolation-cards.tsx';

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const STATUS_COLOURS: Record<Visit['status'], string> = {
  planned: 'default',
  seen_ok: 'green',
  seen_not_ok: 'red',
  missed: 'orange',
  not_attempted: 'volcano',
};
const fail = (err: Error) => void message.error(err.message);

/** One planned follow-up: a temperature, the symptoms, then "seen" or "not found". Big targets for a phone. */
function VisitForm({ visit }: { visit: Visit }) {
  const { t } = useTranslation('returnees');
  const record = useRecordVisit();
  const [temperature, setTemperature] = useState<number | null>(null);
  const [symptoms, setSymptoms] = useState<string[]>([]);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="visit-form">
      <InputNumber
        data-testid="visit-temperature"
        inputMode="decimal"
        min={34}
        max={42.5}
        step={0.1}
        placeholder={t('temperature')}
        value={temperature}
        onChange={setTemperature}
        style={{ width: '100%' }}
      />
      <Checkbox.Group
        value={symptoms}
        onChange={(v) => setSymptoms(v as string[])}
        options={SYMPTOMS.map((s) => ({ value: s, label: t(`symptomNames.${s}`) }))}
      />
      <Space wrap>
        <Button
          type="primary"
          data-testid="visit-seen"
          disabled={temperature === null}
          loading={record.isPending}
          onClick={() =>
            record.mutate(
              {
                id: visit.id,
                body: {
                  outcome: 'seen',
                  temperature: temperature ?? undefined,
                  symptoms: symptoms as (typeof SYMPTOMS)[number][],
                },
              },
              { onError: fail },
            )
          }
        >
          {t('seen')}
        </Button>
        <Button
          data-testid="visit-missed"
          loading={record.isPending}
          onClick={() => record.mutate({ id: visit.id, body: { outcome: 'missed' } }, { onError: fail })}
        >
          {t('missed')}
        </Button>
      </Space>
    </Space>
  );
}

export default function ReturneePage() {
  const { t } = useTranslation('returnees');
  const id = Number(useParams().id);
  const returnee = useReturnee(id);
  const visits = useVisits(id);
  const canManage = usePermission('returnees.manage');
  const place = usePlace(id);
  const changeEnd = useChangeEnd(id);
  const release = useRelease(id);
  const [endDay, setEndDay] = useState('');
  const [reason, setReason] = useState('');
  const [startDay, setStartDay] = useState(today());
  const [category, setCategory] = useState<ReturneeCategory | undefined>(undefined);

  if (returnee.error) return <ErrorState error={returnee.error} onRetry={() => void returnee.refetch()} />;
  if (!returnee.data) return <Loading />;
  const r = returnee.data;
  // The next planned visit of today or earlier is the one a cadre at the door records.
  const next = (visits.data ?? []).find((v) => v.status === 'planned' && v.day <= today());
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={r.name} data-testid="returnee-detail">
        {r.masked && <Alert type="info" showIcon message={t('masked')} style={{ marginBottom: 12 }} />}
        <Descriptions column={{ xs: 1, sm: 2 }} size="small">
          <Descriptions.Item label={t('status')}>
            <Tag data-testid="returnee-status">{t(`statuses.${r.status}`)}</Tag>
            {r.measure && <Tag color="blue">{t(`measures.${r.measure}`)}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t('period')}>
            {r.startDay ? `${r.startDay} ~ ${r.endDay}（${t('perDay', { n: r.perDay })}）` : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('idNumber')}>{r.idNumber}</Descriptions.Item>
          <Descriptions.Item label={t('phone')}>{r.phone}</Descriptions.Item>
          <Descriptions.Item label={t('address')}>{r.address}</Descriptions.Item>
          <Descriptions.Item label={t('from')}>{r.fromName}</Descriptions.Item>
          <Descriptions.Item label={t('arrivalDay')}>{r.arrivalDay}</Descriptions.Item>
          <Descriptions.Item label={t('transport')}>
            {t(`transports.${r.transport}`)} {r.transportNo}
          </Descriptions.Item>
          <Descriptions.Item label={t('category')}>{t(`categories.${r.category}`)}</Descriptions.Item>
          {r.room && (
            <Descriptions.Item label={t('room')}>
              <span data-testid="returnee-room-name">{r.room}</span>
            </Descriptions.Item>
          )}
        </Descriptions>
        {canManage && r.status === 'registered' && (
          <Space wrap style={{ marginTop: 12 }}>
            {/* A self-reported person's category is the cadre's to confirm before the measure starts. */}
            <Select
              data-testid="returnee-place-category"
              style={{ minWidth: 180 }}
              value={category ?? r.category}
              onChange={setCategory}
              options={RETURNEE_CATEGORIES.map((v) => ({ value: v, label: t(`categories.${v}`) }))}
            />
            <Input type="date" value={startDay} onChange={(e) => setStartDay(e.target.value)} />
            <Button
              type="primary"
              data-testid="returnee-place"
              loading={place.isPending}
              onClick={() => place.mutate({ startDay, ...(category ? { category } : {}) }, { onError: fail })}
            >
              {t('place')}
            </Button>
          </Space>
        )}
        {canManage && r.status === 'isolating' && (
          <Space wrap style={{ marginTop: 12 }}>
            <Input
              type="date"
              aria-label={t('endDay')}
              value={endDay}
              onChange={(e) => setEndDay(e.target.value)}
            />
            <Input placeholder={t('reason')} value={reason} onChange={(e) => setReason(e.target.value)} />
            <Button
              loading={changeEnd.isPending}
              disabled={!endDay || reason.trim().length < 2}
              onClick={() => changeEnd.mutate({ endDay, reason }, { onError: fail })}
            >
              {t('changeEnd')}
            </Button>
            <Button loading={release.isPending} onClick={() => release.mutate(undefined, { onError: fail })}>
              {t('release')}
            </Button>
            {r.measure === 'central' && <RoomPicker returnee={r} />}
          </Space>
        )}
        {canManage && r.status === 'released' && (
          <Button
            style={{ marginTop: 12 }}
            href={`/api/returnees/${r.id}/release-certificate.pdf`}
            data-testid="returnee-certificate"
          >
            {t('certificate')}
          </Button>
        )}
      </Card>
      {canManage && next && (
        <Card title={`${next.day} ${t('slot', { n: next.slot + 1 })}`} size="small">
          <VisitForm key={next.id} visit={next} />
        </Card>
      )}
      <ContactsCard returnee={r} canManage={canManage} />
      <Card title={t('visits')} size="small">
        <List
          data-testid="visit-list"
          loading={visits.isPending}
          dataSource={visits.data ?? []}
          renderItem={(v) => (
            <List.Item data-testid={`visit-${v.day}-${v.slot}`}>
              <Space wrap>
                <span>
                  {v.day} {t('slot', { n: v.slot + 1 })}
                </span>
                <Tag color={STATUS_COLOURS[v.status]} data-testid="visit-status">
                  {t(`visitStatus.${v.status}`)}
                </Tag>
                {v.temperature !== null && <span>{v.temperature.toFixed(1)} ℃</span>}
                {v.symptoms.map((s) => (
                  <Tag key={s}>{t(`symptomNames.${s}`)}</Tag>
                ))}
              </Space>
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
