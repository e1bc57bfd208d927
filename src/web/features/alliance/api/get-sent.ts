import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { broadcastSchema } from '../../../../contracts/alliance.ts';
import { pageOf } from '../../../../contracts/common.ts';
import { api } from '../../../lib/api.ts';

export function getSent(page: number) {
  return api.get('/api/broadcasts/sent', pageOf(broadcastSchema), { page, pageSize: 10 });
}

export function useSent(page: number) {
  return useQuery({
    queryKey: ['alliance', 'sent', page],
    queryFn: () => getSent(page),
    placeholderData: keepPreviousData,
  });
}
