import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { dashboardSchema } from '../../../../contracts/dashboard.ts';
import { api } from '../../../lib/api.ts';
import type { PrefetchContext } from '../../../lib/feature.ts';

export const dashboardKey = (nodeId: number | undefined) => ['dashboard', nodeId] as const;

const dashboardQuery = (nodeId: number | undefined) =>
  queryOptions({
    queryKey: dashboardKey(nodeId),
    queryFn: () => api.get('/api/dashboard', dashboardSchema, { nodeId }),
  });

export function useDashboard(nodeId: number | undefined) {
  return useQuery({
    ...dashboardQuery(nodeId),
    enabled: nodeId !== undefined,
    // Gate traffic has no live event of its own: a slow poll keeps it current beside the live ones.
    refetchInterval: 30_000,
  });
}

/** The page's node: the one in the address, else the shell's current node. */
export async function prefetchDashboard({ queryClient, params, currentNode }: PrefetchContext) {
  const nodeId = params.nodeId ? Number(params.nodeId) : (await currentNode())?.id;
  if (nodeId !== undefined) await queryClient.prefetchQuery(dashboardQuery(nodeId));
}

/** The county outlines, fetched once per session from our own origin. */
export function useCountyMap(enabled: boolean) {
  return useQuery({
    queryKey: ['dashboard', 'map'],
    // GeoJSON for the chart library: checked as an object only, its shape is the library's concern.
    queryFn: () => api.get('/api/dashboard/map', z.record(z.string(), z.unknown())),
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
  });
}
