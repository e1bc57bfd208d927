import { useMutation, useQueryClient } from '@tanstack/react-query';
import { passSchema } from '../../../../contracts/passes.ts';
import { api } from '../../../lib/api.ts';

export function issuePass(body: { residentId: number } | { vehicleId: number }) {
  return api.post('/api/passes', passSchema, body);
}

export function useIssuePass(compoundId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: issuePass,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['compounds', compoundId, 'passes'] }),
  });
}
