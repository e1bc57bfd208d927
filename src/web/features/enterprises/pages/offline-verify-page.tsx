import { Alert, Button, Card, Input, Result, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import {
  type CertVerdict,
  certKeySchema,
  mergeRevocations,
  type RevocationState,
  revocationListSchema,
  signedCertificateSchema,
  verifyCertificate,
} from '../../../../contracts/enterprises.ts';
import { fromBase64Url } from '../../../../contracts/passes.ts';
import { api } from '../../../lib/api.ts';
import { beijingDate } from './shared.tsx';

const STORE = 'xinghuo.fm-verifier';

interface Stored {
  keys: Array<{ id: number; publicKey: string }>;
  version: number;
  issuedAt: number;
  revoked: Array<[string, number]>;
}

function load(): Stored | null {
  try {
    const raw = localStorage.getItem(STORE);
    return raw ? (JSON.parse(raw) as Stored) : null;
  } catch {
    return null;
  }
}

const stateOf = (s: Stored): RevocationState => ({
  version: s.version,
  issuedAt: s.issuedAt,
  revoked: new Map(s.revoked),
});

async function ed25519(key: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const k = await crypto.subtle.importKey('raw', key as BufferSource, { name: 'Ed25519' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'Ed25519' }, k, signature as BufferSource, message as BufferSource);
}

/**
 * The offline verifier: the issuer's keys and the revocation list are fetched while online and kept
 * in this browser; a certificate's signed record is then checked here with no server. A list
 * fetched later only adds revocations (an older or replayed list never un-revokes), and the page
 * always shows how old its list is.
 */
export default function OfflineVerifyPage() {
  const { t } = useTranslation('enterprises');
  const [stored, setStored] = useState<Stored | null>(load);
  const [text, setText] = useState('');
  const [result, setResult] = useState<{
    verdict: CertVerdict;
    number: string;
    revokedAt: number | null;
  } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = async () => {
    setError(null);
    try {
      const [keys, list] = await Promise.all([
        api.get('/api/public/fm-certificates/keys', z.array(certKeySchema)),
        api.get('/api/public/fm-certificates/revocations', revocationListSchema),
      ]);
      const before = stored
        ? stateOf(stored)
        : { version: 0, issuedAt: 0, revoked: new Map<string, number>() };
      const merged = mergeRevocations(before, list);
      const next: Stored = {
        keys,
        version: merged.version,
        issuedAt: merged.issuedAt,
        revoked: [...merged.revoked],
      };
      localStorage.setItem(STORE, JSON.stringify(next));
      setStored(next);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const verify = async () => {
    setError(null);
    setResult(null);
    if (!stored) return;
    let signed: z.infer<typeof signedCertificateSchema>;
    try {
      signed = signedCertificateSchema.parse(JSON.parse(text));
    } catch {
      setResult({ verdict: 'unknown', number: '', revokedAt: null });
      return;
    }
    const keys = new Map(stored.keys.map((k) => [k.id, fromBase64Url(k.publicKey)!]));
    try {
      const r = await verifyCertificate(signed as never, keys, stateOf(stored), ed25519, fromBase64Url);
      setResult({ ...r, number: signed.credential.credentialStatus.number });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div style={{ maxWidth: 640, margin: '24px auto', padding: 16 }}>
      <Typography.Title level={3}>{t('offline.title')}</Typography.Title>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Card size="small">
          <Space wrap>
            <Typography.Text data-testid="list-age" data-version={stored?.version ?? 0}>
              {stored
                ? t('offline.listAge', {
                    version: stored.version,
                    at: beijingDate(stored.issuedAt, true),
                    hours: Math.max(0, Math.floor((Date.now() - stored.issuedAt) / 3_600_000)),
                  })
                : t('offline.noList')}
            </Typography.Text>
            <Button onClick={refresh} data-testid="offline-refresh">
              {t('offline.refresh')}
            </Button>
          </Space>
        </Card>
        <Input.TextArea
          rows={6}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('offline.paste')}
          data-testid="offline-record"
        />
        <Button
          type="primary"
          disabled={!stored || text.trim() === ''}
          onClick={verify}
          data-testid="offline-verify"
        >
          {t('offline.verify')}
        </Button>
        {error && <Alert type="error" message={error} />}
        {result && (
          <Card data-testid="offline-result" data-verdict={result.verdict}>
            <Result
              status={
                result.verdict === 'valid' ? 'success' : result.verdict === 'unknown' ? 'warning' : 'error'
              }
              title={t(`verdicts.${result.verdict}`)}
              subTitle={
                <>
                  <div>{result.number}</div>
                  {result.revokedAt && <div>{beijingDate(result.revokedAt, true)}</div>}
                </>
              }
            />
          </Card>
        )}
      </Space>
    </div>
  );
}
