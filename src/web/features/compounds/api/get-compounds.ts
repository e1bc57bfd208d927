import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { pageOf } from '../../../../contracts/common.ts';
import { compoundSchema } from '../../../../contracts/compounds.ts';
import { api } from '../../../lib/api.ts';

export function getCompounds(nodeId: number | undefined, page: number) {
  return api.get('/api/compounds', pageOf(compoundSchema), { nodeId, page, pageSize: 50 });
}

export function useCompounds(nodeId: number | undefined, page: number) {
  return useQuery({
    queryKey: ['compounds', nodeId, page],
    queryFn: () => getCompounds(nodeId, page),
    placeholderData: keepPreviousData,
  });
}
