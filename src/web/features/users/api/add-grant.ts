import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { type grantInputSchema, userSummarySchema } from '../../../../contracts/users.ts';
import { api } from '../../../lib/api.ts';

export type GrantInput = z.input<typeof grantInputSchema>;

export function addGrant(userId: number, body: GrantInput) {
  return api.post(`/api/users/${userId}/grants`, userSummarySchema, body);
}

export function useAddGrant(userId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: GrantInput) => addGrant(userId, body),
    // Not awaited: the form resets as soon as the grant is saved, before the lists reload and show
    // it, so a next pick made on seeing the new grant is never wiped by a late reset.
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['users'] });
    },
  });
}
