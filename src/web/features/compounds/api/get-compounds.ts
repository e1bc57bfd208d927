import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { pageOf } from '../../../../contracts/common.ts';
import { compoundSchema } from '../../../../contracts/compounds.ts';
import { api } from '../../../lib/api.ts';
import type { PrefetchContext } from '../../../lib/feature.ts';

export function getCompounds(nodeId: number | undefined, page: number) {
  return api.get('/api/compounds', pageOf(compoundSchema), { nodeId, page, pageSize: 50 });
}

const compoundsQuery = (nodeId: number | undefined, page: number) =>
  queryOptions({ queryKey: ['compounds', nodeId, page], queryFn: () => getCompounds(nodeId, page) });

export function useCompounds(nodeId: number | undefined, page: number) {
  return useQuery({ ...compoundsQuery(nodeId, page), placeholderData: keepPreviousData });
}

/** The list's first page under the shell's current node, as the page first asks for it. */
export async function prefetchCompounds({ queryClient, currentNode }: PrefetchContext) {
  await queryClient.prefetchQuery(compoundsQuery((await currentNode())?.id, 1));
}
