import { useInfiniteQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { liveEventSchema } from '../../../../contracts/events.ts';
import { api } from '../../../lib/api.ts';

const PAGE = 50;

/** Newest first; each further page continues below the oldest id already shown. */
export function getEvents(before: number | undefined) {
  return api.get('/api/events', z.array(liveEventSchema), { order: 'desc', before, limit: PAGE });
}

export function useEventHistory() {
  return useInfiniteQuery({
    queryKey: ['events', 'history'],
    queryFn: ({ pageParam }) => getEvents(pageParam),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.length < PAGE ? undefined : last[last.length - 1]?.id),
  });
}
