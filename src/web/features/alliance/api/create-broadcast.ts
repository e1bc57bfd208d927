import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { broadcastSchema, type createBroadcastBodySchema } from '../../../../contracts/alliance.ts';
import { postJson } from './post-json.ts';

export type BroadcastInput = z.input<typeof createBroadcastBodySchema>;

/** The key is made once per compose form, so a double click or a retry after a timeout publishes once. */
export function createBroadcast(body: BroadcastInput, idempotencyKey: string, csrfToken: string) {
  return postJson('/api/broadcasts', broadcastSchema, body, {
    'idempotency-key': idempotencyKey,
    'x-csrf-token': csrfToken,
  });
}

export function useCreateBroadcast(csrfToken: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: BroadcastInput; key: string }) =>
      createBroadcast(body, key, csrfToken),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['alliance', 'sent'] }),
  });
}
