import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHECKPOINT_KINDS, type Checkpoint } from '../../../../contracts/fieldwork.ts';
import { usePermission } from '../../../lib/auth.ts';
import { applyApiError } from '../../../lib/form-errors.ts';
import { useNodeSearch } from '../../../lib/regions.ts';
import {
  useCheckpoints,
  useClaimCheckpoint,
  useGenerateShifts,
  useHandover,
  useSaveCheckpoint,
  useSupports,
} from '../api/fieldwork.ts';

const HOURS = Array.from({ length: 25 }, (_, h) => ({ value: h, label: `${String(h).padStart(2, '0')}:00` }));
const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;

type FormValues = {
  nodeId: number;
  kind: Checkpoint['kind'];
  location: string;
  open: number;
  close: number;
  needs: Array<{ skill: string; people: number }>;
  support?: string;
};

/** Sets up a checkpoint's plan or edits one: kind, place, staffed hours, people per skill. */
function CheckpointForm({ checkpoint, onClose }: { checkpoint: Checkpoint | null; onClose: () => void }) {
  const { t } = useTranslation('fieldwork');
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [q, setQ] = useState('');
  const nodes = useNodeSearch(q);
  const save = useSaveCheckpoint();
  const [open, close] = (checkpoint?.hours ?? '00:00-24:00').split('-').map((x) => Number(x.slice(0, 2)));
  const submit = async (v: FormValues) => {
    try {
      await save.mutateAsync({
        id: checkpoint?.id ?? null,
        body: {
          nodeId: checkpoint?.id ?? v.nodeId,
          kind: v.kind,
          location: v.location,
          hours: `${hh(v.open)}-${hh(v.close)}`,
          needs: Object.fromEntries(v.needs.map((n) => [n.skill, n.people])),
          support: v.support ?? '',
        },
      });
      onClose();
    } catch (err) {
      const rest = applyApiError(form, err);
      if (rest) void message.error(rest);
    }
  };
  return (
    <Modal
      open
      title={checkpoint ? `${t('editCheckpoint')} · ${checkpoint.name}` : t('newCheckpoint')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('save')}
      okButtonProps={{ 'data-testid': 'save-checkpoint' }}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          kind: checkpoint?.kind ?? 'road_entry',
          location: checkpoint?.location ?? '',
          open: open ?? 0,
          close: close ?? 24,
          needs: checkpoint
            ? Object.entries(checkpoint.needs).map(([skill, people]) => ({ skill, people }))
            : [{ skill: '', people: 1 }],
          support: checkpoint?.support ?? '',
        }}
      >
        {checkpoint ? null : (
          <Form.Item name="nodeId" label={t('checkpointNode')} rules={[{ required: true }]}>
            <Select
              showSearch
              filterOption={false}
              onSearch={setQ}
              data-testid="checkpoint-node"
              options={(nodes.data ?? [])
                .filter((n) => n.kind === 'checkpoint')
                .map((n) => ({ value: n.id, label: n.name }))}
            />
          </Form.Item>
        )}
        <Form.Item name="kind" label={t('cpKind')} rules={[{ required: true }]}>
          <Select options={CHECKPOINT_KINDS.map((k) => ({ value: k, label: t(`cpKinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="location" label={t('location')} rules={[{ required: true }]}>
          <Input data-testid="checkpoint-location" />
        </Form.Item>
        <Space>
          <Form.Item name="open" label={t('hours')}>
            <Select options={HOURS.slice(0, 24)} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="close" label=" ">
            <Select options={HOURS.slice(1)} style={{ width: 100 }} />
          </Form.Item>
        </Space>
        <Typography.Text>{t('needs')}</Typography.Text>
        <Form.List name="needs">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline">
                  <Form.Item name={[f.name, 'skill']} rules={[{ required: true }]}>
                    <Input placeholder={t('skill')} data-testid={`need-skill-${f.name}`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'people']} rules={[{ required: true }]}>
                    <InputNumber min={1} max={20} placeholder={t('people')} />
                  </Form.Item>
                  {fields.length > 1 ? <Button onClick={() => remove(f.name)}>−</Button> : null}
                </Space>
              ))}
              <Button size="small" onClick={() => add({ skill: '', people: 1 })}>
                {t('addSkill')}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="support" label={t('supportNeeded')} style={{ marginTop: 12 }}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Shift template → shifts for a date range, within the checkpoint's staffed hours. */
function GenerateShifts({ checkpoint, onClose }: { checkpoint: Checkpoint; onClose: () => void }) {
  const { t } = useTranslation('fieldwork');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ template: '3x8' | '6x4' | '2x12'; from: Dayjs; days: number }>();
  const generate = useGenerateShifts();
  return (
    <Modal
      open
      title={`${t('generate')} · ${checkpoint.name}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'generate-ok' }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ template: '6x4', days: 7 }}
        onFinish={async (v) => {
          try {
            const res = await generate.mutateAsync({
              id: checkpoint.id,
              body: { template: v.template, from: v.from.format('YYYY-MM-DD'), days: v.days },
            });
            void message.success(t('generated', res));
            onClose();
          } catch (err) {
            const rest = applyApiError(form, err);
            if (rest) void message.error(rest);
          }
        }}
      >
        <Form.Item name="template" label={t('template')}>
          <Select
            options={(['3x8', '6x4', '2x12'] as const).map((k) => ({ value: k, label: t(`templates.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="from" label={t('fromDate')} rules={[{ required: true }]}>
          <DatePicker data-testid="generate-from" />
        </Form.Item>
        <Form.Item name="days" label={t('days')} rules={[{ required: true }]}>
          <InputNumber min={1} max={31} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Supports({ id }: { id: number }) {
  const { t } = useTranslation('fieldwork');
  const supports = useSupports(id);
  return (
    <List
      size="small"
      header={t('supportsTitle')}
      locale={{ emptyText: t('noSupports') }}
      dataSource={supports.data ?? []}
      renderItem={(s) => (
        <List.Item>
          {new Date(s.broughtAt).toLocaleString()} · {s.giver} · {s.what} {s.quantity}
        </List.Item>
      )}
    />
  );
}

/** Checkpoints in scope: set up and edit (officials), claim and hand over (team leaders), shifts. */
export default function CheckpointsPage() {
  const { t } = useTranslation('fieldwork');
  const { message } = App.useApp();
  const manager = usePermission('fieldwork.manage');
  const leader = usePermission('fieldwork.lead');
  const checkpoints = useCheckpoints('all');
  const claim = useClaimCheckpoint();
  const handover = useHandover();
  const [editing, setEditing] = useState<Checkpoint | 'new' | null>(null);
  const [generating, setGenerating] = useState<Checkpoint | null>(null);
  const onError = (err: unknown) => void message.error((err as Error).message);
  return (
    <Card
      size="small"
      title={t('checkpointsTitle')}
      extra={
        manager ? (
          <Button size="small" type="primary" onClick={() => setEditing('new')} data-testid="new-checkpoint">
            {t('newCheckpoint')}
          </Button>
        ) : null
      }
    >
      <Table
        size="small"
        rowKey="id"
        loading={checkpoints.isLoading}
        dataSource={checkpoints.data ?? []}
        scroll={{ x: true }}
        expandable={{ expandedRowRender: (c) => <Supports id={c.id} /> }}
        columns={[
          { title: t('checkpoint'), dataIndex: 'name' },
          { title: t('cpKind'), dataIndex: 'kind', render: (k: string) => t(`cpKinds.${k}`) },
          { title: t('hours'), dataIndex: 'hours' },
          {
            title: t('needs'),
            key: 'needs',
            render: (_: unknown, c: Checkpoint) =>
              Object.entries(c.needs)
                .map(([k, v]) => `${k} ${v}`)
                .join(' · '),
          },
          {
            title: t('owner'),
            key: 'team',
            render: (_: unknown, c: Checkpoint) => (
              <Space wrap>
                {c.team ? <Tag color="green">{c.team.name}</Tag> : <Tag>{t('unowned')}</Tag>}
                {c.handover ? (
                  <Tag color="orange">{t('handoverPending', { team: c.handover.toTeam.name })}</Tag>
                ) : null}
              </Space>
            ),
          },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, c: Checkpoint) => (
              <Space wrap>
                {manager ? (
                  <Button size="small" onClick={() => setEditing(c)} data-testid={`edit-${c.id}`}>
                    {t('editCheckpoint')}
                  </Button>
                ) : null}
                <Button size="small" onClick={() => setGenerating(c)} data-testid={`generate-${c.id}`}>
                  {t('generate')}
                </Button>
                {leader && !c.team ? (
                  <Button size="small" type="primary" onClick={() => claim.mutate(c.id, { onError })}>
                    {t('claim')}
                  </Button>
                ) : null}
                {leader && c.team && !c.handover ? (
                  <Button size="small" onClick={() => handover.mutate({ id: c.id }, { onError })}>
                    {t('requestHandover')}
                  </Button>
                ) : null}
                {c.handover ? (
                  <>
                    <Button
                      size="small"
                      onClick={() =>
                        handover.mutate({ handoverId: c.handover!.id, accept: true }, { onError })
                      }
                    >
                      {t('accept')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      onClick={() =>
                        handover.mutate({ handoverId: c.handover!.id, accept: false }, { onError })
                      }
                    >
                      {t('decline')}
                    </Button>
                  </>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      {editing ? (
        <CheckpointForm checkpoint={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
      {generating ? <GenerateShifts checkpoint={generating} onClose={() => setGenerating(null)} /> : null}
    </Card>
  );
}
