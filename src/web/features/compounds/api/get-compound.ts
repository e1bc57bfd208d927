import { useQuery } from '@tanstack/react-query';
import { compoundSchema } from '../../../../contracts/compounds.ts';
import { api } from '../../../lib/api.ts';

export function getCompound(id: number) {
  return api.get(`/api/compounds/${id}`, compoundSchema);
}

export function useCompound(id: number) {
  return useQuery({ queryKey: ['compounds', 'one', id], queryFn: () => getCompound(id) });
}
