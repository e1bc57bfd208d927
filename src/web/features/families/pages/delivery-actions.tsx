import { Button, Input, message, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConfirmByCall, useConfirmByCode, useReportMissed } from '../api/families.ts';

const fail = (err: Error) => void message.error(err.message);

/** The liaison's two answers for an open delivery, as big phone targets. */
export function LiaisonActions({ id }: { id: number }) {
  const { t } = useTranslation('families');
  const call = useConfirmByCall();
  const missed = useReportMissed();
  return (
    <Space wrap>
      <Button
        type="primary"
        size="large"
        data-testid={`delivery-done-${id}`}
        loading={call.isPending}
        onClick={() => call.mutate({ id, note: t('callNote') }, { onError: fail })}
      >
        {t('markDone')}
      </Button>
      <Button
        size="large"
        danger
        data-testid={`delivery-missed-${id}`}
        loading={missed.isPending}
        onClick={() => missed.mutate({ id, note: '' }, { onError: fail })}
      >
        {t('markMissed')}
      </Button>
    </Space>
  );
}

/** A volunteer at the door types the family's code. */
export function CodeConfirm({ id, onDone }: { id: number; onDone?: () => void }) {
  const { t } = useTranslation('families');
  const [code, setCode] = useState('');
  const confirm = useConfirmByCode();
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input
        inputMode="numeric"
        maxLength={4}
        placeholder={t('codeHint')}
        value={code}
        data-testid={`delivery-code-${id}`}
        onChange={(e) => setCode(e.target.value)}
      />
      <Button
        type="primary"
        disabled={code.length !== 4}
        loading={confirm.isPending}
        onClick={() => confirm.mutate({ id, code }, { onError: fail, onSuccess: onDone })}
      >
        {t('confirm')}
      </Button>
    </Space.Compact>
  );
}
