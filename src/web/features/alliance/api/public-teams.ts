import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { publicTeamSchema } from '../../../../contracts/alliance.ts';
import { api } from '../../../lib/api.ts';

export function getPublicTeams(nodeId: number) {
  return api.get('/api/public/teams', z.array(publicTeamSchema), { nodeId });
}

export function usePublicTeams(nodeId: number | undefined) {
  return useQuery({
    queryKey: ['public', 'teams', nodeId],
    queryFn: () => getPublicTeams(nodeId!),
    enabled: nodeId !== undefined,
  });
}
