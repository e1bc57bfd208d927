import { useMutation, useQueryClient } from '@tanstack/react-query';
import { vehicleSchema } from '../../../../contracts/compounds.ts';
import { api } from '../../../lib/api.ts';

export function addVehicle(id: number, body: { householdId: number; plate: string }) {
  return api.post(`/api/compounds/${id}/vehicles`, vehicleSchema, body);
}

export function useAddVehicle(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { householdId: number; plate: string }) => addVehicle(id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['compounds', id] }),
  });
}
