import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  Select,
  Space,
  Tag,
  Timeline,
  Typography,
  Upload,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { Entry } from '../../../../contracts/cadres.ts';
import { useCurrentUser, usePermission } from '../../../lib/auth.ts';
import {
  uploadLedgerEvidence,
  useCorrect,
  useGroups,
  useLedger,
  useLedgerCheck,
  useNominate,
  useRecord,
} from '../api/cadres.ts';

function RecordForm({ cadreId, places }: { cadreId: number; places: Array<{ id: number; name: string }> }) {
  const { t } = useTranslation('cadres');
  const { message } = App.useApp();
  const record = useRecord(cadreId);
  const [evidence, setEvidence] = useState<string[]>([]);
  const [form] = Form.useForm();
  return (
    <Card size="small" title={t('record')}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ occurredAt: dayjs(), nodeId: places[0]?.id }}
        onFinish={(v: { occurredAt: dayjs.Dayjs; nodeId: number; place: string; content: string }) =>
          record.mutate(
            {
              occurredAt: v.occurredAt.valueOf(),
              nodeId: v.nodeId,
              place: v.place,
              content: v.content,
              evidence,
            },
            {
              onSuccess: () => {
                void message.success(t('saved'));
                form.resetFields(['place', 'content']);
                setEvidence([]);
              },
              onError: (e) => void message.error(e.message),
            },
          )
        }
      >
        <Form.Item name="occurredAt" label={t('occurredAt')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="nodeId" label={t('node')} rules={[{ required: true }]}>
          <Select options={places.map((p) => ({ value: p.id, label: p.name }))} />
        </Form.Item>
        <Form.Item name="place" label={t('place')} rules={[{ required: true }]}>
          <Input data-testid="entry-place" maxLength={100} />
        </Form.Item>
        <Form.Item name="content" label={t('content')} rules={[{ required: true }]}>
          <Input.TextArea data-testid="entry-content" rows={3} maxLength={2000} />
        </Form.Item>
        <Upload
          accept="image/*"
          capture="environment"
          showUploadList={false}
          customRequest={({ file, onSuccess, onError }) => {
            uploadLedgerEvidence(cadreId, file as File)
              .then((f) => {
                setEvidence((list) => [...list, f.id]);
                onSuccess?.(f);
              })
              .catch((e: Error) => {
                onError?.(e);
                void message.error(e.message);
              });
          }}
        >
          <Button data-testid="entry-photo">{t('addPhoto', { count: evidence.length })}</Button>
        </Upload>
        <Button
          type="primary"
          htmlType="submit"
          loading={record.isPending}
          data-testid="entry-save"
          style={{ marginTop: 12 }}
        >
          {t('save')}
        </Button>
      </Form>
    </Card>
  );
}

function EntryItem({
  entry,
  seqOf,
  canCorrect,
}: {
  entry: Entry;
  seqOf: (id: number) => number | undefined;
  canCorrect: boolean;
}) {
  const { t } = useTranslation('cadres');
  const { message } = App.useApp();
  const correct = useCorrect();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(entry.content);
  return (
    <div data-testid={`entry-${entry.id}`}>
      <Space wrap>
        <Typography.Text strong>{dayjs(entry.occurredAt).format('YYYY-MM-DD')}</Typography.Text>
        <Tag>{entry.place}</Tag>
        <Tag color={entry.kind === 'platform' ? 'blue' : entry.kind === 'correction' ? 'orange' : 'green'}>
          {t(`kinds.${entry.kind}`)}
        </Tag>
        {entry.correctsId ? <Tag>{t('correctsNote', { seq: seqOf(entry.correctsId) ?? '?' })}</Tag> : null}
        {entry.correctedBy ? (
          <Tag color="red">{t('correctedNote', { seq: seqOf(entry.correctedBy) ?? '?' })}</Tag>
        ) : null}
      </Space>
      <div>
        <Typography.Text delete={entry.correctedBy != null}>{entry.content}</Typography.Text>
      </div>
      <Space wrap>
        <Typography.Text type="secondary">
          #{entry.seq} · {entry.recordedBy ? t('recordedBy', { name: entry.recordedBy.name }) : t('platform')}
        </Typography.Text>
        {entry.evidence.map((id) => (
          <a key={id} href={`/api/files/${id}`} target="_blank" rel="noreferrer">
            {t('evidence', { count: 1 })}
          </a>
        ))}
        {canCorrect && !entry.correctedBy && entry.kind !== 'platform' ? (
          <Button size="small" onClick={() => setEditing((v) => !v)}>
            {t('correct')}
          </Button>
        ) : null}
      </Space>
      {editing ? (
        <Space.Compact style={{ width: '100%' }}>
          <Input value={text} onChange={(e) => setText(e.target.value)} aria-label={t('correction')} />
          <Button
            type="primary"
            onClick={() =>
              correct.mutate(
                { id: entry.id, content: text },
                { onSuccess: () => setEditing(false), onError: (e) => void message.error(e.message) },
              )
            }
          >
            {t('save')}
          </Button>
        </Space.Compact>
      ) : null}
    </div>
  );
}

