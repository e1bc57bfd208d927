import { Alert, Button, Card, Input, Result, Space, Typography } from 'antd';
import { type PointerEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../../../lib/api.ts';
import { sign, usePublicWaybill } from '../api/supplies.ts';

/** A finger-drawn signature on a canvas, exported as a PNG data URL. */
function SignaturePad({ onChange }: { onChange: (png: string | null) => void }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const point = (e: PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return {
      x: ((e.clientX - r.left) * e.currentTarget.width) / r.width,
      y: ((e.clientY - r.top) * e.currentTarget.height) / r.height,
    };
  };
  const down = (e: PointerEvent<HTMLCanvasElement>) => {
    const ctx = e.currentTarget.getContext('2d')!;
    const p = point(e);
    drawing.current = true;
    ctx.lineWidth = 3;
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(p.x, p.y);
  };
  const move = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    const ctx = e.currentTarget.getContext('2d')!;
    const p = point(e);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
  };
  const up = () => {
    if (!drawing.current) return;
    drawing.current = false;
    onChange(ref.current!.toDataURL('image/png'));
  };
  const clear = () => {
    const c = ref.current!;
    c.getContext('2d')!.clearRect(0, 0, c.width, c.height);
    onChange(null);
  };
  return (
    <div>
      <canvas
        ref={ref}
        data-testid="signature-pad"
        width={340}
        height={160}
        style={{
          width: '100%',
          height: 160,
          border: '1px dashed #999',
          borderRadius: 6,
          touchAction: 'none',
          background: '#fff',
        }}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerLeave={up}
      />
      <Button size="small" onClick={clear}>
        清除 / Clear
      </Button>
    </div>
  );
}

/** The receiver's page, opened from the waybill's QR on a phone: no account needed. */
export default function SignPage() {
  const { t } = useTranslation('supplies');
  const { token = '' } = useParams();
  const waybill = usePublicWaybill(token);
  const [name, setName] = useState('');
  const [png, setPng] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [signedBy, setSignedBy] = useState<string | null>(null);
  const submit = async () => {
    setError(null);
    try {
      const w = await sign(token, { signerName: name, ...(png ? { signature: png } : { code }) });
      setSignedBy(w.signerName);
      await waybill.refetch();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  const w = waybill.data;
  const done = signedBy ?? (w?.status === 'delivered' ? w.signerName : null);
  return (
    <div style={{ maxWidth: 480, margin: '0 auto', padding: 16 }}>
      <Typography.Title level={4}>{t('signTitle')}</Typography.Title>
      {waybill.error && <Alert type="error" message={waybill.error.message} />}
      {w && (
        <Card size="small" style={{ marginBottom: 12 }}>
          <div>No.{w.id}</div>
          <div
            data-testid="sign-item"
            style={{ fontSize: 18, fontWeight: 600 }}
          >{`${w.itemName} ${w.quantity} ${w.unit}`}</div>
          <div>{`${w.storeName} → ${w.requester}`}</div>
        </Card>
      )}
      {done ? (
        <Result status="success" title={<span data-testid="signed">{t('signedBy', { name: done })}</span>} />
      ) : (
        w && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Input
              data-testid="signer-name"
              placeholder={t('signerName')}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <Typography.Text>{t('drawSign')}</Typography.Text>
            <SignaturePad onChange={setPng} />
            <Input
              data-testid="sign-code"
              placeholder={t('orCode')}
              inputMode="numeric"
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
            {error && <Alert type="error" message={error} />}
            <Button
              type="primary"
              size="large"
              block
              data-testid="confirm-sign"
              disabled={!name}
              onClick={submit}
            >
              {t('confirm')}
            </Button>
          </Space>
        )
      )}
    </div>
  );
}
