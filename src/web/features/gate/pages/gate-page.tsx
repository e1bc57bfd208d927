import {
  Alert,
  Badge,
  Button,
  Card,
  Input,
  InputNumber,
  message,
  Segmented,
  Select,
  Space,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FEVER_AT, TEMPERATURE_MAX, TEMPERATURE_MIN } from '../../../../contracts/gate.ts';
import { type PassReason, parseShortCode, passReasonText } from '../../../../contracts/passes.ts';
import { ROLE_PERMISSIONS } from '../../../../contracts/permissions.ts';
import { EmptyState, QueryView } from '../../../components/states.tsx';
import { ApiError } from '../../../lib/api.ts';
import { useCurrentUser } from '../../../lib/auth.ts';
import { timeOrderedId } from '../../../lib/client-id.ts';
import { formatTime, useLocale } from '../../../lib/locale.ts';
import { useGateCompounds } from '../api/get-gate-compounds.ts';
import { recordScan } from '../api/record-scan.ts';
import { syncScans } from '../api/sync-scans.ts';
import { verifyPass } from '../api/verify-pass.ts';
import { CameraScanner } from '../components/camera-scanner.tsx';
import { VisitorCard } from '../components/visitor-form.tsx';
import {
  cached,
  dequeue,
  enqueue,
  MAX_QUEUE,
  queued,
  refreshCache,
  setOfflineOwner,
  verifyOffline,
} from '../lib/offline.ts';

interface Verdict {
  reason: PassReason;
  holder: string | null;
  household: string | null;
  offline: boolean;
}

/** A network failure, as opposed to the server answering with an error. */
function unreachable(err: unknown): boolean {
  return err instanceof ApiError ? err.status === 0 : err instanceof TypeError;
}

export default function GatePage() {
  const compounds = useGateCompounds();
  return (
    <QueryView query={compounds}>
      {(list) => (list.length === 0 ? <EmptyState /> : <GateDesk compounds={list} />)}
    </QueryView>
  );
}

