import { useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, Form, List, message, Segmented, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RETURNEE_CATEGORIES, type Returnee } from '../../../../contracts/returnees.ts';
import { ErrorState } from '../../../components/states.tsx';
import { usePermission } from '../../../lib/auth.ts';
import { useCurrentNode } from '../../../lib/current-node.tsx';
import { applyApiError } from '../../../lib/form-errors.ts';
import { useLiveEvents } from '../../../lib/live.tsx';
import { formatTime, useLocale } from '../../../lib/locale.ts';
import {
  type ReturneeInput,
  revealReturnee,
  useDueVisits,
  useRegisterReturnee,
  useReturnees,
} from '../api/returnees.ts';
import { ReturneeFields, todayInBeijing } from '../components/returnee-fields.tsx';

function RegisterForm({ nodeId }: { nodeId: number }) {
  const { t } = useTranslation('returnees');
  const [form] = Form.useForm<ReturneeInput>();
  const register = useRegisterReturnee();
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ arrivalDay: todayInBeijing(), transport: 'train', category: 'medium', companions: 0 }}
      onFinish={(values) =>
        register.mutate(
          { ...values, nodeId },
          {
            onSuccess: () => {
              void message.success(t('saved'));
              form.resetFields();
            },
            onError: (err) => {
              const text = applyApiError(form, err);
              if (text) void message.error(text);
            },
          },
        )
      }
    >
      <ReturneeFields testIdPrefix="returnee" />
      <Form.Item name="category" label={t('category')}>
        <Select
          data-testid="returnee-category"
          options={RETURNEE_CATEGORIES.map((v) => ({ value: v, label: t(`categories.${v}`) }))}
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={register.isPending} data-testid="returnee-save" block>
        {t('save')}
      </Button>
    </Form>
  );
}

/** The community's returnees (identities masked) and today's follow-ups, refreshed live. */
export default function ReturneesPage() {
  const { t } = useTranslation('returnees');
  const locale = useLocale();
  const { node } = useCurrentNode();
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const [sort, setSort] = useState<'recent' | 'risk'>('recent');
  const [revealed, setRevealed] = useState<Record<number, Returnee>>({});
  const queryClient = useQueryClient();
  const canManage = usePermission('returnees.manage');
  const list = useReturnees(node?.id, page, sort);
  const reveal = (id: number) =>
    revealReturnee(id).then(
      (full) => setRevealed((r) => ({ ...r, [id]: full })),
      (err: Error) => void message.error(err.message),
    );
  const due = useDueVisits(canManage ? node?.id : undefined);
  useLiveEvents(
    () => void queryClient.invalidateQueries({ queryKey: ['returnees'] }),
    [
      'returnees.registered',
      'returnees.imported',
      'returnees.isolation-started',
      'returnees.alert',
      'returnees.released',
      'returnees.lost',
    ],
  );
  if (!node) return <Card>{t('pickNode')}</Card>;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {canManage && (
        <Card title={t('due')} size="small" data-testid="due-visits">
          <List
            dataSource={due.data ?? []}
            locale={{ emptyText: t('noneDue') }}
            renderItem={(v) => (
              <List.Item
                actions={[
                  <Link key="open" to={`/returnees/${v.returneeId}`}>
                    {t('open')}
                  </Link>,
                ]}
              >
                <Space wrap>
                  <span>{v.name}</span>
                  <span>{v.nodeName}</span>
                  <span>{formatTime(v.dueAt, locale)}</span>
                  {v.overdue && <Tag color="red">{t('overdue')}</Tag>}
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
      <Card
        title={<Badge status="processing" text={t('list')} />}
        extra={
          <Space wrap>
            <Segmented
              data-testid="returnee-sort"
              value={sort}
              onChange={(v) => {
                setSort(v as 'recent' | 'risk');
                setPage(1);
              }}
              options={[
                { value: 'recent', label: t('sortRecent') },
                { value: 'risk', label: t('sortRisk') },
              ]}
            />
            {canManage && (
              <Button onClick={() => setAdding(!adding)} data-testid="returnee-add">
                {t('register')}
              </Button>
            )}
          </Space>
        }
      >
        {adding && (
          <Card size="small" style={{ marginBottom: 16 }}>
            <RegisterForm nodeId={node.id} />
          </Card>
        )}
        {list.error ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<Returnee>
            rowKey="id"
            size="small"
            data-testid="returnee-table"
            loading={list.isPending}
            dataSource={list.data?.items ?? []}
            scroll={{ x: true }}
            pagination={{
              current: page,
              pageSize: 50,
              total: list.data?.total ?? 0,
              onChange: setPage,
            }}
            columns={[
              {
                title: t('name'),
                dataIndex: 'name',
                render: (name: string, r) => (
                  <Space>
                    <Link to={`/returnees/${r.id}`}>{name}</Link>
                    {r.selfReported && r.status === 'registered' && (
                      <Tag color="gold">{t('selfReported')}</Tag>
                    )}
                  </Space>
                ),
              },
              { title: t('from'), dataIndex: 'fromName' },
              { title: t('arrivalDay'), dataIndex: 'arrivalDay' },
              { title: t('category'), dataIndex: 'category', render: (c: string) => t(`categories.${c}`) },
              {
                title: t('status'),
                dataIndex: 'status',
                render: (s: string, r) => (
                  <Space>
                    <Tag>{t(`statuses.${s}`)}</Tag>
                    {r.measure && <Tag color="blue">{t(`measures.${r.measure}`)}</Tag>}
                    {r.overdue > 0 && (
                      <Tag color="red">
                        {t('overdue')} {r.overdue}
                      </Tag>
                    )}
                  </Space>
                ),
              },
              { title: t('node'), dataIndex: 'nodeName' },
              {
                title: t('phone'),
                dataIndex: 'phone',
                render: (phone: string, r) =>
                  revealed[r.id] ? (
                    <span data-testid="returnee-revealed">
                      {revealed[r.id]!.phone} {revealed[r.id]!.idNumber}
                    </span>
                  ) : (
                    <Space>
                      <span>{phone}</span>
                      {r.revealable && (
                        <Button size="small" type="link" onClick={() => void reveal(r.id)}>
                          {t('reveal')}
                        </Button>
                      )}
                    </Space>
                  ),
              },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
