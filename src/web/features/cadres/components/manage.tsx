import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, List, Popover, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AREA_TIERS, type AreaTier, DEFAULT_DUTIES } from '../../../../contracts/cadres.ts';
import { applyApiError } from '../../../lib/form-errors.ts';
import { addMember, assignArea, createGroup, endArea, useGroups, useUserSearch } from '../api/cadres.ts';

/** Picks a user by typing a name or phone. */
export function UserPicker({
  value,
  onChange,
  testId,
}: {
  value?: number;
  onChange?: (id: number) => void;
  testId?: string;
}) {
  const { t } = useTranslation('cadres');
  const [q, setQ] = useState('');
  const found = useUserSearch(q);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      loading={found.isFetching}
      placeholder={t('manage.userPlaceholder')}
      options={(found.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
      data-testid={testId}
      style={{ minWidth: 200 }}
    />
  );
}

type AreaForm = { leaderId: number; tier: AreaTier; duties: string };

/** Pairs a leader with one village / community; the duties default to the "four ones". */
export function AssignArea({ nodeId, onDone }: { nodeId: number; onDone: () => void }) {
  const { t } = useTranslation('cadres');
  const [form] = Form.useForm<AreaForm>();
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: AreaForm) => {
    setError(null);
    try {
      const duties = v.duties
        .split('\n')
        .map((d) => d.trim())
        .filter(Boolean);
      await assignArea({ leaderId: v.leaderId, nodeId, tier: v.tier, ...(duties.length ? { duties } : {}) });
      onDone();
    } catch (err) {
      setError(applyApiError(form, err));
    }
  };
  return (
    <Form
      form={form}
      layout="vertical"
      style={{ width: 300 }}
      initialValues={{ tier: 'village', duties: DEFAULT_DUTIES.join('\n') }}
      onFinish={(v) => void submit(v)}
    >
      <Form.Item name="leaderId" label={t('manage.leader')} rules={[{ required: true }]}>
        <UserPicker testId="area-leader" />
      </Form.Item>
      <Form.Item name="tier" label={t('manage.tier')}>
        <Select options={AREA_TIERS.map((x) => ({ value: x, label: t(`tiers.${x}`) }))} />
      </Form.Item>
      <Form.Item name="duties" label={t('manage.duties')}>
        <Input.TextArea rows={4} />
      </Form.Item>
      {error && <div style={{ color: '#cf1322' }}>{error}</div>}
      <Button type="primary" htmlType="submit" data-testid="area-save">
        {t('manage.assign')}
      </Button>
    </Form>
  );
}

/** The assign button beside a place, and an end control on each leader's tag. */
export function PlaceControls({ nodeId, areaIds }: { nodeId: number; areaIds: number[] }) {
  const { t } = useTranslation('cadres');
  const { modal } = App.useApp();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const refresh = () => client.invalidateQueries({ queryKey: ['cadres'] });
  return (
    <Space size={4}>
      <Popover
        open={open}
        onOpenChange={setOpen}
        trigger="click"
        content={
          <AssignArea
            nodeId={nodeId}
            onDone={() => {
              setOpen(false);
              void refresh();
            }}
          />
        }
      >
        <Button size="small" data-testid={`assign-${nodeId}`}>
          {t('manage.assign')}
        </Button>
      </Popover>
      {areaIds.map((id) => (
        <Button
          key={id}
          size="small"
          type="link"
          danger
          onClick={() =>
            modal.confirm({
              title: t('manage.endConfirm'),
              onOk: async () => {
                await endArea(id);
                await refresh();
              },
            })
          }
        >
          {t('manage.end')}
        </Button>
      ))}
    </Space>
  );
}

/** Assessment groups on the node shown: form one, seat members and a lead. */
export function GroupsCard({ nodeId }: { nodeId: number }) {
  const { t } = useTranslation('cadres');
  const { message } = App.useApp();
  const client = useQueryClient();
  const groups = useGroups();
  const [name, setName] = useState('');
  const [member, setMember] = useState<Record<number, { userId?: number; role: 'lead' | 'member' }>>({});
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      await client.invalidateQueries({ queryKey: ['cadres', 'groups'] });
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  return (
    <Card size="small" title={t('manage.groups')}>
      <Space style={{ marginBottom: 12 }}>
        <Input
          data-testid="group-name"
          placeholder={t('manage.groupName')}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <Button
          data-testid="group-create"
          disabled={!name.trim()}
          onClick={() =>
            void act(async () => {
              await createGroup(name.trim(), nodeId);
              setName('');
            })
          }
        >
          {t('manage.createGroup')}
        </Button>
      </Space>
      <List
        dataSource={groups.data ?? []}
        renderItem={(g) => {
          const m = member[g.id] ?? { role: 'member' as const };
          return (
            <List.Item data-testid={`group-${g.id}`}>
              <Space direction="vertical">
                <Space wrap>
                  <strong>{g.name}</strong>
                  <span>{g.node.name}</span>
                  {g.members.map((x) => (
                    <Tag key={x.id} color={x.role === 'lead' ? 'gold' : undefined}>
                      {x.name}
                    </Tag>
                  ))}
                </Space>
                <Space wrap>
                  <UserPicker
                    testId={`member-${g.id}`}
                    value={m.userId}
                    onChange={(userId) => setMember({ ...member, [g.id]: { ...m, userId } })}
                  />
                  <Select
                    value={m.role}
                    style={{ width: 100 }}
                    onChange={(role) => setMember({ ...member, [g.id]: { ...m, role } })}
                    options={(['member', 'lead'] as const).map((r) => ({
                      value: r,
                      label: t(`manage.${r}`),
                    }))}
                  />
                  <Button
                    data-testid={`member-add-${g.id}`}
                    disabled={!m.userId}
                    onClick={() => void act(() => addMember(g.id, m.userId!, m.role))}
                  >
                    {t('manage.addMember')}
                  </Button>
                </Space>
              </Space>
            </List.Item>
          );
        }}
      />
    </Card>
  );
}
