import { useQuery } from '@tanstack/react-query';
import { statsSchema } from '../../../../contracts/gate.ts';
import { api } from '../../../lib/api.ts';

export function getGateStats(nodeId: number) {
  return api.get('/api/gate/stats', statsSchema, { nodeId });
}

export function useGateStats(nodeId: number | undefined) {
  return useQuery({
    queryKey: ['gate', 'stats', nodeId],
    queryFn: () => getGateStats(nodeId!),
    enabled: nodeId !== undefined,
  });
}