function NominateForm({ cadreId, entries }: { cadreId: number; entries: Entry[] }) {
  const { t } = useTranslation('cadres');
  const { message } = App.useApp();
  const nominate = useNominate();
  const [reason, setReason] = useState('');
  const [picked, setPicked] = useState<number[]>([]);
  return (
    <Card size="small" title={t('nominate')}>
      <Input.TextArea
        rows={2}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder={t('nominateReason')}
        data-testid="nominate-reason"
      />
      <Typography.Text type="secondary">{t('nominateEvidence')}</Typography.Text>
      <Checkbox.Group
        value={picked}
        onChange={(v) => setPicked(v as number[])}
        options={entries
          .filter((e) => !e.correctedBy)
          .slice(0, 20)
          .map((e) => ({ value: e.id, label: `#${e.seq} ${e.content.slice(0, 30)}` }))}
        style={{ display: 'flex', flexDirection: 'column' }}
        data-testid="nominate-evidence"
      />
      <Button
        type="primary"
        style={{ marginTop: 8 }}
        data-testid="nominate-submit"
        loading={nominate.isPending}
        onClick={() =>
          nominate.mutate(
            { cadreId, reason, evidence: picked },
            {
              onSuccess: () => void message.success(t('nominated')),
              onError: (e) => void message.error(e.message),
            },
          )
        }
      >
        {t('nominate')}
      </Button>
    </Card>
  );
}

export default function LedgerPage() {
  const { t } = useTranslation('cadres');
  const cadreId = Number(useParams().id);
  const ledger = useLedger(cadreId);
  const check = useLedgerCheck(cadreId);
  const groups = useGroups();
  const command = usePermission('cadres.ledger');
  const me = useCurrentUser();
  if (ledger.error) return <Alert type="error" message={(ledger.error as Error).message} />;
  const l = ledger.data;
  if (!l) return null;
  const places = [...new Map(l.areas.map((a) => [a.node.id, { id: a.node.id, name: a.node.name }])).values()];
  // A member of a group whose subtree holds one of the cadre's areas may record; so may the command centre.
  const assessor = (groups.data ?? []).some(
    (g) => g.members.some((m) => m.id === me.id) && l.areas.some((a) => a.node.path.startsWith(g.node.path)),
  );
  const canRecord = assessor || command;
  const seqOf = (id: number) => l.entries.find((e) => e.id === id)?.seq;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4}>{t('ledgerTitle', { name: l.cadre.name })}</Typography.Title>
      <Typography.Text type="secondary">
        {t('areas', { places: places.map((p) => p.name).join('、') })}
      </Typography.Text>
      {check.data ? (
        <Alert
          data-testid="chain-status"
          type={check.data.ok ? 'success' : 'error'}
          message={check.data.ok ? t('chainOk', { count: check.data.checked }) : t('chainBroken')}
        />
      ) : null}
      {canRecord && places.length > 0 ? <RecordForm cadreId={cadreId} places={places} /> : null}
      <Card size="small">
        {l.entries.length === 0 ? (
          <Typography.Text type="secondary">{t('empty')}</Typography.Text>
        ) : (
          <Timeline
            items={l.entries.map((e) => ({
              key: e.id,
              color: e.kind === 'platform' ? 'blue' : e.kind === 'correction' ? 'orange' : 'green',
              children: <EntryItem entry={e} seqOf={seqOf} canCorrect={canRecord} />,
            }))}
          />
        )}
      </Card>
      {command ? <NominateForm cadreId={cadreId} entries={l.entries} /> : null}
    </Space>
  );
}