function GateDesk({ compounds }: { compounds: Array<{ id: number; name: string }> }) {
  const { t } = useTranslation('gate');
  const me = useCurrentUser();
  // Before any state reads the cache: it belongs to this keeper and the posts they hold now.
  setOfflineOwner(
    me.id,
    me.grants.filter((g) => ROLE_PERMISSIONS[g.role].includes('gate.scan')).map((g) => g.nodePath),
  );
  const locale = useLocale();
  const [compoundId, setCompoundId] = useState(compounds[0]!.id);
  const [lane, setLane] = useState<'person' | 'vehicle'>('person');
  const [direction, setDirection] = useState<'in' | 'out'>('in');
  const [code, setCode] = useState('');
  const [scanning, setScanning] = useState(false);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [temperature, setTemperature] = useState<number | null>(null);
  const [recorded, setRecorded] = useState<{ fever: boolean; temperature: number | null } | null>(null);
  const [online, setOnline] = useState(navigator.onLine);
  const [shortCodeOffline, setShortCodeOffline] = useState(false);
  const [pending, setPending] = useState(queued().length);
  const [cacheTime, setCacheTime] = useState(cached().updatedAt);
  const [busy, setBusy] = useState(false);

  const flush = useCallback(async () => {
    const waiting = queued();
    if (waiting.length === 0) return;
    try {
      const batch = waiting.slice(0, 500);
      const { results, rejected } = await syncScans(batch);
      // A rejected scan would be rejected again on every retry: drop it with the synced ones.
      dequeue([...results.map((r) => r.clientId), ...rejected.map((r) => batch[r.index]!.id)]);
    } catch (err) {
      if (!unreachable(err)) throw err;
    }
    setPending(queued().length);
  }, []);

  useEffect(() => {
    const refresh = () =>
      refreshCache()
        .then((c) => {
          setCacheTime(c.updatedAt);
          setOnline(true);
          return flush();
        })
        .catch(() => setOnline(false));
    void refresh();
    const timer = setInterval(refresh, 30_000);
    const up = () => void refresh();
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      clearInterval(timer);
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, [flush]);

  const check = async (presented: string) => {
    const text = presented.trim();
    if (!text) return;
    setBusy(true);
    setRecorded(null);
    setTemperature(null);
    setShortCodeOffline(false);
    try {
      const result = await verifyPass({ compoundId, lane, direction, code: text });
      setVerdict({
        reason: result.reason,
        holder: result.pass?.holder ?? null,
        household: result.pass?.household ?? null,
        offline: false,
      });
      setOnline(true);
    } catch (err) {
      if (!unreachable(err)) {
        message.error((err as Error).message);
        return;
      }
      setOnline(false);
      // A short code carries no signature: only the server can tell whose it is. Saying "refused"
      // would turn a resident away for the network's fault; say what to do instead.
      if (parseShortCode(text)) {
        setVerdict(null);
        setShortCodeOffline(true);
        return;
      }
      const local = await verifyOffline(text, compoundId, lane);
      setVerdict({ reason: local.reason, holder: null, household: null, offline: true });
    } finally {
      setBusy(false);
    }
  };

  const record = async () => {
    const at = Date.now();
    const body = {
      id: timeOrderedId(at),
      compoundId,
      lane,
      direction,
      code: code.trim(),
      ...(temperature != null ? { temperature } : {}),
      at,
    };
    setBusy(true);
    try {
      const result = await recordScan(body);
      setRecorded({ fever: result.fever, temperature });
    } catch (err) {
      if (!unreachable(err)) {
        message.error((err as Error).message);
        return;
      }
      if (!enqueue(body)) {
        message.error(t('queueFull', { max: MAX_QUEUE }));
        return;
      }
      setPending(queued().length);
      setOnline(false);
      setRecorded({ fever: temperature != null && temperature >= FEVER_AT, temperature });
    } finally {
      setBusy(false);
    }
  };

  // A valid pass with a fever is not a green light: the keeper must see the difference at a glance.
  const fever = (temperature != null && temperature >= FEVER_AT) || recorded?.fever === true;
  const green = verdict?.reason === 'ok' && !fever;
  const result = green ? 'green' : verdict?.reason === 'ok' ? 'fever' : 'red';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 560 }}>
      <Space wrap>
        <Badge
          status={online ? 'success' : 'error'}
          text={online ? t('online') : t('offline')}
          data-testid="gate-online"
        />
        {pending > 0 && (
          <>
            <Typography.Text type="warning">{t('queued', { count: pending })}</Typography.Text>
            <Button size="small" onClick={() => void flush()}>
              {t('sync')}
            </Button>
          </>
        )}
        {cacheTime > 0 && (
          <Typography.Text type="secondary">
            {t('cacheAge', { time: formatTime(cacheTime, locale) })}
          </Typography.Text>
        )}
      </Space>
      {compounds.length > 1 && (
        <Select
          style={{ width: '100%' }}
          value={compoundId}
          onChange={setCompoundId}
          options={compounds.map((c) => ({ value: c.id, label: c.name }))}
          data-testid="gate-compound"
        />
      )}
      <Space wrap>
        <Segmented
          size="large"
          value={lane}
          onChange={(v) => setLane(v as 'person' | 'vehicle')}
          options={[
            { value: 'person', label: t('person') },
            { value: 'vehicle', label: t('vehicle') },
          ]}
        />
        <Segmented
          size="large"
          value={direction}
          onChange={(v) => setDirection(v as 'in' | 'out')}
          options={[
            { value: 'in', label: t('in') },
            { value: 'out', label: t('out') },
          ]}
        />
      </Space>
      {scanning && (
        <CameraScanner
          onCode={(scanned) => {
            setScanning(false);
            setCode(scanned);
            void check(scanned);
          }}
        />
      )}
      <Input.TextArea
        value={code}
        onChange={(e) => setCode(e.target.value)}
        placeholder={t('codePlaceholder')}
        autoSize={{ minRows: 2, maxRows: 4 }}
        data-testid="gate-code"
      />
      <Space style={{ width: '100%' }}>
        <Button
          type="primary"
          size="large"
          loading={busy}
          onClick={() => void check(code)}
          data-testid="gate-verify"
        >
          {t('verify')}
        </Button>
        <Button size="large" onClick={() => setScanning((s) => !s)} data-testid="gate-camera">
          {scanning ? t('stopScan') : t('scan')}
        </Button>
      </Space>
      {shortCodeOffline && (
        <Alert type="warning" showIcon data-testid="gate-short-offline" message={t('shortCodeOffline')} />
      )}
      {verdict && (
        <Card
          data-testid="gate-result"
          data-result={result}
          data-reason={verdict.reason}
          styles={{
            body: {
              background: result === 'green' ? '#389e0d' : result === 'fever' ? '#d46b08' : '#cf1322',
              color: '#fff',
              borderRadius: 8,
              textAlign: 'center',
            },
          }}
        >
          <div style={{ fontSize: 40, fontWeight: 700 }} data-testid="gate-headline">
            {result === 'green' ? t('pass') : result === 'fever' ? t('feverStop') : t('refuse')}
          </div>
          <div style={{ fontSize: 20 }} data-testid="gate-reason">
            {result === 'fever'
              ? t('feverHint', { value: (temperature ?? recorded?.temperature ?? FEVER_AT).toFixed(1) })
              : passReasonText(verdict.reason, locale)}
          </div>
          {(verdict.household || verdict.holder) && (
            <div style={{ fontSize: 16 }}>
              {verdict.household} {verdict.holder}
            </div>
          )}
          {verdict.offline && <div style={{ fontSize: 12 }}>{t('offlineCheck')}</div>}
        </Card>
      )}
      {verdict && (
        <Space wrap>
          <InputNumber
            size="large"
            min={TEMPERATURE_MIN}
            max={TEMPERATURE_MAX}
            step={0.1}
            precision={1}
            value={temperature}
            onChange={(v) => setTemperature(v)}
            addonBefore={t('temperature')}
            data-testid="gate-temperature"
            inputMode="decimal"
            status={fever ? 'error' : undefined}
          />
          {temperature != null && !fever && (
            <Typography.Text type="success" data-testid="gate-temp-normal">
              {t('tempNormal')}
            </Typography.Text>
          )}
          <Button
            size="large"
            type="primary"
            loading={busy}
            onClick={() => void record()}
            data-testid="gate-record"
          >
            {t('record')}
          </Button>
        </Space>
      )}
      {recorded && (
        <Alert
          data-testid="gate-recorded"
          type={recorded.fever ? 'error' : 'success'}
          showIcon
          message={
            recorded.fever
              ? t('fever')
              : recorded.temperature != null
                ? t('recordedNormal', { value: recorded.temperature.toFixed(1) })
                : t('recorded')
          }
        />
      )}
      {online && <VisitorCard compoundId={compoundId} direction={direction} />}
    </Space>
  );
}
