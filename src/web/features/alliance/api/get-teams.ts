import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { teamSchema } from '../../../../contracts/alliance.ts';
import { pageOf } from '../../../../contracts/common.ts';
import { api } from '../../../lib/api.ts';

export function getTeams(nodeId: number | undefined, page: number) {
  return api.get('/api/teams', pageOf(teamSchema), { nodeId, page, pageSize: 20 });
}

export function useTeams(nodeId: number | undefined, page: number) {
  return useQuery({
    queryKey: ['alliance', 'teams', nodeId, page],
    queryFn: () => getTeams(nodeId, page),
    placeholderData: keepPreviousData,
  });
}
