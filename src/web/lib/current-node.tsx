import { type QueryClient, queryOptions, useQuery } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { z } from 'zod';
import { type RegionNode, regionNodeSchema } from '../../contracts/regions.ts';
import { api } from './api.ts';

export const rootsQueryKey = ['regions', 'roots'] as const;

export const rootsQuery = queryOptions({
  queryKey: rootsQueryKey,
  queryFn: () => api.get('/api/regions/roots', z.array(regionNodeSchema)),
  staleTime: 5 * 60_000,
});

export function useRegionRoots() {
  return useQuery(rootsQuery);
}

interface CurrentNodeValue {
  /** The node pages work on: one of the grant roots or a node below one. */
  node: RegionNode | null;
  roots: RegionNode[];
  setNode(node: RegionNode): void;
}

const CurrentNodeContext = createContext<CurrentNodeValue | null>(null);

function storageKey(userId: number): string {
  return `xh_node:${userId}`;
}

function readStored(userId: number): RegionNode | null {
  try {
    const parsed = regionNodeSchema.safeParse(JSON.parse(localStorage.getItem(storageKey(userId)) ?? 'null'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The stored pick while it lies under one of today's grant roots, else the first root. */
function currentOf(picked: RegionNode | null, roots: RegionNode[]): RegionNode | null {
  // A stored node outside today's grants (a grant was removed) must not stay selected.
  const valid = picked && roots.some((r) => picked.path.startsWith(r.path)) ? picked : null;
  return valid ?? roots[0] ?? null;
}

/** The node the shell will work on, outside React: for a page's requests started beside its code. */
export async function resolveCurrentNode(
  queryClient: QueryClient,
  userId: number,
): Promise<RegionNode | null> {
  return currentOf(readStored(userId), await queryClient.fetchQuery(rootsQuery));
}

/** Remembers the picked node per user in this browser; falls back to the first grant root. */
export function CurrentNodeProvider({ userId, children }: { userId: number; children: ReactNode }) {
  const roots = useRegionRoots().data;
  const [picked, setPicked] = useState<RegionNode | null>(() => readStored(userId));
  const setNode = useCallback(
    (node: RegionNode) => {
      localStorage.setItem(storageKey(userId), JSON.stringify(node));
      setPicked(node);
    },
    [userId],
  );
  const value = useMemo<CurrentNodeValue>(() => {
    const list = roots ?? [];
    return { node: currentOf(picked, list), roots: list, setNode };
  }, [roots, picked, setNode]);
  return <CurrentNodeContext.Provider value={value}>{children}</CurrentNodeContext.Provider>;
}

export function useCurrentNode(): CurrentNodeValue {
  const value = useContext(CurrentNodeContext);
  if (!value) throw new Error('useCurrentNode outside CurrentNodeProvider');
  return value;
}
