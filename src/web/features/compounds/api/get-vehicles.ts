import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { pageOf } from '../../../../contracts/common.ts';
import { vehicleSchema } from '../../../../contracts/compounds.ts';
import { api } from '../../../lib/api.ts';

export function getVehicles(id: number, page: number) {
  return api.get(`/api/compounds/${id}/vehicles`, pageOf(vehicleSchema), { page, pageSize: 50 });
}

export function useVehicles(id: number, page: number) {
  return useQuery({
    queryKey: ['compounds', id, 'vehicles', page],
    queryFn: () => getVehicles(id, page),
    placeholderData: keepPreviousData,
  });
}
