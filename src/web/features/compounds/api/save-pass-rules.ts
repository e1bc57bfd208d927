import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type PassRules, passRulesSchema } from '../../../../contracts/passes.ts';
import { api } from '../../../lib/api.ts';

export function savePassRules(id: number, rules: PassRules) {
  return api.put(`/api/compounds/${id}/pass-rules`, passRulesSchema, rules);
}

export function useSavePassRules(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (rules: PassRules) => savePassRules(id, rules),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['compounds', id, 'rules'] }),
  });
}
