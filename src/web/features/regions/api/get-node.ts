import { useQuery } from '@tanstack/react-query';
import { regionNodeDetailSchema } from '../../../../contracts/regions.ts';
import { api } from '../../../lib/api.ts';

export function getNode(id: number) {
  return api.get(`/api/regions/nodes/${id}`, regionNodeDetailSchema);
}

export function useNode(id: number | undefined) {
  return useQuery({
    queryKey: ['regions', 'node', id],
    queryFn: () => getNode(id!),
    enabled: id !== undefined,
  });
}
