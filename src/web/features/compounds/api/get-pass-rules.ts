import { useQuery } from '@tanstack/react-query';
import { passRulesSchema } from '../../../../contracts/passes.ts';
import { api } from '../../../lib/api.ts';

export function getPassRules(id: number) {
  return api.get(`/api/compounds/${id}/pass-rules`, passRulesSchema);
}

export function usePassRules(id: number) {
  return useQuery({ queryKey: ['compounds', id, 'rules'], queryFn: () => getPassRules(id) });
}
