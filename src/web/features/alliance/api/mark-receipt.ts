import { useMutation, useQueryClient } from '@tanstack/react-query';
import { receiptSchema } from '../../../../contracts/alliance.ts';
import { api } from '../../../lib/api.ts';
import { inboxKey } from './get-inbox.ts';

/** Read, or with `ack` read and acknowledge; repeating either changes nothing. */
export function markReceipt(id: number, ack: boolean) {
  return api.post(`/api/broadcasts/${id}/${ack ? 'ack' : 'read'}`, receiptSchema);
}

export function useMarkReceipt() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ack }: { id: number; ack: boolean }) => markReceipt(id, ack),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: inboxKey }),
  });
}
