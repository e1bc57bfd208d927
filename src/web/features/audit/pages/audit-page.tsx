import {
  AutoComplete,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../../contracts/audit.ts';
import { EmptyState, ErrorState } from '../../../components/states.tsx';
import { usePermission } from '../../../lib/auth.ts';
import { formatTime, useLocale } from '../../../lib/locale.ts';
import { type AuditQuery, useAudit } from '../api/get-audit.ts';
import { useActorSearch } from '../api/search-actors.ts';

type Filters = Pick<AuditQuery, 'actorId' | 'entityType' | 'action' | 'from' | 'to'>;

/** The part of dayjs the range picker's values are used through (dayjs is antd's, not ours). */
interface DayLike {
  startOf(unit: 'day'): DayLike;
  endOf(unit: 'day'): DayLike;
  valueOf(): number;
}

interface FilterForm {
  actorId?: number | null;
  entityType?: string;
  action?: string;
  range?: [DayLike | null, DayLike | null] | null;
}

function toFilters(values: FilterForm): Filters {
  const [start, end] = values.range ?? [null, null];
  return {
    actorId: values.actorId ?? undefined,
    entityType: values.entityType?.trim() || undefined,
    action: values.action?.trim() || undefined,
    from: start ? start.startOf('day').valueOf() : undefined,
    to: end ? end.endOf('day').valueOf() : undefined,
  };
}

export default function AuditPage() {
  const { t } = useTranslation('audit');
  const { t: tc } = useTranslation();
  const locale = useLocale();
  const [form] = Form.useForm<FilterForm>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const audit = useAudit({ ...filters, page, pageSize });
  // Actions in words: the catalogue below, the code itself for anything newer than it.
  const actionLabels = t('actions', { returnObjects: true }) as Record<string, string>;
  const [actorSearch, setActorSearch] = useState('');
  const actorQuery = useDeferredValue(actorSearch);
  const found = useActorSearch(actorQuery, usePermission('users.read'));
  // People on this page of the log, plus those found by name: a picker, not an id to know.
  const actorOptions = new Map<number, string>();
  for (const e of audit.data?.items ?? [])
    if (e.actorId !== null) actorOptions.set(e.actorId, e.actorName ?? `#${e.actorId}`);
  for (const u of found.data?.items ?? []) actorOptions.set(u.id, `${u.name} ${u.phone}`);

  const apply = (next: Filters) => {
    setFilters(next);
    setPage(1);
  };

  return (
    <Card title={t('menu')}>
      <Form
        form={form}
        layout="inline"
        onFinish={(values) => apply(toFilters(values))}
        style={{ marginBottom: 16, rowGap: 8 }}
        data-testid="audit-filters"
      >
        <Form.Item name="actorId" label={t('actor')}>
          <Select
            allowClear
            showSearch={{ filterOption: false, onSearch: setActorSearch }}
            placeholder={t('pickActor')}
            style={{ width: 220 }}
            options={[...actorOptions].map(([value, label]) => ({ value, label }))}
            data-testid="audit-actor"
          />
        </Form.Item>
        <Form.Item name="entityType" label={t('entityType')}>
          <Input allowClear maxLength={40} style={{ width: 130 }} placeholder="user" />
        </Form.Item>
        <Form.Item name="action" label={t('action')}>
          {/* Typed as a code or picked by its words. */}
          <AutoComplete
            allowClear
            style={{ width: 200 }}
            options={Object.entries(actionLabels).map(([value, label]) => ({
              value,
              label: `${label} · ${value}`,
            }))}
            filterOption={(input, option) =>
              String(option?.label ?? '')
                .toLowerCase()
                .includes(input.trim().toLowerCase())
            }
          />
        </Form.Item>
        <Form.Item name="range" label={t('timeRange')}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {tc('search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              apply({});
            }}
          >
            {tc('reset')}
          </Button>
        </Space>
      </Form>
      {audit.error ? (
        <ErrorState error={audit.error} onRetry={() => void audit.refetch()} />
      ) : (
        <Table<AuditEntry>
          rowKey="id"
          size="small"
          data-testid="audit-table"
          loading={audit.isFetching}
          dataSource={audit.data?.items ?? []}
          locale={{ emptyText: audit.isPending ? ' ' : <EmptyState /> }}
          scroll={{ x: 'max-content' }}
          expandable={{
            rowExpandable: (e) => e.detail !== null || e.reason !== null,
            expandedRowRender: (e) => (
              <Space direction="vertical" size={4}>
                {e.reason ? (
                  <span>
                    {t('reason')}: {e.reason}
                  </span>
                ) : null}
                {e.detail ? (
                  <Typography.Text code style={{ whiteSpace: 'pre-wrap' }}>
                    {JSON.stringify(e.detail, null, 2)}
                  </Typography.Text>
                ) : null}
                {e.requestId ? (
                  <Typography.Text type="secondary">
                    {t('requestId')}: {e.requestId}
                  </Typography.Text>
                ) : null}
              </Space>
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: audit.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (count) => tc('total', { count }),
            onChange: (p, size) => {
              setPage(p);
              setPageSize(size);
            },
          }}
          columns={[
            { title: t('at'), dataIndex: 'at', render: (ms: number) => formatTime(ms, locale), width: 170 },
            {
              title: t('actor'),
              dataIndex: 'actorName',
              render: (name: string | null, e) =>
                e.actorId === null ? (
                  <Typography.Text type="secondary">{t('system')}</Typography.Text>
                ) : (
                  <Button
                    type="link"
                    size="small"
                    title={t('filterByActor')}
                    onClick={() => {
                      form.setFieldValue('actorId', e.actorId);
                      apply({ ...filters, actorId: e.actorId ?? undefined });
                    }}
                  >
                    {name ?? `#${e.actorId}`}
                  </Button>
                ),
            },
            {
              title: t('action'),
              dataIndex: 'action',
              render: (a: string) => <Tag title={a}>{actionLabels[a] ?? a}</Tag>,
            },
            {
              title: t('entity'),
              key: 'entity',
              render: (_: unknown, e) => `${e.entityType}${e.entityId ? ` #${e.entityId}` : ''}`,
            },
            {
              title: t('place'),
              dataIndex: 'nodeName',
              render: (name: string | null, e) => <span title={e.nodePath}>{name ?? e.nodePath}</span>,
            },
          ]}
        />
      )}
    </Card>
  );
}
