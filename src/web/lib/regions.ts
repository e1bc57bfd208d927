import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { regionNodeDetailSchema, regionNodeSchema } from '../../contracts/regions.ts';
import { api } from './api.ts';

/**
 * Nodes in the caller's scope found by name or pinyin initials, for every picker and search box.
 * `keepPrevious` (pickers): while the next keystroke's results load, the list keeps the last ones
 * instead of collapsing to the current choice, so an option never jumps under the pointer.
 */
export function useNodeSearch(q: string, { limit = 20, keepPrevious = true } = {}) {
  const term = q.trim();
  return useQuery({
    queryKey: ['regions', 'search', term, limit],
    queryFn: () => api.get('/api/regions/search', z.array(regionNodeSchema), { q: term, limit }),
    enabled: term.length > 0,
    placeholderData: keepPrevious ? keepPreviousData : undefined,
  });
}

/** One node with its counts and children, by id. */
export function useRegionNode(id: number | undefined) {
  return useQuery({
    queryKey: ['regions', 'node', id],
    queryFn: () => api.get(`/api/regions/nodes/${id}`, regionNodeDetailSchema),
    enabled: id !== undefined,
  });
}
