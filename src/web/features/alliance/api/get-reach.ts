import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { reachSchema } from '../../../../contracts/alliance.ts';
import { api } from '../../../lib/api.ts';

export function getReach(id: number, nodeId?: number) {
  return api.get(`/api/broadcasts/${id}/reach`, reachSchema, { nodeId });
}

/** Refreshed every few seconds while the page is open: the figures fill as members read. */
export function useReach(id: number, nodeId?: number) {
  return useQuery({
    queryKey: ['alliance', 'reach', id, nodeId ?? null],
    queryFn: () => getReach(id, nodeId),
    refetchInterval: 3000,
    placeholderData: keepPreviousData,
  });
}
