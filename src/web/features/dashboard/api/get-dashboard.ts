import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { dashboardSchema } from '../../../../contracts/dashboard.ts';
import { api } from '../../../lib/api.ts';

export const dashboardKey = (nodeId: number | undefined) => ['dashboard', nodeId] as const;

export function useDashboard(nodeId: number | undefined) {
  return useQuery({
    queryKey: dashboardKey(nodeId),
    queryFn: () => api.get('/api/dashboard', dashboardSchema, { nodeId }),
    enabled: nodeId !== undefined,
    // Gate traffic has no live event of its own: a slow poll keeps it current beside the live ones.
    refetchInterval: 30_000,
  });
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
