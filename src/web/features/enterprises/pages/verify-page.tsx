import { useQuery } from '@tanstack/react-query';
import { Card, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { verifyResultSchema } from '../../../../contracts/enterprises.ts';
import { QueryView } from '../../../components/states.tsx';
import { api } from '../../../lib/api.ts';
import { beijingDate } from './shared.tsx';

/**
 * What a scanned certificate QR opens, without signing in: the server checks the stored record's
 * signature and the revocation list, and the page shows the list's age beside the verdict.
 */
export default function VerifyPage() {
  const { t } = useTranslation('enterprises');
  const { number = '' } = useParams();
  const query = useQuery({
    queryKey: ['verify-fm', number],
    queryFn: () => api.get(`/api/public/fm-certificates/${encodeURIComponent(number)}`, verifyResultSchema),
    // Never serve a cached "valid" after a revocation (dgca-verifier-app-ios #135).
    staleTime: 0,
    gcTime: 0,
  });
  return (
    <div style={{ maxWidth: 640, margin: '24px auto', padding: 16 }}>
      <Typography.Title level={3}>{t('verifyTitle')}</Typography.Title>
      <QueryView query={query}>
        {(r) => (
          <Card data-testid="verify-result" data-verdict={r.verdict}>
            <Result
              status={r.verdict === 'valid' ? 'success' : r.verdict === 'unknown' ? 'warning' : 'error'}
              title={t(`verdicts.${r.verdict}`)}
              subTitle={
                <>
                  <div>{r.number}</div>
                  {r.subject && <div>{r.subject}</div>}
                  {r.issuedAt && <div>{beijingDate(r.issuedAt)}</div>}
                  {r.revokedAt && <div>{beijingDate(r.revokedAt, true)}</div>}
                  <Typography.Text type="secondary">
                    {t('listAge', { version: r.listVersion, at: beijingDate(r.listIssuedAt, true) })}
                  </Typography.Text>
                </>
              }
            />
          </Card>
        )}
      </QueryView>
    </div>
  );
}
