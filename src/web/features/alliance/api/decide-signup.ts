import { useMutation, useQueryClient } from '@tanstack/react-query';
import { signupSchema } from '../../../../contracts/alliance.ts';
import { api } from '../../../lib/api.ts';

export function decideSignup(id: number, decision: 'approve' | 'reject') {
  return api.post(`/api/volunteer-signups/${id}/decision`, signupSchema, { decision });
}

export function useDecideSignup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision }: { id: number; decision: 'approve' | 'reject' }) =>
      decideSignup(id, decision),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['alliance'] }),
  });
}
