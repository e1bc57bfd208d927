import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { pageOf } from '../../../../contracts/common.ts';
import { householdSchema } from '../../../../contracts/compounds.ts';
import { api } from '../../../lib/api.ts';

export function getHouseholds(id: number, page: number) {
  return api.get(`/api/compounds/${id}/households`, pageOf(householdSchema), { page, pageSize: 50 });
}

export function useHouseholds(id: number, page: number) {
  return useQuery({
    queryKey: ['compounds', id, 'households', page],
    queryFn: () => getHouseholds(id, page),
    placeholderData: keepPreviousData,
  });
}
