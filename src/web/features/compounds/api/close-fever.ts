import { useMutation, useQueryClient } from '@tanstack/react-query';
import { feverSchema } from '../../../../contracts/gate.ts';
import { api } from '../../../lib/api.ts';

export function closeFever(id: number, action: string) {
  return api.post(`/api/gate/fevers/${id}/close`, feverSchema, { action });
}

export function useCloseFever() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: number; action: string }) => closeFever(input.id, input.action),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['gate'] }),
  });
}
