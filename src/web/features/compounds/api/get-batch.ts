import { useQuery } from '@tanstack/react-query';
import { batchSchema } from '../../../../contracts/passes.ts';
import { api } from '../../../lib/api.ts';

export function getBatch(id: number) {
  return api.get(`/api/pass-batches/${id}`, batchSchema);
}

export function useBatch(id: number | null) {
  return useQuery({
    queryKey: ['pass-batches', id],
    queryFn: () => getBatch(id!),
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data?.status === 'running' || !q.state.data ? 500 : false),
  });
}
