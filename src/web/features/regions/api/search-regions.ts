import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { regionNodeSchema } from '../../../../contracts/regions.ts';
import { api } from '../../../lib/api.ts';

export function searchRegions(q: string) {
  return api.get('/api/regions/search', z.array(regionNodeSchema), { q, limit: 50 });
}

export function useRegionSearch(q: string) {
  const term = q.trim();
  return useQuery({
    queryKey: ['regions', 'search', term],
    queryFn: () => searchRegions(term),
    enabled: term.length > 0,
  });
}
