import { Alert, Card, Space, Tag, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Pass } from '../../../../contracts/passes.ts';
import { EmptyState, QueryView } from '../../../components/states.tsx';
import { useCurrentUser } from '../../../lib/auth.ts';
import { formatTime, useLocale } from '../../../lib/locale.ts';
import { useMyPasses } from '../api/get-my-passes.ts';

function QrImage({ text, size }: { text: string; size: number }) {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    let live = true;
    void QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, width: size }).then(
      (url) => live && setSrc(url),
    );
    return () => {
      live = false;
    };
  }, [text, size]);
  return src ? (
    <img
      src={src}
      width={size}
      height={size}
      alt="QR"
      data-testid="my-pass-qr"
      style={{ maxWidth: '100%' }}
    />
  ) : (
    <div style={{ width: size, height: size }} />
  );
}

function PassCard({ pass, big }: { pass: Pass; big: boolean }) {
  const { t } = useTranslation('mypass');
  const locale = useLocale();
  return (
    <Card
      size="small"
      data-testid={`my-pass-${pass.id}`}
      title={
        <Space wrap>
          <Tag color="volcano">{pass.kind === 'person' ? t('person') : t('vehicle')}</Tag>
          <span>{pass.holder}</span>
        </Space>
      }
      styles={{ body: { textAlign: 'center' } }}
    >
      <QrImage text={pass.code} size={big ? 280 : 160} />
      <div
        style={{ fontSize: big ? 22 : 16, fontFamily: 'monospace', letterSpacing: 2 }}
        data-testid="my-pass-short"
      >
        {pass.shortCode}
      </div>
      <Typography.Text type="secondary">
        {pass.compoundName} · {pass.household}
      </Typography.Text>
      <div>
        <Typography.Text type="secondary">
          {t('validUntil', { date: formatTime(pass.validUntil, locale) })}
        </Typography.Text>
      </div>
    </Card>
  );
}

/** The resident's pass first (their own phone), then the rest of the household's. */
export default function MyPassPage() {
  const { t } = useTranslation('mypass');
  const locale = useLocale();
  const me = useCurrentUser();
  const passes = useMyPasses(me.id);
  return (
    <QueryView query={passes}>
      {(data) =>
        data.passes.length === 0 ? (
          <EmptyState description={t('none')} />
        ) : (
          <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 480 }}>
            {data.offline && (
              <Alert type="warning" showIcon message={t('offline', { time: formatTime(data.at, locale) })} />
            )}
            <Typography.Text type="secondary">{t('hint')}</Typography.Text>
            <PassCard pass={data.passes[0]!} big />
            {data.passes.length > 1 && <Typography.Title level={5}>{t('household')}</Typography.Title>}
            {data.passes.slice(1).map((p) => (
              <PassCard key={p.id} pass={p} big={false} />
            ))}
          </Space>
        )
      }
    </QueryView>
  );
}
