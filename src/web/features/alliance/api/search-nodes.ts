import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { regionNodeSchema } from '../../../../contracts/regions.ts';
import { api } from '../../../lib/api.ts';

export function searchNodes(q: string) {
  return api.get('/api/regions/search', z.array(regionNodeSchema), { q, limit: 20 });
}

export function useNodeSearch(q: string) {
  const term = q.trim();
  return useQuery({
    queryKey: ['alliance', 'node-search', term],
    queryFn: () => searchNodes(term),
    enabled: term.length > 0,
  });
}
