import { useMutation, useQueryClient } from '@tanstack/react-query';
import { passSchema } from '../../../../contracts/passes.ts';
import { api } from '../../../lib/api.ts';

export function renewPass(id: number) {
  return api.post(`/api/passes/${id}/renew`, passSchema);
}

export function useRenewPass(compoundId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: renewPass,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['compounds', compoundId, 'passes'] }),
  });
}
