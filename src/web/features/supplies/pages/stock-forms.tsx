import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Table,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DONATION_ROW_ERROR_LABELS,
  type DonationImport,
  WRITE_OFF_REASONS,
} from '../../../../contracts/supplies.ts';
import { ApiError } from '../../../lib/api.ts';
import { useLocale } from '../../../lib/locale.ts';
import {
  countStock,
  importDonations,
  suppliesKey,
  transfer,
  useItems,
  useStores,
  writeOff,
} from '../api/supplies.ts';

type Action = 'transfer' | 'count' | 'writeOff';
interface Values {
  storeId: number;
  toStoreId?: number;
  itemId: number;
  quantity?: number;
  counted?: number;
  reason?: string;
  writeOffReason?: (typeof WRITE_OFF_REASONS)[number];
}

/** Transfer between stores, a physical count (reason required), a write-off: each one ledger row. */
export function StockMovementForm() {
  const { t } = useTranslation('supplies');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const stores = useStores();
  const items = useItems();
  const [action, setAction] = useState<Action>('transfer');
  const [form] = Form.useForm<Values>();
  const storeOptions = (stores.data ?? []).map((s) => ({ value: s.id, label: s.name }));
  const submit = async (v: Values) => {
    try {
      if (action === 'transfer')
        await transfer({
          fromStoreId: v.storeId,
          toStoreId: v.toStoreId!,
          itemId: v.itemId,
          quantity: v.quantity!,
        });
      else if (action === 'count')
        await countStock({ storeId: v.storeId, itemId: v.itemId, counted: v.counted!, reason: v.reason! });
      else
        await writeOff({
          storeId: v.storeId,
          itemId: v.itemId,
          quantity: v.quantity!,
          reason: v.writeOffReason!,
          note: v.reason ?? '',
        });
      message.success(t('done'));
      form.resetFields(['quantity', 'counted', 'reason']);
      await queryClient.invalidateQueries({ queryKey: suppliesKey });
    } catch (err) {
      if (err instanceof ApiError && err.fields.length > 0) {
        const field = (f: string) => (f === 'fromStoreId' ? 'storeId' : f);
        form.setFields(
          err.fields.map((f) => ({ name: field(f.field) as keyof Values, errors: [f.message] })),
        );
      }
      message.error(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <Card title={t('movements')}>
      <Radio.Group
        data-testid="movement-action"
        value={action}
        onChange={(e) => setAction(e.target.value)}
        optionType="button"
        options={[
          { value: 'transfer', label: t('transfer') },
          { value: 'count', label: t('count') },
          { value: 'writeOff', label: t('writeOff') },
        ]}
        style={{ marginBottom: 16 }}
      />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ writeOffReason: 'expired' }}>
        <Form.Item
          name="storeId"
          label={action === 'transfer' ? t('fromStore') : t('store')}
          rules={[{ required: true }]}
        >
          <Select data-testid="movement-store" options={storeOptions} />
        </Form.Item>
        {action === 'transfer' && (
          <Form.Item name="toStoreId" label={t('toStore')} rules={[{ required: true }]}>
            <Select data-testid="movement-to-store" options={storeOptions} />
          </Form.Item>
        )}
        <Form.Item name="itemId" label={t('item')} rules={[{ required: true }]}>
          <Select
            data-testid="movement-item"
            showSearch
            optionFilterProp="label"
            options={(items.data ?? []).map((i) => ({
              value: i.id,
              label: `${i.name} ${i.standard}`.trim(),
            }))}
          />
        </Form.Item>
        {action === 'count' ? (
          <Form.Item name="counted" label={t('counted')} rules={[{ required: true }]}>
            <InputNumber data-testid="movement-counted" min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        ) : (
          <Form.Item name="quantity" label={t('quantity')} rules={[{ required: true }]}>
            <InputNumber data-testid="movement-quantity" min={1} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        )}
        {action === 'writeOff' && (
          <Form.Item name="writeOffReason" label={t('writeOffReason')} rules={[{ required: true }]}>
            <Select
              data-testid="movement-write-off-reason"
              options={WRITE_OFF_REASONS.map((r) => ({ value: r, label: t(`writeOff_${r}`) }))}
            />
          </Form.Item>
        )}
        {action !== 'transfer' && (
          <Form.Item name="reason" label={t('reason')} rules={[{ required: action === 'count' }]}>
            <Input data-testid="movement-reason" maxLength={200} />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" data-testid="movement-submit">
          {t('submit')}
        </Button>
      </Form>
    </Card>
  );
}

/** A donation list (xlsx) into one store; the refused rows come back named with field and reason. */
export function DonationImportCard() {
  const { t } = useTranslation('supplies');
  const locale = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const stores = useStores();
  const [storeId, setStoreId] = useState<number | undefined>(undefined);
  const [report, setReport] = useState<DonationImport | null>(null);
  const upload = async (file: File) => {
    try {
      setReport(await importDonations(storeId!, file));
      await queryClient.invalidateQueries({ queryKey: suppliesKey });
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    }
    return false;
  };
  return (
    <Card title={t('importTitle')}>
      <Space wrap>
        <Select
          data-testid="import-store"
          placeholder={t('store')}
          style={{ width: 220 }}
          value={storeId}
          onChange={setStoreId}
          options={(stores.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
        />
        <Upload accept=".xlsx" showUploadList={false} beforeUpload={upload} disabled={!storeId}>
          <Button data-testid="import-file" disabled={!storeId}>
            {t('importFile')}
          </Button>
        </Upload>
      </Space>
      <p style={{ marginTop: 8, color: '#888' }}>{t('importColumns')}</p>
      {report && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert
            data-testid="import-summary"
            type={report.rejected > 0 ? 'warning' : 'success'}
            message={t(report.repeated ? 'importRepeated' : 'importSummary', {
              read: report.rowsRead,
              imported: report.imported,
              rejected: report.rejected,
            })}
          />
          {report.errors.length > 0 && (
            <Table
              data-testid="import-errors"
              size="small"
              rowKey={(e) => `${e.row}-${e.field}`}
              dataSource={report.errors}
              pagination={{ pageSize: 20 }}
              columns={[
                { title: t('row'), dataIndex: 'row' },
                { title: t('field'), dataIndex: 'field', render: (f: string) => t(`field_${f}`) },
                {
                  title: t('reason'),
                  dataIndex: 'code',
                  render: (c: keyof typeof DONATION_ROW_ERROR_LABELS) => DONATION_ROW_ERROR_LABELS[c][locale],
                },
                { title: t('value'), dataIndex: 'value' },
              ]}
            />
          )}
        </Space>
      )}
    </Card>
  );
}
