import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { publicCommunitySchema } from '../../../../contracts/alliance.ts';
import { api } from '../../../lib/api.ts';

export function searchCommunities(q: string) {
  return api.get('/api/public/communities', z.array(publicCommunitySchema), { q });
}

export function useCommunitySearch(q: string) {
  const term = q.trim();
  return useQuery({
    queryKey: ['public', 'communities', term],
    queryFn: () => searchCommunities(term),
    enabled: term.length > 0,
    // While the next keystroke's results load, the list keeps the last ones instead of emptying,
    // so an option never jumps under the pointer of someone about to click.
    placeholderData: keepPreviousData,
  });
}
