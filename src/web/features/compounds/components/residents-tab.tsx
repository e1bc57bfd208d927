import { Button, Form, Input, message, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RELATIONS, type Resident } from '../../../../contracts/compounds.ts';
import { applyApiError } from '../../../lib/form-errors.ts';
import { type ResidentInput, useAddResident } from '../api/add-resident.ts';
import { useHouseholds } from '../api/get-households.ts';
import { getResident } from '../api/get-resident.ts';
import { useResidents } from '../api/get-residents.ts';
import { useIssuePass } from '../api/issue-pass.ts';

export function ResidentsTab({
  compoundId,
  editable,
  canIssue,
}: {
  compoundId: number;
  editable: boolean;
  canIssue: boolean;
}) {
  const { t } = useTranslation('compounds');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const residents = useResidents(compoundId, q, page);
  const households = useHouseholds(compoundId, 1);
  const add = useAddResident(compoundId);
  const issue = useIssuePass(compoundId);
  const [revealed, setRevealed] = useState<Record<number, Resident>>({});
  const [form] = Form.useForm<ResidentInput>();

  const reveal = async (id: number) => {
    try {
      const full = await getResident(id);
      setRevealed((r) => ({ ...r, [id]: full }));
    } catch (err) {
      message.error((err as Error).message);
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {editable && (
        <Form
          form={form}
          layout="inline"
          initialValues={{ relation: 'head' }}
          onFinish={(v) =>
            add.mutate(v, {
              onSuccess: () => form.resetFields(),
              onError: (err) => {
                const rest = applyApiError(form, err);
                if (rest) message.error(rest);
              },
            })
          }
          style={{ rowGap: 8 }}
        >
          <Form.Item name="householdId" label={t('household')} rules={[{ required: true }]}>
            <Select
              style={{ minWidth: 140 }}
              options={(households.data?.items ?? []).map((h) => ({ value: h.id, label: h.label }))}
            />
          </Form.Item>
          <Form.Item name="name" label={t('residentName')} rules={[{ required: true }]}>
            <Input style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="phone" label={t('phone')} rules={[{ required: true }]}>
            <Input style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="idNumber" label={t('idNumber')} rules={[{ required: true }]}>
            <Input style={{ width: 190 }} />
          </Form.Item>
          <Form.Item name="relation" label={t('relation')}>
            <Select
              style={{ width: 100 }}
              options={RELATIONS.map((r) => ({ value: r, label: t(`relations.${r}`) }))}
            />
          </Form.Item>
          <Button htmlType="submit" type="primary" loading={add.isPending}>
            {t('addResident')}
          </Button>
        </Form>
      )}
      <Input.Search
        allowClear
        placeholder={t('residentName')}
        onSearch={(v) => {
          setQ(v);
          setPage(1);
        }}
        style={{ maxWidth: 240 }}
      />
      <Table<Resident>
        rowKey="id"
        size="small"
        loading={residents.isPending}
        dataSource={residents.data?.items ?? []}
        pagination={{ current: page, pageSize: 50, total: residents.data?.total ?? 0, onChange: setPage }}
        scroll={{ x: true }}
        columns={[
          { title: t('household'), dataIndex: 'household' },
          { title: t('residentName'), dataIndex: 'name' },
          {
            title: t('relation'),
            dataIndex: 'relation',
            render: (r: Resident['relation']) => t(`relations.${r}`),
          },
          { title: t('phone'), render: (_: unknown, r) => revealed[r.id]?.phone ?? r.phone },
          { title: t('idNumber'), render: (_: unknown, r) => revealed[r.id]?.idNumber ?? r.idNumber },
          { title: t('status'), dataIndex: 'status', render: (s: Resident['status']) => t(`statuses.${s}`) },
          {
            title: '',
            render: (_: unknown, r) => (
              <Space>
                {!revealed[r.id] && (
                  <Button size="small" type="link" onClick={() => void reveal(r.id)}>
                    {t('reveal')}
                  </Button>
                )}
                {canIssue && r.status !== 'moved_out' && (
                  <Button
                    size="small"
                    onClick={() =>
                      issue.mutate(
                        { residentId: r.id },
                        {
                          onSuccess: () => void message.success(t('issued')),
                          onError: (err) => void message.error(err.message),
                        },
                      )
                    }
                  >
                    {t('issueOne')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}
