import { useQuery } from '@tanstack/react-query';
import { importJobSchema } from '../../../../contracts/compounds.ts';
import { api } from '../../../lib/api.ts';

export function getImportJob(id: number) {
  return api.get(`/api/compound-imports/${id}`, importJobSchema);
}

/** Polled every half second while the import runs. */
export function useImportJob(id: number | null) {
  return useQuery({
    queryKey: ['compound-imports', id],
    queryFn: () => getImportJob(id!),
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data?.status === 'running' || !q.state.data ? 500 : false),
  });
}
