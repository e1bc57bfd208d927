import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { volunteerSchema } from '../../../../contracts/alliance.ts';
import { pageOf } from '../../../../contracts/common.ts';
import { api } from '../../../lib/api.ts';

export function getVolunteers(nodeId: number | undefined, q: string, page: number) {
  return api.get('/api/volunteers', pageOf(volunteerSchema), { nodeId, q, page, pageSize: 20 });
}

export function useVolunteers(nodeId: number | undefined, q: string, page: number) {
  return useQuery({
    queryKey: ['alliance', 'volunteers', nodeId, q, page],
    queryFn: () => getVolunteers(nodeId, q, page),
    placeholderData: keepPreviousData,
  });
}
