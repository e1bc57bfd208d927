import { Alert, App, Button, Card, Form, Input, Popconfirm, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonErasure } from '../../../../contracts/retention.ts';
import { saveBlob } from '../../../lib/api.ts';
import { applyApiError } from '../../../lib/form-errors.ts';
import { useLocale } from '../../../lib/locale.ts';
import { useErasePerson, useExportPerson } from '../api/retention.ts';

/** Hands the export to the browser as a file; the name carries the date, never the ID number. */
function download(body: unknown, exportedAt: number) {
  saveBlob(
    new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' }),
    `personal-data-${new Date(exportedAt + 8 * 3600_000).toISOString().slice(0, 10)}.json`,
  );
}

export default function PersonPage() {
  const { t } = useTranslation('retention');
  const locale = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ idNumber: string }>();
  const exporter = useExportPerson();
  const eraser = useErasePerson();
  const [erasure, setErasure] = useState<PersonErasure | null>(null);

  const onError = (err: unknown) => {
    const general = applyApiError(form, err);
    if (general) void message.error(general);
  };

  return (
    <Card title={t('personMenu')}>
      <Typography.Paragraph type="secondary">{t('personHint')}</Typography.Paragraph>
      <Form form={form} layout="inline" data-testid="person-form">
        <Form.Item name="idNumber" label={t('idNumber')} rules={[{ required: true }]}>
          <Input maxLength={18} style={{ width: 220 }} autoComplete="off" />
        </Form.Item>
        <Space>
          <Button
            type="primary"
            loading={exporter.isPending}
            onClick={async () => {
              const { idNumber } = await form.validateFields();
              exporter.mutate(idNumber.trim(), {
                onSuccess: (data) =>
                  data.tables.length ? download(data, data.exportedAt) : void message.info(t('nothing')),
                onError,
              });
            }}
          >
            {t('export')}
          </Button>
          <Popconfirm
            title={t('confirmErase')}
            onConfirm={async () => {
              const { idNumber } = await form.validateFields();
              eraser.mutate(idNumber.trim(), { onSuccess: setErasure, onError });
            }}
          >
            <Button danger loading={eraser.isPending}>
              {t('erase')}
            </Button>
          </Popconfirm>
        </Space>
      </Form>
      {erasure ? (
        <Space direction="vertical" style={{ marginTop: 16, width: '100%' }} data-testid="erasure">
          {erasure.erased.length === 0 && erasure.kept.length === 0 ? (
            <Alert type="info" message={t('nothing')} />
          ) : null}
          {erasure.erased.length ? (
            <Table
              size="small"
              title={() => t('erased')}
              rowKey={(l) => `${l.table}|${l.nodePath}`}
              pagination={false}
              dataSource={erasure.erased}
              columns={[
                { title: t('table'), dataIndex: 'table' },
                { title: t('nodePath'), dataIndex: 'nodePath' },
                { title: t('rows'), dataIndex: 'rows' },
              ]}
            />
          ) : null}
          {erasure.kept.map((k) => (
            <Alert
              key={k.table}
              type="warning"
              message={`${t('kept')}: ${k.table} (${k.rows}) — ${k.reason[locale]}`}
            />
          ))}
        </Space>
      ) : null}
    </Card>
  );
}
