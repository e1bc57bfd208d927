import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { type createUserBodySchema, userSummarySchema } from '../../../../contracts/users.ts';
import { api } from '../../../lib/api.ts';

export type CreateUserInput = z.input<typeof createUserBodySchema>;

export function createUser(body: CreateUserInput) {
  return api.post('/api/users', userSummarySchema, body);
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}
