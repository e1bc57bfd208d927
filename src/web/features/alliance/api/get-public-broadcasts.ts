import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { publicBroadcastSchema } from '../../../../contracts/alliance.ts';
import { pageOf } from '../../../../contracts/common.ts';
import { api } from '../../../lib/api.ts';

export function getPublicBroadcasts(kind: 'release' | 'refutation' | undefined, q: string, page: number) {
  return api.get('/api/public/broadcasts', pageOf(publicBroadcastSchema), { kind, q, page });
}

export const publicBroadcastsQuery = (kind: 'release' | 'refutation' | undefined, q: string, page: number) =>
  queryOptions({
    queryKey: ['public', 'broadcasts', kind, q, page],
    queryFn: () => getPublicBroadcasts(kind, q, page),
  });

export function usePublicBroadcasts(kind: 'release' | 'refutation' | undefined, q: string, page: number) {
  return useQuery({ ...publicBroadcastsQuery(kind, q, page), placeholderData: keepPreviousData });
}

export function usePublicBroadcast(id: number) {
  return useQuery({
    queryKey: ['public', 'broadcast', id],
    queryFn: () => api.get(`/api/public/broadcasts/${id}`, publicBroadcastSchema),
    enabled: Number.isInteger(id) && id > 0,
    retry: false,
  });
}
