import { Alert, Button, Card, Form, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ChronicleDetail } from '../../../../contracts/chronicle.ts';
import { QueryView } from '../../../components/states.tsx';
import { usePermission } from '../../../lib/auth.ts';
import { formatTime, useLocale } from '../../../lib/locale.ts';
import { useApproveEntry, useChronicleEntry, useEditEntry, useErratum } from '../api/chronicle.ts';

export default function EntryPage() {
  const id = Number(useParams().id);
  const entry = useChronicleEntry(id);
  return <QueryView query={entry}>{(e) => <Entry e={e} />}</QueryView>;
}

function Entry({ e }: { e: ChronicleDetail }) {
  const { t } = useTranslation('chronicle');
  const locale = useLocale();
  const canEdit = usePermission('chronicle.edit');
  const canApprove = usePermission('chronicle.approve');
  const [mode, setMode] = useState<'view' | 'edit' | 'erratum'>('view');
  const edit = useEditEntry(e.id);
  const approve = useApproveEntry(e.id);
  const erratum = useErratum(e.id);
  const latest = e.versions.at(-1)?.id === e.id;
  const error = (edit.error ?? approve.error ?? erratum.error) as Error | null;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="chronicle-entry">
      <Space wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {e.title}
        </Typography.Title>
        <Tag color={e.status === 'approved' ? 'green' : 'gold'} data-testid="chronicle-status">
          {t(`status.${e.status}`)}
        </Tag>
      </Space>
      <Typography.Text type="secondary">
        {formatTime(e.periodStart, locale)} – {formatTime(e.periodEnd, locale)}
        {e.approvedBy && ` · ${t('approvedBy', { name: e.approvedBy })}`}
      </Typography.Text>
      {e.versions.length > 1 && (
        <Space wrap>
          {e.versions.map((v) => (
            <Link key={v.id} to={`/chronicle/${v.id}`}>
              <Tag color={v.id === e.id ? 'volcano' : undefined}>
                {t('version', { version: v.version })} · {t(`status.${v.status}`)}
              </Tag>
            </Link>
          ))}
        </Space>
      )}
      {e.reason && <Alert type="info" message={`${t('reason')}：${e.reason}`} />}
      {error && <Alert type="error" message={error.message} />}

      {mode === 'view' && (
        <>
          <Space wrap>
            {canEdit && e.status === 'draft' && (
              <Button onClick={() => setMode('edit')} data-testid="chronicle-edit">
                {t('edit')}
              </Button>
            )}
            {canApprove && e.status === 'draft' && (
              <Button
                type="primary"
                loading={approve.isPending}
                onClick={() => approve.mutate(undefined)}
                data-testid="chronicle-approve"
              >
                {t('approve')}
              </Button>
            )}
            {canEdit && e.status === 'approved' && latest && (
              <Button onClick={() => setMode('erratum')} data-testid="chronicle-erratum">
                {t('erratum')}
              </Button>
            )}
          </Space>
          {e.diff ? (
            <Card size="small" title={t('changes')}>
              <pre style={{ whiteSpace: 'pre-wrap', margin: 0, fontFamily: 'inherit' }}>
                {e.diff.map((d, i) => (
                  <div
                    // biome-ignore lint/suspicious/noArrayIndexKey: lines of a fixed diff, never reordered
                    key={i}
                    style={{
                      background: d.op === 'add' ? '#f6ffed' : d.op === 'del' ? '#fff1f0' : undefined,
                      textDecoration: d.op === 'del' ? 'line-through' : undefined,
                    }}
                  >
                    {d.op === 'add' ? '+ ' : d.op === 'del' ? '− ' : '  '}
                    {d.text}
                  </div>
                ))}
              </pre>
            </Card>
          ) : (
            <Card size="small">
              <pre
                style={{ whiteSpace: 'pre-wrap', margin: 0, fontFamily: 'inherit' }}
                data-testid="chronicle-body"
              >
                {e.body}
              </pre>
            </Card>
          )}
        </>
      )}

      {mode === 'edit' && (
        <Form
          layout="vertical"
          initialValues={{ title: e.title, body: e.body }}
          onFinish={(values: { title: string; body: string }) =>
            edit.mutate(values, { onSuccess: () => setMode('view') })
          }
        >
          <Form.Item name="title" label={t('entryTitle')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="body" label={t('body')} rules={[{ required: true }]}>
            <Input.TextArea autoSize={{ minRows: 12 }} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={edit.isPending}>
              {t('save')}
            </Button>
            <Button onClick={() => setMode('view')}>{t('cancel')}</Button>
          </Space>
        </Form>
      )}

      {mode === 'erratum' && (
        <Form
          layout="vertical"
          initialValues={{ body: e.body, reason: '' }}
          onFinish={(values: { body: string; reason: string }) =>
            erratum.mutate(values, { onSuccess: () => setMode('view') })
          }
        >
          <Alert type="warning" message={t('erratumHint')} style={{ marginBottom: 12 }} />
          <Form.Item name="reason" label={t('reason')} rules={[{ required: true, min: 2 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="body" label={t('body')} rules={[{ required: true }]}>
            <Input.TextArea autoSize={{ minRows: 12 }} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={erratum.isPending}>
              {t('submitErratum')}
            </Button>
            <Button onClick={() => setMode('view')}>{t('cancel')}</Button>
          </Space>
        </Form>
      )}
    </Space>
  );
}
