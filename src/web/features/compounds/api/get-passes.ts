import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { pageOf } from '../../../../contracts/common.ts';
import { passSchema } from '../../../../contracts/passes.ts';
import { api } from '../../../lib/api.ts';

export function getPasses(compoundId: number, page: number) {
  return api.get('/api/passes', pageOf(passSchema), { compoundId, page, pageSize: 50 });
}

export function usePasses(compoundId: number, page: number) {
  return useQuery({
    queryKey: ['compounds', compoundId, 'passes', page],
    queryFn: () => getPasses(compoundId, page),
    placeholderData: keepPreviousData,
  });
}
