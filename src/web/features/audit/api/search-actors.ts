import { useQuery } from '@tanstack/react-query';
import { pageOf } from '../../../../contracts/common.ts';
import { userSummarySchema } from '../../../../contracts/users.ts';
import { api } from '../../../lib/api.ts';

/** People to filter the log by, found by name or phone (for those who may list users). */
export function searchActors(q: string) {
  return api.get('/api/users', pageOf(userSummarySchema), { q, pageSize: 20 });
}

export function useActorSearch(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['audit', 'actors', q],
    queryFn: () => searchActors(q),
    enabled: enabled && q.trim().length > 0,
    staleTime: 60_000,
  });
}
