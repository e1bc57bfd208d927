import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { pageOf } from '../../../../contracts/common.ts';
import { residentSchema } from '../../../../contracts/compounds.ts';
import { api } from '../../../lib/api.ts';

export function getResidents(id: number, q: string, page: number) {
  return api.get(`/api/compounds/${id}/residents`, pageOf(residentSchema), { q, page, pageSize: 50 });
}

export function useResidents(id: number, q: string, page: number) {
  return useQuery({
    queryKey: ['compounds', id, 'residents', q, page],
    queryFn: () => getResidents(id, q, page),
    placeholderData: keepPreviousData,
  });
}
