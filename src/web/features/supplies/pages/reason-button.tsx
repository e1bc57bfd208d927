import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Modal } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../../lib/api.ts';
import { suppliesKey } from '../api/supplies.ts';

/** An action that must say why (release, withdraw): the reason goes on the audit row. */
export function ReasonButton(props: {
  label: string;
  prompt: string;
  testId: string;
  run: (reason: string) => Promise<unknown>;
}) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const submit = async () => {
    try {
      await props.run(reason.trim());
      setOpen(false);
      setReason('');
      await queryClient.invalidateQueries({ queryKey: suppliesKey });
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <>
      <Button danger data-testid={props.testId} onClick={() => setOpen(true)}>
        {props.label}
      </Button>
      <Modal
        open={open}
        title={props.prompt}
        onCancel={() => setOpen(false)}
        onOk={submit}
        okButtonProps={{ disabled: reason.trim() === '', id: `${props.testId}-ok` }}
      >
        <Input
          data-testid={`${props.testId}-reason`}
          maxLength={200}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </>
  );
}
