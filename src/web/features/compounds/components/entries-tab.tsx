import { Button, DatePicker, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Entry } from '../../../../contracts/gate.ts';
import { type MessageCode, translate } from '../../../../contracts/messages.ts';
import { PASS_REASONS, type PassReason } from '../../../../contracts/passes.ts';
import { formatTime, useLocale } from '../../../lib/locale.ts';
import { useEntries } from '../api/get-entries.ts';

/** The part of dayjs the range picker's values are used through (dayjs is antd's, not ours). */
interface DayLike {
  startOf(unit: 'day'): DayLike;
  endOf(unit: 'day'): DayLike;
  valueOf(): number;
}

const reasonCode = (r: PassReason) => `PASS_${r.toUpperCase()}` as MessageCode;

/** The gate log of one compound: search by time range and result, export the range as xlsx. */
export function EntriesTab({ compoundId }: { compoundId: number }) {
  const { t } = useTranslation('compounds');
  const locale = useLocale();
  const [range, setRange] = useState<{ from?: number; to?: number }>({});
  const [result, setResult] = useState<PassReason | undefined>();
  const [page, setPage] = useState(1);
  const entries = useEntries({ nodeId: compoundId, ...range, result, page });
  const from = range.from ?? Date.now() - 86_400_000;
  const to = range.to ?? Date.now() + 60_000;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <DatePicker.RangePicker
          onChange={(values) => {
            const [start, end] = (values ?? [null, null]) as [DayLike | null, DayLike | null];
            setRange({ from: start?.startOf('day').valueOf(), to: end?.endOf('day').valueOf() });
            setPage(1);
          }}
        />
        <Select
          allowClear
          style={{ minWidth: 180 }}
          placeholder={t('reason')}
          value={result}
          onChange={(v) => {
            setResult(v);
            setPage(1);
          }}
          options={PASS_REASONS.map((r) => ({ value: r, label: translate(reasonCode(r), locale) }))}
        />
        <Button href={`/api/gate/entries.xlsx?nodeId=${compoundId}&from=${from}&to=${to}`}>
          {t('exportRange')}
        </Button>
      </Space>
      <Table<Entry>
        rowKey="id"
        size="small"
        loading={entries.isPending}
        dataSource={entries.data?.items ?? []}
        pagination={{ current: page, pageSize: 50, total: entries.data?.total ?? 0, onChange: setPage }}
        scroll={{ x: true }}
        columns={[
          { title: t('at'), dataIndex: 'at', render: (at: number) => formatTime(at, locale) },
          { title: t('gates'), dataIndex: 'gate' },
          { title: t('direction'), dataIndex: 'direction', render: (d: Entry['direction']) => t(d) },
          { title: t('household'), render: (_: unknown, e) => e.household ?? '' },
          { title: t('visitors'), dataIndex: 'visitor' },
          {
            title: t('reason'),
            dataIndex: 'result',
            render: (r: PassReason) => (
              <Tag color={r === 'ok' ? 'green' : 'red'}>{translate(reasonCode(r), locale)}</Tag>
            ),
          },
          {
            title: t('temperature'),
            dataIndex: 'temperature',
            render: (v: number | null) =>
              v == null ? (
                ''
              ) : (
                <span style={{ color: v >= 37.3 ? '#cf1322' : undefined }}>{v.toFixed(1)}</span>
              ),
          },
        ]}
      />
    </Space>
  );
}
