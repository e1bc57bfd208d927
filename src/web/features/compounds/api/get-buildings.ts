import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { buildingSchema } from '../../../../contracts/compounds.ts';
import { api } from '../../../lib/api.ts';

export function getBuildings(id: number) {
  return api.get(`/api/compounds/${id}/buildings`, z.array(buildingSchema));
}

export function useBuildings(id: number) {
  return useQuery({ queryKey: ['compounds', id, 'buildings'], queryFn: () => getBuildings(id) });
}
