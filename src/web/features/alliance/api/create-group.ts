import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { type createGroupBodySchema, groupSchema } from '../../../../contracts/alliance.ts';
import { api } from '../../../lib/api.ts';

export function createGroup(body: z.input<typeof createGroupBodySchema>) {
  return api.post('/api/groups', groupSchema, body);
}

export function useCreateGroup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createGroup,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['alliance', 'matrix'] }),
  });
}
