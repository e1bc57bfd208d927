import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { regionNodeSchema } from '../../../../contracts/regions.ts';
import { api } from '../../../lib/api.ts';

/** Grant targets: any node in the caller's scope, found by name or pinyin initials. */
export function searchNodes(q: string) {
  return api.get('/api/regions/search', z.array(regionNodeSchema), { q, limit: 20 });
}

export function useNodeSearch(q: string) {
  const term = q.trim();
  return useQuery({
    queryKey: ['users', 'node-search', term],
    queryFn: () => searchNodes(term),
    enabled: term.length > 0,
    // While the next keystroke's results load, the list keeps the last ones instead of collapsing
    // to the current choice, so an option never jumps under the pointer of someone about to click.
    placeholderData: keepPreviousData,
  });
}
