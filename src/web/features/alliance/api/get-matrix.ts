import { useQuery } from '@tanstack/react-query';
import { matrixSchema } from '../../../../contracts/alliance.ts';
import { api } from '../../../lib/api.ts';

export function getMatrix(nodeId: number | undefined) {
  return api.get('/api/groups/matrix', matrixSchema, { nodeId });
}

export function useMatrix(nodeId: number | undefined) {
  return useQuery({ queryKey: ['alliance', 'matrix', nodeId], queryFn: () => getMatrix(nodeId) });
}
