import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, List, Radio, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { CHECKLISTS, type Severity } from '../../../../contracts/supervision.ts';
import { QueryView } from '../../../components/states.tsx';
import { ApiError } from '../../../lib/api.ts';
import { useCurrentUser } from '../../../lib/auth.ts';
import { getChecklists, getOrders, getVisit } from '../api/supervision.ts';
import { enqueue, queued, syncQueue } from '../lib/offline.ts';

const readAsDataUrl = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });

/**
 * One visit on the inspector's phone: the target kind's checklist, a finding with photos, severity
 * and the rule breached. Every finding goes through the offline queue, so a dead zone loses nothing.
 */
export default function VisitPage() {
  const { t, i18n } = useTranslation('supervision');
  const { message } = App.useApp();
  const me = useCurrentUser();
  const id = Number(useParams().id);
  const client = useQueryClient();
  const visit = useQuery({ queryKey: ['supervision', 'visit', id], queryFn: () => getVisit(id) });
  const orders = useQuery({
    queryKey: ['supervision', 'orders', 'visit', id],
    queryFn: async () => (await getOrders({})).filter((o) => o.visitId === id),
  });
  // The configured templates; in a dead zone before the first load, the built-in lists.
  const checklists = useQuery({
    queryKey: ['supervision', 'checklists'],
    queryFn: getChecklists,
    initialData: CHECKLISTS,
    initialDataUpdatedAt: 0,
  });
  const [form] = Form.useForm<{ item: string; rule: string; severity: Severity; note: string }>();
  const [photos, setPhotos] = useState<File[]>([]);
  const [waiting, setWaiting] = useState(() => queued(me.id).length);
  const [busy, setBusy] = useState(false);

  const sync = async () => {
    setBusy(true);
    try {
      await syncQueue(me.id);
      await client.invalidateQueries({ queryKey: ['supervision'] });
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 0)) message.error((err as Error).message);
    } finally {
      setWaiting(queued(me.id).length);
      setBusy(false);
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: sync once on mount and whenever the network returns.
  useEffect(() => {
    void sync();
    const online = () => void sync();
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, []);

  const submit = async (values: { item: string; rule: string; severity: Severity; note?: string }) => {
    enqueue(me.id, {
      body: {
        clientId: crypto.randomUUID(),
        visitId: id,
        item: values.item,
        rule: values.rule,
        severity: values.severity,
        note: values.note ?? '',
        photoIds: [],
        observedAt: Date.now(),
      },
      photos: await Promise.all(photos.map(async (f) => ({ name: f.name, dataUrl: await readAsDataUrl(f) }))),
    });
    form.resetFields();
    setPhotos([]);
    setWaiting(queued(me.id).length);
    await sync();
    message.success(t('recorded'));
  };

  return (
    <QueryView query={visit}>
      {(v) => (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Card title={v.targetLabel} extra={v.unannounced && <Tag color="red">{t('unannounced')}</Tag>}>
            <Typography.Paragraph type="secondary">{v.roundTitle}</Typography.Paragraph>
            {waiting > 0 && (
              <Space>
                <Tag color="orange" data-testid="queue-count">
                  {t('waiting', { count: waiting })}
                </Tag>
                <Button size="small" loading={busy} onClick={() => void sync()}>
                  {t('sync')}
                </Button>
              </Space>
            )}
            <Form form={form} layout="vertical" onFinish={submit} initialValues={{ severity: 'major' }}>
              <Form.Item name="item" label={t('item')} rules={[{ required: true }]}>
                <Select
                  data-testid="finding-item"
                  options={checklists.data[v.targetKind].map((c) => ({
                    value: c.key,
                    label: i18n.language === 'en' ? c.en : c.zh,
                  }))}
                />
              </Form.Item>
              <Form.Item name="rule" label={t('rule')} rules={[{ required: true }]}>
                <Input data-testid="finding-rule" />
              </Form.Item>
              <Form.Item name="severity" label={t('severity')}>
                <Radio.Group
                  optionType="button"
                  options={(['minor', 'major', 'critical'] as const).map((s) => ({
                    value: s,
                    label: t(`severities.${s}`),
                  }))}
                />
              </Form.Item>
              <Form.Item name="note" label={t('note')}>
                <Input.TextArea rows={2} data-testid="finding-note" />
              </Form.Item>
              <Form.Item label={t('photos', { count: photos.length })}>
                <input
                  data-testid="finding-photo"
                  type="file"
                  accept="image/*"
                  capture="environment"
                  multiple
                  onChange={(e) => setPhotos([...photos, ...Array.from(e.target.files ?? [])])}
                />
              </Form.Item>
              <Button type="primary" htmlType="submit" block data-testid="finding-submit">
                {t('recordFinding')}
              </Button>
            </Form>
          </Card>
          <Card title={t('ordersOfVisit')}>
            <QueryView query={orders}>
              {(list) => (
                <List
                  dataSource={list}
                  locale={{ emptyText: t('noOrders') }}
                  renderItem={(o) => (
                    <List.Item data-testid={`order-${o.id}`} data-status={o.status}>
                      <Link to={`/supervision/orders/${o.id}`}>{o.rule}</Link>
                      <Tag>{t(`statuses.${o.status}`)}</Tag>
                    </List.Item>
                  )}
                />
              )}
            </QueryView>
          </Card>
        </Space>
      )}
    </QueryView>
  );
}
