import { useMutation, useQueryClient } from '@tanstack/react-query';
import { passSchema } from '../../../../contracts/passes.ts';
import { api } from '../../../lib/api.ts';

export function revokePass(id: number, reason: string) {
  return api.post(`/api/passes/${id}/revoke`, passSchema, { reason });
}

export function useRevokePass(compoundId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: number; reason: string }) => revokePass(input.id, input.reason),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['compounds', compoundId, 'passes'] }),
  });
}
