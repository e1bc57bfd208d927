import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { type updateUserBodySchema, userSummarySchema } from '../../../../contracts/users.ts';
import { api } from '../../../lib/api.ts';

export type UpdateUserInput = z.input<typeof updateUserBodySchema>;

export function updateUser(id: number, body: UpdateUserInput) {
  return api.patch(`/api/users/${id}`, userSummarySchema, body);
}

export function useUpdateUser(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateUserInput) => updateUser(id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}
