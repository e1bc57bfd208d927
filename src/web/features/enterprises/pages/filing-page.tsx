import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Descriptions,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Tag,
  Timeline,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import {
  BUREAU_NAMES,
  type BUREAUS,
  DOCUMENT_LABELS,
  type Filing,
  type FilingAction,
  filingSchema,
  type ReviewActionBody,
} from '../../../../contracts/enterprises.ts';
import { CHECKLISTS, SEVERITIES, type Severity } from '../../../../contracts/supervision.ts';
import { QueryView } from '../../../components/states.tsx';
import { api } from '../../../lib/api.ts';
import { usePermission } from '../../../lib/auth.ts';
import { uploadFile } from '../../../lib/files.ts';
import { beijingDate, statusColor } from './shared.tsx';

export default function FilingPage() {
  const { t, i18n } = useTranslation('enterprises');
  const { id } = useParams();
  const query = useQuery({
    queryKey: ['enterprise-filings', Number(id)],
    queryFn: () => api.get(`/api/enterprise-filings/${id}`, filingSchema),
  });
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  return (
    <QueryView query={query}>
      {(f) => (
        <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="filing">
          <Typography.Title level={3} style={{ margin: 0 }}>
            {f.enterpriseName}{' '}
            <Tag color={statusColor(f.status)} data-testid="filing-status">
              {t(`statuses.${f.status}`)}
            </Tag>
          </Typography.Title>
          <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
            <Descriptions.Item label={t('regime')}>{t(`regimes.${f.regime}`)}</Descriptions.Item>
            <Descriptions.Item label={t('submittedAt')}>{beijingDate(f.submittedAt, true)}</Descriptions.Item>
            <Descriptions.Item label={t('replyDue')}>
              <span data-testid="reply-due">{beijingDate(f.replyDueAt, true)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('staffReturning')}>{f.form.staffReturning}</Descriptions.Item>
            <Descriptions.Item label={t('signedBy')}>{f.signedBy ?? '—'}</Descriptions.Item>
          </Descriptions>
          <Card size="small" title={t('missing')}>
            {f.missing.length === 0 ? (
              <Typography.Text type="success">{t('noneMissing')}</Typography.Text>
            ) : (
              <Space direction="vertical" data-testid="missing">
                {f.missing.map((key) => (
                  <DocumentRow
                    key={key}
                    filing={f}
                    docKey={key}
                    label={DOCUMENT_LABELS[key]?.[lang] ?? key}
                  />
                ))}
              </Space>
            )}
            {f.documents.length > 0 && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                {t('documents')}: {f.documents.map((d) => DOCUMENT_LABELS[d.key]?.[lang] ?? d.key).join('、')}
              </Typography.Paragraph>
            )}
          </Card>
          {f.staffOrigins.length > 0 && (
            <Card size="small" title={t('staffOrigins')}>
              <Space direction="vertical" data-testid="staff-origins">
                {f.staffOrigins.map((o) => (
                  <span key={o.place}>
                    {o.place} · {o.count}{' '}
                    <Typography.Text type="secondary">
                      {o.originName === null
                        ? t('originUnmatched')
                        : `${o.originName} — ${t('originRegister', { registered: o.registered, isolating: o.isolating })}`}
                    </Typography.Text>
                  </span>
                ))}
              </Space>
            </Card>
          )}
          <Actions filing={f} />
          <Card size="small" title={t('steps')}>
            <Timeline
              items={f.steps.map((s) => ({
                key: s.id,
                children: (
                  <span>
                    {beijingDate(s.at, true)} {s.actorName} · {t(`actions.${s.kind}`)}
                    {typeof s.detail.message === 'string' ? `：${s.detail.message}` : ''}
                    {typeof s.detail.reason === 'string' ? `：${s.detail.reason}` : ''}
                    {Array.isArray(s.detail.rectificationOrderIds)
                      ? ` · ${t('rectifications', { count: s.detail.rectificationOrderIds.length })}`
                      : ''}
                  </span>
                ),
              }))}
            />
          </Card>
        </Space>
      )}
    </QueryView>
  );
}

function DocumentRow({ filing, docKey, label }: { filing: Filing; docKey: string; label: string }) {
  const { t } = useTranslation('enterprises');
  const client = useQueryClient();
  const { message } = App.useApp();
  const own = usePermission('enterprises.self');
  const attach = useMutation({
    mutationFn: async (file: File) => {
      const stored = await uploadFile('enterprise-filing', filing.id, file);
      return api.post(`/api/enterprise-filings/${filing.id}/documents`, filingSchema, {
        key: docKey,
        fileId: stored.id,
      });
    },
    onSuccess: (f) => client.setQueryData(['enterprise-filings', f.id], f),
    onError: (e) => message.error((e as Error).message),
  });
  return (
    <Space>
      <Tag>{label}</Tag>
      {own && (
        <Upload
          showUploadList={false}
          accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx"
          beforeUpload={(file) => {
            attach.mutate(file);
            return false;
          }}
        >
          <Button
            size="small"
            icon={<UploadOutlined />}
            loading={attach.isPending}
            data-testid={`upload-${docKey}`}
          >
            {t('upload')}
          </Button>
        </Upload>
      )}
    </Space>
  );
}

