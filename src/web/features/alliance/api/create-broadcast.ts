import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { broadcastSchema, type createBroadcastBodySchema } from '../../../../contracts/alliance.ts';
import { api } from '../../../lib/api.ts';

export type BroadcastInput = z.input<typeof createBroadcastBodySchema>;

/** The key is made once per compose form, so a double click or a retry after a timeout publishes once. */
export function createBroadcast(body: BroadcastInput, idempotencyKey: string) {
  return api.post('/api/broadcasts', broadcastSchema, body, { 'idempotency-key': idempotencyKey });
}

export function useCreateBroadcast() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: BroadcastInput; key: string }) => createBroadcast(body, key),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['alliance', 'sent'] }),
  });
}
