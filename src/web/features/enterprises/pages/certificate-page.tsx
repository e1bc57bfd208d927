import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Input, List, Select, Space, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import {
  type Certificate,
  certificateSchema,
  EVIDENCE_KINDS,
  filingListSchema,
} from '../../../../contracts/enterprises.ts';
import { QueryView } from '../../../components/states.tsx';
import { api } from '../../../lib/api.ts';
import { usePermission } from '../../../lib/auth.ts';
import { uploadFile } from '../../../lib/files.ts';
import { beijingDate, statusColor } from './shared.tsx';

async function sha256Hex(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export default function CertificatePage() {
  const { t } = useTranslation('enterprises');
  const { id } = useParams();
  const query = useQuery({
    queryKey: ['fm-certificates', Number(id)],
    queryFn: () => api.get(`/api/fm-certificates/${id}`, certificateSchema),
  });
  const isEnterprise = usePermission('enterprises.self');
  const isCouncil = usePermission('certificates.issue');
  return (
    <QueryView query={query}>
      {(c) => (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {c.enterpriseName}{' '}
            <Tag color={statusColor(c.status)} data-testid="cert-status">
              {c.status}
            </Tag>
          </Typography.Title>
          <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
            <Descriptions.Item label={t('number')}>
              <span data-testid="cert-number">{c.number ?? '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('due')}>
              {beijingDate(c.dueAt, true)}
              {c.issuedAt ? ` · ${Math.round((c.issuedAt - c.submittedAt) / 60_000)} min` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('counterparty')}>
              {c.counterparty}（{c.country}）
            </Descriptions.Item>
            <Descriptions.Item label={t('contracts')}>{c.contracts.join(', ')}</Descriptions.Item>
            <Descriptions.Item label={t('obligation')}>{c.obligation}</Descriptions.Item>
            <Descriptions.Item label={t('council')}>{c.councilReference ?? '—'}</Descriptions.Item>
          </Descriptions>
          <Card size="small" title={t('evidence')}>
            <List
              size="small"
              dataSource={c.evidence}
              data-testid="evidence"
              renderItem={(e) => (
                <List.Item>
                  <Space direction="vertical" size={0}>
                    <span>
                      <Tag>{e.kind}</Tag>
                      {e.title}
                    </span>
                    <Typography.Text type="secondary" style={{ fontSize: 11 }} copyable>
                      {e.sha256}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
            {isEnterprise && ['submitted', 'in_review', 'info_requested'].includes(c.status) && (
              <AddEvidence cert={c} />
            )}
          </Card>
          {isCouncil && <Decisions cert={c} />}
          {c.signed && (
            <Space>
              <Button href={`/api/fm-certificates/${c.id}/certificate.pdf`} data-testid="cert-pdf">
                {t('pdf')}
              </Button>
              <Button type="link" href={`/verify/fm/${c.number}`} target="_blank">
                {t('verifyTitle')}
              </Button>
            </Space>
          )}
        </Space>
      )}
    </QueryView>
  );
}

function AddEvidence({ cert }: { cert: Certificate }) {
  const { t } = useTranslation('enterprises');
  const client = useQueryClient();
  const { message } = App.useApp();
  const [kind, setKind] = useState<(typeof EVIDENCE_KINDS)[number]>('government_notice');
  const filings = useQuery({
    queryKey: ['enterprise-filings', 'approved'],
    queryFn: () => api.get('/api/enterprise-filings', filingListSchema, { status: 'approved' }),
  });
  const done = (c: Certificate) => client.setQueryData(['fm-certificates', c.id], c);
  const upload = useMutation({
    mutationFn: async (file: File) => {
      const stored = await uploadFile('fm-certificate', cert.id, file);
      // The digest is computed here, in the browser, and must match what the server stored.
      const sha256 = await sha256Hex(file);
      return api.post(`/api/fm-certificates/${cert.id}/evidence`, certificateSchema, {
        kind,
        title: file.name,
        fileId: stored.id,
        sha256,
      });
    },
    onSuccess: done,
    onError: (e) => message.error((e as Error).message),
  });
  const attachFiling = useMutation({
    mutationFn: (filingId: number) =>
      api.post(`/api/fm-certificates/${cert.id}/evidence`, certificateSchema, {
        kind: 'resumption_filing',
        filingId,
      }),
    onSuccess: done,
    onError: (e) => message.error((e as Error).message),
  });
  const approved = filings.data?.items[0];
  return (
    <Space wrap style={{ marginTop: 8 }}>
      <Select
        value={kind}
        onChange={setKind}
        style={{ minWidth: 200 }}
        options={EVIDENCE_KINDS.filter((k) => k !== 'resumption_filing').map((k) => ({ value: k, label: k }))}
      />
      <Upload
        showUploadList={false}
        accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx"
        beforeUpload={(file) => {
          upload.mutate(file);
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="evidence-upload">
          {t('addEvidence')}
        </Button>
      </Upload>
      {approved && (
        <Button
          loading={attachFiling.isPending}
          onClick={() => attachFiling.mutate(approved.id)}
          data-testid="attach-filing"
        >
          {t('attachFiling')}
        </Button>
      )}
    </Space>
  );
}

function Decisions({ cert }: { cert: Certificate }) {
  const { t } = useTranslation('enterprises');
  const client = useQueryClient();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const decide = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api.post(`/api/fm-certificates/${cert.id}/decision`, certificateSchema, body),
    onSuccess: (c) => {
      setText('');
      client.setQueryData(['fm-certificates', c.id], c);
    },
    onError: (e) => message.error((e as Error).message),
  });
  const s = cert.status;
  return (
    <Card size="small">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input value={text} onChange={(e) => setText(e.target.value)} data-testid="decision-text" />
        <Space wrap>
          {s === 'submitted' && (
            <Button onClick={() => decide.mutate({ action: 'start' })} data-testid="cert-start">
              {t('actions.start')}
            </Button>
          )}
          {s === 'in_review' && (
            <>
              <Button onClick={() => decide.mutate({ action: 'request', message: text })}>
                {t('actions.request')}
              </Button>
              <Button
                onClick={() => decide.mutate({ action: 'council', reference: text })}
                data-testid="cert-council"
              >
                {t('council')}
              </Button>
              <Button
                type="primary"
                onClick={() => decide.mutate({ action: 'issue' })}
                data-testid="cert-issue"
              >
                {t('issue')}
              </Button>
            </>
          )}
          {(s === 'in_review' || s === 'info_requested') && (
            <Button danger onClick={() => decide.mutate({ action: 'refuse', reason: text })}>
              {t('refuse')}
            </Button>
          )}
          {s === 'issued' && (
            <Button
              danger
              onClick={() => decide.mutate({ action: 'revoke', reason: text })}
              data-testid="cert-revoke"
            >
              {t('revoke')}
            </Button>
          )}
        </Space>
      </Space>
    </Card>
  );
}