function Actions({ filing }: { filing: Filing }) {
  const { t, i18n } = useTranslation('enterprises');
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const client = useQueryClient();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [document, setDocument] = useState<string | undefined>(undefined);
  const [days, setDays] = useState(5);
  const scheduled = (filing.steps.findLast((s) => s.kind === 'schedule')?.detail.bureaus ?? [
    'commerce',
  ]) as Array<(typeof BUREAUS)[number]>;
  const [findings, setFindings] = useState<
    Record<string, { ok: boolean; note: string; item?: string; severity: Severity }>
  >({});
  const finding = (b: string) => findings[b] ?? { ok: true, note: '', severity: 'minor' as Severity };
  const setFinding = (b: string, patch: Partial<ReturnType<typeof finding>>) =>
    setFindings((all) => ({ ...all, [b]: { ...finding(b), ...patch } }));
  const run = useMutation({
    mutationFn: (action: FilingAction) => {
      const base = `/api/enterprise-filings/${filing.id}`;
      if (action === 'submit') return api.post(`${base}/submit`, filingSchema, { signedBy: text });
      if (action === 'reply') return api.post(`${base}/reply`, filingSchema, { message: text });
      const bodies: Record<Exclude<FilingAction, 'submit' | 'reply'>, ReviewActionBody> = {
        start: { action: 'start' },
        request: { action: 'request', message: text, replyDays: days, ...(document ? { document } : {}) },
        schedule: {
          action: 'schedule',
          at: Date.now() + 86_400_000,
          bureaus: ['commerce', 'police', 'market'],
        },
        visit: {
          action: 'visit',
          findings: scheduled.map((bureau) => {
            const f = finding(bureau);
            return {
              bureau,
              ok: f.ok,
              note: f.note || text,
              ...(!f.ok && f.item ? { rectify: { item: f.item, severity: f.severity } } : {}),
            };
          }),
          photoFileIds: [],
        },
        approve: { action: 'approve', note: text },
        reject: { action: 'reject', reason: text },
      };
      return api.post(`${base}/review`, filingSchema, bodies[action]);
    },
    onSuccess: (f) => {
      setText('');
      client.setQueryData(['enterprise-filings', f.id], f);
      void client.invalidateQueries({ queryKey: ['enterprise-filings'] });
    },
    onError: (e) => message.error((e as Error).message),
  });
  if (filing.actions.length === 0) return null;
  const needsText = filing.actions.some((a) => ['submit', 'reply', 'request', 'reject'].includes(a));
  return (
    <Card size="small">
      <Space direction="vertical" style={{ width: '100%' }}>
        {needsText && (
          <Input.TextArea
            rows={2}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={
              filing.actions.includes('submit') ? t('signedBy') : `${t('message')} / ${t('reason')}`
            }
            data-testid="action-text"
          />
        )}
        {filing.actions.includes('request') && (
          <Space wrap>
            <Select
              allowClear
              placeholder={t('document')}
              style={{ minWidth: 200 }}
              value={document}
              onChange={setDocument}
              options={Object.entries(DOCUMENT_LABELS).map(([value, label]) => ({
                value,
                label: label[lang],
              }))}
              data-testid="request-document"
            />
            <InputNumber
              min={1}
              max={30}
              value={days}
              onChange={(v) => setDays(v ?? 5)}
              addonAfter={t('replyDays')}
            />
          </Space>
        )}
        {filing.actions.includes('visit') &&
          scheduled.map((b) => (
            <Space wrap key={b} data-testid={`finding-${b}`}>
              <Tag>{BUREAU_NAMES[b]}</Tag>
              <Switch
                checked={finding(b).ok}
                onChange={(ok) => setFinding(b, { ok })}
                checkedChildren={t('findingOk')}
                data-testid={`finding-ok-${b}`}
              />
              <Input
                value={finding(b).note}
                onChange={(e) => setFinding(b, { note: e.target.value })}
                style={{ width: 200 }}
                data-testid={`finding-note-${b}`}
              />
              {!finding(b).ok && (
                <>
                  <Select
                    allowClear
                    placeholder={t('rectifyItem')}
                    style={{ minWidth: 180 }}
                    value={finding(b).item}
                    onChange={(item) => setFinding(b, { item })}
                    options={CHECKLISTS.enterprise.map((i) => ({
                      value: i.key,
                      label: lang === 'en' ? i.en : i.zh,
                    }))}
                    data-testid={`finding-item-${b}`}
                  />
                  <Select
                    value={finding(b).severity}
                    onChange={(severity) => setFinding(b, { severity })}
                    options={SEVERITIES.map((v) => ({ value: v, label: t(`severities.${v}`) }))}
                  />
                </>
              )}
            </Space>
          ))}
        <Space wrap>
          {filing.actions.map((a) => (
            <Button
              key={a}
              type={a === 'approve' || a === 'submit' ? 'primary' : 'default'}
              danger={a === 'reject'}
              loading={run.isPending && run.variables === a}
              onClick={() => run.mutate(a)}
              data-testid={`action-${a}`}
            >
              {t(`actions.${a}`)}
            </Button>
          ))}
        </Space>
      </Space>
    </Card>
  );
}
