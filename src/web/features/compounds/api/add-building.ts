import { useMutation, useQueryClient } from '@tanstack/react-query';
import { buildingSchema } from '../../../../contracts/compounds.ts';
import { api } from '../../../lib/api.ts';

export function addBuilding(id: number, name: string) {
  return api.post(`/api/compounds/${id}/buildings`, buildingSchema, { name });
}

export function useAddBuilding(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => addBuilding(id, name),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['compounds', id] }),
  });
}
